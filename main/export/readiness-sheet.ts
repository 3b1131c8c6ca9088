/**
 * The "Préparation labels" sheet of a structure's workbook: for each label the structure does not
 * hold yet, its score on the label's items and every item to fix, heaviest first, with the
 * non-compliant audits behind it. The figures are the report model's (`model.readiness`, from
 * main/analytics/readiness.ts), so the PDF and the workbook say the same; comments arrive masked
 * unless the workbook keeps names. No sheet when there is no label to prepare.
 */
import type { Lang } from '../../shared/domain.js';
import { CHANNELS, STEPS, labelOf } from '../../shared/domain.js';
import type { LabelReadiness } from '../../shared/readiness-types.js';
import type { TableSheet } from './workbook-kit.js';
import { readinessWords } from '../report/readiness-section.js';

/** Non-compliant audits quoted per item (the Preuves sheet has them all). */
const EVIDENCE_QUOTED = 3;

export function readinessSheets(readiness: readonly LabelReadiness[], lang: Lang, edition: number): TableSheet[] {
  if (readiness.length === 0) return [];
  const W = readinessWords(lang);
  const en = lang === 'en';
  const fraction = (v: number | null): number | null => (v === null ? null : v / 100);
  const rows = readiness.flatMap((r) => r.toFix.map((t, i) => [
    r.label,
    i + 1,
    t.item,
    t.label,
    labelOf(CHANNELS, t.channel, lang),
    labelOf(STEPS, t.step, lang),
    t.weight,
    fraction(t.rate),
    fraction(r.requiredRate),
    t.audits,
    t.audits - t.compliant,
    t.evidence.slice(0, EVIDENCE_QUOTED).map((e) => W.evidence(e)).join('\n') || null,
  ]));
  return [{
    kind: 'table',
    name: en ? 'Label readiness' : 'Préparation labels',
    title: `${W.title} — ${en ? 'edition' : 'édition'} ${edition}`,
    subtitle: [W.intro, ...readiness.map((r) => `${W.headline(r)} : ${W.counts(r)}`), W.masked],
    freezeColumns: 3,
    emptyMessage: W.ready,
    columns: [
      { header: en ? 'Label' : 'Label', kind: 'text' },
      { header: en ? 'Priority' : 'Priorité', kind: 'int', width: 9 },
      { header: en ? 'Code' : 'Code', kind: 'code' },
      { header: en ? 'Item' : 'Critère', kind: 'wrap', width: 40 },
      { header: W.col.channel, kind: 'text' },
      { header: en ? 'Step' : 'Étape', kind: 'text' },
      { header: en ? 'Weight' : 'Pondération', kind: 'number' },
      { header: en ? 'Compliant audits' : 'Audits conformes', kind: 'percent' },
      { header: en ? 'Required rate' : 'Taux exigé', kind: 'percent' },
      { header: en ? 'Applicable audits' : 'Audits applicables', kind: 'int' },
      { header: en ? 'Non-compliant' : 'Non conformes', kind: 'int' },
      { header: en ? 'Non-compliant audits (first ones)' : 'Audits non conformes (premiers)', kind: 'wrap', width: 60 },
    ],
    rows,
    blocks: [{
      title: en ? 'Summary by label' : 'Synthèse par label',
      columns: [
        { header: 'Label', kind: 'text' },
        { header: en ? 'Score on the label' : 'Score sur le label', kind: 'score' },
        { header: en ? 'Items' : 'Critères', kind: 'int' },
        { header: en ? 'Met' : 'Atteints', kind: 'int' },
        { header: en ? 'To fix' : 'À corriger', kind: 'int' },
        { header: en ? 'Never observed' : 'Jamais observés', kind: 'int' },
        { header: en ? 'Required rate' : 'Taux exigé', kind: 'percent' },
      ],
      rows: readiness.map((r) => [r.label, r.score, r.items, r.met, r.toFix.length, r.notObserved, fraction(r.requiredRate)]),
    }],
  }];
}
