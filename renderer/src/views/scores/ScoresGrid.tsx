/**
 * The structures × levels grid of the Scores view: client-side row model (one edition has at most
 * ~2,000 structures), score cells tinted by the shared red → amber → green scale, the structure's
 * name a link to its Fiche structure. Rows and columns are both virtualised (only what the
 * viewport shows is in the DOM: 2,000 × 35 cells would be 70,000 elements); ag-grid keeps the
 * ARIA row and column counts and indexes, so a screen reader still knows where it is.
 */
import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef } from 'react';
import { createGrid } from 'ag-grid-community';
import type {
  CellClickedEvent, CellKeyDownEvent, CellStyle, ColDef, ColGroupDef, FullWidthCellKeyDownEvent, GetRowIdParams, GridApi, ICellRendererParams, ValueFormatterParams, ValueGetterParams,
} from 'ag-grid-community';
import type { Lang } from '../../../../shared/domain.js';
import { CATEGORIES, labelOf, SECTORS } from '../../../../shared/domain.js';
import { routeHref } from '../../state/router.js';
import { markOnce } from '../../perf.js';
import { followCellLinkOnEnter } from '../../components/grid/cell-links.js';
import { ensureGridModules, gridAnimations, gridKeyboard, gridLocaleText, gridTheme } from '../../components/grid/grid-setup.js';
import { scoreColor, SCORE_TEXT_COLOR } from '../../components/charts/score-scale.js';
import { formatScore } from '../analysis-common/format.js';
import type { ScoreColumn, ScoreGridRow } from './score-table.js';
import './scores.css';

// Column groups (steps, channels, determinants) need ag-grid directly: the app's DataGrid takes
// flat column lists. Theme, locale and modules are the app's, so the grid looks the same.
ensureGridModules();

/** The domain's order of categories, looked up once per code (the first sort compares ~20,000 pairs). */
const CATEGORY_ORDER = new Map<string, number>(CATEGORIES.map((c, index) => [c.code, index]));
function categoryOrder(code: string | undefined): number {
  return (code === undefined ? undefined : CATEGORY_ORDER.get(code)) ?? CATEGORIES.length;
}

export interface ScoresGridLabels {
  rank: string;
  structure: string;
  category: string;
  sector: string;
  audits: string;
  overall: string;
  steps: string;
  channels: string;
  determinants: string;
  openStructure: (name: string) => string;
  gridLabel: string;
}

interface Props {
  rows: ScoreGridRow[];
  columns: ScoreColumn[];
  visibleLevels: { step: boolean; channel: boolean; determinant: boolean };
  quickFilter: string;
  labels: ScoresGridLabels;
  lang: Lang;
  height: number;
  /** Opens the evidence behind a score cell (click, or Enter on the focused cell). */
  onOpenEvidence?: (structure: string, column: ScoreColumn) => void;
}

// Props given to ag-grid keep one identity across renders: a new object makes it redo work.
const DEFAULT_COL_DEF: ColDef<ScoreGridRow> = { sortable: true, resizable: true, suppressHeaderMenuButton: true };
/**
 * Each row shows the structure's name over its code (two lines, ScoresGrid's own CSS): fixed, so
 * ag-grid never measures a row. Rows drawn beyond the viewport on each side: fewer than ag-grid's
 * default 10, for a shorter first render (issue 11); scrolling draws the next ones as it goes.
 */
const ROW_HEIGHT = 44;
const ROW_BUFFER = 4;
const rowId = (p: GetRowIdParams<ScoreGridRow>): string => p.data.structure;

function scoreStyle(value: unknown): CellStyle {
  const color = typeof value === 'number' ? scoreColor(value) : null;
  return color
    ? { backgroundColor: color, color: SCORE_TEXT_COLOR, textAlign: 'right', fontVariantNumeric: 'tabular-nums' }
    : { textAlign: 'right', color: '#5b6779' };
}

/**
 * The structure's name and code, a link to its Fiche. Plain DOM, not a React component: a visible
 * row costs no React root, and the first rows show sooner (issue 11).
 */
function structureCell(openLabel: (name: string) => string): (params: ICellRendererParams<ScoreGridRow>) => HTMLElement | string {
  return (params) => {
    const row = params.data;
    if (!row) return '';
    const link = document.createElement('a');
    link.className = 'bx-grid-link';
    link.href = routeHref('structure', row.structure);
    link.title = openLabel(row.name);
    link.tabIndex = -1;
    const name = document.createElement('span');
    name.className = 'bx-grid-link__name';
    name.textContent = row.name;
    const code = document.createElement('span');
    code.className = 'bx-grid-link__code';
    code.textContent = row.structure;
    link.append(name, code);
    return link;
  };
}

/** Memoised: the view re-renders as each of its other answers arrives; the grid need not. */
export const ScoresGrid = memo(function ScoresGrid({ rows, columns, visibleLevels, quickFilter, labels, lang, height, onOpenEvidence }: Props): React.JSX.Element {
  const hostRef = useRef<HTMLDivElement>(null);
  const apiRef = useRef<GridApi<ScoreGridRow> | null>(null);
  // Determinant columns switched on are scrolled into view once they arrive (they come last, past
  // the right edge): the analyst sees what was asked for; switched off, the grid goes back to its
  // first columns rather than staying scrolled where they were.
  const firstDeterminant = visibleLevels.determinant ? columns.find((c) => c.level === 'determinant')?.field ?? null : null;
  const shownDeterminants = useRef(false);
  useEffect(() => {
    const target = firstDeterminant ?? (shownDeterminants.current ? 'category' : null);
    shownDeterminants.current = firstDeterminant !== null;
    if (!target) return undefined;
    // After ag-grid has taken the new column definitions (applied in its own effects).
    const timer = window.setTimeout(() => apiRef.current?.ensureColumnVisible(target, 'start'), 0);
    return () => window.clearTimeout(timer);
  }, [firstDeterminant]);
  const columnDefs = useMemo<Array<ColDef<ScoreGridRow> | ColGroupDef<ScoreGridRow>>>(() => {
    const scoreCol = (column: ScoreColumn, width: number): ColDef<ScoreGridRow> => ({
      colId: column.field,
      headerName: column.label,
      headerTooltip: column.label,
      valueGetter: (p: ValueGetterParams<ScoreGridRow>) => p.data?.scores[column.field] ?? null,
      valueFormatter: (p: ValueFormatterParams<ScoreGridRow>) => formatScore(p.value as number | null, lang),
      cellStyle: (p) => scoreStyle(p.value),
      type: 'numericColumn',
      width,
      minWidth: 74,
      sortingOrder: ['desc', 'asc', null],
      comparator: (a: number | null, b: number | null) => (a ?? -1) - (b ?? -1),
      cellClass: 'bx-evidence-cell',
    });
    const group = (level: ScoreColumn['level'], headerName: string): ColGroupDef<ScoreGridRow> => ({
      headerName,
      groupId: level,
      children: columns.filter((c) => c.level === level).map((c) => scoreCol(c, level === 'determinant' ? 118 : 112)),
    });
    const overall = columns.find((c) => c.level === 'overall');
    const defs: Array<ColDef<ScoreGridRow> | ColGroupDef<ScoreGridRow>> = [
      {
        colId: 'rank',
        headerName: labels.rank,
        field: 'position',
        valueFormatter: (p) => (p.data?.position ? `${p.data.position} / ${p.data.rankedIn ?? '?'}` : '—'),
        comparator: (a: number | null, b: number | null) => (a ?? 1e9) - (b ?? 1e9),
        // The grid opens sorted by category, then rank in it (set on the columns, not through
        // initialState: a column state applied after the columns are built redraws their headers).
        initialSort: 'asc',
        initialSortIndex: 1,
        width: 104,
        pinned: 'left',
        cellClass: 'bx-num',
      },
      {
        colId: 'structure',
        headerName: labels.structure,
        field: 'name',
        getQuickFilterText: (p) => `${p.data?.name ?? ''} ${p.data?.structure ?? ''}`,
        cellRenderer: structureCell(labels.openStructure),
        width: 270,
        pinned: 'left',
      },
      {
        colId: 'category',
        headerName: labels.category,
        field: 'categoryLabel',
        initialSort: 'asc',
        initialSortIndex: 0,
        width: 210,
        // The domain's order of categories (big cities first, private panel last), not alphabetical.
        comparator: (_a: unknown, _b: unknown, na, nb) => categoryOrder(na.data?.category) - categoryOrder(nb.data?.category),
      },
      {
        colId: 'sector',
        headerName: labels.sector,
        valueGetter: (p) => (p.data ? labelOf(SECTORS, p.data.sector, lang) : ''),
        width: 96,
      },
      { colId: 'audits', headerName: labels.audits, field: 'audits', type: 'numericColumn', width: 90 },
    ];
    if (overall) defs.push({ ...scoreCol(overall, 104), headerName: labels.overall, cellClass: ['bx-strong', 'bx-evidence-cell'] });
    if (visibleLevels.step) defs.push(group('step', labels.steps));
    if (visibleLevels.channel) defs.push(group('channel', labels.channels));
    if (visibleLevels.determinant) defs.push(group('determinant', labels.determinants));
    return defs;
  }, [columns, visibleLevels, labels, lang]);

  // A score cell opens its evidence (a cell without a score has none); Enter on another cell
  // follows its link. Read through refs so the handlers given to ag-grid keep one identity.
  const evidenceRef = useRef({ columns, onOpenEvidence });
  evidenceRef.current = { columns, onOpenEvidence };
  const evidenceOf = useCallback((colId: string | undefined, row: ScoreGridRow | undefined): (() => void) | null => {
    const { columns: current, onOpenEvidence: open } = evidenceRef.current;
    const column = colId ? current.find((c) => c.field === colId) : undefined;
    if (!open || !column || !row || typeof row.scores[column.field] !== 'number') return null;
    return () => open(row.structure, column);
  }, []);
  const onCellClicked = useCallback((event: CellClickedEvent<ScoreGridRow>): void => {
    evidenceOf(event.column.getColId(), event.data)?.();
  }, [evidenceOf]);
  const onCellKeyDown = useCallback((event: CellKeyDownEvent<ScoreGridRow> | FullWidthCellKeyDownEvent<ScoreGridRow>): void => {
    const keyboard = event.event as KeyboardEvent | null | undefined;
    const plainEnter = keyboard?.key === 'Enter' && !keyboard.ctrlKey && !keyboard.altKey && !keyboard.metaKey;
    const open = plainEnter && 'column' in event ? evidenceOf(event.column.getColId(), event.data) : null;
    if (!open) {
      followCellLinkOnEnter(event);
      return;
    }
    keyboard?.preventDefault();
    open();
  }, [evidenceOf]);

  // ag-grid itself, without its React layer (ag-grid-react draws every row and cell as React
  // components, on the path between the data and the first rows, issue 11). Created once per language
  // (its widget texts are read at creation), then given the new rows, columns and search as they
  // change; destroyed with the view. In a layout effect: the grid's rows are in the same first
  // paint as the rest of the view (a passive effect ran after it: two layouts and paints, issue 11).
  const latest = useRef({ rows, columnDefs, quickFilter });
  latest.current = { rows, columnDefs, quickFilter };
  const shown = useRef(latest.current);
  useLayoutEffect(() => {
    const host = hostRef.current;
    if (!host) return undefined;
    const current = latest.current;
    shown.current = current;
    const api = createGrid<ScoreGridRow>(host, {
      theme: gridTheme,
      localeText: gridLocaleText(lang),
      rowData: current.rows,
      columnDefs: current.columnDefs,
      getRowId: rowId,
      quickFilterText: current.quickFilter,
      defaultColDef: DEFAULT_COL_DEF,
      rowHeight: ROW_HEIGHT,
      rowBuffer: ROW_BUFFER,
      suppressCellFocus: false,
      animateRows: gridAnimations(),
      enableCellTextSelection: true,
      ensureDomOrder: true,
      ...gridKeyboard,
      onCellKeyDown,
      onCellClicked,
      onFirstDataRendered,
    });
    apiRef.current = api;
    return () => {
      apiRef.current = null;
      api.destroy();
    };
  }, [lang, onCellKeyDown, onCellClicked]);
  useLayoutEffect(() => {
    const api = apiRef.current;
    const current = shown.current;
    if (!api) return;
    // Each option set only when it changed: the grid redoes its work for any new value.
    if (current.columnDefs !== columnDefs) api.setGridOption('columnDefs', columnDefs);
    if (current.rows !== rows) api.setGridOption('rowData', rows);
    if (current.quickFilter !== quickFilter) api.setGridOption('quickFilterText', quickFilter);
    shown.current = { rows, columnDefs, quickFilter };
  }, [rows, columnDefs, quickFilter]);

  return (
    <div className="bx-grid bx-scores-grid" style={{ height }} role="region" aria-label={labels.gridLabel}>
      <div ref={hostRef} style={{ height: '100%' }} />
    </div>
  );
});

/** A milestone of the Scores view's load for the UI bench (renderer/src/perf.ts). */
function onFirstDataRendered(): void {
  markOnce('scores-grid-rendered');
}
