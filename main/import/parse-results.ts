/**
 * Turns the rows of an audit-results sheet (long or wide layout) into audits with their judged
 * observations, and collects every problem with its file, sheet, row, column, value and reason.
 * Nothing is written here: the caller diffs and writes in one transaction.
 */
import type { Db } from '../db/connection.js';
import { CHANNELS, labelOf, parseCategory, parseChannel, parseSector, categoryDef, type CategoryCode, type ChannelCode, type SectorCode } from '../../shared/domain.js';
import type { Field } from '../../shared/columns.js';
import type { ImportProblem, ProblemCode } from '../../shared/import-types.js';
import { AppError } from '../../shared/errors.js';
import type { CancelToken, CellValue, OpenedWorkbook } from './readers/types.js';
import type { Detection } from './detect.js';
import { itemKey } from './detect.js';
import { itemsInForce, type ItemInForce } from './referential-lookup.js';
import { cellText, columnLetter, isBlank, judgeAnswer, parseCode, parseDate, parseEdition, parseInteger, parseTime, type Judgement, type Parsed } from './values.js';
import { type ProblemSink } from './problems.js';

export interface StructureSeen {
  code: string;
  name: string | null;
  category: CategoryCode | null;
  sector: SectorCode | null;
  departement: string | null;
  region: string | null;
  population: number | null;
  row: number;
}

/** An audit's own values as a file gives them: its key, what it says, and its file row (provenance). */
export interface AuditFields {
  edition: number;
  reference: string;
  structureCode: string;
  channel: ChannelCode;
  date: string | null;
  time: string | null;
  scenario: string | null;
  auditor: string | null;
  comment: string | null;
  row: number;
}

/** One audit and its observations, kept in parallel arrays to stay small at national scale. */
export interface AuditDraft extends AuditFields {
  items: string[];
  compliant: Array<0 | 1 | null>;
  measure: Array<number | null>;
  raw: string[];
  obsComment: Array<string | null>;
  obsRow: number[];
  /** Wide layout only: the column each observation was read from, to name it in a problem. */
  obsColumn?: number[];
}

export interface ParsedResults {
  audits: AuditDraft[];
  structures: Map<string, StructureSeen>;
  editions: Set<number>;
  rowsRead: number;
  rejectedRows: Set<number>;
}

export interface ParseHooks {
  cancel?: CancelToken;
  onRows?: (rowsDone: number, rowsTotal: number) => void;
  /**
   * After each row that added observations: the audit, and the index of its first observation
   * from this row (the streamed import of streamed-import.ts writes them while later rows are read).
   */
  onRowDone?: (audit: AuditDraft, from: number) => void;
}

const PROGRESS_EVERY = 2000;

class ItemJudge {
  private readonly byEdition = new Map<number, Map<string, ItemInForce>>();
  private readonly byCode = new Map<number, Map<string, ItemInForce | null>>();
  private readonly answerCache = new Map<ItemInForce, Map<CellValue, Parsed<Judgement>>>();

  constructor(private readonly db: Db) {}

  items(edition: number): Map<string, ItemInForce> {
    let items = this.byEdition.get(edition);
    if (!items) {
      items = itemsInForce(this.db, edition);
      this.byEdition.set(edition, items);
    }
    return items;
  }

  /** The item a code (as the file spells it) names in an edition; normalised once per spelling. */
  item(edition: number, code: string): ItemInForce | null {
    let codes = this.byCode.get(edition);
    if (!codes) {
      codes = new Map();
      this.byCode.set(edition, codes);
    }
    let found = codes.get(code);
    if (found === undefined) {
      found = this.items(edition).get(itemKey(code)) ?? null;
      if (codes.size < 100_000) codes.set(code, found);
    }
    return found;
  }

  /**
   * Answers repeat (Oui, Non, NA, the same delays): judge each distinct cell value once per item.
   * The value itself is the key (a Map tells the number 3 from the text "3"), so a cell costs one
   * lookup and no allocation.
   */
  judge(item: ItemInForce, value: CellValue): Parsed<Judgement> {
    let cache = this.answerCache.get(item);
    if (!cache) {
      cache = new Map();
      this.answerCache.set(item, cache);
    }
    let judged = cache.get(value);
    if (!judged) {
      judged = judgeAnswer(value, item);
      if (cache.size < 5000) cache.set(value, judged);
    }
    return judged;
  }
}

export function parseResults(db: Db, workbook: OpenedWorkbook, detection: Detection, sink: ProblemSink, defaultEdition: number | null, hooks: ParseHooks = {}): ParsedResults {
  const { fields, items: itemColumns } = detection.assignment;
  const judge = new ItemJudge(db);
  const audits = new Map<string, AuditDraft>();
  const structures = new Map<string, StructureSeen>();
  const editions = new Set<number>();
  const rejectedRows = new Set<number>();
  const wide = detection.layout === 'wide';
  const total = workbook.estimatedRows(detection.sheet);
  const codeIntern = new Map<string, string>();
  let rowsRead = 0;

  // In the long layout every audit-level value repeats on each of the audit's ~65 rows: parse each
  // distinct spelling once.
  const channelMemo = new Map<string, ChannelCode | null>();
  const dateMemo = new Map<CellValue, Parsed<{ date: string; time: string | null }>>();
  const editionMemo = new Map<CellValue, Parsed<number>>();

  // X/blank convention of the long layout: when answers are crosses, a blank answer means "non".
  let answersAreCrosses = false;

  const column = (field: Field): number | undefined => fields[field];
  const cell = (cells: readonly CellValue[], field: Field): CellValue => {
    const index = fields[field];
    return index === undefined ? null : (cells[index] ?? null);
  };
  const problem = (row: number, field: Field | number | null, value: CellValue, code: ProblemCode, message: string): void => {
    const index = typeof field === 'number' ? field : field === null ? undefined : column(field);
    sink.add({ sheet: detection.sheet, row, column: index === undefined ? null : columnLabel(detection, index), value: value === null ? null : cellText(value), code, message });
    rejectedRows.add(row);
  };

  const auditFieldIndexes = (['structureCode', 'auditRef', 'channel', 'auditDate', 'auditTime', 'edition'] as const)
    .map((f) => fields[f]).filter((i): i is number => i !== undefined);
  let last: { signature: CellValue[]; audit: AuditDraft; edition: number; channel: ChannelCode; key: string } | null = null;
  // Wide layout: the item columns as two arrays, and per edition the item each column names,
  // resolved once instead of once per cell.
  const wideIndexes = [...itemColumns.keys()];
  const wideCodes = [...itemColumns.values()];
  const wideItemsByEdition = new Map<number, Array<ItemInForce | null>>();

  for (const { row, cells } of workbook.rows(detection.sheet)) {
    if (row <= detection.headerRow) continue;
    if (cells.every((c) => isBlank(c))) continue;
    rowsRead++;
    if (rowsRead % PROGRESS_EVERY === 0) {
      if (hooks.cancel?.cancelled) throw AppError.keyed('CANCELLED', 'import.cancelled');
      hooks.onRows?.(rowsRead, total);
    }

    let audit: AuditDraft | undefined;
    let edition: number;
    let channel: ChannelCode;
    let key: string;
    const signature = wide ? null : auditFieldIndexes.map((i) => cells[i] ?? null);
    if (last && signature && signature.every((v, i) => v === last!.signature[i])) {
      // Long layout: the audit-level cells repeat on each of the audit's rows; the same cells
      // were parsed and checked on the previous row.
      ({ audit, edition, channel, key } = last);
    } else {
      // --- audit-level fields ---
      const structureCode = parseCode(cell(cells, 'structureCode'));
      const reference = parseCode(cell(cells, 'auditRef'));
      const channelText = cellText(cell(cells, 'channel'));
      const channelParsed = channelText ? memo(channelMemo, channelText, parseChannel) : null;
      if (!structureCode) { problem(row, 'structureCode', null, 'MISSING_FIELD', 'code structure manquant'); continue; }
      if (!reference) { problem(row, 'auditRef', null, 'MISSING_FIELD', "référence d'audit manquante"); continue; }
      if (!channelText) { problem(row, 'channel', null, 'MISSING_FIELD', 'canal manquant'); continue; }
      if (!channelParsed) { problem(row, 'channel', channelText, 'INVALID_VALUE', `canal inconnu « ${channelText} » (Téléphone, Courriel, Courrier, Site internet, Réseaux sociaux, Visite)`); continue; }
      channel = channelParsed;

      let date: string | null = null;
      let time: string | null = null;
      if (fields.auditDate !== undefined && !isBlank(cell(cells, 'auditDate'))) {
        const parsedDate = memo(dateMemo, cell(cells, 'auditDate'), (v) => parseDate(v, workbook.date1904));
        if (!parsedDate.ok) { problem(row, 'auditDate', cell(cells, 'auditDate'), 'INVALID_DATE', parsedDate.reason); continue; }
        date = parsedDate.value.date;
        time = parsedDate.value.time;
      }
      if (fields.auditTime !== undefined && !isBlank(cell(cells, 'auditTime'))) {
        const parsedTime = parseTime(cell(cells, 'auditTime'));
        if (!parsedTime.ok) { problem(row, 'auditTime', cell(cells, 'auditTime'), 'INVALID_DATE', parsedTime.reason); continue; }
        time = parsedTime.value;
      }

      let editionFound: number | null = null;
      if (fields.edition !== undefined && !isBlank(cell(cells, 'edition'))) {
        const parsedEdition = memo(editionMemo, cell(cells, 'edition'), parseEdition);
        if (!parsedEdition.ok) { problem(row, 'edition', cell(cells, 'edition'), 'INVALID_VALUE', parsedEdition.reason); continue; }
        editionFound = parsedEdition.value;
      } else if (defaultEdition !== null) {
        editionFound = defaultEdition;
      } else if (date) {
        editionFound = Number(date.slice(0, 4));
      }
      if (editionFound === null) { problem(row, 'edition', null, 'NO_EDITION', "édition inconnue : ni colonne Édition, ni édition choisie, ni date d'audit"); continue; }
      edition = editionFound;
      if (date && Number(date.slice(0, 4)) !== edition) {
        problem(row, 'auditDate', cell(cells, 'auditDate'), 'DATE_OUT_OF_EDITION', `la date ${formatFrDate(date)} n'appartient pas à l'édition ${edition}`);
        continue;
      }

      // --- structure attributes carried by results rows ---
      if (!structures.has(structureCode)) {
        const categoryText = cellText(cell(cells, 'category'));
        const sectorText = cellText(cell(cells, 'sector'));
        const category = categoryText ? parseCategory(categoryText) : null;
        const population = fields.population !== undefined && !isBlank(cell(cells, 'population')) ? parseInteger(cell(cells, 'population')) : null;
        structures.set(structureCode, {
          code: structureCode,
          name: cellText(cell(cells, 'structureName')) || null,
          category,
          sector: (sectorText ? parseSector(sectorText) : null) ?? (category ? categoryDef(category)?.sector ?? null : null),
          departement: parseCode(cell(cells, 'departement')),
          region: cellText(cell(cells, 'region')) || null,
          population: population && population.ok ? population.value : null,
          row,
        });
      }

      key = `${edition}\u0000${reference}`;
      audit = audits.get(key);
      const scenario = cellText(cell(cells, 'scenario')) || null;
      const auditor = cellText(cell(cells, 'auditor')) || null;
      if (audit) {
        const conflict = audit.structureCode !== structureCode ? (['structureCode', structureCode, audit.structureCode] as const)
          : audit.channel !== channel ? (['channel', channelText, audit.channel] as const)
          : date !== null && audit.date !== null && audit.date !== date ? (['auditDate', cellText(cell(cells, 'auditDate')), formatFrDate(audit.date)] as const)
          : null;
        if (conflict) {
          problem(row, conflict[0], conflict[1], 'INCONSISTENT_AUDIT', `l'audit ${reference} a déjà « ${conflict[2]} » ligne ${audit.row}`);
          continue;
        }
        // A second row for the same audit (wide layout) adds its answers to the audit: items
        // answered alike collapse and items answered differently are refused, by the same rule
        // as the long layout (rejectConflictingDuplicates, once all rows are read).
      } else {
        audit = {
          edition, reference, structureCode, channel, date, time, scenario, auditor,
          comment: wide ? cellText(cell(cells, 'comment')) || null : null,
          row,
          items: [], compliant: [], measure: [], raw: [], obsComment: [], obsRow: [],
          ...(wide ? { obsColumn: [] } : {}),
        };
      }
      last = signature ? { signature, audit, edition, channel, key } : null;
    }
    // --- observations ---
    const inForce = judge.items(edition);
    if (inForce.size === 0) {
      problem(row, null, null, 'UNKNOWN_ITEM', `aucun référentiel en vigueur pour l'édition ${edition} : importez d'abord le référentiel`);
      continue;
    }
    if (wide) {
      let rowOk = true;
      const start = audit.items.length;
      let columnItems = wideItemsByEdition.get(edition);
      if (!columnItems) {
        columnItems = wideCodes.map((code) => judge.item(edition, code));
        wideItemsByEdition.set(edition, columnItems);
      }
      for (let c = 0; c < wideIndexes.length; c++) {
        const index = wideIndexes[c]!;
        const value = cells[index] ?? null;
        if (isBlank(value)) continue; // blank = not observed, not "not applicable"
        const item = columnItems[c]!;
        const code = wideCodes[c]!;
        if (!item) { problem(row, index, value, 'UNKNOWN_ITEM', `critère ${code} inconnu dans le référentiel de l'édition ${edition}`); rowOk = false; continue; }
        if (item.channel !== channel) { problem(row, index, value, 'CHANNEL_MISMATCH', `le critère ${item.code} relève du canal « ${labelOf(CHANNELS, item.channel)} », l'audit du canal « ${labelOf(CHANNELS, channel)} »`); rowOk = false; continue; }
        const judged = judge.judge(item, value);
        if (!judged.ok) { problem(row, index, value, 'INVALID_ANSWER', `${item.code} : ${judged.reason}`); rowOk = false; continue; }
        pushObservation(audit, item.code, judged.value, null, row);
        audit.obsColumn?.push(index);
      }
      if (!rowOk) {
        audit.items.length = start; audit.compliant.length = start; audit.measure.length = start;
        audit.raw.length = start; audit.obsComment.length = start; audit.obsRow.length = start;
        if (audit.obsColumn) audit.obsColumn.length = start;
        continue;
      }
      if (audit.items.length > start) hooks.onRowDone?.(audit, start);
    } else {
      const codeText = parseCode(cell(cells, 'itemCode'));
      if (!codeText) { problem(row, 'itemCode', null, 'MISSING_FIELD', 'code critère manquant'); continue; }
      const item = judge.item(edition, codeText);
      if (!item) { problem(row, 'itemCode', codeText, 'UNKNOWN_ITEM', `critère ${codeText} inconnu dans le référentiel de l'édition ${edition}`); continue; }
      if (item.channel !== channel) { problem(row, 'itemCode', codeText, 'CHANNEL_MISMATCH', `le critère ${item.code} relève du canal « ${labelOf(CHANNELS, item.channel)} », l'audit du canal « ${labelOf(CHANNELS, channel)} »`); continue; }
      let answer = cell(cells, 'answer');
      if (typeof answer === 'string' && /^x$/i.test(answer.trim())) answersAreCrosses = true;
      if (isBlank(answer)) {
        if (!answersAreCrosses) { problem(row, 'answer', null, 'INVALID_ANSWER', `${item.code} : réponse vide`); continue; }
        answer = 'Non';
      }
      const judged = judge.judge(item, answer);
      if (!judged.ok) { problem(row, 'answer', answer, 'INVALID_ANSWER', `${item.code} : ${judged.reason}`); continue; }
      pushObservation(audit, codeText === item.code ? item.code : intern(codeIntern, item.code), judged.value, cellText(cell(cells, 'comment')) || null, row);
      hooks.onRowDone?.(audit, audit.items.length - 1);
    }
    if (!audits.has(key)) audits.set(key, audit);
    editions.add(edition);
  }
  hooks.onRows?.(rowsRead, rowsRead);

  if (rowsRead === 0) {
    sink.add({ sheet: detection.sheet, row: detection.headerRow, column: null, value: null, code: 'EMPTY_SHEET', message: "aucune ligne de données sous l'en-tête" });
  }
  const kept = [...audits.values()];
  for (const audit of kept) rejectConflictingDuplicates(audit, detection, sink, rejectedRows);
  return { audits: kept.filter((a) => a.items.length > 0 || true), structures, editions, rowsRead, rejectedRows };
}

function memo<K, V>(cache: Map<K, V>, key: K, compute: (key: K) => V): V {
  let value = cache.get(key);
  if (value === undefined && !cache.has(key)) {
    value = compute(key);
    if (cache.size > 50_000) cache.clear();
    cache.set(key, value);
  }
  return value as V;
}

function pushObservation(audit: AuditDraft, code: string, judged: Judgement, comment: string | null, row: number): void {
  audit.items.push(code);
  audit.compliant.push(judged.compliant);
  audit.measure.push(judged.measure);
  audit.raw.push(judged.raw);
  audit.obsComment.push(comment);
  audit.obsRow.push(row);
}

/**
 * The same item several times in one audit: identical answers collapse into one; different
 * answers are all refused, each row with the same reason naming the others (« réponses
 * contradictoires, ligne 4 et ligne 7 »), so the rejects workbook explains every row it lists.
 * The rest of the audit is unaffected, and the workspace keeps what it had for that item.
 * Both layouts go through here: in the long one the item repeats on several rows of the answer
 * column, in the wide one the audit repeats on several rows and the problem names the item's column.
 */
function rejectConflictingDuplicates(audit: AuditDraft, detection: Detection, sink: ProblemSink, rejectedRows: Set<number>): void {
  if (audit.items.length < 2 || !hasRepeatedItem(audit.items)) return;
  const byCode = new Map<string, number[]>();
  audit.items.forEach((code, i) => {
    const indexes = byCode.get(code);
    if (indexes) indexes.push(i);
    else byCode.set(code, [i]);
  });
  const drop = new Set<number>();
  const answerColumn = detection.assignment.fields.answer;
  const answerColumnText = answerColumn === undefined ? null : columnLabel(detection, answerColumn);
  const columnText = (i: number): string | null => {
    const itemColumn = audit.obsColumn?.[i];
    return itemColumn === undefined ? answerColumnText : columnLabel(detection, itemColumn);
  };
  for (const [code, indexes] of byCode) {
    if (indexes.length < 2) continue;
    const [first] = indexes as [number, ...number[]];
    const same = indexes.every((i) => audit.compliant[i] === audit.compliant[first] && audit.measure[i] === audit.measure[first]);
    if (same) {
      for (const i of indexes.slice(1)) drop.add(i);
      continue;
    }
    const rows = indexes.map((i) => audit.obsRow[i]!);
    const where = rows.length === 2 ? `ligne ${rows[0]} et ligne ${rows[1]}` : `lignes ${rows.slice(0, -1).join(', ')} et ${rows[rows.length - 1]}`;
    for (const i of indexes) {
      drop.add(i);
      sink.add({ sheet: detection.sheet, row: audit.obsRow[i] ?? null, column: columnText(i), value: audit.raw[i] ?? null, code: 'CONFLICTING_DUPLICATE', message: `le critère ${code} de l'audit ${audit.reference} : réponses contradictoires, ${where}` });
      rejectedRows.add(audit.obsRow[i]!);
    }
  }
  if (drop.size === 0) return;
  const keep = (_: unknown, i: number): boolean => !drop.has(i);
  audit.items = audit.items.filter(keep);
  audit.compliant = audit.compliant.filter(keep);
  audit.measure = audit.measure.filter(keep);
  audit.raw = audit.raw.filter(keep);
  audit.obsComment = audit.obsComment.filter(keep);
  audit.obsRow = audit.obsRow.filter(keep);
  if (audit.obsColumn) audit.obsColumn = audit.obsColumn.filter(keep);
}

const seenItems = new Set<string>();

/** Whether an item code appears twice: the common case (no repeat) costs one Set pass, no arrays. */
function hasRepeatedItem(items: readonly string[]): boolean {
  seenItems.clear();
  for (const code of items) {
    if (seenItems.has(code)) return true;
    seenItems.add(code);
  }
  return false;
}

function intern(pool: Map<string, string>, value: string): string {
  const found = pool.get(value);
  if (found) return found;
  pool.set(value, value);
  return value;
}

export function columnLabel(detection: Detection, index: number): string {
  const header = detection.columns.find((c) => c.index === index)?.header;
  return header ? `${columnLetter(index)} (${header})` : columnLetter(index);
}

export function formatFrDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${d}/${m}/${y}`;
}

export type { ImportProblem };
