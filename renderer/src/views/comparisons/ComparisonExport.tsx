/**
 * "Exporter les tableaux (Excel)" of the Comparaisons view: the barometer tables of the edition,
 * whose "Comparaisons" sheet holds the comparison on screen (`exports.tables` with `comparison`).
 */
import { useMutation } from '@tanstack/react-query';
import type { ComparisonSpec } from '../../../../shared/comparison-types.js';
import type { Lang } from '../../../../shared/domain.js';
import { invoke } from '../../api/client.js';
import { Banner, ErrorBanner } from '../../components/states/index.js';
import { Icon } from '../../components/ui/Icon.js';

export interface ComparisonExportTexts {
  exportButton: string;
  exporting: string;
  exported: string;
  download: string;
}

export function ComparisonExportButton({ edition, lang, spec, texts }: { edition: number; lang: Lang; spec: ComparisonSpec; texts: ComparisonExportTexts }): React.JSX.Element {
  const tables = useMutation({ mutationFn: () => invoke('exports.tables', { edition, lang, comparison: spec }) });
  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 8, alignItems: 'flex-end' }}>
      <button type="button" className="btn" disabled={tables.isPending} onClick={() => tables.mutate()} data-testid="comparison-export">
        <Icon name="download" /> {tables.isPending ? texts.exporting : texts.exportButton}
      </button>
      {tables.isError ? <ErrorBanner error={tables.error} /> : null}
      {tables.data ? (
        <Banner tone="success" title={texts.exported} testId="comparison-export-result">
          <code className="bx-path">{tables.data.path}</code>
          {tables.data.downloadUrl ? (
            <div><a className="btn btn-sm" href={tables.data.downloadUrl} download={tables.data.fileName}><Icon name="download" size={16} /> {texts.download} {tables.data.fileName}</a></div>
          ) : null}
        </Banner>
      ) : null}
    </div>
  );
}
