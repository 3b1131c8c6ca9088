/**
 * `generateDemo`: writes a complete synthetic barometer into a folder, in the order an import
 * should take them: the referential (`referentiel.xlsx`, plus `referentiel-2023.xlsx` for the 2023
 * revision), the participants (`structures.xlsx`), then per edition the audit results in the wide
 * and/or long layout and in each requested format:
 *
 *   resultats-<année>-large.xlsx | .csv | .ods        one row per audit, one column per item code
 *   resultats-<année>-long.xlsx  | .csv | .ods        one row per observation
 *   resultats-<année>-large-<canal>.xls, …-long-<canal>.xls   xls is split per channel (BIFF8 limits)
 *
 * Wide files carry an `Heure` column (audit time) after `Date audit` unless `timeColumn` says
 * otherwise; xlsx and ods wide files have a title row above the header, CSV files never do.
 * xlsx is streamed (writers/xlsx.ts) so 2,000 structures fit in bounded memory; xls and ods go
 * through SheetJS in memory and are meant for small sets.
 *
 * Everything is deterministic from the seed. The in-memory model (referential.ts, structures.ts,
 * audits.ts) is exported too, for tests and the benchmark.
 */
import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CATEGORIES, CHANNELS, STEPS, type CategoryCode, type ChannelCode, type SectorCode } from '../../shared/domain.js';
import { AppError } from '../../shared/errors.js';
import { slugify } from '../../shared/text.js';
import { AUDITS_PER_STRUCTURE, CHANNEL_MIX, iterateAudits, planEdition, type DemoAudit } from './audits.js';
import { CALIBRATED_EDITION, CALIBRATION_TOLERANCE, calibrationGuaranteed, headlineTarget, type HeadlineItem } from './calibration.js';
import { DEMO_TITLE, channelLabel, longTable, referentialTable, structuresTable, wideTable, type TableSpec } from './layouts.js';
import { DETERMINANTS } from './referential-data.js';
import { buildReferential, referentialFor } from './referential.js';
import { buildStructures } from './structures.js';
import type { WriteHooks } from './writers/common.js';
import { writeCsv, type CsvEncoding } from './writers/csv.js';
import { writeSheetJs } from './writers/sheetjs.js';
import { writeXlsx } from './writers/xlsx.js';

export { buildReferential, referentialFor, itemsOfChannel, determinantLabel, REFERENTIAL_SEED, SOURCE_LABELS } from './referential.js';
export type { DemoItem, DemoReferential, DemoReferentialSet, SourceLabel } from './referential.js';
export { buildStructures, DEMO_MARK } from './structures.js';
export type { DemoStructure, StructureLatent } from './structures.js';
export { buildAudits, planEdition, iterateAudits, auditsOfStructure, measureComplies, CHANNEL_MIX, AUDITS_PER_STRUCTURE } from './audits.js';
export type { DemoAudit, DemoObservation, EditionPlan, AnswerValue } from './audits.js';
export { headlineTarget, privatePanelSize, calibrationGuaranteed, CALIBRATION_TOLERANCE, CALIBRATED_EDITION } from './calibration.js';
export { DETERMINANTS } from './referential-data.js';
export type { DeterminantCode } from './referential-data.js';
export { DEMO_TITLE, REFERENTIAL_HEADERS, STRUCTURE_HEADERS, WIDE_FIXED_HEADERS, LONG_HEADERS, TIME_HEADER } from './layouts.js';
export type { CsvEncoding } from './writers/csv.js';

export const DEMO_FORMATS = ['xlsx', 'csv', 'xls', 'ods'] as const;
export type DemoFormat = (typeof DEMO_FORMATS)[number];
export type DemoLayout = 'wide' | 'long' | 'both';
export type TimeColumn = 'wide' | 'all' | 'none';

export const MIN_STRUCTURES = 10;
export const MAX_STRUCTURES = 2000;
/** Smallest structure count from which the 2023 calibration is always within tolerance (calibration.ts). */
export const MIN_CALIBRATED = 14;

const AUDITS_BY_CHANNEL = new Map<ChannelCode, number>(CHANNEL_MIX);

/** The demo set `barometer demo` loads (and the bundled demo in resources/ is made from). */
export const DEMO_DEFAULTS = {
  seed: 2023,
  structures: 120,
  editions: [2021, 2022, 2023],
  formats: ['xlsx'],
  layout: 'wide',
} as const satisfies { seed: number; structures: number; editions: readonly number[]; formats: readonly DemoFormat[]; layout: DemoLayout };

export interface GenerateProgress {
  readonly phase: 'referential' | 'structures' | 'results';
  readonly file: string;
  /** Position of the file among those to write, 1-based, and how many there are. */
  readonly fileIndex: number;
  readonly fileCount: number;
  readonly rowsDone: number;
  /** Rows this file will hold (exact for the wide layout, estimated for the long one). */
  readonly rowsTotal: number;
}

export interface GenerateOptions {
  /** Folder to write into (created if missing). */
  out: string;
  seed?: number;
  /** 10 to 2,000. */
  structures?: number;
  editions?: readonly number[];
  formats?: readonly DemoFormat[];
  layout?: DemoLayout;
  /** CSV encoding: UTF-8 with BOM by default. */
  csvEncoding?: CsvEncoding;
  /** Which results files carry an `Heure` column (audit time) after `Date audit`: wide ones by default. */
  timeColumn?: TimeColumn;
  onProgress?: (progress: GenerateProgress) => void;
  cancel?: { readonly cancelled: boolean };
}

export interface GeneratedFile {
  readonly path: string;
  readonly name: string;
  readonly kind: 'referential' | 'structures' | 'results';
  readonly layout: 'table' | 'wide' | 'long';
  readonly format: DemoFormat;
  /** Edition of a results file or of a referential revision; null for files valid for every edition. */
  readonly edition: number | null;
  /** Set for xls results, split per channel. */
  readonly channel: ChannelCode | null;
  readonly rows: number;
  readonly bytes: number;
}

export interface HeadlineFigure {
  readonly edition: number;
  readonly item: HeadlineItem;
  readonly sector: SectorCode;
  /** Email audits where the item applies. */
  readonly audits: number;
  readonly compliant: number;
  /** Percentage by the reference method, unrounded. */
  readonly value: number;
  readonly target: number;
}

export interface EditionCounts {
  readonly year: number;
  readonly items: number;
  readonly structures: number;
  readonly audits: number;
  readonly observations: number;
}

export interface GenerateResult {
  readonly out: string;
  readonly seed: number;
  readonly structures: number;
  readonly editions: readonly number[];
  readonly formats: readonly DemoFormat[];
  readonly layout: DemoLayout;
  readonly files: readonly GeneratedFile[];
  readonly counts: {
    readonly items: number;
    readonly determinants: number;
    readonly channels: number;
    readonly steps: number;
    readonly structures: number;
    readonly structuresByCategory: Readonly<Record<CategoryCode, number>>;
    readonly auditsPerStructure: number;
    readonly editions: readonly EditionCounts[];
  };
  readonly headline: readonly HeadlineFigure[];
  /** False when the structure count is too small for the 2023 targets to be met within 1.5 points. */
  readonly calibrated: boolean;
  readonly warnings: readonly string[];
}

function invalid(message: string): AppError {
  return new AppError('INVALID_INPUT', message);
}

function normalizeOptions(options: GenerateOptions): Required<Omit<GenerateOptions, 'onProgress' | 'cancel'>> {
  const seed = options.seed ?? DEMO_DEFAULTS.seed;
  if (!Number.isSafeInteger(seed) || seed < 0) throw invalid(`Graine invalide « ${seed} » : un entier positif est attendu.`);
  const structures = options.structures ?? DEMO_DEFAULTS.structures;
  if (!Number.isInteger(structures) || structures < MIN_STRUCTURES || structures > MAX_STRUCTURES) {
    throw invalid(`Nombre de structures invalide « ${structures} » : entre ${MIN_STRUCTURES} et ${MAX_STRUCTURES.toLocaleString('fr-FR')}.`);
  }
  const editions = [...new Set(options.editions ?? DEMO_DEFAULTS.editions)].sort((a, b) => a - b);
  if (editions.length === 0) throw invalid('Aucune édition demandée.');
  for (const year of editions) {
    if (!Number.isInteger(year) || year < 2012 || year > 2099) throw invalid(`Édition invalide « ${year} » : une année de 2012 à 2099 est attendue.`);
  }
  const formats = [...new Set(options.formats ?? DEMO_DEFAULTS.formats)];
  if (formats.length === 0) throw invalid('Aucun format demandé.');
  for (const format of formats) {
    if (!(DEMO_FORMATS as readonly string[]).includes(format)) throw invalid(`Format inconnu « ${format} » : ${DEMO_FORMATS.join(', ')}.`);
  }
  const layout = options.layout ?? DEMO_DEFAULTS.layout;
  if (layout !== 'wide' && layout !== 'long' && layout !== 'both') throw invalid(`Disposition inconnue « ${String(layout)} » : wide, long ou both.`);
  const csvEncoding = options.csvEncoding ?? 'utf-8-bom';
  if (!['utf-8-bom', 'utf-8', 'windows-1252'].includes(csvEncoding)) throw invalid(`Encodage CSV inconnu « ${csvEncoding} » : utf-8-bom, utf-8 ou windows-1252.`);
  const timeColumn = options.timeColumn ?? 'wide';
  if (!['wide', 'all', 'none'].includes(timeColumn)) throw invalid(`Colonne Heure : « ${timeColumn} » inconnu (wide, all ou none).`);
  if (!options.out) throw invalid('Dossier de sortie manquant (--out).');
  return { out: options.out, seed, structures, editions, formats, layout, csvEncoding, timeColumn };
}

interface PlannedFile {
  readonly name: string;
  readonly kind: GeneratedFile['kind'];
  readonly layout: GeneratedFile['layout'];
  readonly format: DemoFormat;
  readonly edition: number | null;
  readonly channel: ChannelCode | null;
  readonly rowsTotal: number;
  /** Builds the table lazily, right before writing. */
  readonly table: () => TableSpec;
}

/** Counts and headline tallies, accumulated while the first results file of an edition streams. */
class EditionTally {
  audits = 0;
  observations = 0;
  readonly structures = new Set<string>();
  readonly headline = new Map<string, { audits: number; compliant: number }>();

  *tap(batches: Iterable<DemoAudit[]>): Generator<DemoAudit[]> {
    for (const batch of batches) {
      for (const audit of batch) {
        this.audits += 1;
        this.structures.add(audit.structure.code);
        this.observations += audit.observations.length;
        for (const obs of audit.observations) {
          if (obs.item !== 'MEL-01' && obs.item !== 'MEL-02') continue;
          // Reference method: compliant share over the audits where the item applies.
          if (obs.compliant === null) continue;
          const key = `${obs.item}|${audit.structure.sector}`;
          const entry = this.headline.get(key) ?? { audits: 0, compliant: 0 };
          entry.audits += 1;
          if (obs.compliant) entry.compliant += 1;
          this.headline.set(key, entry);
        }
      }
      yield batch;
    }
  }
}

const EXTENSION: Readonly<Record<DemoFormat, string>> = { xlsx: 'xlsx', csv: 'csv', xls: 'xls', ods: 'ods' };

export async function generateDemo(options: GenerateOptions): Promise<GenerateResult> {
  const opts = normalizeOptions(options);
  mkdirSync(opts.out, { recursive: true });
  const referentials = buildReferential();
  const structures = buildStructures(opts.seed, opts.structures);
  const warnings: string[] = [];
  const calibrated = calibrationGuaranteed(opts.structures);
  if (!calibrated && opts.editions.includes(CALIBRATED_EDITION)) {
    warnings.push(`Avec ${opts.structures} structures, les indicateurs phares ${CALIBRATED_EDITION} ne peuvent pas tous tomber à ${String(CALIBRATION_TOLERANCE).replace('.', ',')} point de leur cible (trop peu de courriels audités dans le panel privé) : ${MIN_CALIBRATED} structures au moins le garantissent.`);
  }

  const planned: PlannedFile[] = [];
  planned.push({ name: 'referentiel.xlsx', kind: 'referential', layout: 'table', format: 'xlsx', edition: null, channel: null, rowsTotal: referentials.base.items.length, table: () => referentialTable(referentials.base) });
  const lastEdition = opts.editions[opts.editions.length - 1] ?? 0;
  for (const revision of referentials.revisions) {
    if (revision.validFrom === null || revision.validFrom > lastEdition) continue;
    planned.push({ name: `referentiel-${revision.validFrom}.xlsx`, kind: 'referential', layout: 'table', format: 'xlsx', edition: revision.validFrom, channel: null, rowsTotal: revision.items.length, table: () => referentialTable(revision) });
  }
  planned.push({ name: 'structures.xlsx', kind: 'structures', layout: 'table', format: 'xlsx', edition: null, channel: null, rowsTotal: structures.length, table: () => structuresTable(structures) });

  const layouts: Array<'wide' | 'long'> = opts.layout === 'both' ? ['wide', 'long'] : [opts.layout];
  const tallies = new Map<number, EditionTally>();
  for (const edition of opts.editions) {
    const referential = referentialFor(referentials, edition);
    const plan = planEdition(opts.seed, edition, referential, structures);
    const tally = new EditionTally();
    tallies.set(edition, tally);
    let tapped = false;
    // The first results file of the edition counts as it streams; the others regenerate the same audits.
    const batches = (): Iterable<DemoAudit[]> => {
      if (tapped) return iterateAudits(plan);
      tapped = true;
      return tally.tap(iterateAudits(plan));
    };
    const audits = structures.length * AUDITS_PER_STRUCTURE;
    // Observations if every item of the audit's channel is answered (a few are left blank).
    const observations = structures.length * CHANNEL_MIX.reduce((sum, [channel, count]) => sum + count * (plan.itemsByChannel.get(channel)?.length ?? 0), 0);
    for (const layout of layouts) {
      const includeTime = opts.timeColumn === 'all' || (opts.timeColumn === 'wide' && layout === 'wide');
      const word = layout === 'wide' ? 'large' : 'long';
      for (const format of opts.formats) {
        const title = layout === 'wide' ? DEMO_TITLE : null;
        if (format === 'xls') {
          for (const channel of CHANNELS) {
            const perChannel = structures.length * (AUDITS_BY_CHANNEL.get(channel.code) ?? 0);
            planned.push({
              name: `resultats-${edition}-${word}-${slugify(channelLabel(channel.code))}.xls`, kind: 'results', layout, format, edition, channel: channel.code,
              rowsTotal: layout === 'wide' ? perChannel : perChannel * (plan.itemsByChannel.get(channel.code)?.length ?? 0),
              table: () => (layout === 'wide'
                ? wideTable(referential.items, batches(), { title, includeTime, channel: channel.code })
                : longTable(batches(), { title, includeTime, channel: channel.code })),
            });
          }
          continue;
        }
        planned.push({
          name: `resultats-${edition}-${word}.${EXTENSION[format]}`, kind: 'results', layout, format, edition, channel: null,
          rowsTotal: layout === 'wide' ? audits : observations,
          // CSV files have no title row: a CSV export never has one.
          table: () => (layout === 'wide'
            ? wideTable(referential.items, batches(), { title: format === 'csv' ? null : title, includeTime })
            : longTable(batches(), { title: null, includeTime })),
        });
      }
    }
  }

  const files: GeneratedFile[] = [];
  for (const [i, file] of planned.entries()) {
    if (options.cancel?.cancelled) throw AppError.keyed('CANCELLED', 'demo.cancelled');
    const path = join(opts.out, file.name);
    const phase = file.kind === 'results' ? 'results' : file.kind;
    const report = (rowsDone: number): void => options.onProgress?.({ phase, file: file.name, fileIndex: i + 1, fileCount: planned.length, rowsDone, rowsTotal: file.rowsTotal });
    const hooks: WriteHooks = { onRows: report, ...(options.cancel ? { cancel: options.cancel } : {}) };
    report(0);
    const table = file.table();
    let rows: number;
    if (file.format === 'xlsx') rows = (await writeXlsx(path, table, hooks)).rows;
    else if (file.format === 'csv') rows = (await writeCsv(path, table, opts.csvEncoding, hooks)).rows;
    else rows = writeSheetJs(path, table, file.format, hooks).rows;
    files.push({ path, name: file.name, kind: file.kind, layout: file.layout, format: file.format, edition: file.edition, channel: file.channel, rows, bytes: statSync(path).size });
  }

  const headline: HeadlineFigure[] = [];
  const editionCounts: EditionCounts[] = [];
  for (const edition of opts.editions) {
    const tally = tallies.get(edition);
    if (!tally) continue;
    editionCounts.push({ year: edition, items: referentialFor(referentials, edition).items.length, structures: tally.structures.size, audits: tally.audits, observations: tally.observations });
    for (const item of ['MEL-01', 'MEL-02'] as const) {
      for (const sector of ['public', 'prive'] as const) {
        const entry = tally.headline.get(`${item}|${sector}`) ?? { audits: 0, compliant: 0 };
        headline.push({ edition, item, sector, audits: entry.audits, compliant: entry.compliant, value: entry.audits ? (100 * entry.compliant) / entry.audits : 0, target: headlineTarget(item, sector, edition) });
      }
    }
  }
  const byCategory = Object.fromEntries(CATEGORIES.map((c) => [c.code, structures.filter((s) => s.category === c.code).length])) as Record<CategoryCode, number>;
  const latest = referentialFor(referentials, opts.editions[opts.editions.length - 1] ?? CALIBRATED_EDITION);
  return {
    out: opts.out,
    seed: opts.seed,
    structures: structures.length,
    editions: opts.editions,
    formats: opts.formats,
    layout: opts.layout,
    files,
    counts: {
      items: latest.items.length,
      determinants: DETERMINANTS.length,
      channels: CHANNELS.length,
      steps: STEPS.length,
      structures: structures.length,
      structuresByCategory: byCategory,
      auditsPerStructure: AUDITS_PER_STRUCTURE,
      editions: editionCounts,
    },
    headline,
    calibrated,
    warnings,
  };
}
