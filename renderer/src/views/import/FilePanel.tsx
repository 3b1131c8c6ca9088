/**
 * One file of the batch: upload status, what the detector found (kind, layout, sheet, header
 * row, edition), the editable column mapping (header → field), presets to apply or save.
 * Every edit re-runs the detection with the user's mapping so the panel always shows what the
 * import will really do.
 */
import { useId, useState } from 'react';
import type { ColumnMapping, Field, FileKind, Layout } from '../../../../shared/columns.js';
import type { FileDetection } from '../../../../shared/import-types.js';
import type { ApiError } from '../../api/client.js';
import { useDetection } from '../../api/queries/imports.js';
import { usePresets, useSavePreset } from '../../api/queries/presets.js';
import { Banner, ErrorBanner, Skeleton } from '../../components/states/index.js';
import { Icon } from '../../components/ui/Icon.js';
import { useI18n } from '../../i18n/index.js';
import { KINDS, LAYOUTS, fieldLabel, fieldOptions, kindLabel, layoutLabel } from './labels.js';

export interface PendingFile {
  key: string;
  name: string;
  size: number;
  status: 'staging' | 'ready' | 'error';
  path: string | null;
  error: ApiError | null;
  /** The user's overrides (null: use what the detector finds). */
  mapping: ColumnMapping | null;
}

function baseMapping(file: PendingFile, detection: FileDetection | undefined): ColumnMapping {
  return file.mapping ?? detection?.mapping ?? {};
}

export function FilePanel({ file, onMapping, onRemove, disabled, defaultExpanded = true }: {
  file: PendingFile;
  /** Panels start folded in a large batch, except the first one and those with missing fields. */
  defaultExpanded?: boolean;
  onMapping: (mapping: ColumnMapping | null) => void;
  onRemove: () => void;
  disabled: boolean;
}): React.JSX.Element {
  const { t, fmt } = useI18n();
  const detection = useDetection(file.path, file.mapping);
  const data = detection.data;
  const [expandedByUser, setExpanded] = useState<boolean | null>(null);
  const expanded = expandedByUser ?? (defaultExpanded || (data?.missingFields.length ?? 0) > 0 || file.status === 'error' || detection.isError);
  const panelId = useId();

  const edit = (patch: Partial<ColumnMapping>): void => onMapping({ ...baseMapping(file, data), ...patch });
  const setColumn = (header: string, field: Field | null): void => {
    const base = baseMapping(file, data);
    onMapping({ ...base, columns: { ...(base.columns ?? {}), [header]: field } });
  };

  const statusBadge = file.status === 'staging' ? <span className="badge badge-neutral">{t('import.staging')}</span>
    : file.status === 'error' ? <span className="badge badge-danger">{t('import.status.refused')}</span>
    : detection.isFetching && !data ? <span className="badge badge-neutral">{t('import.detecting')}</span>
    : data ? <span className="badge badge-teal" data-testid="detected-kind">{kindLabel(t, data.kind)}</span> : null;

  return (
    <section className="file-panel" aria-labelledby={`${panelId}-title`} data-testid="file-panel" data-file={file.name}>
      <div className="file-panel-head">
        <button
          type="button"
          className="file-panel-toggle"
          aria-expanded={expanded}
          aria-controls={`${panelId}-body`}
          onClick={() => setExpanded(!expanded)}
          id={`${panelId}-title`}
        >
          <Icon name={expanded ? 'chevronDown' : 'chevronRight'} size={16} />
          <span className="file-name">{file.name}</span>
          {file.size > 0 && <span className="subtle">{fmt.bytes(file.size)}</span>}
        </button>
        {statusBadge}
        {data && <span className="badge badge-neutral">{layoutLabel(t, data.layout)}</span>}
        {data && <span className="badge badge-neutral">{data.format.toUpperCase()}</span>}
        <div className="grow" />
        <button type="button" className="btn btn-sm btn-ghost btn-icon" onClick={onRemove} disabled={disabled} aria-label={t('import.remove', { name: file.name })} title={t('import.remove', { name: file.name })}>
          <Icon name="close" size={16} />
        </button>
      </div>
      {expanded && (
        <div className="file-panel-body" id={`${panelId}-body`}>
          {file.status === 'error' && file.error && <ErrorBanner error={file.error} />}
          {file.status === 'staging' && <Skeleton lines={2} />}
          {detection.isError && <ErrorBanner error={detection.error} onRetry={() => void detection.refetch()} />}
          {file.status === 'ready' && detection.isPending && <Skeleton lines={4} />}
          {data && (
            <>
              <DetectionFields detection={data} disabled={disabled} onEdit={edit} />
              {data.missingFields.length > 0 && (
                <Banner tone="warning" testId="missing-fields">{t('import.missingFields', { fields: data.missingFields.map((f) => fieldLabel(t, f)).join(', ') })}</Banner>
              )}
              <PresetBar mapping={data.mapping} disabled={disabled} onApply={(mapping) => onMapping(mapping)} onReset={() => onMapping(null)} customised={file.mapping !== null} />
              <MappingTable detection={data} disabled={disabled} onChange={setColumn} />
            </>
          )}
        </div>
      )}
    </section>
  );
}

function DetectionFields({ detection, disabled, onEdit }: { detection: FileDetection; disabled: boolean; onEdit: (patch: Partial<ColumnMapping>) => void }): React.JSX.Element {
  const { t } = useI18n();
  const ids = { kind: useId(), layout: useId(), sheet: useId(), header: useId(), edition: useId() };
  return (
    <div className="detection-fields">
      <div className="field">
        <label className="field-label" htmlFor={ids.kind}>{t('import.kind')}</label>
        <select id={ids.kind} className="select select-sm" value={detection.kind} disabled={disabled} onChange={(e) => onEdit({ kind: e.target.value as FileKind })}>
          {KINDS.map((kind) => <option key={kind} value={kind}>{kindLabel(t, kind)}</option>)}
        </select>
      </div>
      <div className="field">
        <label className="field-label" htmlFor={ids.layout}>{t('import.layout')}</label>
        <select id={ids.layout} className="select select-sm" value={detection.layout} disabled={disabled} onChange={(e) => onEdit({ layout: e.target.value as Layout })}>
          {LAYOUTS.map((layout) => <option key={layout} value={layout}>{layoutLabel(t, layout)}</option>)}
        </select>
      </div>
      <div className="field">
        <label className="field-label" htmlFor={ids.sheet}>{t('import.sheet')}</label>
        <select id={ids.sheet} className="select select-sm" value={detection.sheet} disabled={disabled || detection.sheets.length < 2} onChange={(e) => onEdit({ sheet: e.target.value })}>
          {detection.sheets.map((sheet) => <option key={sheet} value={sheet}>{sheet}</option>)}
        </select>
      </div>
      <div className="field">
        <label className="field-label" htmlFor={ids.header}>{t('import.headerRow')}</label>
        <input
          id={ids.header}
          className="input input-sm"
          type="number"
          min={1}
          max={1000}
          defaultValue={detection.headerRow}
          key={detection.headerRow}
          disabled={disabled}
          onBlur={(e) => {
            const value = Number(e.target.value);
            if (Number.isInteger(value) && value >= 1 && value !== detection.headerRow) onEdit({ headerRow: value });
          }}
        />
      </div>
      <div className="field">
        <label className="field-label" htmlFor={ids.edition}>{t('import.edition')}</label>
        <input
          id={ids.edition}
          className="input input-sm"
          type="number"
          min={1990}
          max={2100}
          placeholder={t('import.editionAuto')}
          defaultValue={detection.edition ?? ''}
          key={detection.edition ?? 'auto'}
          disabled={disabled}
          onBlur={(e) => {
            const raw = e.target.value.trim();
            const value = Number(raw);
            if (raw === '' && detection.edition !== null) onEdit({ edition: undefined });
            else if (Number.isInteger(value) && value >= 1990 && value <= 2100 && value !== detection.edition) onEdit({ edition: value });
          }}
        />
      </div>
      {detection.encoding && (
        <div className="field">
          <span className="field-label">{t('import.encoding')}</span>
          <span className="detection-value">{detection.encoding}{detection.separator ? ` · « ${detection.separator} »` : ''}</span>
        </div>
      )}
    </div>
  );
}

function PresetBar({ mapping, disabled, onApply, onReset, customised }: {
  mapping: ColumnMapping;
  disabled: boolean;
  onApply: (mapping: ColumnMapping) => void;
  onReset: () => void;
  customised: boolean;
}): React.JSX.Element {
  const { t } = useI18n();
  const presets = usePresets();
  const save = useSavePreset();
  const [chosen, setChosen] = useState('');
  const [name, setName] = useState('');
  const selectId = useId();
  const nameId = useId();
  const list = presets.data ?? [];

  return (
    <div className="preset-bar">
      <div className="field">
        <label className="field-label" htmlFor={selectId}>{t('import.preset')}</label>
        <div className="row" style={{ gap: 6, flexWrap: 'nowrap' }}>
          <select
            id={selectId}
            className="select select-sm"
            value={chosen}
            disabled={disabled}
            onChange={(e) => {
              const value = e.target.value;
              setChosen(value);
              if (value === '') onReset();
              else {
                const preset = list.find((p) => p.name === value);
                if (preset) onApply(preset.mapping);
              }
            }}
            data-testid="preset-select"
          >
            <option value="">{t('import.presetNone')}</option>
            {list.map((preset) => <option key={preset.name} value={preset.name}>{preset.name}</option>)}
          </select>
          {customised && chosen === '' && (
            <button type="button" className="btn btn-sm btn-ghost" onClick={onReset} disabled={disabled}>{t('common.reset')}</button>
          )}
        </div>
      </div>
      <form
        className="field"
        onSubmit={(event) => {
          event.preventDefault();
          const trimmed = name.trim();
          if (!trimmed) return;
          save.mutate({ name: trimmed, mapping }, { onSuccess: () => { setChosen(trimmed); setName(''); } });
        }}
      >
        <label className="field-label" htmlFor={nameId}>{t('import.presetName')}</label>
        <div className="row" style={{ gap: 6, flexWrap: 'nowrap' }}>
          <input id={nameId} className="input input-sm" value={name} maxLength={100} onChange={(e) => setName(e.target.value)} disabled={disabled} data-testid="preset-name" />
          <button type="submit" className="btn btn-sm" disabled={disabled || !name.trim() || save.isPending}>{t('import.presetSave')}</button>
        </div>
      </form>
      <div className="grow" />
      {save.isSuccess && <span className="badge badge-success" role="status">{t('import.presetSaved', { name: save.variables.name })}</span>}
      {save.isError && <ErrorBanner error={save.error} />}
    </div>
  );
}

function MappingTable({ detection, disabled, onChange }: { detection: FileDetection; disabled: boolean; onChange: (header: string, field: Field | null) => void }): React.JSX.Element {
  const { t } = useI18n();
  const options = fieldOptions(t);
  const captionId = useId();
  const [showAll, setShowAll] = useState(false);
  // A wide file has one column per item: list the fields first, then the items, folded beyond a few.
  const fieldColumns = detection.columns.filter((c) => !c.itemCode);
  const itemColumns = detection.columns.filter((c) => c.itemCode);
  const shownItems = showAll ? itemColumns : itemColumns.slice(0, 6);

  return (
    <div className="mapping">
      <div className="mapping-head">
        <h3 id={captionId}>{t('import.mapping')}</h3>
        <span className="subtle">{t('import.mappingHint')}</span>
      </div>
      <div className="mapping-scroll" tabIndex={0} role="region" aria-labelledby={captionId}>
        <table className="table mapping-table" aria-labelledby={captionId} data-testid="mapping-table">
          <thead>
            <tr>
              <th scope="col" style={{ width: 70 }}>{t('import.column')}</th>
              <th scope="col">{t('import.header')}</th>
              <th scope="col" style={{ width: '45%' }}>{t('import.field')}</th>
            </tr>
          </thead>
          <tbody>
            {fieldColumns.map((column) => (
              <tr key={column.index} className={column.field ? undefined : 'mapping-unmapped'}>
                <td className="mono">{column.letter}</td>
                <td>{column.header || <span className="subtle">—</span>}</td>
                <td>
                  <select
                    className="select select-sm"
                    value={column.field ?? ''}
                    disabled={disabled || !column.header}
                    aria-label={`${t('import.field')} : ${column.header || column.letter}`}
                    onChange={(e) => onChange(column.header, (e.target.value || null) as Field | null)}
                  >
                    <option value="">{t('import.ignore')}</option>
                    {options.map((option) => <option key={option.value} value={option.value}>{option.label}</option>)}
                  </select>
                </td>
              </tr>
            ))}
            {shownItems.map((column) => (
              <tr key={column.index}>
                <td className="mono">{column.letter}</td>
                <td>{column.header}</td>
                <td><span className="badge badge-info">{t('import.itemColumn', { code: column.itemCode ?? '' })}</span></td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {itemColumns.length > 6 && (
        <button type="button" className="btn btn-sm btn-ghost" onClick={() => setShowAll(!showAll)} aria-expanded={showAll}>
          {showAll ? t('home.hideDetails') : `${t('home.showDetails')} (+${itemColumns.length - 6})`}
        </button>
      )}
    </div>
  );
}
