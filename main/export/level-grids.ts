/**
 * The Étapes, Canaux and Déterminants sheets of the barometer tables as grids a reader takes in at
 * a glance: categories, sectors and the whole edition against steps or channels, and
 * determinants against the groups (twenty determinants as columns would not print readably, so
 * that grid is turned: one row per determinant, best first). A cell is the group's pooled score as
 * the disclosure rule lets it be shown: "—" when withheld, empty without any applicable
 * observation. The n, mean, median and quartiles behind each cell are in the detail sheet.
 */
import type { Db } from '../db/connection.js';
import type { Lang } from '../../shared/domain.js';
import type { DisclosedGroupScoreRow } from '../../shared/analytics-types.js';
import { disclosedGroupScores, disclosureRule } from '../analytics/index.js';
import type { ColumnSpec, TableSheet } from './workbook-kit.js';
import type { Labels } from './labels.js';

export type GridLevel = 'step' | 'channel' | 'determinant';

/** Printed in a grid cell whose score the disclosure rule withholds. */
export const WITHHELD = '—';

/** Rows of every group at a level, in the sheet's order: categories, sectors, the whole edition. */
export function disclosedLevelRows(db: Db, edition: number, level: GridLevel | 'overall', lang: Lang): DisclosedGroupScoreRow[] {
  return [
    ...disclosedGroupScores(db, { edition, kind: 'category', level, lang }),
    ...disclosedGroupScores(db, { edition, kind: 'sector', level, lang }),
    ...disclosedGroupScores(db, { edition, kind: 'edition', level, lang }),
  ];
}

/** The cell of a grid: the score, "—" when withheld, null when there is nothing to score. */
export function gridCell(g: DisclosedGroupScoreRow | undefined): number | string | null {
  if (!g) return null;
  if (g.score === null && g.withheld.includes('score')) return WITHHELD;
  return g.score;
}

/** How a group is named in a grid: its category, "Secteur public", or "Ensemble". */
export function groupName(g: DisclosedGroupScoreRow, L: Labels): string {
  if (g.groupKind === 'sector') return L.tables.grid.sectorRow(g.groupLabel);
  if (g.groupKind === 'edition') return L.common.kinds.edition ?? g.groupLabel;
  return g.groupLabel;
}

const groupId = (g: DisclosedGroupScoreRow): string => `${g.groupKind}:${g.group}`;

/** A column at least `min` wide and wide enough for the longest word of its (bold, wrapped) header. */
const headerFit = (header: string, min: number): number => Math.max(min, ...header.split(/\s+/).map((w) => Math.ceil(w.length * 1.15) + 2));

export function levelGridSheet(db: Db, edition: number, lang: Lang, L: Labels, level: GridLevel, name: string): TableSheet {
  const T = L.tables;
  const rows = disclosedLevelRows(db, edition, level, lang);
  // Keys and groups in the service's order (steps and channels in domain order).
  const keys = new Map<string, string>();
  const groups = new Map<string, DisclosedGroupScoreRow>();
  const cells = new Map<string, DisclosedGroupScoreRow>();
  for (const g of rows) {
    if (!keys.has(g.key)) keys.set(g.key, g.label);
    if (!groups.has(groupId(g))) groups.set(groupId(g), g);
    cells.set(`${groupId(g)}|${g.key}`, g);
  }
  const anyWithheld = rows.some((g) => g.score === null && g.withheld.includes('score'));
  const notes = anyWithheld ? [T.grid.withheld(disclosureRule(db).meanMinOthers)] : [];
  const what = T.levelWhat[level] ?? level;
  const groupList = [...groups.values()];

  if (level === 'determinant') {
    // One row per determinant, the best-rated over the whole edition first.
    const whole = groupList.find((g) => g.groupKind === 'edition');
    const wholeScore = (key: string): number => (whole ? cells.get(`${groupId(whole)}|${key}`)?.score ?? -1 : -1);
    const ordered = [...keys.entries()].sort((a, b) => wholeScore(b[0]) - wholeScore(a[0]) || a[1].localeCompare(b[1]));
    return {
      kind: 'table',
      name,
      title: T.grid.title(what, edition),
      subtitle: [T.grid.subtitle, T.grid.determinantSub],
      freezeColumns: 1,
      sharedColorScale: true,
      columns: [
        { header: L.common.levels.determinant ?? level, kind: 'text', width: 42 },
        ...groupList.map((g): ColumnSpec => ({ header: groupName(g, L), kind: 'score', colorScale: true, width: headerFit(groupName(g, L), 13) })),
      ],
      rows: ordered.map(([key, label]) => [label, ...groupList.map((g) => gridCell(cells.get(`${groupId(g)}|${key}`)))]),
      notes,
    };
  }
  return {
    kind: 'table',
    name,
    title: T.grid.title(what, edition),
    subtitle: [T.grid.subtitle],
    freezeColumns: 1,
    sharedColorScale: true,
    columns: [
      { header: T.grid.group, kind: 'text', width: 38 },
      ...[...keys.values()].map((label): ColumnSpec => ({ header: label, kind: 'score', colorScale: true, width: headerFit(label, level === 'step' ? 18 : 14) })),
    ],
    rows: groupList.map((g) => [groupName(g, L), ...[...keys.keys()].map((key) => gridCell(cells.get(`${groupId(g)}|${key}`)))]),
    boldRows: groupList.map((g, i) => (g.groupKind === 'edition' ? i : -1)).filter((i) => i >= 0),
    notes,
  };
}

/** Every cell of the three grids with what stands behind it: the group's n, mean, median, quartiles, min and max. */
export function levelDetailSheet(db: Db, edition: number, lang: Lang, L: Labels, name: string): TableSheet {
  const T = L.tables;
  const C = L.common;
  const rows: unknown[][] = [];
  for (const level of ['step', 'channel', 'determinant'] as const) {
    for (const g of disclosedLevelRows(db, edition, level, lang)) {
      rows.push([C.levels[level] ?? level, C.kinds[g.groupKind], groupName(g, L), g.label, gridCell(g), g.n, g.mean, g.median, g.q1, g.q3, g.min, g.max]);
    }
  }
  return {
    kind: 'table',
    name,
    title: T.grid.detailTitle,
    subtitle: [T.levelSub],
    freezeColumns: 4,
    columns: [
      { header: C.level, kind: 'text' },
      { header: C.groupKind, kind: 'text' },
      { header: C.group, kind: 'text' },
      { header: C.label, kind: 'text' },
      { header: C.pooledScore, kind: 'score' },
      { header: C.n, kind: 'int' },
      { header: C.mean, kind: 'score' },
      { header: C.median, kind: 'score' },
      { header: C.q1, kind: 'score' },
      { header: C.q3, kind: 'score' },
      { header: C.min, kind: 'score' },
      { header: C.max, kind: 'score' },
    ],
    rows,
    notes: [C.disclosureRule(disclosureRule(db))],
  };
}
