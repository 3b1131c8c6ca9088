/**
 * `barometer readiness CODE --label NAME`: how ready a structure is for a label (Qualivilles,
 * Services Publics+…): its score on the label's items and the items to fix, heaviest first
 * (main/analytics/readiness.ts). Comments in the evidence are masked (shared/personal-data.ts).
 */
import type { CliCommand } from '../command.js';
import { labelReadiness } from '../../analytics/readiness.js';
import { labelsInForce } from '../../analytics/label-definitions.js';
import { AppError } from '../../../shared/errors.js';
import { formatInt, formatPercent, formatScore, table } from '../format.js';
import { EDITION_OPTION, editionOf, formatWeight, stringOption } from './analytics-options.js';

export const readinessCommand: CliCommand = {
  name: 'readiness',
  summary: "Préparation d'une structure à un label : score sur ses critères, critères à corriger",
  help: [
    'Usage : barometer readiness CODE --label NOM [--edition ANNÉE] [--keep-names] [--db FICHIER] [--json]',
    '',
    'Le score de la structure sur les seuls critères du label (même méthode que le score global :',
    '100 × Σ pondération conforme / Σ pondération applicable), puis les critères « à corriger » :',
    'ceux où sa part d’audits conformes est sous le taux exigé par le label (100 % par défaut),',
    'classés par pondération, avec les audits non conformes (commentaires masqués ; --keep-names',
    'les garde, usage interne). Sans --label : la liste des labels du référentiel de l’édition.',
    '',
    'JSON : { "structure", "label", "edition", "score", "items", "met", "toFix": [ { "item", "label",',
    '"rate", "audits", "weight", "evidence": [...] } ] } plus "requiredRate", "notObserved", "held".',
  ].join('\n'),
  options: { ...EDITION_OPTION, label: { type: 'string', short: 'l' }, 'keep-names': { type: 'boolean' } },
  run(ctx) {
    const [code] = ctx.positionals;
    if (!code) throw AppError.keyed('INVALID_INPUT', 'cli.structureCodeMissing', { usage: 'barometer readiness CODE --label LABEL' });
    const db = ctx.openDb();
    const edition = editionOf(ctx, db);
    const label = stringOption(ctx, 'label');
    if (label === undefined) {
      const labels = labelsInForce(db, edition);
      if (ctx.json) ctx.io.out(JSON.stringify(labels, null, 2));
      else ctx.io.out(labels.length === 0 ? `Aucun label dans le référentiel de l’édition ${edition}.`
        : `Labels du référentiel ${edition} (précisez --label) :\n${table(['Label', 'Critères', 'Taux exigé'], labels.map((l) => [l.label, l.items, formatPercent(l.requiredRate)]))}`);
      return 0;
    }
    const r = labelReadiness(db, { edition, structure: code, label, keepNames: ctx.values['keep-names'] === true });
    if (ctx.json) {
      const { structure, label: name, edition: year, score, items, met, toFix, ...rest } = r;
      ctx.io.out(JSON.stringify({
        structure, label: name, edition: year, score, items, met,
        toFix: toFix.map((t) => ({ item: t.item, label: t.label, rate: t.rate, audits: t.audits, weight: t.weight, evidence: t.evidence, compliant: t.compliant, channel: t.channel, step: t.step, determinant: t.determinant })),
        ...rest,
      }, null, 2));
      return 0;
    }
    ctx.io.out(`${r.name} (${r.structure}) — label ${r.label} — édition ${r.edition}${r.held ? ' — label détenu' : ''}`);
    ctx.io.out(`Score sur les critères du label : ${formatScore(r.score)} (${formatWeight(r.compliantWeight)} / ${formatWeight(r.applicableWeight)} de pondération)`);
    ctx.io.out(`Critères : ${formatInt(r.items)} ; atteints : ${formatInt(r.met)} ; à corriger : ${formatInt(r.toFix.length)} ; jamais observés : ${formatInt(r.notObserved)} (taux exigé : ${formatPercent(r.requiredRate)})`);
    if (r.toFix.length > 0) {
      ctx.io.out('');
      ctx.io.out(table(['Critère', 'Libellé', 'Pondération', 'Taux conforme', 'Audits', 'Non conformes'], r.toFix.map((t) => [
        t.item, t.label.length > 60 ? `${t.label.slice(0, 59)}…` : t.label, formatWeight(t.weight), formatPercent(t.rate), formatInt(t.audits), formatInt(t.audits - t.compliant),
      ])));
    }
    return 0;
  },
};
