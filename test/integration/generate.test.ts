/**
 * `generateDemo` and `barometer generate` on real files: every format written, read back with
 * SheetJS (and ExcelJS for the xlsx), headers and contents checked against the brief, byte-level
 * determinism, Windows-1252 CSV, and the headline calibration recomputed from the files alone.
 */
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import * as XLSX from 'xlsx';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../main/cli/index.js';
import type { CliIo } from '../../main/cli/command.js';
import { generateDemo, type GenerateResult } from '../../main/generate/index.js';
import { tempDir } from './helpers.js';

type Row = Array<string | number | boolean | null | undefined>;

function sheetRows(file: string): { rows: Row[]; sheet: XLSX.WorkSheet } {
  const workbook = XLSX.read(fs.readFileSync(file));
  const name = workbook.SheetNames[0];
  const sheet = name ? workbook.Sheets[name] : undefined;
  if (!sheet) throw new Error(`no sheet in ${file}`);
  return { rows: XLSX.utils.sheet_to_json<Row>(sheet, { header: 1, raw: true, defval: null }), sheet };
}

/** Windows-1252 bytes 0x80–0x9F (Node's TextDecoder reads them as Latin-1 control characters). */
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

function decode(bytes: Buffer, encoding: 'utf-8' | 'windows-1252'): string {
  if (encoding === 'utf-8') return new TextDecoder('utf-8').decode(bytes);
  let text = '';
  for (const byte of bytes) text += byte >= 0x80 && byte <= 0x9f ? CP1252_HIGH[byte - 0x80] : String.fromCharCode(byte);
  return text;
}

function csvRows(file: string, encoding: 'utf-8' | 'windows-1252' = 'utf-8'): string[][] {
  const text = decode(fs.readFileSync(file), encoding).replace(/^\ufeff/, '');
  // The demo's CSV quotes only fields with ; " or line breaks; comments never hold line breaks.
  return text.split('\r\n').filter((l) => l.length > 0).map((line) => {
    const cells: string[] = [];
    let current = '';
    let quoted = false;
    for (let i = 0; i < line.length; i++) {
      const ch = line[i];
      if (quoted) {
        if (ch === '"' && line[i + 1] === '"') { current += '"'; i++; } else if (ch === '"') quoted = false; else current += ch;
      } else if (ch === '"') quoted = true;
      else if (ch === ';') { cells.push(current); current = ''; } else current += ch;
    }
    cells.push(current);
    return cells;
  });
}

const WIDE_FIXED = ['Édition', 'Code structure', 'Structure', 'Catégorie', 'Département', 'Réf. audit', 'Date audit', 'Heure', 'Canal', 'Scénario', 'Enquêteur', 'Commentaire'];
const LONG = ['Édition', 'Code structure', 'Structure', 'Catégorie', 'Département', 'Réf. audit', 'Date audit', 'Canal', 'Code critère', 'Réponse', 'Commentaire'];
const TITLE = 'Baromètre Expérience Citoyen — données de démonstration';

describe('generateDemo: every format, read back', { timeout: 300_000 }, () => {
  let dir: string;
  let result: GenerateResult;

  beforeAll(async () => {
    dir = tempDir('barometre-generate-');
    result = await generateDemo({ out: dir, seed: 11, structures: 14, editions: [2022, 2023], formats: ['xlsx', 'csv', 'xls', 'ods'], layout: 'both' });
  });

  it('writes the documented files, in import order', () => {
    const names = result.files.map((f) => f.name);
    expect(names.slice(0, 3)).toEqual(['referentiel.xlsx', 'referentiel-2023.xlsx', 'structures.xlsx']);
    for (const year of [2022, 2023]) {
      for (const name of [`resultats-${year}-large.xlsx`, `resultats-${year}-large.csv`, `resultats-${year}-large.ods`, `resultats-${year}-long.xlsx`, `resultats-${year}-long.csv`, `resultats-${year}-long.ods`]) {
        expect(names).toContain(name);
      }
      for (const channel of ['telephone', 'courriel', 'courrier', 'site-internet', 'reseaux-sociaux', 'visite']) {
        expect(names).toContain(`resultats-${year}-large-${channel}.xls`);
        expect(names).toContain(`resultats-${year}-long-${channel}.xls`);
      }
    }
    for (const file of result.files) {
      expect(fs.statSync(file.path).size).toBe(file.bytes);
      expect(path.dirname(file.path)).toBe(dir);
    }
    expect(result.counts).toMatchObject({ items: 400, determinants: 20, channels: 6, steps: 3, structures: 14, auditsPerStructure: 13 });
    expect(result.counts.editions.map((e) => e.audits)).toEqual([14 * 13, 14 * 13]);
  });

  it('writes the referential with French headers, and the 2023 revision with an edition column', () => {
    const { rows } = sheetRows(path.join(dir, 'referentiel.xlsx'));
    expect(rows[0]).toEqual(['Code critère', 'Libellé', 'Libellé EN', 'Canal', 'Étape', 'Déterminant', 'Type de réponse', 'Seuil', 'Pondération', 'Référentiel']);
    const data = rows.slice(1);
    expect(data).toHaveLength(400);
    expect(new Set(data.map((r) => r[3]))).toEqual(new Set(['Téléphone', 'Courriel', 'Courrier', 'Site internet', 'Réseaux sociaux', 'Visite']));
    expect(new Set(data.map((r) => r[4]))).toEqual(new Set(['Accès', 'Information / orientation', 'Traitement de la demande']));
    expect(new Set(data.map((r) => r[5])).size).toBe(20);
    expect(new Set(data.map((r) => r[9]))).toEqual(new Set(['Qualivilles', 'Services Publics+', 'Baromètre']));
    expect(data.find((r) => r[0] === 'MEL-01')).toEqual(['MEL-01', 'Délai de réponse au courriel (heures)', expect.any(String), 'Courriel', 'Traitement de la demande', 'Réactivité', 'seuil-max', 24, 3, 'Baromètre']);
    expect(data.find((r) => r[0] === 'MEL-02')?.slice(0, 8)).toEqual(['MEL-02', 'Le courriel de réponse contient une formule de politesse', expect.any(String), 'Courriel', 'Traitement de la demande', 'Courtoisie', 'oui-non', null]);

    const revision = sheetRows(path.join(dir, 'referentiel-2023.xlsx')).rows;
    expect(revision[0]?.[0]).toBe('Édition');
    expect(revision.slice(1).every((r) => r[0] === 2023)).toBe(true);
    const before = new Set(data.map((r) => r[0]));
    const after = new Set(revision.slice(1).map((r) => r[1]));
    expect([...after].filter((c) => !before.has(c))).toHaveLength(2);
    expect([...before].filter((c) => !after.has(c))).toHaveLength(2);
  });

  it('writes the structures with codes as text and every category, all marked as demo', () => {
    const { rows, sheet } = sheetRows(path.join(dir, 'structures.xlsx'));
    expect(rows[0]).toEqual(['Code structure', 'Nom de la structure', 'Catégorie', 'Département', 'Région', 'Population', 'Secteur', 'Labels détenus']);
    const data = rows.slice(1);
    expect(data).toHaveLength(14);
    for (let r = 2; r <= 15; r++) {
      expect(sheet[`A${r}`]?.t).toBe('s');
      expect(sheet[`D${r}`]?.t).toBe('s');
    }
    expect(data.every((r) => /^\d{9}$/.test(String(r[0])))).toBe(true);
    expect(data.every((r) => String(r[1]).includes('(démo)'))).toBe(true);
    expect(new Set(data.map((r) => r[2]))).toEqual(new Set([
      'Villes de plus de 50 000 habitants', 'Villes de 20 000 à 50 000 habitants', 'Villes de moins de 20 000 habitants',
      'Intercommunalités', 'Départements', 'Régions', 'Autres structures publiques', 'Panel privé',
    ]));
    expect(data.filter((r) => r[2] === 'Panel privé').every((r) => r[6] === 'Privé')).toBe(true);
    expect(data.filter((r) => r[2] !== 'Panel privé').every((r) => r[6] === 'Public')).toBe(true);
    // Labels held: public structures only, from the demo's two labels.
    expect(data.filter((r) => r[2] === 'Panel privé').every((r) => r[7] === undefined || r[7] === null)).toBe(true);
    for (const r of data) if (r[7] != null) expect(String(r[7]).split('; ').every((l) => ['Qualivilles', 'Services Publics+'].includes(l))).toBe(true);
  });

  it('writes the wide xlsx with a title row, one row per audit and real Excel dates', async () => {
    const file = path.join(dir, 'resultats-2023-large.xlsx');
    const { rows, sheet } = sheetRows(file);
    expect(rows[0]?.[0]).toBe(TITLE);
    const header = rows[1] ?? [];
    expect(header.slice(0, WIDE_FIXED.length)).toEqual(WIDE_FIXED);
    const codes = header.slice(WIDE_FIXED.length);
    expect(codes).toHaveLength(400);
    expect(codes).toContain('MEL-01');
    const data = rows.slice(2);
    expect(data).toHaveLength(14 * 13);
    expect(new Set(data.map((r) => r[5])).size).toBe(14 * 13);
    expect(data.every((r) => r[0] === 2023 && /^2023-\d{6}-\d{2}$/.test(String(r[5])))).toBe(true);
    const date = sheet.G3;
    expect(date?.t).toBe('n');
    expect(date?.w).toMatch(/^\d{2}\/(09|10)\/2023$/);
    // A telephone audit fills telephone columns only.
    const phone = data.find((r) => r[8] === 'Téléphone');
    const filled = codes.filter((_, i) => phone?.[WIDE_FIXED.length + i] !== null);
    expect(filled.length).toBeGreaterThan(60);
    expect(filled.every((c) => String(c).startsWith('TEL-'))).toBe(true);

    // ExcelJS reads the same file: frozen header, filter, date format.
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    const ws = workbook.worksheets[0];
    expect(ws?.getRow(2).getCell(1).value).toBe('Édition');
    expect(ws?.getRow(3).getCell(7).value).toBeInstanceOf(Date);
    expect(ws?.getRow(3).getCell(7).numFmt).toBe('dd/mm/yyyy');
    expect(ws?.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
  });

  it('writes the same audits in the wide CSV and the wide xlsx', () => {
    const csv = csvRows(path.join(dir, 'resultats-2023-large.csv'));
    const xlsx = sheetRows(path.join(dir, 'resultats-2023-large.xlsx')).rows.slice(1);
    expect(csv).toHaveLength(xlsx.length);
    expect(csv[0]).toEqual(xlsx[0]);
    const asCsv = (cell: Row[number], column: number): string => {
      if (cell === null || cell === undefined) return '';
      if (column === 6 && typeof cell === 'number') return XLSX.SSF.format('dd/mm/yyyy', cell);
      return typeof cell === 'number' ? String(cell).replace('.', ',') : String(cell);
    };
    for (let r = 1; r < csv.length; r++) {
      const fromXlsx = (xlsx[r] ?? []).map(asCsv);
      while (fromXlsx.length < (csv[r]?.length ?? 0)) fromXlsx.push('');
      expect(csv[r]).toEqual(fromXlsx);
    }
  });

  it('writes the long CSV in French: BOM, semicolons, decimal commas, one row per observation', () => {
    const file = path.join(dir, 'resultats-2023-long.csv');
    const bytes = fs.readFileSync(file);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = csvRows(file);
    expect(rows[0]).toEqual(LONG);
    const data = rows.slice(1);
    expect(data).toHaveLength(result.counts.editions.find((e) => e.year === 2023)?.observations ?? -1);
    expect(data.every((r) => r.length === LONG.length)).toBe(true);
    expect(data.every((r) => /^\d{2}\/(09|10)\/2023$/.test(r[6] ?? ''))).toBe(true);
    expect(data.some((r) => /^\d+,\d+$/.test(r[9] ?? ''))).toBe(true);
    // Codes stay text: nine digits, leading zeros kept; départements as "06", "2A", "974".
    expect(data.every((r) => /^\d{9}$/.test(r[1] ?? ''))).toBe(true);
    expect(data.every((r) => /^(\d{2}|2A|2B|97\d)$/.test(r[4] ?? ''))).toBe(true);
  });

  it('splits xls per channel, holding only that channel’s audits and items', () => {
    const wide = sheetRows(path.join(dir, 'resultats-2023-large-courriel.xls')).rows;
    expect(wide[0]?.[0]).toBe(TITLE);
    const codes = (wide[1] ?? []).slice(WIDE_FIXED.length);
    expect(codes.length).toBeGreaterThan(50);
    expect(codes.every((c) => String(c).startsWith('MEL-'))).toBe(true);
    expect(wide.slice(2)).toHaveLength(14 * 3);
    expect(wide.slice(2).every((r) => r[8] === 'Courriel')).toBe(true);
    const long = sheetRows(path.join(dir, 'resultats-2023-long-visite.xls')).rows;
    expect(long[0]).toEqual(LONG);
    expect(long.slice(1).every((r) => r[7] === 'Visite' && String(r[8]).startsWith('VIS-'))).toBe(true);
    expect(new Set(long.slice(1).map((r) => r[5])).size).toBe(14);
  });

  it('writes ods files SheetJS reads with the same header and rows', () => {
    const ods = sheetRows(path.join(dir, 'resultats-2022-large.ods')).rows;
    const xlsx = sheetRows(path.join(dir, 'resultats-2022-large.xlsx')).rows;
    expect(ods[0]?.[0]).toBe(TITLE);
    expect(ods[1]).toEqual(xlsx[1]);
    expect(ods.length).toBe(xlsx.length);
    expect(ods.slice(2).map((r) => r[5])).toEqual(xlsx.slice(2).map((r) => r[5]));
  });

  it('recomputes the 2023 headline figures from the files within 1.5 points', () => {
    const structures = sheetRows(path.join(dir, 'structures.xlsx')).rows.slice(1);
    const sector = new Map(structures.map((r) => [String(r[0]), r[6] === 'Privé' ? 'prive' : 'public']));
    const tally = new Map<string, { yes: number; n: number }>();
    for (const r of csvRows(path.join(dir, 'resultats-2023-long.csv')).slice(1)) {
      const [, code, , , , , , , item, answer] = r;
      if (item !== 'MEL-01' && item !== 'MEL-02') continue;
      let verdict: boolean | null;
      if (item === 'MEL-01') verdict = Number((answer ?? '').replace(',', '.')) <= 24;
      else verdict = /^(oui|o)$/i.test(answer ?? '') ? true : /^(non|n)$/i.test(answer ?? '') ? false : null;
      if (verdict === null) continue;
      const key = `${item}|${sector.get(code ?? '')}`;
      const t = tally.get(key) ?? { yes: 0, n: 0 };
      t.n += 1;
      if (verdict) t.yes += 1;
      tally.set(key, t);
    }
    const pct = (key: string): number => {
      const t = tally.get(key);
      return t ? (100 * t.yes) / t.n : NaN;
    };
    expect(Math.abs(pct('MEL-01|public') - 38)).toBeLessThanOrEqual(1.5);
    expect(Math.abs(pct('MEL-01|prive') - 85)).toBeLessThanOrEqual(1.5);
    expect(Math.abs(pct('MEL-02|public') - 99)).toBeLessThanOrEqual(1.5);
    expect(Math.abs(pct('MEL-02|prive') - 91)).toBeLessThanOrEqual(1.5);
    const reported = result.headline.filter((h) => h.edition === 2023);
    expect(reported.find((h) => h.item === 'MEL-01' && h.sector === 'public')?.value).toBeCloseTo(pct('MEL-01|public'), 6);
    expect(result.calibrated).toBe(true);
  });
});

describe('generateDemo: determinism and encodings', { timeout: 300_000 }, () => {
  const options = { seed: 5, structures: 10, editions: [2023], formats: ['csv', 'xlsx'] as const, layout: 'both' as const };

  it('writes byte-identical files for the same seed and different ones for another seed', async () => {
    const a = tempDir();
    const b = tempDir();
    const c = tempDir();
    const first = await generateDemo({ ...options, formats: [...options.formats], out: a });
    await generateDemo({ ...options, formats: [...options.formats], out: b });
    await generateDemo({ ...options, formats: [...options.formats], seed: 6, out: c });
    for (const file of first.files) {
      expect(fs.readFileSync(path.join(b, file.name)).equals(fs.readFileSync(file.path)), file.name).toBe(true);
    }
    for (const name of ['resultats-2023-long.csv', 'resultats-2023-large.csv', 'structures.xlsx']) {
      expect(fs.readFileSync(path.join(c, name)).equals(fs.readFileSync(path.join(a, name))), name).toBe(false);
    }
    // The referential does not depend on the data seed.
    expect(fs.readFileSync(path.join(c, 'referentiel.xlsx')).equals(fs.readFileSync(path.join(a, 'referentiel.xlsx')))).toBe(true);
  });

  it('writes Windows-1252 CSV on request, with the same text', async () => {
    const utf8 = tempDir();
    const ansi = tempDir();
    await generateDemo({ out: utf8, seed: 5, structures: 10, editions: [2023], formats: ['csv'], layout: 'long' });
    await generateDemo({ out: ansi, seed: 5, structures: 10, editions: [2023], formats: ['csv'], layout: 'long', csvEncoding: 'windows-1252' });
    const bytes = fs.readFileSync(path.join(ansi, 'resultats-2023-long.csv'));
    expect(bytes[0]).toBe('É'.charCodeAt(0));
    expect(csvRows(path.join(ansi, 'resultats-2023-long.csv'), 'windows-1252')).toEqual(csvRows(path.join(utf8, 'resultats-2023-long.csv')));
  });

  it('refuses out-of-range options with a French message', async () => {
    const out = tempDir();
    await expect(generateDemo({ out, structures: 9 })).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('entre 10 et 2') });
    await expect(generateDemo({ out, structures: 2001 })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(generateDemo({ out, editions: [1999] })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });
});

describe('barometer generate', { timeout: 300_000 }, () => {
  function captured(): CliIo & { stdout: string; stderr: string } {
    const io = {
      stdout: '',
      stderr: '',
      interactive: false,
      out(text: string) { io.stdout += `${text}\n`; },
      err(text: string) { io.stderr += `${text}\n`; },
    };
    return io;
  }

  it('writes the files and reports them in JSON', async () => {
    const out = path.join(tempDir(), 'demo');
    const io = captured();
    const code = await main(['generate', '--out', out, '--structures', '10', '--editions', '2023', '--formats', 'csv', '--layout', 'long', '--seed', '3', '--json'], io);
    expect(code).toBe(0);
    const parsed = JSON.parse(io.stdout) as GenerateResult;
    expect(parsed.files.map((f) => f.name)).toEqual(['referentiel.xlsx', 'referentiel-2023.xlsx', 'structures.xlsx', 'resultats-2023-long.csv']);
    expect(parsed.files.every((f) => fs.existsSync(f.path))).toBe(true);
    expect(parsed.seed).toBe(3);
    // 10 structures are too few for every 2023 target: said on stderr, not hidden.
    expect(parsed.calibrated).toBe(false);
    expect(io.stderr).toMatch(/Attention/);
  });

  it('fails with a message and a non-zero code on bad options, and documents the channel mix', async () => {
    const io = captured();
    expect(await main(['generate', '--out', tempDir(), '--structures', 'beaucoup'], io)).not.toBe(0);
    expect(io.stderr).toMatch(/--structures/);
    const help = captured();
    expect(await main(['generate', '--help'], help)).toBe(0);
    expect(help.stdout).toMatch(/3 téléphone · 3 courriel · 2 courrier · 2 site internet · 2 réseaux sociaux · 1 visite/);
  });
});
