/**
 * The rejects workbook of an import run with "skip invalid rows": the rejected rows as the file
 * had them, plus the reasons, so the analyst can fix them and import that workbook again.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as XLSX from 'xlsx';
import type { ImportProblem } from '../../shared/import-types.js';
import type { CellValue, OpenedWorkbook } from './readers/types.js';
import type { Detection } from './detect.js';
import { safeText } from '../../shared/safe-text.js';

/** A cell of the rejects workbook: the same guards as every deliverable (XML-legal, within Excel's limit). */
function safe(value: CellValue): CellValue {
  return typeof value === 'string' ? safeText(value) : value;
}

export function writeRejectsWorkbook(workbook: OpenedWorkbook, detection: Detection, problems: ImportProblem[], rejectedRows: ReadonlySet<number>, folder: string): string {
  const reasons = new Map<number, string[]>();
  for (const p of problems) {
    if (p.row === null) continue;
    const list = reasons.get(p.row) ?? [];
    list.push(`${p.column ? `${p.column} : ` : ''}${p.message}`);
    reasons.set(p.row, list);
  }
  const headers = detection.columns.length > 0 ? Array.from({ length: Math.max(...detection.columns.map((c) => c.index)) + 1 }, (_, i) => detection.columns.find((c) => c.index === i)?.header ?? '') : [];
  const rows: CellValue[][] = [['Ligne d’origine', ...headers, 'Motif du rejet']];
  for (const { row, cells } of workbook.rows(detection.sheet)) {
    if (!rejectedRows.has(row)) continue;
    const padded = headers.map((_, i) => safe(cells[i] ?? null));
    rows.push([row, ...padded, safe((reasons.get(row) ?? ['rejeté avec son audit']).join(' ; '))]);
  }
  // aoa_to_sheet stores strings as text cells: a value such as "=1+1" never becomes a formula.
  const sheet = XLSX.utils.aoa_to_sheet(rows);
  sheet['!cols'] = rows[0]!.map((_, i) => ({ wch: i === rows[0]!.length - 1 ? 80 : 16 }));
  const book = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(book, sheet, 'Rejets');
  fs.mkdirSync(folder, { recursive: true });
  const stamp = new Date().toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
  const base = path.basename(workbook.fileName, path.extname(workbook.fileName)).replace(/[^\w.-]+/g, '_');
  const target = path.join(folder, `${base}-rejets-${stamp}.xlsx`);
  const temporary = `${target}.tmp`;
  fs.writeFileSync(temporary, XLSX.write(book, { bookType: 'xlsx', type: 'buffer', compression: true }) as Buffer);
  fs.renameSync(temporary, target);
  return target;
}
