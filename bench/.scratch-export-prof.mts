import { openWorkspace } from '../main/db/connection.js';
import { refreshAggregates } from '../main/analytics/refresh.js';
import { generateWorkspace } from './analytics.js';
import { itemsInForce, peerBenchmark, trends } from '../main/analytics/index.js';
import { buildStructureExportContext, structureWorkbookSpec } from '../main/export/structure-workbook.js';
import fs from 'node:fs';
const f = '/tmp/exbench.sqlite';
let db;
if (!fs.existsSync(f)) { db = openWorkspace(f); generateWorkspace(db, { structures: 200, editions: 2, auditsPerStructure: 13, itemsPerChannel: 65, firstYear: 2022 }); refreshAggregates(db, { editions: [2022, 2023] }); }
else db = openWorkspace(f);
const time = (label, fn, n = 20) => { fn(); const t = performance.now(); for (let i = 0; i < n; i++) fn(); console.log(label, ((performance.now() - t) / n).toFixed(2), 'ms'); };
time('itemsInForce', () => itemsInForce(db, 2023));
time('peerBenchmark', () => peerBenchmark(db, { edition: 2023, structure: 'S00010' }));
time('trends overall', () => trends(db, { scope: { kind: 'structure', code: 'S00010' }, level: 'overall', editions: [2022, 2023] }));
time('trends determinant', () => trends(db, { scope: { kind: 'structure', code: 'S00010' }, level: 'determinant', editions: [2022, 2023] }));
const ctx = buildStructureExportContext(db, { edition: 2023 });
time('spec', () => structureWorkbookSpec(db, ctx, { structure: 'S00010' }), 10);
