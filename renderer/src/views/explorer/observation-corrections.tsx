/**
 * Corrections in the Explorer's observations grid: the answer, measure and comment cells become
 * editable with ag-grid community editors (a select of the three answers, a number editor for the
 * measure of a threshold item, a large text editor for the comment). The grid never writes a value
 * itself (`readOnlyEdit`): a committed edit opens the reason dialog, the API corrects the
 * observation, the blocks are fetched again. A « corrigé » marker shows values that come from a
 * correction; the history panel below lists the corrections of the focused row, its audit, its
 * structure or this session.
 */
import { useCallback, useMemo, useRef, useState } from 'react';
import type { CellEditRequestEvent, CellFocusedEvent, ColDef, GridApi, ICellRendererParams } from 'ag-grid-community';
import type { ObservationRow } from '../../../../shared/api-types.js';
import type { ObservationCellState } from '../../../../shared/correction-types.js';
import { fetchCellStates, type CorrectionScope, useCorrectionSession } from '../../api/queries/corrections.js';
import type { Block, BlockRequest } from '../../components/grid/index.js';
import { ReasonDialog, type PendingCorrection } from '../corrections/ReasonDialog.js';
import { CorrectionHistory } from '../corrections/CorrectionHistory.js';
import { ANSWER_CHOICES, answerLabel, answerWordOf } from '../corrections/correction-values.js';
import { useClientMode } from '../../state/client-mode.js';
import { useI18n } from '../../i18n/index.js';

const keyOf = (auditId: number, itemCode: string): string => `${auditId}\u0000${itemCode}`;
type Scope = 'row' | 'audit' | 'structure' | 'session';
type Editable = 'compliant' | 'measure' | 'comment';
const FIELD_OF: Record<Editable, PendingCorrection['field']> = { compliant: 'answer', measure: 'measure', comment: 'comment' };

function Marker({ label, title }: { label: string; title: string }): React.JSX.Element {
  return <span className="corrected-mark" title={title} data-testid="corrected-mark">{label}</span>;
}

export interface ObservationCorrections {
  /** Wraps the block fetcher: each block also brings its rows' cell states. */
  wrapFetch: (fetch: (request: BlockRequest) => Promise<Block<ObservationRow>>) => (request: BlockRequest) => Promise<Block<ObservationRow>>;
  decorate: (defs: ColDef<ObservationRow>[]) => ColDef<ObservationRow>[];
  onApiReady: (api: GridApi<ObservationRow>) => void;
  /** The reason dialog (when an edit is pending) and the history panel. */
  elements: React.JSX.Element;
}

export function useObservationCorrections(): ObservationCorrections {
  const { t } = useI18n();
  const { clientMode } = useClientMode();
  const states = useRef(new Map<string, ObservationCellState>());
  const apiRef = useRef<GridApi<ObservationRow> | null>(null);
  const [pending, setPending] = useState<PendingCorrection | null>(null);
  const [focused, setFocused] = useState<ObservationRow | null>(null);
  const [scope, setScope] = useState<Scope>('row');
  const session = useCorrectionSession();

  const stateOf = (row: ObservationRow | undefined): ObservationCellState | undefined => (row ? states.current.get(keyOf(row.auditId, row.itemCode)) : undefined);

  const wrapFetch = useCallback((fetch: (request: BlockRequest) => Promise<Block<ObservationRow>>) => async (request: BlockRequest): Promise<Block<ObservationRow>> => {
    const block = await fetch(request);
    try {
      for (const state of await fetchCellStates(block.rows.map((r) => ({ auditId: r.auditId, itemCode: r.itemCode })))) {
        states.current.set(keyOf(state.auditId, state.itemCode), state);
      }
    } catch {
      // Without the states the rows still show; their cells simply cannot be edited.
    }
    return block;
  }, []);

  const onEditRef = useRef<(event: CellEditRequestEvent<ObservationRow>) => void>(() => undefined);
  onEditRef.current = (event) => {
    const row = event.data;
    const column = event.column.getColId() as Editable;
    if (!row || !(column in FIELD_OF)) return;
    const base = { auditId: row.auditId, auditReference: row.reference, itemCode: row.itemCode, field: FIELD_OF[column] };
    if (column === 'compliant') {
      const word = String(event.newValue ?? '');
      const before = answerWordOf(row.compliant);
      if (word === '' || word === before) return;
      setPending({ ...base, before, after: word, input: { answer: word } });
    } else if (column === 'measure') {
      const value = typeof event.newValue === 'number' ? event.newValue : event.newValue === null || event.newValue === undefined || event.newValue === '' ? null : Number(event.newValue);
      if (value === null || !Number.isFinite(value) || value === row.measure) return;
      setPending({ ...base, before: row.measure === null ? null : String(row.measure), after: String(value), input: { measure: value } });
    } else {
      const text = String(event.newValue ?? '').trim();
      const after = text === '' ? null : text;
      if (after === (row.comment ?? null)) return;
      setPending({ ...base, before: row.comment, after, input: { comment: after } });
    }
  };

  const onApiReady = useCallback((api: GridApi<ObservationRow>) => {
    apiRef.current = api;
    api.setGridOption('readOnlyEdit', true);
    api.addEventListener('cellEditRequest', (event: CellEditRequestEvent<ObservationRow>) => onEditRef.current(event));
    api.addEventListener('cellFocused', (event: CellFocusedEvent<ObservationRow>) => {
      if (event.rowIndex === null || event.rowIndex === undefined || event.rowPinned) return;
      const row = api.getDisplayedRowAtIndex(event.rowIndex)?.data;
      if (row) setFocused(row);
    });
  }, []);

  const markerTitle = t('corrections.correctedTitle');
  const decorate = useCallback((defs: ColDef<ObservationRow>[]): ColDef<ObservationRow>[] => defs.map((def) => {
    const id = def.colId as Editable | undefined;
    if (id !== 'compliant' && id !== 'measure' && id !== 'comment') return def;
    const field = FIELD_OF[id];
    const isCorrected = (row: ObservationRow | undefined): boolean => stateOf(row)?.corrected.includes(field) ?? false;
    const inner = def.cellRenderer as ((p: ICellRendererParams<ObservationRow>) => React.ReactNode) | undefined;
    const renderer = (p: ICellRendererParams<ObservationRow>): React.JSX.Element => (
      <>
        {inner ? inner(p) : <span>{p.valueFormatted ?? (p.value as string | null | undefined) ?? ''}</span>}
        {isCorrected(p.data) && <Marker label={t('corrections.corrected')} title={markerTitle} />}
      </>
    );
    const common: ColDef<ObservationRow> = { ...def, cellRenderer: renderer, cellClassRules: { 'cell-corrected': (p) => isCorrected(p.data) } };
    if (id === 'compliant') {
      return {
        ...common,
        // Room for the answer and its « corrigé » marker.
        width: Math.max(def.width ?? 0, 190),
        // The editor works on the three answers in words, which the API takes as they are.
        valueGetter: (p) => (p.data ? answerWordOf(p.data.compliant) : undefined),
        // Also formats the editor's list, where there is no row: the value alone decides.
        valueFormatter: (p) => (p.value === null || p.value === undefined ? '' : answerLabel(String(p.value), t)),
        editable: (p) => (stateOf(p.data)?.answerType ?? null) !== null,
        cellEditor: 'agSelectCellEditor',
        cellEditorParams: { values: [...ANSWER_CHOICES] },
      };
    }
    if (id === 'measure') {
      return {
        ...common,
        width: Math.max(def.width ?? 0, 140),
        editable: (p) => (stateOf(p.data)?.answerType ?? 'oui-non').startsWith('seuil'),
        cellEditor: 'agNumberCellEditor',
        cellEditorParams: { min: 0, precision: 3, showStepperButtons: false },
      };
    }
    return {
      ...common,
      // In client mode comments are masked on screen: editing would reveal them.
      editable: () => !clientMode,
      cellEditor: 'agLargeTextCellEditor',
      cellEditorPopup: true,
      cellEditorParams: { maxLength: 10_000, rows: 6, cols: 50 },
    };
  // eslint-disable-next-line react-hooks/exhaustive-deps
  }), [t, clientMode]);

  const historyScope = useMemo<CorrectionScope | null>(() => {
    if (scope === 'session') return session.data ? { sessionId: session.data.sessionId } : null;
    if (!focused) return null;
    if (scope === 'row') return { auditId: focused.auditId, itemCode: focused.itemCode };
    if (scope === 'audit') return { auditId: focused.auditId };
    return { structureCode: focused.structureCode, edition: focused.edition };
  }, [scope, focused, session.data]);

  const refreshGrid = (): void => {
    apiRef.current?.refreshInfiniteCache();
  };

  const scopes: Array<[Scope, string]> = [['row', t('corrections.historyScopeRow')], ['audit', t('corrections.historyScopeAudit')], ['structure', t('corrections.historyScopeStructure')], ['session', t('corrections.historyScopeSession')]];
  const elements = (
    <>
      <div className="explorer-corrections">
        <CorrectionHistory
          scope={historyScope}
          onUndone={refreshGrid}
          emptyHint={t('corrections.historyPickRow')}
          toolbar={(
            <div className="explorer-corrections__scope" role="radiogroup" aria-label={t('corrections.historyScopeLabel')}>
              {scopes.map(([value, label]) => (
                <label key={value} className="explorer-corrections__option">
                  <input type="radio" name="correction-scope" value={value} checked={scope === value} onChange={() => setScope(value)} />
                  {label}
                </label>
              ))}
              {focused && scope !== 'session' && <span className="subtle">· {focused.reference} · {focused.itemCode} · {focused.structureName}</span>}
            </div>
          )}
        />
      </div>
      {pending && (
        <ReasonDialog
          pending={pending}
          onCancel={() => setPending(null)}
          onDone={() => {
            setPending(null);
            refreshGrid();
          }}
        />
      )}
    </>
  );
  return { wrapFetch, decorate, onApiReady, elements };
}
