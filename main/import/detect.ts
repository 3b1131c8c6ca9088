/**
 * Finds the header row of a sheet (below title rows), recognises its columns (the column names of
 * shared/columns.ts, ignoring case, accents, punctuation and spacing, or item codes for the wide layout) and
 * tells which kind of file it is. A mapping given by the user overrides what is detected.
 */
import { AppError } from '../../shared/errors.js';
import { FIELD_HEADERS, FIELDS, ITEM_LABEL_EN_HEADERS, REQUIRED_FIELDS, fieldsForHeader, type ColumnMapping, type Field, type FileKind, type Layout } from '../../shared/columns.js';
import type { DetectedColumn, FileDetection } from '../../shared/import-types.js';
import { normalizeLabel } from '../../shared/text.js';
import type { CellValue, OpenedWorkbook } from './readers/types.js';
import { cellText, columnLetter } from './values.js';

const HEADER_SCAN_ROWS = 40;

/** Item codes compare without case, accents, spaces or punctuation: `TEL-04` = `tel 04` = `TEL04`. */
export function itemKey(code: string): string {
  return normalizeLabel(code).replace(/ /g, '');
}

const ITEM_CODE_SHAPE = /^[A-Za-z]{2,6}[ _.-]?\d{1,4}[A-Za-z]?$/;

export interface DetectionContext {
  /** Item codes of the workspace referential(s), keyed by `itemKey`. */
  knownItems: ReadonlyMap<string, string>;
}

export interface ColumnAssignment {
  /** field → 0-based column index */
  fields: Partial<Record<Field, number>>;
  /** wide layout: column index → item code */
  items: Map<number, string>;
  /** referential: column of the English label, if any */
  itemLabelEn: number | null;
}

export interface Detection extends FileDetection {
  assignment: ColumnAssignment;
}

function headerCells(cells: readonly CellValue[]): string[] {
  return cells.map((c) => cellText(c));
}

function scoreHeaderRow(headers: string[], context: DetectionContext, userHeaders: ReadonlySet<string>): number {
  let score = 0;
  for (const header of headers) {
    if (!header) continue;
    if (userHeaders.has(normalizeLabel(header))) score += 2;
    else if (fieldsForHeader(header).length > 0) score += 2;
    else if (context.knownItems.has(itemKey(header))) score += 1;
    else if (ITEM_CODE_SHAPE.test(header)) score += 0.5;
  }
  return score;
}

interface HeaderCandidate {
  sheet: string;
  row: number;
  headers: string[];
  score: number;
}

function findHeader(workbook: OpenedWorkbook, sheet: string, context: DetectionContext, mapping: ColumnMapping | undefined): HeaderCandidate | null {
  const fixedRow = mapping?.headerRow;
  const userHeaders = new Set(Object.keys(mapping?.columns ?? {}).map(normalizeLabel));
  let best: HeaderCandidate | null = null;
  for (const { row, cells } of workbook.rows(sheet)) {
    if (fixedRow !== undefined) {
      if (row === fixedRow) return { sheet, row, headers: headerCells(cells), score: Infinity };
      if (row > fixedRow) break;
      continue;
    }
    if (row > HEADER_SCAN_ROWS) break;
    const headers = headerCells(cells);
    const score = scoreHeaderRow(headers, context, userHeaders);
    if (score >= 4 && (!best || score > best.score)) best = { sheet, row, headers, score };
  }
  return best;
}

/** Assigns fields to columns: unambiguous names first, then names that could mean several fields. */
function assignColumns(headers: string[], context: DetectionContext, mapping: ColumnMapping | undefined): ColumnAssignment {
  const fields: Partial<Record<Field, number>> = {};
  const items = new Map<number, string>();
  let itemLabelEn: number | null = null;
  const userColumns = mapping?.columns ?? {};
  const userKeys = new Map(Object.entries(userColumns).map(([header, target]) => [normalizeLabel(header), target]));
  const pending: Array<{ index: number; candidates: Field[] }> = [];

  headers.forEach((header, index) => {
    if (!header) return;
    const key = normalizeLabel(header);
    if (userKeys.has(key)) {
      const target = userKeys.get(key);
      if (target === null || target === undefined) return;
      if (target.startsWith('item:')) items.set(index, target.slice(5));
      else fields[target as Field] = index;
      return;
    }
    if (ITEM_LABEL_EN_HEADERS.some((h) => normalizeLabel(h) === key)) {
      itemLabelEn = index;
      return;
    }
    const candidates = fieldsForHeader(header);
    if (candidates.length > 0) {
      pending.push({ index, candidates });
      return;
    }
    const known = context.knownItems.get(itemKey(header));
    if (known) items.set(index, known);
    else if (ITEM_CODE_SHAPE.test(header)) items.set(index, header.trim());
  });

  const mappedByUser = new Set(Object.keys(fields));
  for (const pass of [1, 2] as const) {
    for (const { index, candidates } of pending) {
      if (Object.values(fields).includes(index)) continue;
      if (pass === 1 && candidates.length !== 1) continue;
      const free = candidates.find((f) => fields[f] === undefined && !mappedByUser.has(f));
      if (free) fields[free] = index;
    }
  }
  return { fields, items, itemLabelEn };
}

function hasAny(fields: Partial<Record<Field, number>>, list: Field[]): boolean {
  return list.some((f) => fields[f] !== undefined);
}

/** Fixes names whose meaning depends on the kind of file (`Code` of an item, `Type` of answer). */
function resolveKind(assignment: ColumnAssignment, forced: ColumnMapping | undefined): { kind: FileKind; layout: Layout } | null {
  const f = assignment.fields;
  const referentialSignals = hasAny(f, ['step', 'determinant', 'answerType', 'threshold', 'weight', 'itemLabel']);
  if (forced?.kind === 'referential' || (!hasAny(f, ['auditRef']) && referentialSignals && (f.itemCode !== undefined || f.structureCode !== undefined))) {
    if (f.itemCode === undefined && f.structureCode !== undefined) {
      f.itemCode = f.structureCode;
      delete f.structureCode;
    }
    if (f.answerType === undefined && f.category !== undefined) {
      f.answerType = f.category;
      delete f.category;
    }
    if (f.itemLabel === undefined && f.structureName !== undefined) {
      f.itemLabel = f.structureName;
      delete f.structureName;
    }
    return { kind: 'referential', layout: 'table' };
  }
  if (forced?.kind === 'results' || hasAny(f, ['auditRef'])) {
    const layout: Layout = forced?.layout ?? (f.itemCode !== undefined && f.answer !== undefined ? 'long' : assignment.items.size > 0 ? 'wide' : f.itemCode !== undefined ? 'long' : 'wide');
    return { kind: 'results', layout };
  }
  if (forced?.kind === 'structures' || (f.structureCode !== undefined && hasAny(f, ['structureName', 'category', 'sector', 'population']))) {
    return { kind: 'structures', layout: 'table' };
  }
  return null;
}

export function detectWorkbook(workbook: OpenedWorkbook, filePath: string, context: DetectionContext, mapping?: ColumnMapping): Detection {
  const sheets = mapping?.sheet ? [mapping.sheet] : [...workbook.sheetNames];
  if (mapping?.sheet && !workbook.sheetNames.includes(mapping.sheet)) {
    throw AppError.keyed('LAYOUT_UNKNOWN', 'import.sheetMissing', { file: workbook.fileName, sheet: mapping.sheet, sheets: workbook.sheetNames.join(', ') });
  }
  let header: HeaderCandidate | null = null;
  let anyRows = false;
  for (const sheet of sheets) {
    const candidate = findHeader(workbook, sheet, context, mapping);
    if (!anyRows) for (const _ of workbook.rows(sheet)) { anyRows = true; break; }
    if (candidate && (!header || candidate.score > header.score)) header = candidate;
    if (header && header.score >= 6) break;
  }
  if (!anyRows) {
    throw AppError.keyed('LAYOUT_UNKNOWN', 'import.emptySheet', { file: workbook.fileName }, { file: workbook.fileName, code: 'EMPTY_SHEET' });
  }
  if (!header) {
    throw AppError.keyed('LAYOUT_UNKNOWN', 'import.noHeader', {
      file: workbook.fileName,
      rows: HEADER_SCAN_ROWS,
      examples: [FIELD_HEADERS.structureCode[0], FIELD_HEADERS.auditRef[0], FIELD_HEADERS.channel[0], FIELD_HEADERS.itemCode[0], FIELD_HEADERS.answer[0]].join(', '),
    }, { file: workbook.fileName });
  }
  const assignment = assignColumns(header.headers, context, mapping);
  const resolved = resolveKind(assignment, mapping);
  const columns: DetectedColumn[] = header.headers.map((text, index) => {
    const field = (Object.entries(assignment.fields).find(([, i]) => i === index)?.[0] as Field | undefined) ?? null;
    const itemCode = assignment.items.get(index);
    return { index, letter: columnLetter(index), header: text, field, ...(itemCode && !field ? { itemCode } : {}) };
  }).filter((c) => c.header !== '');
  const found = columns.map((c) => `« ${c.header} »`).join(', ');
  if (!resolved) {
    throw AppError.keyed('LAYOUT_UNKNOWN', 'import.kindUnknown', { file: workbook.fileName, sheet: header.sheet, row: header.row, found }, { file: workbook.fileName, sheet: header.sheet, row: header.row, columns: columns.map((c) => c.header) });
  }
  const requiredKey = resolved.kind === 'results' ? (resolved.layout === 'long' ? 'results-long' : 'results-wide') : resolved.kind;
  const missingFields = REQUIRED_FIELDS[requiredKey].filter((field) => assignment.fields[field] === undefined);
  if (resolved.kind === 'results' && resolved.layout === 'wide' && assignment.items.size === 0) missingFields.push('itemCode');
  return {
    file: filePath,
    fileName: workbook.fileName,
    format: workbook.format,
    sheet: header.sheet,
    sheets: [...workbook.sheetNames],
    headerRow: header.row,
    kind: resolved.kind,
    layout: resolved.layout,
    columns,
    missingFields,
    edition: mapping?.edition ?? null,
    ...(workbook.csvDialect ? { encoding: workbook.csvDialect.encoding, separator: workbook.csvDialect.separator } : {}),
    mapping: {
      kind: resolved.kind,
      layout: resolved.layout,
      headerRow: header.row,
      sheet: header.sheet,
      ...(mapping?.edition ? { edition: mapping.edition } : {}),
      columns: Object.fromEntries(columns.map((c) => [c.header, c.field ?? (c.itemCode ? (`item:${c.itemCode}` as const) : null)])),
    },
    assignment,
  };
}

/** Lists fields for messages: "Code structure, Réf. audit". */
export function fieldNames(fields: readonly Field[]): string {
  return fields.map((f) => FIELD_HEADERS[f][0] ?? f).join(', ');
}

export { FIELDS };
