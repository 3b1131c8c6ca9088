/**
 * Text guards shared by every writer of files a spreadsheet opens: the workbooks and CSV files of
 * main/export, the import's rejects workbook and the grids' CSV export in the renderer. Whatever
 * reaches them (structure names, audit comments, labels from imported files) is hostile until
 * proven otherwise. Pure: no Node, no DOM.
 */

export const MAX_CELL_CHARS = 32_767;
export const TRUNCATION_MARKER = '…[tronqué]';

const ILLEGAL_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Removes the characters XML 1.0 cannot carry (C0 controls but tab, LF, CR; U+FFFE/F; lone surrogates). */
export function stripIllegalXml(text: string): string {
  return text.replace(ILLEGAL_XML, '');
}

/** Cuts text to Excel's cell limit, ending with the visible marker (never splits a surrogate pair). */
export function truncateCell(text: string, max = MAX_CELL_CHARS): string {
  if (text.length <= max) return text;
  let cut = max - TRUNCATION_MARKER.length;
  const last = text.charCodeAt(cut - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut -= 1;
  return text.slice(0, cut) + TRUNCATION_MARKER;
}

/** Clean text for any cell: legal XML characters only and within Excel's length limit. */
export function safeText(text: string): string {
  return truncateCell(stripIllegalXml(text));
}

/** True when a spreadsheet would read this text as the start of a formula (or DDE) if typed in. */
export function looksLikeFormula(text: string): boolean {
  return /^[=+\-@\t\r]/.test(text);
}

/**
 * A text field for a CSV file: cleaned, and prefixed with an apostrophe when a spreadsheet would
 * take it for a formula (the OWASP advice; the apostrophe shows, which is the price of safety).
 * Quoting for the separator is the CSV writer's job.
 */
export function csvSafeText(text: string): string {
  const clean = safeText(text);
  return looksLikeFormula(clean) ? `'${clean}` : clean;
}
