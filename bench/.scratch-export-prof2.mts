import { openWorkspace } from '../main/db/connection.js';
import { buildStructureExportContext, structureWorkbookSpec } from '../main/export/structure-workbook.js';
import { writeWorkbook } from '../main/export/workbook-kit.js';
import { structuresOfEdition } from '../main/export/batch.js';
const db = openWorkspace('/tmp/exbench.sqlite');
const ctx = buildStructureExportContext(db, { edition: 2023 });
const codes = structuresOfEdition(db, 2023).slice(0, 40);
for (const s of codes) {
  const spec = structureWorkbookSpec(db, ctx, { structure: s.code });
  await writeWorkbook('/tmp/exab-ours.xlsx', spec);
}
