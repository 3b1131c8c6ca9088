/**
 * Hostile and damaged files for the fuzz suite (issue 13), derived from valid generated seed files
 * by a seeded generator: the same seed always yields the same mutants, so a failure found once can
 * be replayed. Every reader is covered (csv, xlsx, xls, ods) by byte flips, truncations, zip entry
 * edits, XML tricks (DOCTYPE, entities, deep nesting), repetition bombs, huge shared strings and
 * CSV monsters. Nothing here allocates a bomb's inflated size: bombs are built compressed.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { resolveLimits } from '../../main/import/readers/limits.js';
import { openZip } from '../../main/import/readers/zip.js';
import { buildZip, minimalXlsxEntries, sheetXml, zeroBomb, type ZipBuildEntry } from '../../test/fixtures/readers/zip-builder.js';

export type Reader = 'csv' | 'xlsx' | 'xls' | 'ods';

export interface Mutant {
  /** File name as written (ends with the reader's extension). */
  name: string;
  reader: Reader;
  /** The kind of damage: "byte-flip", "truncation", "zip-entry", "xml", "repetition", "shared-strings", "csv-monster". */
  family: string;
  /** One line saying what was done, for the report. */
  description: string;
  bytes: Buffer;
}

/** The valid files mutants start from, by reader. */
export interface SeedFiles {
  csv: string[];
  xlsx: string[];
  xls: string[];
  ods: string[];
}

/** mulberry32: a tiny seeded generator, enough for reproducible choices. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Dice {
  constructor(private readonly next: () => number) {}
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    const item = items[this.int(0, items.length - 1)];
    if (item === undefined) throw new Error('empty choice');
    return item;
  }
}

/** Lists the generated seed files of a `barometer generate` folder, by reader. */
export function seedFilesIn(dir: string): SeedFiles {
  const files = fs.readdirSync(dir).sort().map((name) => path.join(dir, name));
  const by = (ext: string): string[] => files.filter((file) => file.endsWith(`.${ext}`));
  return { csv: by('csv'), xlsx: by('xlsx'), xls: by('xls'), ods: by('ods') };
}

interface Entry { name: string; data: Buffer; method: 0 | 8 }

/** The entries of a valid zip (xlsx, ods), inflated, in their order. */
function entriesOf(bytes: Buffer): Entry[] {
  const archive = openZip(bytes, 'graine', resolveLimits(undefined));
  return archive.entries.map((entry) => ({ name: entry.name, data: archive.read(entry), method: entry.method === 0 ? 0 : 8 }));
}

const rezip = (entries: readonly ZipBuildEntry[]): Buffer => buildZip(entries);
const MiB = 1024 * 1024;

/** The main sheet part of an xlsx or ods. */
const sheetPartName = (reader: Reader, entries: readonly Entry[]): string =>
  reader === 'ods' ? 'content.xml' : (entries.find((e) => /^xl\/worksheets\/sheet1\.xml$/i.test(e.name)) ?? entries.find((e) => /worksheets\//.test(e.name)))?.name ?? 'xl/worksheets/sheet1.xml';

/** Applies `edit` to one entry's text and re-zips the whole. */
function editEntry(entries: readonly Entry[], name: string, edit: (text: string) => string): Buffer {
  return rezip(entries.map((e) => (e.name === name ? { name: e.name, method: e.method, data: Buffer.from(edit(e.data.toString('utf8')), 'utf8') } : e)));
}

/** Inserts text right after the XML declaration (or at the start). */
const afterDeclaration = (xml: string, insert: string): string => {
  const end = xml.startsWith('<?xml') ? xml.indexOf('?>') + 2 : 0;
  return `${xml.slice(0, end)}${insert}${xml.slice(end)}`;
};

/** A billion-laughs style DOCTYPE: `levels` entities each expanding the previous ten times. */
function laughs(root: string, levels: number): string {
  const defs = [`<!ENTITY l0 "ha">`];
  for (let i = 1; i <= levels; i++) defs.push(`<!ENTITY l${i} "${`&l${i - 1};`.repeat(10)}">`);
  return `<!DOCTYPE ${root} [${defs.join('')}]>`;
}

const ODS_MIME = 'application/vnd.oasis.opendocument.spreadsheet';
function odsFile(tables: string): Buffer {
  const content = `<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet>${tables}</office:spreadsheet></office:body></office:document-content>`;
  return buildZip([
    { name: 'mimetype', data: ODS_MIME, method: 0 },
    { name: 'META-INF/manifest.xml', data: `<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="${ODS_MIME}"/></manifest:manifest>` },
    { name: 'content.xml', data: content },
  ]);
}

/** Deflated bytes of `size` repetitions of `unit`, built by chunks so the whole is never held. */
function deflatedRepeat(prefix: string, unit: string, count: number, suffix: string): { compressed: Buffer; uncompressedSize: number } {
  const chunkUnits = Math.max(1, Math.floor(MiB / unit.length));
  const chunk = Buffer.from(unit.repeat(chunkUnits), 'utf8');
  const deflated = zlib.deflateRawSync(chunk, { finishFlush: zlib.constants.Z_SYNC_FLUSH });
  const head = zlib.deflateRawSync(Buffer.from(prefix, 'utf8'), { finishFlush: zlib.constants.Z_SYNC_FLUSH });
  const tail = zlib.deflateRawSync(Buffer.from(suffix, 'utf8'));
  const chunks = Math.max(1, Math.floor(count / chunkUnits));
  return {
    compressed: Buffer.concat([head, ...Array.from({ length: chunks }, () => deflated), tail]),
    uncompressedSize: Buffer.byteLength(prefix) + chunks * chunk.length + Buffer.byteLength(suffix),
  };
}

type Maker = (dice: Dice, seeds: SeedFiles) => Omit<Mutant, 'name'> & { stem: string };

const readerOf = (file: string): Reader => path.extname(file).slice(1).toLowerCase() as Reader;
const read = (file: string): Buffer => fs.readFileSync(file);

const byteFlip: Maker = (dice, seeds) => {
  const file = dice.pick(dice.pick([seeds.csv, seeds.xlsx, seeds.xls, seeds.ods]));
  const bytes = Buffer.from(read(file));
  const flips = dice.int(1, 16);
  // Half the time near the start (headers, zip and CFB structures), else anywhere.
  const span = dice.int(0, 1) === 0 ? Math.min(bytes.length, 4096) : bytes.length;
  for (let i = 0; i < flips; i++) {
    const at = dice.int(0, span - 1);
    bytes[at] = (bytes[at] ?? 0) ^ (1 << dice.int(0, 7));
  }
  return { stem: path.basename(file, path.extname(file)), reader: readerOf(file), family: 'byte-flip', description: `${flips} bits inversés dans ${path.basename(file)}`, bytes };
};

const truncation: Maker = (dice, seeds) => {
  const file = dice.pick(dice.pick([seeds.csv, seeds.xlsx, seeds.xls, seeds.ods]));
  const bytes = read(file);
  const at = dice.int(0, bytes.length - 1);
  return { stem: path.basename(file, path.extname(file)), reader: readerOf(file), family: 'truncation', description: `${path.basename(file)} coupé à ${at} octets sur ${bytes.length}`, bytes: bytes.subarray(0, at) };
};

const zipEntryEdit: Maker = (dice, seeds) => {
  const file = dice.pick([...seeds.xlsx, ...seeds.ods]);
  const reader = readerOf(file);
  const entries = entriesOf(read(file));
  const stem = path.basename(file, path.extname(file));
  const victim = dice.pick(entries);
  const sheet = sheetPartName(reader, entries);
  const edits: Array<() => { description: string; bytes: Buffer }> = [
    () => ({ description: `entrée « ${victim.name} » supprimée`, bytes: rezip(entries.filter((e) => e !== victim)) }),
    () => ({ description: `entrée « ${victim.name} » renommée`, bytes: rezip(entries.map((e) => (e === victim ? { ...e, name: `${e.name}.bak` } : e))) }),
    () => ({ description: `taille déclarée de « ${victim.name} » fausse`, bytes: rezip(entries.map((e) => (e === victim ? { ...e, declaredSize: dice.int(0, 3) === 0 ? 0xfffffff0 : dice.int(0, e.data.length * 2) } : e))) }),
    () => ({ description: `CRC de « ${victim.name} » faux`, bytes: rezip(entries.map((e) => (e === victim ? { ...e, crc: 0xdeadbeef } : e))) }),
    () => ({ description: `« ${victim.name} » marqué chiffré`, bytes: rezip(entries.map((e) => (e === victim ? { ...e, flags: 1 } : e))) }),
    () => ({ description: `« ${victim.name} » en double`, bytes: rezip([...entries, { ...victim, data: victim.data.subarray(0, Math.floor(victim.data.length / 2)) }]) }),
    () => ({ description: `entrée « ../../${victim.name} » ajoutée`, bytes: rezip([...entries, { name: `../../${victim.name}`, data: victim.data }]) }),
    () => ({ description: `méthode de compression inconnue pour « ${victim.name} »`, bytes: rezip(entries.map((e) => (e === victim ? { name: e.name, compressed: e.data, uncompressedSize: e.data.length, method: 8, crc: 0 } : e))) }),
    () => {
      const cut = dice.int(0, victim.data.length);
      return { description: `contenu de « ${victim.name} » coupé à ${cut} octets`, bytes: rezip(entries.map((e) => (e === victim ? { ...e, data: e.data.subarray(0, cut) } : e))) };
    },
    () => {
      const data = Buffer.from(victim.data);
      for (let i = 0; i < 8 && data.length > 0; i++) data[dice.int(0, data.length - 1)] = dice.int(0, 255);
      return { description: `octets du XML de « ${victim.name} » remplacés`, bytes: rezip(entries.map((e) => (e === victim ? { ...e, data } : e))) };
    },
    () => {
      const chunks = dice.int(2, 70);
      const bomb = zeroBomb(chunks);
      return { description: `« ${sheet} » remplacé par une bombe de ${chunks * 16} Mio de zéros`, bytes: rezip(entries.map((e) => (e.name === sheet ? { name: e.name, compressed: bomb.compressed, uncompressedSize: bomb.uncompressedSize, crc: 0 } : e))) };
    },
    () => ({ description: 'archive vide', bytes: rezip([]) }),
    () => ({ description: 'zip64 déclaré', bytes: rezip(entries.map((e) => (e === victim ? { ...e, zip64: true } : e))) }),
  ];
  const chosen = dice.pick(edits)();
  return { stem, reader, family: 'zip-entry', ...chosen };
};

const xmlTrick: Maker = (dice, seeds) => {
  const file = dice.pick([...seeds.xlsx, ...seeds.ods]);
  const reader = readerOf(file);
  const entries = entriesOf(read(file));
  const stem = path.basename(file, path.extname(file));
  const xmlParts = entries.filter((e) => /\.xml$|\.rels$/i.test(e.name));
  const part = dice.int(0, 1) === 0 ? sheetPartName(reader, entries) : dice.pick(xmlParts).name;
  const tricks: Array<() => { description: string; bytes: Buffer }> = [
    () => ({ description: `DOCTYPE « billion laughs » dans ${part}`, bytes: editEntry(entries, part, (x) => afterDeclaration(x, laughs('r', dice.int(5, 9)))) }),
    () => ({ description: `entité externe SYSTEM dans ${part}`, bytes: editEntry(entries, part, (x) => afterDeclaration(x, '<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>').replace(/(<(?:c|table:table-cell)\b[^>]*>)/, '$1&xxe;')) }),
    () => ({ description: `entité paramètre externe dans ${part}`, bytes: editEntry(entries, part, (x) => afterDeclaration(x, '<!DOCTYPE r [<!ENTITY % p SYSTEM "http://127.0.0.1:9/x.dtd"> %p;]>')) }),
    () => {
      const depth = dice.int(10_000, 200_000);
      return { description: `imbrication de ${depth} éléments dans ${part}`, bytes: editEntry(entries, part, (x) => x.replace(/(<(?:sheetData|office:spreadsheet|sheets|Relationships|Types)\b[^>]*>)/, `$1${'<a>'.repeat(depth)}${'</a>'.repeat(depth)}`)) };
    },
    () => ({ description: `balises non fermées dans ${part}`, bytes: editEntry(entries, part, (x) => x.slice(0, Math.floor(x.length * 0.7))) }),
    () => ({ description: `entités numériques invalides dans ${part}`, bytes: editEntry(entries, part, (x) => x.replace(/>([^<]{1,40})</, '>&#0;&#xFFFFFFFF;&bogus;$1<')) }),
    () => ({ description: `encodage UTF-16 annoncé dans ${part}`, bytes: editEntry(entries, part, (x) => x.replace(/encoding="UTF-8"/i, 'encoding="UTF-16"')) }),
    () => ({ description: `CDATA non terminé dans ${part}`, bytes: editEntry(entries, part, (x) => x.replace(/(<(?:v|t|text:p)>)/, '$1<![CDATA[')) }),
  ];
  return { stem, reader, family: 'xml', ...dice.pick(tricks)() };
};

const repetitionBomb: Maker = (dice) => {
  const variants: Array<() => { reader: Reader; description: string; bytes: Buffer }> = [
    () => {
      const rows = dice.int(100_000, 1_048_576);
      const cols = dice.int(1_000, 16_384);
      return { reader: 'ods', description: `ODS : ${rows} lignes × ${cols} cellules répétées`, bytes: odsFile(`<table:table table:name="Bombe"><table:table-row table:number-rows-repeated="${rows}"><table:table-cell office:value-type="float" office:value="1" table:number-columns-repeated="${cols}"><text:p>1</text:p></table:table-cell></table:table-row></table:table>`) };
    },
    () => {
      const rows = dice.int(500, 5_000);
      return { reader: 'ods', description: `ODS : ${rows} lignes d'une cellule répétée 16 384 fois`, bytes: odsFile(`<table:table table:name="F">${`<table:table-row><table:table-cell office:value-type="string" table:number-columns-repeated="16384"><text:p>x</text:p></table:table-cell></table:table-row>`.repeat(rows)}</table:table>`) };
    },
    () => ({ reader: 'ods', description: 'ODS : répétition négative et non numérique', bytes: odsFile(`<table:table table:name="F"><table:table-row table:number-rows-repeated="-5"><table:table-cell table:number-columns-repeated="1e308"><text:p>x</text:p></table:table-cell></table:table-row></table:table>`) }),
    () => ({ reader: 'xlsx', description: 'xlsx : dimension A1:XFD1048576 et cellule en XFD1048576', bytes: rezip(minimalXlsxEntries(sheetXml('<row r="1"><c r="A1" t="inlineStr"><is><t>Code structure</t></is></c></row><row r="1048576"><c r="XFD1048576"><v>1</v></c></row>').replace('<sheetData>', '<dimension ref="A1:XFD1048576"/><sheetData>'))) }),
    () => ({ reader: 'xlsx', description: 'xlsx : références de cellules hors limites', bytes: rezip(minimalXlsxEntries(sheetXml(`<row r="4294967295"><c r="ZZZZZZ99999999999"><v>1</v></c></row><row r="-1"><c r="A-1"><v>2</v></c></row>`))) }),
    () => {
      const rows = dice.int(200_000, 2_000_000);
      const bomb = deflatedRepeat('<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>', '<row><c><v>1</v></c><c><v>2</v></c><c><v>3</v></c><c><v>4</v></c></row>', rows, '</sheetData></worksheet>');
      return { reader: 'xlsx', description: `xlsx : ${rows} lignes de 4 cellules très compressées`, bytes: rezip(minimalXlsxEntries({ name: 'xl/worksheets/sheet1.xml', compressed: bomb.compressed, uncompressedSize: bomb.uncompressedSize, crc: 0 })) };
    },
  ];
  return { stem: 'repetition', family: 'repetition', ...dice.pick(variants)() };
};

const sharedStrings: Maker = (dice) => {
  const header = '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">';
  const sheet = sheetXml('<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>999999999</v></c></row>');
  const variants: Array<() => { description: string; ss: { compressed: Buffer; uncompressedSize: number } | string }> = [
    () => {
      const count = dice.int(1_000_000, 8_000_000);
      return { description: `${count} chaînes partagées`, ss: deflatedRepeat(header, '<si><t>Structure (démo)</t></si>', count, '</sst>') };
    },
    () => {
      const mib = dice.int(64, 400);
      return { description: `une chaîne partagée de ${mib} Mio`, ss: deflatedRepeat(`${header}<si><t>`, 'a'.repeat(1024), mib * 1024, '</t></si></sst>') };
    },
    () => {
      const count = dice.int(100_000, 2_000_000);
      return { description: `${count} chaînes riches (runs) partagées`, ss: deflatedRepeat(header, '<si><r><rPr><b/></rPr><t>a</t></r><r><t>b</t></r></si>', count, '</sst>') };
    },
    () => ({ description: 'index de chaîne partagée hors limites', ss: `${header}<si><t>x</t></si></sst>` }),
  ];
  const chosen = dice.pick(variants)();
  const ssEntry: ZipBuildEntry = typeof chosen.ss === 'string'
    ? { name: 'xl/sharedStrings.xml', data: chosen.ss }
    : { name: 'xl/sharedStrings.xml', compressed: chosen.ss.compressed, uncompressedSize: chosen.ss.uncompressedSize, crc: 0 };
  const entries = minimalXlsxEntries(sheet).map((e) => e);
  entries.splice(entries.length - 1, 0, ssEntry);
  return { stem: 'chaines-partagees', reader: 'xlsx', family: 'shared-strings', description: chosen.description, bytes: rezip(entries) };
};

const csvMonster: Maker = (dice, seeds) => {
  const base = read(dice.pick(seeds.csv));
  const header = base.subarray(0, base.indexOf(10) + 1);
  const variants: Array<() => { description: string; bytes: Buffer }> = [
    () => {
      const mib = dice.int(2, 40);
      const line = Buffer.alloc(mib * MiB, 'a;');
      line[line.length - 1] = 10;
      return { description: `une ligne de ${mib} Mio de champs vides`, bytes: Buffer.concat([header, line]) };
    },
    () => {
      const mib = dice.int(2, 40);
      return { description: `guillemet ouvert jamais fermé sur ${mib} Mio`, bytes: Buffer.concat([header, Buffer.from('"'), Buffer.alloc(mib * MiB, 'x\n')]) };
    },
    () => ({ description: 'octets NUL et UTF-8 invalide', bytes: Buffer.concat([header, Buffer.from([0, 0, 0xff, 0xfe, 0xc3, 0x28, 0xa0, 0xa1, 0x3b, 0, 10]), base.subarray(header.length)]) }),
    () => {
      const lines = dice.int(100_000, 3_000_000);
      return { description: `${lines} lignes vides`, bytes: Buffer.concat([header, Buffer.alloc(lines, 10)]) };
    },
    () => ({ description: 'BOM UTF-16 devant du texte UTF-8', bytes: Buffer.concat([Buffer.from([0xff, 0xfe]), base]) }),
    () => ({ description: 'fichier UTF-16LE', bytes: Buffer.from(`\ufeff${base.toString('utf8')}`, 'utf16le') }),
    () => ({ description: 'séparateurs mélangés et guillemets au milieu des champs', bytes: Buffer.from(base.toString('utf8').replace(/;/g, () => dice.pick([';', ',', '\t', '";"', 'a"b']))) }),
    () => ({ description: 'retours chariot seuls (Mac classique)', bytes: Buffer.from(base.toString('utf8').replace(/\r?\n/g, '\r')) }),
    () => {
      const fields = dice.int(16_000, 40_000);
      return { description: `en-tête de ${fields} colonnes`, bytes: Buffer.from(`${Array.from({ length: fields }, (_, i) => `col${i}`).join(';')}\n1;2;3\n`) };
    },
    () => ({ description: 'fichier vide', bytes: Buffer.alloc(0) }),
    () => ({ description: 'en-tête seul, sans lignes', bytes: header }),
    () => {
      const mib = dice.int(2, 20);
      return { description: `un champ entre guillemets de ${mib} Mio avec des sauts de ligne`, bytes: Buffer.concat([header, Buffer.from('"'), Buffer.alloc(mib * MiB, 'ab\r\n'), Buffer.from('";x\n')]) };
    },
    () => ({ description: 'binaire déguisé en CSV', bytes: read(dice.pick(seeds.xls)) }),
  ];
  return { stem: 'csv', reader: 'csv', family: 'csv-monster', ...dice.pick(variants)() };
};

/** Each family's weight in the draw: plain damage is common, bombs rarer (they are slow to refuse). */
const MAKERS: Array<[Maker, number]> = [
  [byteFlip, 30],
  [truncation, 18],
  [zipEntryEdit, 20],
  [xmlTrick, 14],
  [repetitionBomb, 6],
  [sharedStrings, 4],
  [csvMonster, 10],
];

/**
 * Yields `count` mutants for `seed`, one at a time (a mutant may weigh a few tens of MB).
 * Mutant i only depends on (seed, i): a subset replays the same files as the full run.
 */
export function* mutants(seed: number, count: number, seeds: SeedFiles): Generator<Mutant> {
  const total = MAKERS.reduce((sum, [, weight]) => sum + weight, 0);
  for (let i = 0; i < count; i++) {
    const dice = new Dice(seededRandom((seed * 1_000_003 + i * 7919) >>> 0));
    let draw = dice.int(0, total - 1);
    let maker = MAKERS[0]![0];
    for (const [candidate, weight] of MAKERS) {
      if (draw < weight) { maker = candidate; break; }
      draw -= weight;
    }
    const made = maker(dice, seeds);
    const { stem, ...rest } = made;
    yield { ...rest, name: `m${String(i).padStart(3, '0')}-${made.family}-${stem}.${made.reader}` };
  }
}
