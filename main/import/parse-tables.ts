/**
 * Parses the two reference tables analysts receive as spreadsheets: the referential (items with
 * channel, step, determinant, answer type, threshold, weight) and the list of structures.
 */
import { categoryDef, parseAnswerType, parseCategory, parseChannel, parseSector, parseStep, type AnswerTypeCode, type CategoryCode, type ChannelCode, type SectorCode, type StepCode } from '../../shared/domain.js';
import type { Field } from '../../shared/columns.js';
import type { ProblemCode } from '../../shared/import-types.js';
import { AppError } from '../../shared/errors.js';
import { normalizeLabel, slugify } from '../../shared/text.js';
import { parseLabelList } from '../../shared/source-labels.js';
import type { CancelToken, CellValue, OpenedWorkbook } from './readers/types.js';
import type { Detection } from './detect.js';
import { columnLabel } from './parse-results.js';
import type { ProblemSink } from './problems.js';
import { cellText, isBlank, parseCode, parseEdition, parseInteger, parseNumber } from './values.js';

export interface ItemDraft {
  validFrom: number;
  code: string;
  labelFr: string;
  labelEn: string | null;
  channel: ChannelCode;
  step: StepCode;
  determinantCode: string;
  determinantLabel: string;
  answerType: AnswerTypeCode;
  threshold: number | null;
  weight: number;
  sourceLabel: string | null;
  row: number;
}

export interface StructureDraft {
  code: string;
  name: string;
  category: CategoryCode;
  sector: SectorCode;
  departement: string | null;
  region: string | null;
  population: number | null;
  /** "Labels détenus": the labels the structure holds (empty when the cell is), read only when the column exists. */
  labelsHeld: string[];
  row: number;
}

interface RowContext {
  cells: readonly CellValue[];
  row: number;
}

function makeHelpers(detection: Detection, sink: ProblemSink, rejectedRows: Set<number>) {
  const { fields } = detection.assignment;
  const cell = (ctx: RowContext, field: Field): CellValue => {
    const index = fields[field];
    return index === undefined ? null : (ctx.cells[index] ?? null);
  };
  const problem = (ctx: RowContext, field: Field | null, code: ProblemCode, message: string): void => {
    const index = field === null ? undefined : fields[field];
    const value = field === null ? null : cell(ctx, field);
    sink.add({ sheet: detection.sheet, row: ctx.row, column: index === undefined ? null : columnLabel(detection, index), value: value === null ? null : cellText(value), code, message });
    rejectedRows.add(ctx.row);
  };
  return { cell, problem };
}

function* dataRows(workbook: OpenedWorkbook, detection: Detection, cancel?: CancelToken): Generator<RowContext> {
  let n = 0;
  for (const { row, cells } of workbook.rows(detection.sheet)) {
    if (row <= detection.headerRow || cells.every((c) => isBlank(c))) continue;
    if (++n % 2000 === 0 && cancel?.cancelled) throw AppError.keyed('CANCELLED', 'import.cancelled');
    yield { row, cells };
  }
}

export interface ParsedReferential {
  items: ItemDraft[];
  rowsRead: number;
  rejectedRows: Set<number>;
}

export function parseReferential(workbook: OpenedWorkbook, detection: Detection, sink: ProblemSink, namedEdition: number | null, cancel?: CancelToken): ParsedReferential {
  const rejectedRows = new Set<number>();
  const { cell, problem } = makeHelpers(detection, sink, rejectedRows);
  const labelEnIndex = detection.assignment.itemLabelEn;
  const byKey = new Map<string, ItemDraft>();
  let rowsRead = 0;
  for (const ctx of dataRows(workbook, detection, cancel)) {
    rowsRead++;
    const code = parseCode(cell(ctx, 'itemCode'));
    const label = cellText(cell(ctx, 'itemLabel'));
    const channelText = cellText(cell(ctx, 'channel'));
    const stepText = cellText(cell(ctx, 'step'));
    const determinant = cellText(cell(ctx, 'determinant'));
    if (!code) { problem(ctx, 'itemCode', 'MISSING_FIELD', 'code critère manquant'); continue; }
    if (!label) { problem(ctx, 'itemLabel', 'MISSING_FIELD', `libellé manquant pour ${code}`); continue; }
    const channel = parseChannel(channelText);
    if (!channel) { problem(ctx, 'channel', channelText ? 'INVALID_VALUE' : 'MISSING_FIELD', channelText ? `canal inconnu « ${channelText} »` : 'canal manquant'); continue; }
    const step = parseStep(stepText);
    if (!step) { problem(ctx, 'step', stepText ? 'INVALID_VALUE' : 'MISSING_FIELD', stepText ? `étape inconnue « ${stepText} » (Accès, Information / orientation, Traitement)` : 'étape manquante'); continue; }
    if (!determinant) { problem(ctx, 'determinant', 'MISSING_FIELD', 'déterminant manquant'); continue; }
    const thresholdCell = cell(ctx, 'threshold');
    let threshold: number | null = null;
    if (!isBlank(thresholdCell)) {
      const parsed = parseNumber(thresholdCell);
      if (!parsed.ok) { problem(ctx, 'threshold', 'INVALID_NUMBER', parsed.reason); continue; }
      threshold = parsed.value;
    }
    const typeText = cellText(cell(ctx, 'answerType'));
    const answerType = typeText ? parseAnswerType(typeText) : threshold === null ? 'oui-non' : 'seuil-max';
    if (!answerType) { problem(ctx, 'answerType', 'INVALID_VALUE', `type de réponse inconnu « ${typeText} » (oui-non, seuil-max, seuil-min)`); continue; }
    if (answerType !== 'oui-non' && threshold === null) { problem(ctx, 'threshold', 'MISSING_FIELD', `${code} : un item ${answerType} doit avoir un seuil`); continue; }
    let weight = 1;
    if (!isBlank(cell(ctx, 'weight'))) {
      const parsed = parseNumber(cell(ctx, 'weight'));
      if (!parsed.ok || parsed.value < 0) { problem(ctx, 'weight', 'INVALID_NUMBER', parsed.ok ? 'pondération négative' : parsed.reason); continue; }
      weight = parsed.value;
    }
    let validFrom = namedEdition ?? 0;
    if (!isBlank(cell(ctx, 'edition'))) {
      const parsed = parseEdition(cell(ctx, 'edition'));
      if (!parsed.ok) { problem(ctx, 'edition', 'INVALID_VALUE', parsed.reason); continue; }
      validFrom = parsed.value;
    }
    const draft: ItemDraft = {
      validFrom, code, labelFr: label,
      labelEn: labelEnIndex === null ? null : cellText(ctx.cells[labelEnIndex] ?? null) || null,
      channel, step, determinantCode: slugify(determinant, 80), determinantLabel: determinant,
      answerType, threshold: answerType === 'oui-non' ? null : threshold, weight,
      sourceLabel: cellText(cell(ctx, 'sourceLabel')) || null, row: ctx.row,
    };
    const key = `${validFrom}\u0000${normalizeLabel(code)}`;
    const previous = byKey.get(key);
    if (previous) {
      if (JSON.stringify({ ...previous, row: 0 }) !== JSON.stringify({ ...draft, row: 0 })) {
        problem(ctx, 'itemCode', 'CONFLICTING_DUPLICATE', `le critère ${code} est déjà défini ligne ${previous.row} avec d'autres valeurs`);
        rejectedRows.add(previous.row);
        byKey.delete(key);
      }
      continue;
    }
    byKey.set(key, draft);
  }
  if (rowsRead === 0) sink.add({ sheet: detection.sheet, row: detection.headerRow, column: null, value: null, code: 'EMPTY_SHEET', message: "aucune ligne de données sous l'en-tête" });
  return { items: [...byKey.values()].filter((item) => !rejectedRows.has(item.row)), rowsRead, rejectedRows };
}

export interface ParsedStructures {
  structures: StructureDraft[];
  rowsRead: number;
  rejectedRows: Set<number>;
}

export function parseStructures(workbook: OpenedWorkbook, detection: Detection, sink: ProblemSink, cancel?: CancelToken): ParsedStructures {
  const rejectedRows = new Set<number>();
  const { cell, problem } = makeHelpers(detection, sink, rejectedRows);
  const byCode = new Map<string, StructureDraft>();
  let rowsRead = 0;
  for (const ctx of dataRows(workbook, detection, cancel)) {
    rowsRead++;
    const code = parseCode(cell(ctx, 'structureCode'));
    if (!code) { problem(ctx, 'structureCode', 'MISSING_FIELD', 'code structure manquant'); continue; }
    const name = cellText(cell(ctx, 'structureName'));
    if (!name) { problem(ctx, 'structureName', 'MISSING_FIELD', `nom manquant pour la structure ${code}`); continue; }
    const categoryText = cellText(cell(ctx, 'category'));
    const category = parseCategory(categoryText);
    if (!category) { problem(ctx, 'category', categoryText ? 'INVALID_VALUE' : 'MISSING_FIELD', categoryText ? `catégorie inconnue « ${categoryText} »` : 'catégorie manquante'); continue; }
    const sectorText = cellText(cell(ctx, 'sector'));
    const sector = sectorText ? parseSector(sectorText) : categoryDef(category)?.sector ?? null;
    if (!sector) { problem(ctx, 'sector', 'INVALID_VALUE', `secteur inconnu « ${sectorText} » (Public, Privé)`); continue; }
    let population: number | null = null;
    if (!isBlank(cell(ctx, 'population'))) {
      const parsed = parseInteger(cell(ctx, 'population'));
      if (!parsed.ok) { problem(ctx, 'population', 'INVALID_NUMBER', parsed.reason); continue; }
      population = parsed.value;
    }
    const draft: StructureDraft = { code, name, category, sector, departement: parseCode(cell(ctx, 'departement')), region: cellText(cell(ctx, 'region')) || null, population, labelsHeld: parseLabelList(cellText(cell(ctx, 'labelsHeld'))), row: ctx.row };
    const previous = byCode.get(code);
    if (previous) {
      if (JSON.stringify({ ...previous, row: 0 }) !== JSON.stringify({ ...draft, row: 0 })) {
        problem(ctx, 'structureCode', 'CONFLICTING_DUPLICATE', `la structure ${code} figure déjà ligne ${previous.row} avec d'autres valeurs`);
        rejectedRows.add(previous.row);
        byCode.delete(code);
      }
      continue;
    }
    byCode.set(code, draft);
  }
  if (rowsRead === 0) sink.add({ sheet: detection.sheet, row: detection.headerRow, column: null, value: null, code: 'EMPTY_SHEET', message: "aucune ligne de données sous l'en-tête" });
  return { structures: [...byCode.values()].filter((s) => !rejectedRows.has(s.row)), rowsRead, rejectedRows };
}
