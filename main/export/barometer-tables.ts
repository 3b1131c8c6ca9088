/**
 * The barometer tables of an edition (`barometer export tables`): one workbook with the sheets
 * Synthèse, Lauréats, Étapes, Canaux, Déterminants, Distribution, Tendances, Méthode (English
 * names with lang 'en'). Every figure is read from the analytics service (main/analytics) and only
 * laid out here: scores 0–100 as numbers in `0.0`, rates turned into 0–1 fractions for the `0.0 %`
 * format. Only the winners are named (as in the public rankings); completeness warnings are given
 * as counts, never as a list of participants.
 */
import type { Db } from '../db/connection.js';
import type { Lang, Level } from '../../shared/domain.js';
import { CHANNELS, GROUP_LEVELS, labelOf } from '../../shared/domain.js';
import type { DisclosedGroupScoreRow, IndicatorRow } from '../../shared/analytics-types.js';
import {
  categoryRankings, completeness, disclosedGroupScores, disclosureRule, editionScores, editionsWithAudits, headlineIndicators, resolveEdition, trends, winners,
} from '../analytics/index.js';
import { HEADLINE_INDICATORS } from '../../shared/headline.js';
import { writeWorkbook } from './workbook-kit.js';
import { writeAtomically } from './write-atomically.js';
import type { ColumnSpec, NotesLine, NotesSection, SheetSpec, TableSheet, WorkbookSpec, WriteOptions } from './workbook-kit.js';
import { formatGenerated, labels } from './labels.js';
import type { Labels } from './labels.js';
import { CREATOR } from './workbook-kit.js';
import { keyMessagesSheet, missingEnglishLabels } from './key-messages.js';
import { levelDetailSheet, levelGridSheet } from './level-grids.js';
import { trendColumns, trendRows } from './trend-sheet.js';
import { comparisonSheet } from './comparison-sheet.js';
import type { ComparisonSpec } from '../../shared/comparison-types.js';

export interface BarometerTablesInput {
  edition: number;
  lang?: Lang;
  outFile: string;
  /** Date printed as the generation date (tests pin it). */
  now?: Date;
  /** The two panels of the "Comparaisons" sheet (default: public vs the private panel). */
  comparison?: ComparisonSpec;
}

export interface WrittenExport {
  file: string;
  sheets: string[];
}

/** A 0–100 rate as the 0–1 fraction a `0.0 %` cell wants. */
export const fraction = (rate: number | null | undefined): number | null => (rate === null || rate === undefined ? null : rate / 100);

const BANDS = [0, 50, 60, 70, 80, 90, 100];

/** Every group's row as the disclosure rule lets it be shown (withheld figures are null). */
function groupRows(db: Db, edition: number, level: Level, lang: Lang): DisclosedGroupScoreRow[] {
  return [
    ...disclosedGroupScores(db, { edition, kind: 'category', level, lang }),
    ...disclosedGroupScores(db, { edition, kind: 'sector', level, lang }),
    ...disclosedGroupScores(db, { edition, kind: 'edition', level, lang }),
  ];
}

function summarySheet(db: Db, edition: number, lang: Lang, L: Labels): TableSheet {
  const C = L.common;
  const T = L.tables;
  const overall = groupRows(db, edition, 'overall', lang);
  const headline = headlineIndicators(db, { edition, lang });
  const byItem = new Map<string, { pub?: IndicatorRow; priv?: IndicatorRow; label: string }>();
  for (const h of HEADLINE_INDICATORS) byItem.set(h.item, { label: h[lang] });
  for (const row of headline) {
    const entry = byItem.get(row.item) ?? { label: row.label };
    if (row.group === 'public') entry.pub = row;
    else if (row.group === 'prive') entry.priv = row;
    byItem.set(row.item, entry);
  }
  return {
    kind: 'table',
    name: T.sheets.summary,
    title: T.summaryTitle(edition),
    subtitle: [T.summarySub],
    freezeColumns: 2,
    columns: [
      { header: C.groupKind, kind: 'text' },
      { header: C.group, kind: 'text' },
      { header: C.participants, kind: 'int' },
      { header: C.audits, kind: 'int' },
      { header: C.observations, kind: 'int' },
      { header: C.pooledScore, kind: 'score', colorScale: true },
      { header: C.mean, kind: 'score', colorScale: true },
      { header: C.median, kind: 'score', colorScale: true },
      { header: C.min, kind: 'score' },
      { header: C.max, kind: 'score' },
    ],
    // Participants are the group's n: withheld with it for the smallest groups.
    rows: overall.map((g) => [C.kinds[g.groupKind], g.groupLabel, g.n === null ? null : g.structures, g.audits, g.observations, g.score, g.mean, g.median, g.min, g.max]),
    blocks: [{
      title: T.headlineTitle,
      columns: [
        { header: T.indicator, kind: 'text' },
        { header: T.item, kind: 'code' },
        { header: T.publicRate, kind: 'percent' },
        { header: T.publicAudits, kind: 'int' },
        { header: T.privateRate, kind: 'percent' },
        { header: T.privateAudits, kind: 'int' },
        { header: T.gap, kind: 'delta' },
      ],
      rows: [...byItem.entries()].map(([item, e]) => {
        const pub = e.pub?.rate ?? null;
        const priv = e.priv?.rate ?? null;
        return [e.label, item, fraction(pub), e.pub?.audits ?? 0, fraction(priv), e.priv?.audits ?? 0, pub !== null && priv !== null ? pub - priv : null];
      }),
      notes: [T.headlineNote],
    }],
  };
}

function winnersSheet(db: Db, edition: number, lang: Lang, L: Labels): TableSheet {
  const T = L.tables;
  const C = L.common;
  const rankings = new Map(categoryRankings(db, { edition, lang }).map((r) => [r.category, r]));
  return {
    kind: 'table',
    name: T.sheets.winners,
    title: T.winnersTitle(edition),
    columns: [
      { header: C.category, kind: 'text' },
      { header: T.winner, kind: 'text' },
      { header: T.winnerCode, kind: 'code' },
      { header: T.winnerScore, kind: 'score' },
      { header: C.participants, kind: 'int' },
      { header: T.runnerUpScore, kind: 'score' },
      { header: T.margin, kind: 'delta' },
      { header: T.decidedBy, kind: 'text' },
    ],
    rows: winners(db, { edition, lang }).map((w) => {
      // The runner-up's score is the category's second best: withheld with the winner's (same rule).
      const second = rankings.get(w.category)?.entries[1];
      const runnerUp = w.score === null ? null : second?.score ?? null;
      return [w.categoryLabel, w.name, w.structure, w.score, w.participants, runnerUp, runnerUp === null || w.score === null ? null : w.score - runnerUp,
        w.decidedBy ? T.rules[w.decidedBy] : null];
    }),
    notes: [T.tieBreak, T.winnersNote],
  };
}

function distributionSheet(db: Db, edition: number, lang: Lang, L: Labels): TableSheet {
  const T = L.tables;
  const C = L.common;
  const overall = groupRows(db, edition, 'overall', lang);
  // Band counts from the structures' own overall scores, as the analytics service gives them.
  const scores = editionScores(db, { edition, level: 'overall', lang });
  const bandOf = (score: number): number => {
    for (let b = BANDS.length - 2; b >= 0; b -= 1) if (score >= (BANDS[b] as number)) return b;
    return 0;
  };
  const counts = new Map<string, number[]>();
  const bump = (id: string, band: number): void => {
    const list = counts.get(id) ?? new Array<number>(BANDS.length - 1).fill(0);
    list[band] = (list[band] ?? 0) + 1;
    counts.set(id, list);
  };
  for (const s of scores) {
    if (s.score === null) continue;
    const band = bandOf(s.score);
    bump(`category:${s.category}`, band);
    bump(`sector:${s.sector}`, band);
    bump('edition:', band);
  }
  const bandColumns: ColumnSpec[] = BANDS.slice(0, -1).map((lo, i) => ({ header: T.band(lo, BANDS[i + 1] as number), kind: 'int' }));
  return {
    kind: 'table',
    name: T.sheets.distribution,
    title: T.distributionTitle(edition),
    subtitle: [T.distributionSub],
    freezeColumns: 2,
    columns: [
      { header: C.groupKind, kind: 'text' },
      { header: C.group, kind: 'text' },
      { header: C.n, kind: 'int' },
      { header: C.min, kind: 'score' },
      { header: C.q1, kind: 'score' },
      { header: C.median, kind: 'score', colorScale: true },
      { header: C.q3, kind: 'score' },
      { header: C.max, kind: 'score' },
      { header: C.mean, kind: 'score' },
      { header: T.iqr, kind: 'score' },
      { header: T.range, kind: 'score' },
      ...bandColumns,
    ],
    rows: overall.map((g) => {
      // Band counts are a coarse distribution: withheld with the quartiles.
      const bands = g.median === null && g.withheld.includes('median')
        ? new Array<null>(BANDS.length - 1).fill(null)
        : counts.get(`${g.groupKind}:${g.group}`) ?? new Array<number>(BANDS.length - 1).fill(0);
      return [C.kinds[g.groupKind], g.groupLabel, g.n, g.min, g.q1, g.median, g.q3, g.max, g.mean,
        g.q1 !== null && g.q3 !== null ? g.q3 - g.q1 : null, g.min !== null && g.max !== null ? g.max - g.min : null, ...bands];
    }),
  };
}

function trendsSheet(db: Db, edition: number, lang: Lang, L: Labels): TableSheet {
  const T = L.tables;
  const editions = editionsWithAudits(db).filter((e) => e <= edition);
  const rows: unknown[][] = [];
  for (const level of GROUP_LEVELS) {
    const result = trends(db, { scope: { kind: 'edition', code: '' }, level, editions, lang });
    rows.push(...trendRows(result, L, L.common.allStructures, true));
  }
  for (const ranking of categoryRankings(db, { edition, lang })) {
    const result = trends(db, { scope: { kind: 'category', code: ranking.category }, level: 'overall', editions, lang });
    if (result.series.length > 0) rows.push(...trendRows(result, L, ranking.categoryLabel, true));
  }
  return {
    kind: 'table',
    name: T.sheets.trends,
    title: T.trendsTitle,
    subtitle: [T.trendsSub],
    freezeColumns: 3,
    columns: trendColumns(editions, L, true),
    rows,
    notes: editions.length < 2 ? [T.trendsNone] : [],
  };
}

interface ImportRow {
  fileName: string;
  sha256: string;
  kind: string;
  edition: number | null;
  importedAt: string;
  rowsRead: number;
}

/**
 * The active imports behind the workbook: every file of every edition up to this one (the trends
 * read the earlier editions), and the referentials and structure lists without an edition.
 */
export function sourceImports(db: Db, edition: number): ImportRow[] {
  return db.prepare(`
    SELECT file_name AS fileName, sha256, kind, edition, imported_at AS importedAt, rows_read AS rowsRead
    FROM import WHERE status = 'active' AND (edition IS NULL OR edition <= ?)
    ORDER BY edition IS NULL DESC, edition, imported_at, id`).all(edition) as ImportRow[];
}

function methodSheet(db: Db, edition: number, lang: Lang, L: Labels, now: Date): SheetSpec {
  const M = L.tables.method;
  const report = completeness(db, { edition, lang });
  const completenessLines: string[] = [];
  if (report.auditCount.length > 0) completenessLines.push(M.auditCount(report.auditCount.length, report.expectedAudits));
  if (report.missingChannelsByStructure.length > 0) completenessLines.push(M.missingChannels(report.missingChannelsByStructure.length));
  if (report.channelsWithoutAudit.length > 0) completenessLines.push(M.channelsWithoutAudit(report.channelsWithoutAudit.map((c) => labelOf(CHANNELS, c, lang)).join(', ')));
  if (report.itemsNeverObserved.length > 0) {
    const codes = report.itemsNeverObserved.map((i) => i.item);
    completenessLines.push(M.itemsNeverObserved(codes.length, codes.slice(0, 40).join(', ') + (codes.length > 40 ? '…' : '')));
  }
  if (report.observationsOfUnknownItems.length > 0) {
    completenessLines.push(M.unknownItems(report.observationsOfUnknownItems.length, report.observationsOfUnknownItems.reduce((s, u) => s + u.observations, 0)));
  }
  if (completenessLines.length === 0) completenessLines.push(M.complete);
  else completenessLines.push(M.completenessNote);
  const imports = sourceImports(db, edition);
  const sections: NotesSection[] = [
    { heading: M.scoring, lines: [M.scoringText] },
    { heading: M.groups, lines: [M.groupsText] },
    { heading: M.quartiles, lines: [M.quartilesText] },
    { heading: M.rank, lines: [M.rankText] },
    { heading: M.tieBreak, lines: [L.tables.tieBreak] },
    { heading: M.indicators, lines: [M.indicatorsText] },
    { heading: M.trends, lines: [M.trendsText] },
    { heading: L.structure.confidentiality, lines: [L.common.disclosureRule(disclosureRule(db))] },
    ...englishSection(db, edition, lang, L),
    {
      heading: M.counts,
      lines: [
        { label: L.common.edition, value: edition, kind: 'code' },
        { label: M.structures, value: report.structures, kind: 'int' },
        { label: M.audits, value: report.audits, kind: 'int' },
        { label: M.observations, value: report.observations, kind: 'int' },
        { label: M.expected, value: report.expectedAudits, kind: 'int' },
      ],
    },
    { heading: M.completeness, lines: completenessLines },
    {
      heading: M.sources,
      lines: imports.length === 0 ? [M.noSources] : imports.map((i): NotesLine => ({
        label: i.fileName,
        value: `${M.sha} ${i.sha256}\n${M.sourceLine(M.kinds[i.kind] ?? i.kind, i.edition, i.rowsRead, formatImportDate(i.importedAt, lang))}`,
      })),
    },
    {
      heading: M.generated,
      lines: [
        { label: M.generatedOn, value: formatGenerated(now, lang) },
        { label: M.software, value: CREATOR },
      ],
    },
  ];
  return { kind: 'notes', name: L.tables.sheets.method, title: L.tables.methodTitle, subtitle: [L.tables.subject(edition)], sections };
}

/** With lang 'en': which labels of the referential had no English version (printed in French). */
function englishSection(db: Db, edition: number, lang: Lang, L: Labels): NotesSection[] {
  if (lang !== 'en') return [];
  const missing = missingEnglishLabels(db, edition);
  if (missing.length === 0) return [];
  return [{ heading: L.tables.translation, lines: [L.tables.englishMissing(missing.length, missing.join(', '))] }];
}

function formatImportDate(iso: string, lang: Lang): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : formatGenerated(date, lang);
}

/** The workbook description, without writing it (tests and the batch reuse it). */
export function barometerTablesSpec(db: Db, input: { edition: number; lang?: Lang; now?: Date; comparison?: ComparisonSpec }): WorkbookSpec {
  const lang = input.lang ?? 'fr';
  const L = labels(lang);
  const edition = resolveEdition(db, input.edition);
  const now = input.now ?? new Date();
  const S = L.tables.sheets;
  return {
    title: L.tables.title(edition),
    subject: L.tables.subject(edition),
    keywords: `${edition}`,
    lang,
    created: now,
    sheets: [
      keyMessagesSheet(db, edition, lang, L, now),
      summarySheet(db, edition, lang, L),
      winnersSheet(db, edition, lang, L),
      levelGridSheet(db, edition, lang, L, 'step', S.steps),
      levelGridSheet(db, edition, lang, L, 'channel', S.channels),
      levelGridSheet(db, edition, lang, L, 'determinant', S.determinants),
      levelDetailSheet(db, edition, lang, L, S.detail),
      distributionSheet(db, edition, lang, L),
      trendsSheet(db, edition, lang, L),
      comparisonSheet(db, edition, lang, input.comparison),
      methodSheet(db, edition, lang, L, now),
    ],
  };
}

/**
 * Writes the barometer tables of an edition to `outFile` (via a temporary file in the same folder,
 * renamed at the end: a reader never sees half a workbook).
 */
export async function writeBarometerTables(db: Db, input: BarometerTablesInput, options: WriteOptions = {}): Promise<WrittenExport> {
  const spec = barometerTablesSpec(db, input);
  return writeAtomically(input.outFile, (temp) => writeWorkbook(temp, spec, options));
}
