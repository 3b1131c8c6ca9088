#!/usr/bin/env node
// `npm run lint:electron`: Doyensec's Electronegativity (static checks of Electron security
// settings) on main/electron, failing on any HIGH finding. It parses our TypeScript directly. The
// tool reports in a CSV file; this wrapper reads it, prints every finding and exits 1 when one is
// HIGH. Accepted MEDIUM/LOW findings are explained in the README (« Durcissement d'Electron »).
// Offline, the tool says it cannot fetch translations or Electron's release list: harmless, the
// Electron version is given with -e so no release lookup is needed for the checks.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const electronVersion = require(path.join(root, 'node_modules', 'electron', 'package.json')).version;
const cli = path.join(root, 'node_modules', '@doyensec', 'electronegativity', 'dist', 'index.js');
const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'electronegativity-'));
const csv = path.join(outDir, 'findings.csv');

const run = spawnSync(process.execPath, [cli, '-i', path.join(root, 'main', 'electron'), '-o', csv, '-r', '-v', 'false', '-e', electronVersion], {
  cwd: root, encoding: 'utf8', timeout: 120_000,
});
if (!fs.existsSync(csv)) {
  process.stderr.write(`${run.stdout ?? ''}${run.stderr ?? ''}\nElectronegativity n'a pas produit de rapport (code ${run.status}).\n`);
  process.exit(2);
}
const [header, ...rows] = parseCsv(fs.readFileSync(csv, 'utf8')).filter((r) => r.length > 1);
fs.rmSync(outDir, { recursive: true, force: true });
const column = (name) => header.findIndex((h) => h.trim() === name);
const [issue, severity, file, location, description] = ['issue', 'severity', 'filename', 'location', 'description'].map(column);
const findings = rows.map((r) => ({ issue: r[issue], severity: r[severity], where: `${r[file]}:${r[location]}`, description: r[description] }));
for (const f of findings) process.stdout.write(`${f.severity.padEnd(8)} ${f.issue.padEnd(32)} ${f.where.padEnd(22)} ${f.description}\n`);
const high = findings.filter((f) => f.severity === 'HIGH');
process.stdout.write(`Electronegativity (Electron ${electronVersion}) : ${findings.length} constat(s), dont ${high.length} de gravité HIGH.\n`);
process.exit(high.length > 0 ? 1 : 0);

/** RFC 4180 CSV: quoted fields may hold commas, doubled quotes and line breaks. */
function parseCsv(text) {
  const out = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i += 1; } else if (c === '"') quoted = false; else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; } else if (c === '\n') { row.push(field.replace(/\r$/, '')); out.push(row); row = []; field = ''; } else field += c;
  }
  if (field !== '' || row.length > 0) { row.push(field); out.push(row); }
  return out;
}
