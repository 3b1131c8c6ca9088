import { openWorkspace } from '../main/db/connection.js';
import ExcelJS from 'exceljs';
import { buildStructureExportContext, structureWorkbookSpec } from '../main/export/structure-workbook.js';
import { writeWorkbook } from '../main/export/workbook-kit.js';
import { safeCellValue } from '../main/export/safe-cells.js';
import { structuresOfEdition } from '../main/export/batch.js';
const db = openWorkspace('/tmp/exbench.sqlite');
const ctx = buildStructureExportContext(db, { edition: 2023 });
function plain(spec) { return spec.sheets.map((s) => s.kind === 'notes' ? { name: s.name, rows: [[s.title], ...s.sections.flatMap((sec) => [[sec.heading ?? ''], ...sec.lines.map((l) => (typeof l === 'string' ? [l] : [l.label ?? '', l.value]))])] } : { name: s.name, rows: [[s.title], ...(s.subtitle ?? []).map((x) => [x]), s.columns.map((c) => c.header), ...s.rows, ...(s.notes ?? []).map((x) => [x])] }); }
async function bare(file, sheets) { const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true }); for (const s of sheets) { const ws = wb.addWorksheet(s.name.slice(0, 31)); for (const r of s.rows) ws.addRow(r.map((v) => safeCellValue(v))).commit(); ws.commit(); } await wb.commit(); }
let ours = 0, b = 0, sp = 0;
const codes = structuresOfEdition(db, 2023).slice(0, 60);
for (const [i, s] of codes.entries()) {
  let t = performance.now();
  const spec = structureWorkbookSpec(db, ctx, { structure: s.code });
  sp += performance.now() - t;
  t = performance.now();
  await writeWorkbook('/tmp/exab-ours.xlsx', spec);
  const t1 = performance.now();
  await bare('/tmp/exab-bare.xlsx', plain(spec));
  const t2 = performance.now();
  if (i >= 10) { ours += t1 - t; b += t2 - t1; }
}
console.log('spec', (sp / codes.length).toFixed(1), 'ours write', (ours / 50).toFixed(1), 'bare', (b / 50).toFixed(1), 'ratio write', (ours / b).toFixed(2), 'ratio total', ((ours + sp * 50 / 60) / b).toFixed(2));
