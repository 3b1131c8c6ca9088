/**
 * The caps every reader applies against hostile or runaway files, in one place: their names,
 * defaults, units and how a user raises them. A refusal names the cap it hit and how to set it
 * (`barometer import --limit maxCells=80000000`), so an analyst with a truly bigger file is never
 * stuck. The defaults leave room for a national edition (see BENCHMARKS.md): the long CSV holds
 * ~1.7 M rows × 11–12 columns (≈ 20 M cells), the wide xlsx ~26,000 rows × 410 columns.
 */
import { renderErrorText, type ErrorParam, type ErrorText } from '../../../shared/error-messages.js';

export interface ReaderLimits {
  /** Largest input file accepted, bytes. */
  maxFileBytes: number;
  /** Largest inflated size of one archive entry, bytes. */
  maxEntryBytes: number;
  /** Largest inflated size of all the entries read, bytes. */
  maxTotalBytes: number;
  /** Largest ratio inflated / compressed for an entry over 1 MiB. */
  maxRatio: number;
  /**
   * Largest inflated sheet part (xlsx worksheet, ods content.xml), bytes: it is held whole in
   * memory, and no real sheet of Excel's 1,048,576 rows comes near it.
   */
  maxSheetBytes: number;
  /** Largest xlsx shared strings part (and other XML part read as text), bytes. */
  maxSharedStringsBytes: number;
  /** Non-empty cells of one sheet read row by row (csv, xlsx). */
  maxCells: number;
  /**
   * Non-empty cells of a workbook read whole into memory by SheetJS (ods, xls), repetitions
   * (`number-rows-repeated` × `number-columns-repeated`) counted BEFORE they are expanded.
   * SheetJS needs about 450 bytes per cell: 2 M cells is about 1 GB.
   */
  maxCellsOdsXls: number;
  /** Fields of one CSV record (Excel's last column is XFD, the 16,384th). */
  maxCsvFields: number;
  /** Bytes of one CSV record (a quoted cell may span lines: they count). */
  maxCsvRecordBytes: number;
}

export type ReaderLimitName = keyof ReaderLimits;

const MiB = 1024 * 1024;

export const DEFAULT_READER_LIMITS: Readonly<ReaderLimits> = {
  maxFileBytes: 512 * MiB,
  maxEntryBytes: 1024 * MiB,
  // Everything inflated must fit in the 1 GB budget (the part caps below refuse sooner).
  maxTotalBytes: 1024 * MiB,
  maxRatio: 200,
  maxSheetBytes: 512 * MiB,
  maxSharedStringsBytes: 256 * MiB,
  maxCells: 50_000_000,
  maxCellsOdsXls: 2_000_000,
  maxCsvFields: 16_384,
  maxCsvRecordBytes: 1 * MiB,
};

type LimitUnit = 'bytes' | 'cells' | 'fields' | 'ratio';

const UNITS: Record<ReaderLimitName, LimitUnit> = {
  maxFileBytes: 'bytes',
  maxEntryBytes: 'bytes',
  maxTotalBytes: 'bytes',
  maxRatio: 'ratio',
  maxSheetBytes: 'bytes',
  maxSharedStringsBytes: 'bytes',
  maxCells: 'cells',
  maxCellsOdsXls: 'cells',
  maxCsvFields: 'fields',
  maxCsvRecordBytes: 'bytes',
};

export const READER_LIMIT_NAMES = Object.keys(DEFAULT_READER_LIMITS) as ReaderLimitName[];

export function isReaderLimitName(name: string): name is ReaderLimitName {
  return (READER_LIMIT_NAMES as string[]).includes(name);
}

export function resolveLimits(partial: Partial<ReaderLimits> | undefined): ReaderLimits {
  const limits: ReaderLimits = { ...DEFAULT_READER_LIMITS };
  for (const name of READER_LIMIT_NAMES) {
    const value = partial?.[name];
    if (typeof value === 'number' && Number.isFinite(value) && value > 0) limits[name] = value;
  }
  return limits;
}

const fr = new Intl.NumberFormat('fr-FR');

/** Bytes as a French reader says them ("1,5 Mo"). */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${fr.format(bytes)} octets`;
  const units = ['Ko', 'Mo', 'Go', 'To'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const rounded = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 }).format(value);
  return `${rounded} ${units[unit] ?? 'To'}`;
}

/** A count in French digits ("17 179 869 184"), whatever its size. */
export function formatCount(count: number): string {
  return Number.isFinite(count) ? fr.format(count) : 'une infinité de';
}

/** The cap's value as a sentence says it: "20 000 000 cellules", "1 Mo", "200". */
export function formatLimit(name: ReaderLimitName, value: number): string {
  switch (UNITS[name]) {
    case 'bytes': return formatBytes(value);
    case 'cells': return `${formatCount(value)} cellules`;
    case 'fields': return `${formatCount(value)} champs`;
    default: return formatCount(value);
  }
}

/**
 * How to raise a cap, for the end of a refusal message, with twice the current value as the
 * example: "limite « maxCells », réglable : barometer import --limit maxCells=100000000".
 */
export function limitHint(name: ReaderLimitName, current: number): string {
  return renderErrorText(limitHintText(name, current), 'fr');
}

/** The same hint as a catalogue text, rendered in the reader's language. */
export function limitHintText(name: ReaderLimitName, current: number): ErrorText {
  const doubled = current * 2;
  let example = String(Math.round(doubled));
  if (UNITS[name] === 'bytes') {
    example = doubled % (1024 * MiB) === 0 ? `${doubled / (1024 * MiB)}G` : doubled % MiB === 0 ? `${doubled / MiB}M` : example;
  }
  return { key: 'import.limitHint', params: { name, example } };
}

/** A size as a catalogue text (« 1,5 Mo », "1.5 MB"): the units of formatBytes, in the reader's language. */
export function sizeText(bytes: number): ErrorText {
  if (bytes < 1024) return { key: 'import.size.bytes', params: { value: { quantity: bytes } } };
  const units = ['import.size.KB', 'import.size.MB', 'import.size.GB', 'import.size.TB'] as const;
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return { key: units[unit] ?? 'import.size.TB', params: { value: { quantity: value, maximumFractionDigits: 1 } } };
}

/** A count as a parameter: grouped in the reader's language, « une infinité de » when infinite. */
export function countParam(count: number): ErrorParam {
  return Number.isFinite(count) ? { quantity: count } : { key: 'import.count.infinite' };
}

/** The cap's value as a catalogue parameter: "20 000 000 cellules", "1 Mo", "200". */
export function limitParam(name: ReaderLimitName, value: number): ErrorParam {
  switch (UNITS[name]) {
    case 'bytes': return sizeText(value);
    case 'cells': return { key: 'import.limit.cells', params: { count: countParam(value) } };
    case 'fields': return { key: 'import.limit.fields', params: { count: countParam(value) } };
    default: return countParam(value);
  }
}

/**
 * Parses one `NAME=VALUE` setting of the CLI (`maxCells=80000000`, `maxSheetBytes=1G`; K, M and
 * G are binary multiples). Returns null with the reason when it is not one.
 */
export function parseLimitSetting(text: string): { name: ReaderLimitName; value: number } | { error: string } {
  const match = /^\s*([A-Za-z]+)\s*=\s*([\d\s_.]+)\s*([kKmMgG]?)[oObB]?\s*$/.exec(text);
  const known = `limites connues : ${READER_LIMIT_NAMES.join(', ')}`;
  if (!match) return { error: `« ${text} » n'est pas de la forme NOM=VALEUR (${known}).` };
  const name = match[1] ?? '';
  if (!isReaderLimitName(name)) return { error: `limite inconnue « ${name} » (${known}).` };
  const multiplier = { '': 1, k: 1024, m: MiB, g: 1024 * MiB }[(match[3] ?? '').toLowerCase()] ?? 1;
  const value = Number((match[2] ?? '').replace(/[\s_]/g, '')) * multiplier;
  if (!Number.isFinite(value) || value <= 0) return { error: `valeur invalide pour ${name} : « ${match[2] ?? ''} ».` };
  return { name, value: Math.floor(value) };
}
