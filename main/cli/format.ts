/** Readable terminal output: aligned tables and French number formatting. */
const numberFormat = new Intl.NumberFormat('fr-FR');
const scoreFormat = new Intl.NumberFormat('fr-FR', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

export const formatInt = (n: number): string => numberFormat.format(n);
export const formatScore = (n: number | null | undefined): string => (n === null || n === undefined ? '—' : scoreFormat.format(n));
export const formatPercent = (n: number | null | undefined): string => (n === null || n === undefined ? '—' : `${scoreFormat.format(n)} %`);

/** Renders rows as an aligned text table; numbers (right-aligned) are detected per column. */
export function table(headers: string[], rows: Array<Array<string | number | null>>): string {
  const cells = rows.map((r) => r.map((c) => (c === null ? '—' : typeof c === 'number' ? formatInt(c) : c)));
  const numeric = headers.map((_, i) => rows.length > 0 && rows.every((r) => typeof r[i] === 'number' || r[i] === null || /^[\d\s,.%—-]+$/.test(String(r[i] ?? ''))));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]): string => r.map((c, i) => (numeric[i] ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0))).join('  ').trimEnd();
  return [line(headers), widths.map((w) => '─'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}
