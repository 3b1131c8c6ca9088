/** The Excel deliverables: what the CLI, the API handlers and the export job call. */
export { writeBarometerTables, barometerTablesSpec } from './barometer-tables.js';
export type { BarometerTablesInput, WrittenExport } from './barometer-tables.js';
export { writeStructureWorkbook, structureWorkbookSpec, buildStructureExportContext } from './structure-workbook.js';
export type { StructureWorkbookInput, StructureExportContext } from './structure-workbook.js';
export { exportStructureWorkbooks, structureFileName, structuresOfEdition } from './batch.js';
export type { BatchOptions, BatchHooks, BatchProgress, BatchResult } from './batch.js';
export { writeWorkbook } from './workbook-kit.js';
export type { WorkbookSpec, SheetSpec, TableSheet, NotesSheet, ColumnSpec, ColumnKind } from './workbook-kit.js';
export { writeCsv, toCsv, csvField, safeCellValue, sanitizeSheetName } from './safe-cells.js';
export { maskPersonalData, maskNullable } from '../../shared/personal-data.js';
