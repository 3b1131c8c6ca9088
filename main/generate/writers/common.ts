/** What every demo file writer shares: progress and cancellation hooks, and date conversion. */
import { AppError } from '../../../shared/errors.js';

export interface WriteHooks {
  /** Called every few hundred rows with the rows written so far in this file. */
  onRows?(rows: number): void;
  cancel?: { readonly cancelled: boolean };
}

export interface WriteOutcome {
  /** Data rows written (header and title rows excluded). */
  readonly rows: number;
}

export const PROGRESS_EVERY = 500;

export function checkCancelled(hooks: WriteHooks | undefined): void {
  if (hooks?.cancel?.cancelled) throw AppError.keyed('CANCELLED', 'demo.cancelled');
}

/** ISO yyyy-mm-dd → dd/mm/yyyy. */
export function frenchDate(iso: string): string {
  return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
}

/** ISO yyyy-mm-dd → Excel serial (1900 system). */
export function excelSerial(iso: string): number {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return Math.round((Date.UTC(y, m - 1, d) - Date.UTC(1899, 11, 30)) / 86_400_000);
}

/** ISO yyyy-mm-dd → a Date at UTC midnight (ExcelJS converts dates as UTC). */
export function utcDate(iso: string): Date {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d));
}
