/**
 * Excel deliverables and PDF reports. Single files are plain mutations; the batch of structure workbooks is a
 * job (`useJob('exports.structures')` from api/jobs.ts). `openOrDownload` shows a written file:
 * the OS opens it on desktop, the browser downloads it in browser mode.
 */
import { useMutation } from '@tanstack/react-query';
import type { ExportFileResult } from '../../../../shared/api-types.js';
import { invoke } from '../client.js';
import { useI18n } from '../../i18n/index.js';

export function useExportTables() {
  const { lang } = useI18n();
  return useMutation({
    mutationFn: (input: { edition: number; outPath?: string }) => invoke('exports.tables', { ...input, lang }),
  });
}

export function useExportStructureWorkbook() {
  const { lang } = useI18n();
  return useMutation({
    mutationFn: (input: { code: string; edition: number; maskNames?: boolean; outPath?: string }) =>
      invoke('exports.structureWorkbook', { ...input, lang }),
  });
}

/** One structure's PDF report (main/report), in the interface's language. */
export function useExportReport() {
  const { lang } = useI18n();
  return useMutation({
    mutationFn: (input: { code: string; edition: number; maskNames?: boolean; outPath?: string }) =>
      invoke('exports.report', { ...input, lang }),
  });
}

/** Starts a browser download of a URL (same origin: the token is already in it). */
export function downloadUrl(url: string, fileName?: string): void {
  const link = document.createElement('a');
  link.href = url;
  if (fileName) link.download = fileName;
  link.rel = 'noopener';
  document.body.appendChild(link);
  link.click();
  link.remove();
}

/** Desktop: opens the file with the OS. Browser mode: downloads it. */
export async function openOrDownload(file: ExportFileResult): Promise<void> {
  if (file.downloadUrl) {
    downloadUrl(file.downloadUrl, file.fileName);
    return;
  }
  const opened = await invoke('shell.openPath', { path: file.path });
  if (opened.downloadUrl) downloadUrl(opened.downloadUrl, file.fileName);
}
