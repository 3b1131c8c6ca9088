import { openWorkspace } from '../main/db/connection.js';
import { buildStructureExportContext, structureWorkbookSpec } from '../main/export/structure-workbook.js';
import { structuresOfEdition } from '../main/export/batch.js';
const db = openWorkspace('/tmp/exbench.sqlite');
const ctx = buildStructureExportContext(db, { edition: 2023 });
const codes = structuresOfEdition(db, 2023);
const t = performance.now();
for (const s of codes) structureWorkbookSpec(db, ctx, { structure: s.code });
console.log('per spec', ((performance.now() - t) / codes.length).toFixed(2));
