/**
 * Every word and number format the PDF report prints, in French (default) and English: one
 * dictionary per language with the same shape, so a missing translation is a type error. Numbers
 * and dates go through Intl (fr-FR: "72,4", "38 %", "27/11/2026"); formatters are built once.
 */
import type { Lang } from '../../shared/domain.js';
import type { MeasureUnit } from './report-model.js';

const FORMATS = new Map<string, Intl.NumberFormat>();
function nf(lang: Lang, options: Intl.NumberFormatOptions, id: string): Intl.NumberFormat {
  const keyed = `${lang}:${id}`;
  let f = FORMATS.get(keyed);
  if (!f) {
    f = new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'fr-FR', options);
    FORMATS.set(keyed, f);
  }
  return f;
}
const DATES = new Map<Lang, Intl.DateTimeFormat>();
function df(lang: Lang): Intl.DateTimeFormat {
  let f = DATES.get(lang);
  if (!f) {
    f = new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'fr-FR', { timeZone: 'UTC', day: '2-digit', month: '2-digit', year: 'numeric' });
    DATES.set(lang, f);
  }
  return f;
}

export const DASH = '—';

/** Formatting of the report's figures in one language. */
export interface ReportFormat {
  /** A score out of 100 with one decimal: "72,4"; null → "—". */
  score(v: number | null): string;
  /** A signed gap in points: "+4,2 pts"; null → "—". */
  gap(v: number | null): string;
  /** A percentage of 0–100 without decimals: "38 %"; null → "—". */
  percent(v: number | null): string;
  int(v: number): string;
  /** A measure with up to one decimal and its unit: "26,5 heures". */
  measure(v: number, unit: MeasureUnit | null): string;
  /** An ISO date (YYYY-MM-DD…) as "27/11/2026"; anything else as stored. */
  date(iso: string | null): string;
  /** A generation timestamp. */
  dateTime(d: Date): string;
}

function format(lang: Lang): ReportFormat {
  const one = nf(lang, { minimumFractionDigits: 1, maximumFractionDigits: 1 }, 'one');
  const signed = nf(lang, { minimumFractionDigits: 1, maximumFractionDigits: 1, signDisplay: 'exceptZero' }, 'signed');
  const pct = nf(lang, { style: 'percent', maximumFractionDigits: 0 }, 'pct');
  const int = nf(lang, { maximumFractionDigits: 0 }, 'int');
  const upToOne = nf(lang, { maximumFractionDigits: 1 }, 'upToOne');
  const units = lang === 'en' ? EN_UNITS : FR_UNITS;
  return {
    score: (v) => (v === null ? DASH : one.format(v)),
    gap: (v) => (v === null ? DASH : `${signed.format(v)}\u00a0pts`),
    percent: (v) => (v === null ? DASH : pct.format(v / 100)),
    int: (v) => int.format(v),
    measure: (v, unit) => (unit ? `${upToOne.format(v)}\u00a0${v > 1 ? units[unit][1] : units[unit][0]}` : upToOne.format(v)),
    date: (iso) => {
      if (!iso) return DASH;
      const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
      return m ? df(lang).format(new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])))) : iso;
    },
    dateTime: (d) => new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'fr-FR', { dateStyle: 'long', timeStyle: 'short' }).format(d),
  };
}

const FR_UNITS: Record<MeasureUnit, [string, string]> = {
  seconds: ['seconde', 'secondes'], minutes: ['minute', 'minutes'], hours: ['heure', 'heures'], days: ['jour', 'jours'], rings: ['sonnerie', 'sonneries'],
  clicks: ['clic', 'clics'], posts: ['publication', 'publications'],
};
const EN_UNITS: Record<MeasureUnit, [string, string]> = {
  seconds: ['second', 'seconds'], minutes: ['minute', 'minutes'], hours: ['hour', 'hours'], days: ['day', 'days'], rings: ['ring', 'rings'],
  clicks: ['click', 'clicks'], posts: ['post', 'posts'],
};

function fr(f: ReportFormat) {
  return {
    barometer: 'Baromètre Expérience Citoyen',
    reportTitle: (edition: number) => `Rapport de résultats — édition ${edition}`,
    confidential: (name: string) => `Confidentiel — ${name}`,
    page: (i: number, n: number) => `Page ${i} sur ${n}`,
    identity: (category: string, code: string, audits: number) => `${category} · code ${code} · ${f.int(audits)} audit${audits > 1 ? 's' : ''}`,
    benchmarkReference: (reference: string) => `Repère de la catégorie : ${reference} (statistiques anonymes de la catégorie ; pas de rang)`,
    summaryTitle: 'Synthèse',
    kpi: {
      score: 'Score global',
      outOf: 'sur 100',
      rank: 'Rang',
      rankOf: (rank: number, n: number | null) => `${rank}${rank === 1 ? 'er' : 'e'}${n !== null ? ` sur ${f.int(n)}` : ''}`,
      percentile: (p: number) => `percentile ${f.int(Math.round(p))}`,
      gapCategory: 'Écart catégorie',
      gapPrivate: 'Écart panel privé',
      trend: 'Évolution',
    },
    stat: { median: 'médiane', mean: 'moyenne' } as Record<'median' | 'mean', string>,
    versus: (stat: 'median' | 'mean', value: string) => `${stat === 'median' ? 'médiane' : 'moyenne'} ${value}`,
    withheldShort: 'non diffusé',
    trend: {
      firstEdition: 'Première édition du baromètre dans l’espace',
      notParticipant: (y: number) => `Non participant en ${y}`,
      noScore: (y: number) => `Pas de score en ${y}`,
      notComparable: (y: number) => `Non comparable à ${y}`,
      compared: (y: number, previous: string) => `depuis ${y} (${previous})`,
    },
    chartRadarTitle: 'Scores par canal',
    chartBarTitle: 'Score global et quartiles de la catégorie',
    structure: 'Votre structure',
    category: 'Catégorie',
    privatePanel: 'Panel privé',
    q1: '1er quartile',
    median: 'Médiane',
    q3: '3e quartile',
    stepsSummary: 'Vos scores par étape du parcours',
    strengths: 'Points forts (déterminants)',
    weaknesses: 'Points à améliorer (déterminants)',
    none: 'Aucun',
    notes: {
      rankWithheld: (min: number) => `Rang et percentile non diffusés : ils demandent au moins ${min} autres structures notées dans la catégorie.`,
      quartilesWithheld: (min: number) => `Quartiles de la catégorie non diffusés : moins de ${min} autres structures notées dans la catégorie ; le graphique ne montre que votre score.`,
      categoryWithheld: (min: number) => `Repère de la catégorie non diffusé : moins de ${min} autres structures notées.`,
      meanInstead: 'Quand la médiane n’est pas diffusée (catégorie trop petite), la moyenne est donnée à sa place.',
      privateWithheld: 'Repère du panel privé non diffusé : trop peu de structures dans le panel.',
      trendReason: (reason: string) => `Évolution non comparable : ${reason}.`,
    },
    levelsTitle: 'Scores par étape, canal et déterminant',
    levelsIntro: (category: string) => `Votre score face au repère anonyme de votre catégorie (${category}) et au panel privé. Repère : médiane des structures, ou moyenne quand la médiane n’est pas diffusée (m). Écart en points.`,
    steps: 'Étapes du parcours',
    channels: 'Canaux de contact',
    determinants: 'Déterminants de la satisfaction',
    col: {
      label: 'Libellé', step: 'Étape', score: 'Score', category: 'Catégorie', privatePanel: 'Panel privé', gapCategory: 'Écart catégorie', gapPrivate: 'Écart panel',
      rank: 'N°', item: 'Critère', channel: 'Canal', weight: 'Poids', base: 'Base', failure: 'Échec', categoryFailure: 'Échec catégorie', gap: 'Écart', priority: 'Priorité',
      date: 'Date', answer: 'Réponse', measure: 'Mesure', comment: 'Commentaire',
    },
    meanMark: ' (m)',
    actionTitle: 'Plan d’action',
    actionIntro: 'Les critères non conformes, classés par priorité = pondération × taux d’échec × écart au taux d’échec de la catégorie. Base : audits où le critère s’appliquait.',
    actionWithheldIntro: 'Quand le taux d’échec de la catégorie n’est pas diffusé (catégorie trop petite), l’écart est pris égal au taux d’échec lui-même.',
    actionNone: 'Aucun critère non conforme dans cette édition.',
    smallBase: 'petite base',
    smallBaseNote: (min: number) => `« petite base » : moins de ${min} audits où le critère s’appliquait ; à lire avec prudence.`,
    withheldNote: 'Taux d’échec de la catégorie non diffusé : l’écart est égal au taux d’échec.',
    evidenceTitle: 'Constats d’audit',
    moreEvidence: (k: number) => `… et ${f.int(k)} autre(s) audit(s) non conforme(s) sur ce critère.`,
    moreItems: (k: number) => `${f.int(k)} autre(s) critère(s) non conforme(s), de priorité moindre, ne sont pas détaillés ici.`,
    answers: { 'non-compliant': 'Non conforme', compliant: 'Conforme', 'not-applicable': 'Sans objet' },
    masked: 'Les noms, téléphones et courriels cités dans les commentaires sont masqués ([nom], [téléphone], [courriel]).',
    notMasked: 'Usage interne : les commentaires sont reproduits tels quels, sans masquage des données personnelles.',
    methodTitle: 'Méthode',
    method: (m: { expected: number; channels: number; audits: number; first: string; last: string; items: number; mean: number; distribution: number; smallBase: number; byChannel: string; edition: number }) => [
      { heading: 'Les audits', text: `Chaque structure participante reçoit ${f.int(m.expected)} audits mystère répartis sur environ 2 mois, sur ${f.int(m.channels)} canaux de contact : téléphone, courriel, courrier, site internet, réseaux sociaux et, le cas échéant, une visite sur place. Un enquêteur se présente comme un usager ordinaire et note ce qu’il constate, critère par critère.` },
      { heading: 'Votre terrain', text: `Pour l’édition ${m.edition}, ${f.int(m.audits)} audits ont été réalisés auprès de votre structure entre le ${m.first} et le ${m.last} (${m.byChannel}). Le référentiel de l’édition compte ${f.int(m.items)} critères.` },
      { heading: 'Le calcul des scores', text: 'Chaque critère observé est conforme, non conforme ou sans objet. Un score est la part pondérée des critères conformes : 100 × somme des pondérations des critères conformes / somme des pondérations des critères applicables. Les « sans objet » ne comptent pas. Le même calcul donne le score global, le score de chaque étape du parcours (accès, information, traitement de la demande), de chaque canal et de chaque déterminant de la satisfaction. Un ensemble sans critère applicable n’a pas de score (« — »), jamais zéro.' },
      { heading: 'La comparaison', text: 'Votre structure est comparée aux autres structures de sa catégorie pour la même édition, et au panel privé, audité avec le même protocole. Les autres participants ne sont jamais nommés : seuls des repères anonymes sont donnés. Le rang compte 1 plus le nombre de structures strictement mieux notées ; le percentile est la part des structures moins bien notées (les ex æquo comptent pour moitié).' },
      { heading: 'La confidentialité des repères', text: `Un repère n’est publié que s’il repose sur assez d’autres structures : la moyenne et le nombre de structures à partir de ${f.int(m.mean)} autres structures notées ; la médiane, les quartiles, les extrêmes, le rang et le percentile à partir de ${f.int(m.distribution)}. En dessous, la valeur est remplacée par « — » et une note en donne la raison.` },
      { heading: 'Le plan d’action', text: `Les critères non conformes sont classés par pondération × taux d’échec × écart au taux d’échec de la catégorie. Un critère observé sur moins de ${f.int(m.smallBase)} audits applicables est signalé « petite base ». Les noms de personnes, téléphones et courriels cités dans les commentaires d’audit sont masqués.` },
      { heading: 'Les évolutions', text: 'Une évolution n’est calculée que si le contenu du score est identique d’une édition à l’autre (mêmes critères, mêmes pondérations et seuils) ; sinon elle est signalée comme non comparable.' },
    ],
    generatedOn: (d: string) => `Rapport établi le ${d}.`,
  };
}

export type ReportLabels = ReturnType<typeof fr> & { format: ReportFormat };

function en(f: ReportFormat): ReturnType<typeof fr> {
  const ordinal = (n: number): string => {
    const s = n % 100 >= 11 && n % 100 <= 13 ? 'th' : ['th', 'st', 'nd', 'rd'][n % 10] ?? 'th';
    return `${n}${s}`;
  };
  return {
    barometer: 'Citizen Experience Barometer',
    reportTitle: (edition: number) => `Results report — ${edition} edition`,
    confidential: (name: string) => `Confidential — ${name}`,
    page: (i: number, n: number) => `Page ${i} of ${n}`,
    identity: (category: string, code: string, audits: number) => `${category} · code ${code} · ${f.int(audits)} audit${audits === 1 ? '' : 's'}`,
    benchmarkReference: (reference: string) => `Category benchmark: ${reference} (anonymous category statistics; no rank)`,
    summaryTitle: 'Summary',
    kpi: {
      score: 'Overall score',
      outOf: 'out of 100',
      rank: 'Rank',
      rankOf: (rank: number, n: number | null) => `${ordinal(rank)}${n !== null ? ` of ${f.int(n)}` : ''}`,
      percentile: (p: number) => `percentile ${f.int(Math.round(p))}`,
      gapCategory: 'Gap to category',
      gapPrivate: 'Gap to private panel',
      trend: 'Trend',
    },
    stat: { median: 'median', mean: 'mean' },
    versus: (stat: 'median' | 'mean', value: string) => `${stat} ${value}`,
    withheldShort: 'withheld',
    trend: {
      firstEdition: 'First barometer edition in the workspace',
      notParticipant: (y: number) => `Did not take part in ${y}`,
      noScore: (y: number) => `No score in ${y}`,
      notComparable: (y: number) => `Not comparable with ${y}`,
      compared: (y: number, previous: string) => `since ${y} (${previous})`,
    },
    chartRadarTitle: 'Scores by channel',
    chartBarTitle: 'Overall score and category quartiles',
    structure: 'Your structure',
    category: 'Category',
    privatePanel: 'Private panel',
    q1: '1st quartile',
    median: 'Median',
    q3: '3rd quartile',
    stepsSummary: 'Your scores by step of the user journey',
    strengths: 'Strengths (determinants)',
    weaknesses: 'Areas for improvement (determinants)',
    none: 'None',
    notes: {
      rankWithheld: (min: number) => `Rank and percentile withheld: they need at least ${min} other scored structures in the category.`,
      quartilesWithheld: (min: number) => `Category quartiles withheld: fewer than ${min} other scored structures in the category; the chart shows your score only.`,
      categoryWithheld: (min: number) => `Category benchmark withheld: fewer than ${min} other scored structures.`,
      meanInstead: 'Where the median is withheld (category too small), the mean is given instead.',
      privateWithheld: 'Private panel benchmark withheld: too few structures in the panel.',
      trendReason: (reason: string) => `Trend not comparable: ${reason}.`,
    },
    levelsTitle: 'Scores by step, channel and determinant',
    levelsIntro: (category: string) => `Your score against the anonymous benchmark of your category (${category}) and the private panel. Benchmark: the structures' median, or the mean where the median is withheld (m). Gaps in points.`,
    steps: 'Steps of the user journey',
    channels: 'Contact channels',
    determinants: 'Determinants of satisfaction',
    col: {
      label: 'Label', step: 'Step', score: 'Score', category: 'Category', privatePanel: 'Private panel', gapCategory: 'Gap category', gapPrivate: 'Gap panel',
      rank: 'No.', item: 'Criterion', channel: 'Channel', weight: 'Weight', base: 'Base', failure: 'Failure', categoryFailure: 'Category failure', gap: 'Gap', priority: 'Priority',
      date: 'Date', answer: 'Answer', measure: 'Measure', comment: 'Comment',
    },
    meanMark: ' (m)',
    actionTitle: 'Action plan',
    actionIntro: 'The non-compliant criteria, ranked by priority = weight × failure rate × gap to the category’s failure rate. Base: audits where the criterion applied.',
    actionWithheldIntro: 'Where the category’s failure rate is withheld (category too small), the gap is taken as the failure rate itself.',
    actionNone: 'No non-compliant criterion in this edition.',
    smallBase: 'small base',
    smallBaseNote: (min: number) => `“small base”: fewer than ${min} audits where the criterion applied; read with care.`,
    withheldNote: 'Category failure rate withheld: the gap equals the failure rate.',
    evidenceTitle: 'Audit findings',
    moreEvidence: (k: number) => `… and ${f.int(k)} more non-compliant audit(s) on this criterion.`,
    moreItems: (k: number) => `${f.int(k)} more non-compliant criteria, of lower priority, are not detailed here.`,
    answers: { 'non-compliant': 'Non-compliant', compliant: 'Compliant', 'not-applicable': 'Not applicable' },
    masked: 'Names, telephone numbers and e-mail addresses quoted in comments are masked ([nom], [téléphone], [courriel]).',
    notMasked: 'Internal use: comments are quoted as written, personal data not masked.',
    methodTitle: 'Method',
    method: (m) => [
      { heading: 'The audits', text: `Each participating structure receives ${f.int(m.expected)} mystery audits over about 2 months, across ${f.int(m.channels)} contact channels: telephone, email, mail, website, social networks and, where relevant, an on-site visit. An auditor acts as an ordinary user and records what they find, criterion by criterion.` },
      { heading: 'Your fieldwork', text: `For the ${m.edition} edition, ${f.int(m.audits)} audits of your structure took place between ${m.first} and ${m.last} (${m.byChannel}). The edition's referential has ${f.int(m.items)} criteria.` },
      { heading: 'How scores are computed', text: 'Each observed criterion is compliant, non-compliant or not applicable. A score is the weighted share of compliant criteria: 100 × sum of the weights of compliant criteria / sum of the weights of applicable criteria. Not-applicable answers do not count. The same rule gives the overall score and the score of each step of the journey (access, information, processing of the request), each channel and each determinant of satisfaction. A set with nothing applicable has no score (“—”), never zero.' },
      { heading: 'The comparison', text: 'Your structure is compared with the other structures of its category in the same edition, and with the private panel, audited with the same protocol. Other participants are never named: only anonymous benchmarks are given. The rank is 1 plus the number of structures with a strictly higher score; the percentile is the share of structures with a lower score (ties count half).' },
      { heading: 'Confidentiality of benchmarks', text: `A benchmark is published only when it rests on enough other structures: the mean and the number of structures from ${f.int(m.mean)} other scored structures; the median, quartiles, extremes, rank and percentile from ${f.int(m.distribution)}. Below that, the value is replaced by “—” and a note gives the reason.` },
      { heading: 'The action plan', text: `Non-compliant criteria are ranked by weight × failure rate × gap to the category's failure rate. A criterion observed on fewer than ${f.int(m.smallBase)} applicable audits is flagged “small base”. Names of people, telephone numbers and email addresses quoted in audit comments are masked.` },
      { heading: 'Trends', text: 'A trend is computed only when the content of the score is the same from one edition to the next (same criteria, weights and thresholds); otherwise it is flagged as not comparable.' },
    ],
    generatedOn: (d: string) => `Report produced on ${d}.`,
  };
}

const CACHE = new Map<Lang, ReportLabels>();

export function reportLabels(lang: Lang): ReportLabels {
  let L = CACHE.get(lang);
  if (!L) {
    const f = format(lang);
    L = { ...(lang === 'en' ? en(f) : fr(f)), format: f };
    CACHE.set(lang, L);
  }
  return L;
}
