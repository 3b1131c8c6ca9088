/**
 * The demo audits of one edition, structure by structure. Each structure receives 13 mystery
 * audits over September–October of the edition year, in a fixed channel mix:
 *
 *   3 téléphone · 3 courriel · 2 courrier · 2 site internet · 2 réseaux sociaux · 1 visite
 *
 * Every item of the audit's channel gets an answer (about 68 observations per audit): yes / no /
 * not applicable, or a raw measure judged against the item's threshold. Whether an item complies
 * follows a latent model: item difficulty + structure quality + the structure's strength on the
 * item's determinant + the sector's profile (the private panel is quicker but less courteous) + a
 * yearly trend (about +1.5 points an edition) + the day's luck. The headline email items MEL-01 and
 * MEL-02 are the exception: their compliant counts per sector are fixed by construction
 * (calibration.ts) and given to the structures most likely to comply.
 *
 * Answers are written the many ways real files spell them (Oui/Non/NA, O/N/Sans objet,
 * oui/non/N.A.; measures as numbers or text with a decimal comma; waits in minutes as 00:02:35 or
 * "2 min 35"), and a few audits and observations carry comments, some naming people (for the
 * masking feature). Each structure uses its own random stream, so the audits can be streamed one
 * structure at a time in bounded memory and still come out identical.
 */
import type { ChannelCode, SectorCode } from '../../shared/domain.js';
import { bestCount, headlineTarget, type HeadlineItem } from './calibration.js';
import { Rng, sigmoid } from './prng.js';
import type { DeterminantCode, MeasureUnit } from './referential-data.js';
import { itemsOfChannel, type DemoItem, type DemoReferential } from './referential.js';
import type { DemoStructure } from './structures.js';

/** The channel mix of the 13 audits each structure receives per edition. */
export const CHANNEL_MIX: ReadonlyArray<readonly [ChannelCode, number]> = [
  ['telephone', 3],
  ['email', 3],
  ['courrier', 2],
  ['site-web', 2],
  ['reseaux-sociaux', 2],
  ['visite', 1],
];
export const AUDITS_PER_STRUCTURE = CHANNEL_MIX.reduce((sum, [, n]) => sum + n, 0);

/** What a cell holds: text as written, or a number (xlsx numeric cell, decimal comma in CSV). */
export type AnswerValue = string | number;

export interface DemoObservation {
  readonly item: string;
  /** The answer as the file writes it. */
  readonly answer: AnswerValue;
  /** Reference reading of the answer: true / false, null = not applicable. */
  readonly compliant: boolean | null;
  /** Raw measure in the item's unit (minutes for durations), null for yes/no items. */
  readonly measure: number | null;
  readonly comment: string | null;
}

export interface DemoAudit {
  readonly edition: number;
  /** Unique within the edition: `2023-000123-05` (edition, structure index, audit number). */
  readonly reference: string;
  readonly structure: DemoStructure;
  readonly channel: ChannelCode;
  /** ISO date, yyyy-mm-dd. */
  readonly date: string;
  /** hh:mm. */
  readonly time: string;
  readonly scenario: string;
  readonly auditor: string;
  readonly comment: string | null;
  readonly observations: readonly DemoObservation[];
}

/** Everything needed to generate any structure's audits of one edition. */
export interface EditionPlan {
  readonly seed: number;
  readonly edition: number;
  readonly referential: DemoReferential;
  readonly structures: readonly DemoStructure[];
  readonly itemsByChannel: ReadonlyMap<ChannelCode, readonly DemoItem[]>;
  readonly difficulty: ReadonlyMap<string, number>;
  /** `${structure.index}:${emailSlot}` → compliance of MEL-01 and MEL-02. */
  readonly headline: ReadonlyMap<string, { readonly 'MEL-01': boolean; readonly 'MEL-02': boolean }>;
}

/** Sector profile on the logit scale: the private panel answers faster, with fewer courtesies. */
const SECTOR_EFFECT: Readonly<Record<SectorCode, Partial<Record<DeterminantCode, number>>>> = {
  public: {},
  prive: { reactivite: 0.9, 'temps-attente': 0.7, suivi: 0.3, courtoisie: -0.6, personnalisation: -0.2 },
};
/** Mean item difficulty on the logit scale (sets the overall level, ~70 %). */
const ITEM_EASE_MEAN = 1.15;
const ITEM_EASE_SD = 0.75;
/** Share of an audit's items the auditor left blank (not observed, no observation at all). */
const NOT_OBSERVED_RATE = 0.004;
const AUDITOR_POOL = 80;

const SCENARIOS: Readonly<Record<SectorCode, Readonly<Record<ChannelCode, readonly string[]>>>> = {
  public: {
    telephone: ["Demande d'acte de naissance", 'Horaires de la déchèterie', 'Inscription à la cantine scolaire', "Signalement d'un nid-de-poule", "Rendez-vous pour une carte d'identité", "Raccordement à l'assainissement collectif"],
    email: ['Pièces à fournir pour un permis de construire', 'Réclamation sur la collecte des déchets', 'Aides au logement pour un jeune actif', "Réservation d'une salle municipale", 'Inscription sur les listes électorales', "Demande de place en crèche"],
    courrier: ["Demande d'acte d'état civil par courrier", "Réclamation sur la facture d'eau", "Demande de subvention pour une association", "Contestation d'une redevance", "Demande d'occupation du domaine public"],
    'site-web': ["Recherche des horaires d'ouverture", 'Inscription en ligne au centre de loisirs', 'Formulaire de demande de logement social', "Démarche de changement d'adresse", 'Calendrier de collecte des déchets'],
    'reseaux-sociaux': ["Question sur la fermeture d'une route", 'Information sur un événement culturel', "Réclamation sur l'éclairage public", "Horaires d'été de la piscine"],
    visite: ["Demande de carte nationale d'identité", 'Activités proposées aux seniors', "Dépôt d'un dossier d'urbanisme", 'Demande de logement social', 'Inscription scolaire'],
  },
  prive: {
    telephone: ['Question sur une facture', "Résiliation d'un contrat", 'Changement de coordonnées bancaires', "Souscription d'une offre"],
    email: ["Contestation d'un prélèvement", 'Demande de devis', 'Réclamation sur une livraison', "Changement d'adresse"],
    courrier: ['Résiliation par lettre recommandée', 'Réclamation sur une facture', 'Demande de remboursement'],
    'site-web': ['Recherche des conditions générales de vente', "Création d'un espace client", 'Recherche du service réclamations'],
    'reseaux-sociaux': ['Question sur une panne', 'Réclamation sur un délai de livraison', 'Information sur une offre promotionnelle'],
    visite: ["Ouverture d'un compte", 'Question sur un contrat en agence', "Retrait d'un colis en agence"],
  },
};

const AUDIT_COMMENTS = [
  "Mme Dupont m'a répondu très aimablement.",
  'Accueil chaleureux de M. Martin, qui a pris le temps d’expliquer la démarche.',
  'Interlocutrice pressée, réponse incomplète.',
  'Transféré deux fois avant d’obtenir le bon service.',
  'Réponse obtenue après une relance.',
  'Mme Laurent (état civil) a proposé de me rappeler.',
  'Agent très professionnel, explications claires.',
  'Communication coupée pendant le transfert, second appel nécessaire.',
  'Réponse type, sans personnalisation.',
  "M. Bernard m'a renvoyé vers le site internet sans répondre à la question.",
  'Longue attente : une seule personne au guichet.',
  'Réponse signée par Sophie Moreau, chargée d’accueil.',
  'Délai annoncé non respecté.',
  'Très bonne réponse, documents joints utiles.',
  "Échange avec Karim Benali, courtois et efficace.",
  'RAS',
];

const OBSERVATION_COMMENTS = [
  'Réponse partielle',
  'Lien vers une page introuvable',
  'Mesuré au chronomètre',
  'Information différente de celle du site',
  "M. Girard a dû se renseigner auprès d'un collègue",
  'Aucune signalétique visible depuis le parking',
  'Réponse de Julie Roux, très claire',
  'Mme Petit ne s’est pas présentée',
  'Horaires affichés erronés',
  'Vérifié deux fois',
];

interface AnswerStyle {
  readonly yes: string;
  readonly no: string;
  readonly na: string;
  /** Measures written as text with a decimal comma rather than numbers. */
  readonly measuresAsText: boolean;
  /** Minute measures written as durations, and how. */
  readonly durations: 'none' | 'hms' | 'min-sec';
}

const WORDINGS: ReadonlyArray<readonly [{ yes: string; no: string; na: string }, number]> = [
  [{ yes: 'Oui', no: 'Non', na: 'NA' }, 0.6],
  [{ yes: 'O', no: 'N', na: 'Sans objet' }, 0.25],
  [{ yes: 'oui', no: 'non', na: 'N.A.' }, 0.15],
];

function pickStyle(rng: Rng): AnswerStyle {
  const wording = rng.weighted(WORDINGS);
  const measuresAsText = rng.chance(0.35);
  const durations = rng.weighted([['none', 0.6], ['hms', 0.2], ['min-sec', 0.2]] as const);
  return { ...wording, measuresAsText, durations };
}

/** French decimal text: 31.5 → "31,5". */
export function frenchNumber(value: number): string {
  return String(value).replace('.', ',');
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

const roundTo = (value: number, step: number): number => Math.round(value / step) * step;
const oneDecimal = (value: number): number => Math.round(value * 10) / 10;

/**
 * A raw measure that complies (or not) with the item's threshold, in the item's unit, and how it
 * is written. Non-compliant values keep a clear margin from the threshold after rounding.
 */
function drawMeasure(rng: Rng, item: DemoItem, compliant: boolean, style: AnswerStyle): { measure: number; answer: AnswerValue } {
  const t = item.threshold ?? 0;
  const unit: MeasureUnit | null = item.unit;
  const asNumber = (value: number): { measure: number; answer: AnswerValue } => ({
    measure: value,
    answer: style.measuresAsText ? frenchNumber(value) : value,
  });
  switch (unit) {
    case 'minutes': {
      if (style.durations !== 'none') {
        const seconds = compliant ? rng.int(10, t * 60) : rng.int(t * 60 + 1, t * 60 * 4);
        const minutes = Math.floor(seconds / 60);
        const rest = seconds % 60;
        const answer = style.durations === 'hms'
          ? `${pad2(Math.floor(minutes / 60))}:${pad2(minutes % 60)}:${pad2(rest)}`
          : `${minutes} min ${pad2(rest)}`;
        return { measure: seconds / 60, answer };
      }
      return asNumber(compliant ? Math.max(0.1, oneDecimal(rng.uniform(0.1, t))) : oneDecimal(rng.uniform(t + 0.1, t * 4)));
    }
    case 'heures':
      // Email and message replies: half-hour precision; late replies spread over days.
      return asNumber(compliant ? Math.min(t, Math.max(0.5, roundTo(rng.uniform(0.3, t), 0.5))) : t + 0.5 + roundTo(Math.min(400, rng.uniform(0, 1) ** 2 * 150), 0.5));
    case 'sonneries':
    case 'clics':
    case 'jours':
      return asNumber(compliant ? rng.int(1, t) : rng.int(t + 1, unit === 'jours' ? t * 3 : t + 6));
    case 'secondes':
      return asNumber(compliant ? Math.max(0.3, oneDecimal(rng.uniform(0.3, t))) : oneDecimal(rng.uniform(t + 0.1, 12)));
    case 'pourcent':
      return asNumber(compliant ? rng.int(t, 100) : rng.int(5, t - 1));
    case 'publications':
      return asNumber(compliant ? rng.int(t, 45) : rng.int(0, t - 1));
    case 'heures-par-jour':
      return asNumber(compliant ? roundTo(rng.uniform(t, 11), 0.5) : Math.min(t - 0.5, roundTo(rng.uniform(4, t - 0.5), 0.5)));
    case 'heures-par-semaine':
      return asNumber(compliant ? roundTo(rng.uniform(t, 55), 0.5) : Math.min(t - 0.5, roundTo(rng.uniform(18, t - 0.5), 0.5)));
    case null:
      return asNumber(compliant ? t : t + 1);
  }
}

/** Reference reading of a measure against the item's threshold. */
export function measureComplies(item: Pick<DemoItem, 'answerType' | 'threshold'>, measure: number): boolean {
  if (item.threshold === null) return true;
  return item.answerType === 'seuil-min' ? measure >= item.threshold : measure <= item.threshold;
}

function headlineScore(rng: Rng, structure: DemoStructure, determinant: DeterminantCode): number {
  return structure.latent.quality + structure.latent.determinants[determinant] + rng.normal(0, 0.8);
}

/**
 * Compliance of MEL-01 and MEL-02 for every email audit of the edition: per sector, exactly the
 * count that puts the indicator closest to its target, given to the audits whose structure is the
 * most likely to comply (latent quality + determinant strength + noise), so good structures still
 * answer faster.
 */
function planHeadline(seed: number, edition: number, structures: readonly DemoStructure[], emailAudits: number): Map<string, { 'MEL-01': boolean; 'MEL-02': boolean }> {
  const rng = Rng.derive(seed, 'headline', edition);
  const plan = new Map<string, { 'MEL-01': boolean; 'MEL-02': boolean }>();
  const items: ReadonlyArray<readonly [HeadlineItem, DeterminantCode]> = [['MEL-01', 'reactivite'], ['MEL-02', 'courtoisie']];
  const result = new Map<string, Record<HeadlineItem, boolean>>();
  for (const sector of ['public', 'prive'] as const) {
    const members = structures.filter((s) => s.sector === sector);
    for (const [item, determinant] of items) {
      const slots = members.flatMap((s) => Array.from({ length: emailAudits }, (_, k) => ({ key: `${s.index}:${k}`, score: headlineScore(rng, s, determinant) })));
      slots.sort((a, b) => b.score - a.score || (a.key < b.key ? -1 : 1));
      const compliantCount = bestCount(slots.length, headlineTarget(item, sector, edition));
      slots.forEach((slot, i) => {
        const entry = result.get(slot.key) ?? { 'MEL-01': false, 'MEL-02': false };
        entry[item] = i < compliantCount;
        result.set(slot.key, entry);
      });
    }
  }
  for (const [key, value] of result) plan.set(key, value);
  return plan;
}

export function planEdition(seed: number, edition: number, referential: DemoReferential, structures: readonly DemoStructure[]): EditionPlan {
  const itemsByChannel = new Map<ChannelCode, DemoItem[]>();
  for (const [channel] of CHANNEL_MIX) itemsByChannel.set(channel, itemsOfChannel(referential, channel));
  const difficulty = new Map<string, number>();
  // Item difficulty depends on the item code only, so it is the same across editions.
  for (const item of referential.items) difficulty.set(item.code, Rng.derive(seed, 'item', item.code).normal(ITEM_EASE_MEAN, ITEM_EASE_SD));
  const emailAudits = CHANNEL_MIX.find(([c]) => c === 'email')?.[1] ?? 0;
  return { seed, edition, referential, structures, itemsByChannel, difficulty, headline: planHeadline(seed, edition, structures, emailAudits) };
}

const DAY_MS = 86_400_000;

function auditMoment(rng: Rng, edition: number, channel: ChannelCode): { date: string; time: string; sortKey: number } {
  const start = Date.UTC(edition, 8, 1); // 1 September
  const days = 61; // September and October
  const officeHours = channel === 'telephone' || channel === 'visite' || channel === 'courrier';
  let day: Date;
  do {
    day = new Date(start + rng.int(0, days - 1) * DAY_MS);
  } while (officeHours && (day.getUTCDay() === 0 || day.getUTCDay() === 6));
  const [from, to] = channel === 'visite' ? [9 * 60, 16 * 60 + 45] : officeHours ? [8 * 60 + 30, 17 * 60 + 45] : [7 * 60, 22 * 60 + 59];
  const minutes = rng.int(from, to);
  const date = day.toISOString().slice(0, 10);
  return { date, time: `${pad2(Math.floor(minutes / 60))}:${pad2(minutes % 60)}`, sortKey: day.getTime() + minutes * 60_000 };
}

/** The 13 audits of one structure in one edition, numbered in date order. */
export function auditsOfStructure(plan: EditionPlan, structure: DemoStructure): DemoAudit[] {
  const { edition, seed } = plan;
  const rng = Rng.derive(seed, 'audits', edition, structure.index);
  const auditors = Array.from({ length: 3 }, () => `ENQ-${String(rng.int(1, AUDITOR_POOL)).padStart(3, '0')}`);
  const yearShift = (edition - 2023) * structure.latent.trend + rng.normal(0, 0.12);
  const sectorEffect = SECTOR_EFFECT[structure.sector];

  const drafts: Array<{ channel: ChannelCode; emailSlot: number; moment: ReturnType<typeof auditMoment>; scenario: string; auditor: string; comment: string | null; luck: number; style: AnswerStyle }> = [];
  for (const [channel, count] of CHANNEL_MIX) {
    for (let k = 0; k < count; k++) {
      drafts.push({
        channel,
        emailSlot: channel === 'email' ? k : -1,
        moment: auditMoment(rng, edition, channel),
        scenario: rng.pick(SCENARIOS[structure.sector][channel]),
        auditor: rng.pick(auditors),
        comment: rng.chance(0.18) ? rng.pick(AUDIT_COMMENTS) : null,
        luck: rng.normal(0, 0.35),
        style: pickStyle(rng),
      });
    }
  }
  // Stable order: by moment, then by position in the mix.
  const ordered = drafts.map((d, i) => ({ d, i })).sort((a, b) => a.d.moment.sortKey - b.d.moment.sortKey || a.i - b.i).map((x) => x.d);

  return ordered.map((draft, position) => {
    const headline = draft.emailSlot >= 0 ? plan.headline.get(`${structure.index}:${draft.emailSlot}`) : undefined;
    const observations: DemoObservation[] = [];
    for (const item of plan.itemsByChannel.get(draft.channel) ?? []) {
      const fixed = item.code === 'MEL-01' || item.code === 'MEL-02' ? headline?.[item.code] : undefined;
      let compliant: boolean | null;
      if (fixed !== undefined) {
        compliant = fixed;
      } else {
        if (rng.chance(NOT_OBSERVED_RATE)) continue;
        if (rng.chance(item.naRate)) {
          compliant = null;
        } else {
          const logit = (plan.difficulty.get(item.code) ?? ITEM_EASE_MEAN) + structure.latent.quality
            + structure.latent.determinants[item.determinant] + (sectorEffect[item.determinant] ?? 0) + yearShift + draft.luck;
          compliant = rng.chance(sigmoid(logit));
        }
      }
      const style = draft.style;
      let answer: AnswerValue;
      let measure: number | null = null;
      if (compliant === null) {
        answer = style.na;
      } else if (item.answerType === 'oui-non') {
        answer = compliant ? style.yes : style.no;
      } else {
        const drawn = drawMeasure(rng, item, compliant, style);
        answer = drawn.answer;
        measure = drawn.measure;
      }
      const comment = rng.chance(compliant === false ? 0.03 : 0.008) ? rng.pick(OBSERVATION_COMMENTS) : null;
      observations.push({ item: item.code, answer, compliant, measure, comment });
    }
    return {
      edition,
      reference: `${edition}-${String(structure.index).padStart(6, '0')}-${pad2(position + 1)}`,
      structure,
      channel: draft.channel,
      date: draft.moment.date,
      time: draft.moment.time,
      scenario: draft.scenario,
      auditor: draft.auditor,
      comment: draft.comment,
      observations,
    };
  });
}

/** Audits of every structure, one structure at a time (bounded memory for 2,000 structures). */
export function* iterateAudits(plan: EditionPlan): Generator<DemoAudit[]> {
  for (const structure of plan.structures) yield auditsOfStructure(plan, structure);
}

/** All audits of an edition in memory: for tests and small sets. */
export function buildAudits(seed: number, edition: number, referential: DemoReferential, structures: readonly DemoStructure[]): DemoAudit[] {
  const plan = planEdition(seed, edition, referential, structures);
  const audits: DemoAudit[] = [];
  for (const batch of iterateAudits(plan)) audits.push(...batch);
  return audits;
}
