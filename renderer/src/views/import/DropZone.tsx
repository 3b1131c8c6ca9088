/**
 * Where files come in: drop them on the zone or pick them with the button (a real, labelled file
 * input, so keyboards and the e2e test's `setInputFiles` both work).
 */
import { useId, useRef, useState } from 'react';
import { useI18n } from '../../i18n/index.js';
import { Icon } from '../../components/ui/Icon.js';

const ACCEPT = '.xlsx,.xls,.ods,.csv,.txt';

export function DropZone({ onFiles, onPickNative, compact }: {
  onFiles: (files: File[]) => void;
  /** Desktop: the native "open files" dialog (paths, no copy of the bytes). */
  onPickNative?: () => void;
  compact?: boolean;
}): React.JSX.Element {
  const { t } = useI18n();
  const inputId = useId();
  const hintId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);

  return (
    <div
      className={`dropzone${over ? ' dropzone-over' : ''}${compact ? ' dropzone-compact' : ''}`}
      onDragOver={(event) => {
        event.preventDefault();
        event.dataTransfer.dropEffect = 'copy';
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(event) => {
        event.preventDefault();
        setOver(false);
        const files = [...event.dataTransfer.files];
        if (files.length) onFiles(files);
      }}
      data-testid="dropzone"
    >
      <div className="dropzone-icon"><Icon name="upload" size={compact ? 20 : 28} /></div>
      <div className="dropzone-text">
        <div className="dropzone-title">{t('import.drop')}</div>
        <div className="muted" id={hintId}>{t('import.dropHint')}</div>
      </div>
      {onPickNative ? (
        <button type="button" className="btn btn-primary" onClick={onPickNative}>{t('import.pick')}</button>
      ) : (
        <label htmlFor={inputId} className="btn btn-primary">{t('import.pick')}</label>
      )}
      <input
        ref={inputRef}
        id={inputId}
        type="file"
        multiple
        accept={ACCEPT}
        className="visually-hidden"
        aria-describedby={hintId}
        data-testid="file-input"
        onChange={(event) => {
          const files = [...(event.target.files ?? [])];
          if (files.length) onFiles(files);
          // Same file picked again later must fire `change` again.
          if (inputRef.current) inputRef.current.value = '';
        }}
      />
    </div>
  );
}
