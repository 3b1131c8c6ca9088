/**
 * `explorer.evidence`: what makes one score. For a structure (edition, level, key): exactly the
 * observations its score counts — its audits of the edition, each observation whose item is in
 * force for the edition and falls under the key (the same join as main/analytics/refresh.ts) —
 * with the answer, the comment and where the row came from (file, sheet, row, import date). For
 * a group (a category, a sector): its pooled sums as the disclosure rule lets them be shown, and
 * the structures behind it only when the rule lets this reader see single structures
 * (main/analytics/disclosure.ts `membersListable`) and the app is not in client mode; otherwise
 * the reason, and counts only. For a panel of the Comparaisons view (`label:NOM`, `all`,
 * `not-category:CODE`…): its figures as the comparison shows them (main/analytics/comparisons.ts
 * `panelFigures`: the same membership and the same disclosure, "rest too small" included), so a
 * figure withheld there is withheld here, and its structures under the same listing rule.
 */
import type { Db } from '../db/connection.js';
import type { Lang, Level } from '../../shared/domain.js';
import type { ExplorerFilters } from '../../shared/api-types.js';
import type {
  EvidenceObservation, EvidenceResult, EvidenceScopeKind, EvidenceStructure, EvidenceTotals,
} from '../../shared/evidence-types.js';
import { maskNullable } from '../../shared/personal-data.js';
import { AppError } from '../../shared/errors.js';
import { assertStructureInEdition, editionScores, groupLabel, groupScores } from '../analytics/scores.js';
import { discloseGroupRow, disclosureRule, membersListable } from '../analytics/disclosure.js';
import { keyLabels } from '../analytics/labels.js';
import { ensureAggregates } from '../analytics/refresh.js';
import { scoreOf } from '../analytics/score-math.js';
import { observationProvenanceSql } from './provenance.js';
import { panelFigures } from '../analytics/comparisons.js';
import { parsePanelSpec, type PanelSpec } from '../../shared/comparison-types.js';

export interface EvidenceInput {
  edition: number;
  level: Level;
  /** `overall` for the overall level; else a step, channel or determinant code, or an item code. */
  key: string;
  /** `panel`: `code` is a panel written as text (shared/comparison-types.ts: `label:NOM`, `all`…). */
  scope: { kind: EvidenceScopeKind; code: string };
  lang?: Lang;
  /** Client mode: comments masked here already, and no other structure listed by name. */
  clientMode?: boolean;
  /** Most observations sent (default 5,000). */
  limit?: number;
}

const DEFAULT_LIMIT = 5000;

/** The item column a level's key selects on (`i` = item_in_force), or null for the overall level. */
const KEY_COLUMN: Readonly<Record<Level, string | null>> = {
  overall: null,
  step: 'i.step',
  channel: 'i.channel',
  determinant: 'i.determinant',
  item: 'i.code',
};

/** The Explorer filter that selects the same observations as a level's key. */
function keyFilter(level: Level, key: string): ExplorerFilters {
  switch (level) {
    case 'overall': return {};
    case 'step': return { step: key };
    case 'channel': return { channel: key };
    case 'determinant': return { determinant: key };
    case 'item': return { item: key };
  }
}

interface ObservationSqlRow {
  auditId: number;
  reference: string;
  structure: string;
  auditDate: string | null;
  channel: string;
  itemCode: string;
  labelFr: string;
  labelEn: string | null;
  weight: number;
  compliant: 0 | 1 | null;
  measure: number | null;
  raw: string | null;
  comment: string | null;
  importId: number | null;
  sourceFile: string | null;
  sourceSheet: string | null;
  sourceRow: number | null;
  importedAt: string | null;
  format: string | null;
}

/** Every observation a structure's score at (level, key) counts, in audit then item order. */
function structureObservations(db: Db, input: EvidenceInput, limit: number): { rows: ObservationSqlRow[]; total: number } {
  const keyColumn = KEY_COLUMN[input.level];
  const where = ['a.edition = $edition', 'a.structure_code = $structure', ...(keyColumn ? [`${keyColumn} = $key`] : [])];
  const params = { edition: input.edition, structure: input.scope.code, key: input.key };
  const from = `FROM observation o
    JOIN audit a ON a.id = o.audit_id
    JOIN item_in_force i ON i.edition = a.edition AND i.code = o.item_code
    WHERE ${where.join(' AND ')}`;
  const total = db.prepare(`SELECT COUNT(*) ${from}`).pluck().get(params) as number;
  const provenance = observationProvenanceSql(db);
  const rows = db.prepare(`
    SELECT o.audit_id AS auditId, a.reference, a.structure_code AS structure, a.audit_date AS auditDate, a.channel,
      o.item_code AS itemCode, i.label_fr AS labelFr, i.label_en AS labelEn, i.weight, o.compliant, o.measure, o.raw, o.comment,
      o.import_id AS importId, im.format, ${provenance.columns}
    FROM observation o
    JOIN audit a ON a.id = o.audit_id
    JOIN item_in_force i ON i.edition = a.edition AND i.code = o.item_code
    ${provenance.joins}
    WHERE ${where.join(' AND ')}
    ORDER BY a.audit_date NULLS LAST, a.reference, o.item_code
    LIMIT $limit`).all({ ...params, limit }) as ObservationSqlRow[];
  return { rows, total };
}

function toObservation(r: ObservationSqlRow, lang: Lang, mask: boolean): EvidenceObservation {
  return {
    auditId: r.auditId,
    reference: r.reference,
    structure: r.structure,
    auditDate: r.auditDate,
    channel: r.channel,
    itemCode: r.itemCode,
    itemLabel: lang === 'en' ? r.labelEn ?? r.labelFr : r.labelFr,
    weight: r.weight,
    compliant: r.compliant,
    measure: r.measure,
    raw: r.raw,
    comment: maskNullable(r.comment, !mask),
    source: r.importId === null || r.sourceFile === null ? null : {
      importId: r.importId, fileName: r.sourceFile, sheet: r.sourceSheet, row: r.sourceRow, importedAt: r.importedAt ?? '', format: r.format ?? '',
    },
  };
}

/** The sums of a structure's score, recomputed from the observations themselves (all of them, not only those sent). */
function structureTotals(db: Db, input: EvidenceInput): EvidenceTotals {
  const keyColumn = KEY_COLUMN[input.level];
  const sums = db.prepare(`
    SELECT COUNT(*) AS observations,
      COALESCE(SUM(o.compliant IS NOT NULL), 0) AS applicable,
      COALESCE(SUM(o.compliant = 1), 0) AS compliant,
      COALESCE(SUM(CASE WHEN o.compliant = 1 THEN i.weight ELSE 0 END), 0) AS compliantWeight,
      COALESCE(SUM(CASE WHEN o.compliant IS NOT NULL THEN i.weight ELSE 0 END), 0) AS applicableWeight,
      COUNT(DISTINCT o.audit_id) AS audits
    FROM observation o
    JOIN audit a ON a.id = o.audit_id
    JOIN item_in_force i ON i.edition = a.edition AND i.code = o.item_code
    WHERE a.edition = $edition AND a.structure_code = $structure ${keyColumn ? `AND ${keyColumn} = $key` : ''}`)
    .get({ edition: input.edition, structure: input.scope.code, key: input.key }) as Omit<EvidenceTotals, 'score' | 'structures'>;
  return { ...sums, score: scoreOf(sums.compliantWeight ?? 0, sums.applicableWeight ?? 0), structures: 1 };
}

function groupEvidence(db: Db, input: EvidenceInput, lang: Lang): Pick<EvidenceResult, 'totals' | 'structures' | 'withheld'> {
  const kind = input.scope.kind === 'sector' ? 'sector' : 'category';
  const row = groupScores(db, { edition: input.edition, kind, code: input.scope.code, level: input.level, lang })
    .find((r) => r.key === input.key);
  if (!row) {
    return {
      totals: { score: null, compliantWeight: null, applicableWeight: null, observations: 0, applicable: 0, compliant: 0, audits: 0, structures: 0 },
      structures: [],
      withheld: null,
    };
  }
  const rule = disclosureRule(db);
  const shown = discloseGroupRow(row, rule);
  const countsShown = shown.n !== null;
  const totals: EvidenceTotals = {
    score: shown.score,
    compliantWeight: shown.compliantWeight,
    applicableWeight: shown.score === null ? null : row.applicableWeight,
    observations: countsShown ? row.observations : null,
    applicable: countsShown ? row.applicable : null,
    compliant: shown.compliant,
    audits: countsShown ? row.audits : null,
    structures: countsShown ? row.structures : null,
  };
  const listable = membersListable(row.n, rule);
  if (input.clientMode) return { totals, structures: null, withheld: { reason: 'client-mode', others: listable.others, required: listable.required } };
  if (!listable.allowed) return { totals, structures: null, withheld: { reason: 'group-too-small', others: listable.others, required: listable.required } };
  const members = editionScores(db, { edition: input.edition, level: input.level, ...(kind === 'category' ? { category: input.scope.code } : {}), lang })
    .filter((r) => r.key === input.key && (kind === 'category' || r.sector === input.scope.code))
    .map((r): EvidenceStructure => ({
      structure: r.structure, name: r.name, audits: r.audits, observations: r.observations, applicable: r.applicable,
      compliantWeight: r.compliantWeight, applicableWeight: r.applicableWeight, score: r.score,
    }))
    .sort((a, b) => (b.score ?? -1) - (a.score ?? -1) || (a.structure < b.structure ? -1 : 1));
  return { totals, structures: members, withheld: null };
}

const NO_TOTALS: EvidenceTotals = { score: null, compliantWeight: null, applicableWeight: null, observations: null, applicable: null, compliant: null, audits: null, structures: null };

/** The Explorer filters that select a panel's structures, when the Explorer's filters can say it (not a label, not "the rest"). */
function panelExplorerScope(spec: PanelSpec): ExplorerFilters | null {
  switch (spec.kind) {
    case 'all': return {};
    case 'sector': return { sector: spec.sector };
    case 'category': return { category: spec.category };
    case 'label':
    case 'not-category': return null;
  }
}

function panelEvidence(db: Db, input: EvidenceInput, spec: PanelSpec, lang: Lang): Omit<EvidenceResult, 'edition' | 'level' | 'key' | 'keyLabel' | 'observations' | 'truncated'> {
  const figures = panelFigures(db, { edition: input.edition, spec, level: input.level, key: input.key, lang });
  const { panel, cell, counts } = figures;
  const scope = { kind: 'panel' as const, code: panel.specText, label: panel.label };
  const population = { panel: spec, structures: panel.structures, audits: panel.audits };
  const scopeFilter = panelExplorerScope(spec);
  const explorerFilters = scopeFilter === null ? null : { edition: input.edition, ...scopeFilter, ...keyFilter(input.level, input.key) };
  const rule = disclosureRule(db);
  const listable = membersListable(counts.scored, rule);
  if (!cell) {
    return { scope, population, explorerFilters, totals: { ...NO_TOTALS, observations: 0, applicable: 0, compliant: 0, audits: 0, structures: 0 }, structures: [], withheld: null };
  }
  // Withheld in the comparison: nothing of the figure, its sums or its structures here either.
  if (cell.withheldBecause) {
    const reason = cell.withheldBecause === 'rest-too-small' ? 'rest-too-small' as const : 'group-too-small' as const;
    return { scope, population, explorerFilters: null, totals: NO_TOTALS, structures: null, withheld: { reason, others: listable.others, required: rule.meanMinOthers } };
  }
  const countsShown = cell.n !== null;
  const totals: EvidenceTotals = {
    score: cell.score,
    compliantWeight: cell.compliantWeight,
    applicableWeight: cell.score === null ? null : cell.applicableWeight,
    observations: countsShown ? counts.observations : null,
    applicable: countsShown ? counts.applicable : null,
    compliant: cell.compliantWeight === null ? null : counts.compliant,
    audits: countsShown ? counts.audits : null,
    structures: countsShown ? counts.structures : null,
  };
  if (input.clientMode) return { scope, population, explorerFilters, totals, structures: null, withheld: { reason: 'client-mode', others: listable.others, required: listable.required } };
  if (!listable.allowed) return { scope, population, explorerFilters, totals, structures: null, withheld: { reason: 'group-too-small', others: listable.others, required: listable.required } };
  const inPanel = new Set(figures.members);
  const members = editionScores(db, { edition: input.edition, level: input.level, lang })
    .filter((r) => r.key === input.key && inPanel.has(r.structure))
    .map((r): EvidenceStructure => ({
      structure: r.structure, name: r.name, audits: r.audits, observations: r.observations, applicable: r.applicable,
      compliantWeight: r.compliantWeight, applicableWeight: r.applicableWeight, score: r.score,
    }))
    .sort((a, b) => (b.score ?? -1) - (a.score ?? -1) || (a.structure < b.structure ? -1 : 1));
  return { scope, population, explorerFilters, totals, structures: members, withheld: null };
}

export function scoreEvidence(db: Db, input: EvidenceInput): EvidenceResult {
  const lang = input.lang ?? 'fr';
  const limit = input.limit ?? DEFAULT_LIMIT;
  const { kind, code } = input.scope;
  if (kind === 'panel') {
    const spec = parsePanelSpec(code);
    if (!spec) throw AppError.keyed('INVALID_INPUT', 'analytics.panelInvalid', { panel: code }, { panel: code });
    const labels = keyLabels(db, [input.edition], lang);
    return {
      edition: input.edition, level: input.level, key: input.key, keyLabel: labels.label(input.level, input.key),
      ...panelEvidence(db, input, spec, lang), observations: [], truncated: false,
    };
  }
  if (kind === 'structure') assertStructureInEdition(db, input.edition, code);
  else if (kind === 'category' && db.prepare('SELECT 1 FROM category WHERE code = ?').pluck().get(code) === undefined) {
    throw AppError.keyed('NOT_FOUND', 'analytics.categoryUnknown', { category: code }, { category: code });
  } else if (kind === 'sector' && code !== 'public' && code !== 'prive') {
    throw AppError.keyed('NOT_FOUND', 'analytics.groupUnknown', { group: code }, { sector: code });
  }
  ensureAggregates(db, input.edition);
  const labels = keyLabels(db, [input.edition], lang);
  const scopeLabel = kind === 'structure'
    ? (db.prepare('SELECT name FROM structure WHERE code = ?').pluck().get(code) as string)
    : groupLabel({ kind, code }, lang, input.edition);
  const scopeFilter: ExplorerFilters = kind === 'structure' ? { structure: code } : kind === 'category' ? { category: code } : { sector: code };
  const base = {
    edition: input.edition,
    level: input.level,
    key: input.key,
    keyLabel: labels.label(input.level, input.key),
    scope: { kind, code, label: scopeLabel },
    explorerFilters: { edition: input.edition, ...scopeFilter, ...keyFilter(input.level, input.key) },
    population: null,
  };
  if (kind === 'structure') {
    const { rows, total } = structureObservations(db, input, limit);
    return {
      ...base,
      totals: structureTotals(db, input),
      observations: rows.map((r) => toObservation(r, lang, input.clientMode === true)),
      structures: null,
      withheld: null,
      truncated: total > rows.length,
    };
  }
  return { ...base, ...groupEvidence(db, input, lang), observations: [], truncated: false };
}
