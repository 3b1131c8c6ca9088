/**
 * `barometer export tables | structure CODE | structures | report CODE | reports`: the Excel
 * deliverables (main/export) and the per-structure PDF reports (main/report).
 * Ctrl-C during `export structures` or `export reports` stops between two files: the files already
 * written stay, the one in progress is removed, and the exit code is 130.
 * Each deliverable's module is imported when asked for: the xlsx writer with its chart images, pdfkit and echarts cost about a
 * second to load, which `barometer --help` and the other commands must not pay.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { CliCommand, CliContext } from '../command.js';
import type { Lang } from '../../../shared/domain.js';
import { AppError } from '../../../shared/errors.js';
import { resolveEdition } from '../../analytics/index.js';
import { assertDeliverableSource } from '../../db/health.js';
import type { BatchHooks, BatchResult } from '../../export/batch.js';
import { formatInt } from '../format.js';
import { parseComparison, type ComparisonSpec } from '../../../shared/comparison-types.js';

const HELP = [
  'Usage :',
  '  barometer export tables --edition ANNÉE --out FICHIER.xlsx [--lang en] [--compare "label:Qualivilles" | --compare "A vs B"]',
  '  barometer export structure CODE [--edition ANNÉE] [--out FICHIER.xlsx|DOSSIER/] [--lang en] [--keep-names]',
  '  barometer export structures --edition ANNÉE --out-dir DOSSIER [--lang en] [--keep-names]',
  '  barometer export report CODE [--edition ANNÉE] [--out FICHIER.pdf|DOSSIER/] [--lang en]',
  '  barometer export reports --edition ANNÉE --out-dir DOSSIER [--lang en]',
  '  barometer export parquet --out DOSSIER [--keep-names]',
  '  options communes : [--db FICHIER] [--json]',
  '',
  'tables      Les tableaux du baromètre d’une édition : Messages clés (chiffres, lauréats,',
  '            graphiques), Synthèse, Lauréats, Étapes, Canaux, Déterminants (grilles),',
  '            Détail des scores, Distribution, Tendances, Comparaisons (public / privé, ou les deux',
  '            panels de --compare : label:NOM, no-label:NOM, category:CODE, not-category:CODE,',
  '            sector:public|prive, all ; un seul panel est comparé à son complément), Méthode.',
  'structure   Le classeur de résultats d’une structure : ses scores à chaque niveau face aux repères',
  '            anonymes de sa catégorie et au panel privé, son rang, son évolution, ses points à',
  '            améliorer avec les constats d’audit. Sans --out : CODE-nom.xlsx dans le dossier courant.',
  'structures  Un classeur par structure de l’édition, dans --out-dir (noms de fichiers : code + nom).',
  'report      Le rapport PDF d’une structure (A4) : synthèse (score, rang, écarts, évolution,',
  '            graphiques), scores par étape, canal et déterminant face aux repères, plan d’action',
  '            avec les constats d’audit, méthode. Sans --out : CODE-nom.pdf dans le dossier courant.',
  '            Logo : chemin d’une image PNG ou JPEG dans le réglage « report.logoPath » de l’espace.',
  'reports     Un rapport PDF par structure de l’édition, dans --out-dir (noms : code + nom).',
  'parquet     Toutes les tables de l’espace (structures, référentiel, audits, observations, scores',
  '            matérialisés…), un fichier Parquet par table et manifest.json, pour DuckDB, Spark ou un',
  '            entrepôt de données. Usage interne : données brutes, toutes structures nommées.',
  '',
  'Aucune autre structure n’est nommée dans un classeur de structure ; un repère calculé sur moins de',
  '3 autres structures n’est pas diffusé. Les noms, téléphones et courriels des commentaires d’audit',
  'sont masqués (« Mme [nom] », « [téléphone] », « [courriel] ») sauf avec --keep-names (usage interne).',
  'Sans --edition : la dernière édition qui a des audits. --lang en : classeurs en anglais.',
].join('\n');

function langOf(ctx: CliContext): Lang {
  const raw = ctx.values.lang;
  if (raw === undefined) return 'fr';
  if (raw === 'fr' || raw === 'en') return raw;
  throw AppError.keyed('INVALID_INPUT', 'cli.langInvalid', { value: String(raw) });
}

function editionOf(ctx: CliContext): number | undefined {
  const raw = ctx.values.edition;
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (typeof raw !== 'string' || !Number.isInteger(value)) throw AppError.keyed('INVALID_INPUT', 'cli.editionYear', { value: String(raw) });
  return value;
}

function stringOption(ctx: CliContext, name: string): string | undefined {
  const raw = ctx.values[name];
  return typeof raw === 'string' && raw !== '' ? raw : undefined;
}

/** --compare "label:Qualivilles" (compared with its complement) or "A vs B": the Comparaisons sheet's panels. */
/** `--out` names the file, or a folder (existing, or written with a final slash) to put the default name in, as `cp` does. */
function outputFile(given: string | undefined, defaultName: string): string {
  if (given === undefined) return path.resolve(defaultName);
  const folder = /[\\/]$/.test(given) || fs.statSync(given, { throwIfNoEntry: false })?.isDirectory() === true;
  return folder ? path.resolve(given, defaultName) : path.resolve(given);
}

function comparisonOf(ctx: CliContext): { comparison?: ComparisonSpec } {
  const text = stringOption(ctx, 'compare');
  if (text === undefined) return {};
  const comparison = parseComparison(text);
  if (!comparison) throw AppError.keyed('INVALID_INPUT', 'analytics.panelInvalid', { panel: text });
  return { comparison };
}

function required(ctx: CliContext, name: string): string {
  const value = stringOption(ctx, name);
  if (value === undefined) throw AppError.keyed('INVALID_INPUT', 'cli.optionRequired', { option: name, command: 'export' });
  return value;
}

/** Runs a batch with Ctrl-C as cancellation and a one-line progress on a terminal. */
async function runBatch(ctx: CliContext, noun: string, run: (hooks: BatchHooks) => Promise<BatchResult>): Promise<BatchResult> {
  const controller = new AbortController();
  const onSigint = (): void => controller.abort();
  process.once('SIGINT', onSigint);
  let last = 0;
  try {
    const result = await run({
      cancel: controller.signal,
      onProgress: (p) => {
        if (!ctx.io.interactive) return;
        const now = Date.now();
        if (now - last < 100 && p.done < p.total) return;
        last = now;
        process.stderr.write(`\r\x1b[2K${formatInt(p.done)}/${formatInt(p.total)} ${noun} · ${path.basename(p.file)}`);
      },
    });
    if (ctx.io.interactive) process.stderr.write('\r\x1b[2K');
    return result;
  } finally {
    process.off('SIGINT', onSigint);
  }
}

/** Printed under every export written with --keep-names: the file is for internal use only. */
const KEEP_NAMES_WARNING = '\nAttention : noms, téléphones et courriels des commentaires non masqués (usage interne).';

export const exportCommand: CliCommand = {
  name: 'export',
  summary: 'Livrables : tableaux du baromètre, classeur et rapport PDF de résultats par structure',
  help: HELP,
  options: {
    edition: { type: 'string' },
    out: { type: 'string' },
    'out-dir': { type: 'string' },
    lang: { type: 'string' },
    'keep-names': { type: 'boolean', default: false },
    compare: { type: 'string' },
  },
  async run(ctx) {
    const [sub, ...args] = ctx.positionals;
    const lang = langOf(ctx);
    const keepNames = ctx.values['keep-names'] === true;
    switch (sub) {
      case 'tables': {
        const out = required(ctx, 'out');
        const db = assertDeliverableSource(ctx.openDb());
        const edition = resolveEdition(db, editionOf(ctx));
        const { writeBarometerTables } = await import('../../export/barometer-tables.js');
        const result = await writeBarometerTables(db, { edition, lang, outFile: out, ...comparisonOf(ctx) });
        if (ctx.json) ctx.io.out(JSON.stringify({ edition, ...result }, null, 2));
        else ctx.io.out(`Tableaux de l’édition ${edition} écrits : ${result.file}\nFeuilles : ${result.sheets.join(', ')}`);
        return 0;
      }
      case 'structure': {
        const code = args[0];
        if (!code) throw AppError.keyed('INVALID_INPUT', 'cli.structureCodeMissing', { usage: 'barometer export structure CODE' });
        const db = assertDeliverableSource(ctx.openDb());
        const edition = resolveEdition(db, editionOf(ctx));
        const name = (db.prepare('SELECT name FROM structure WHERE code = ?').pluck().get(code) as string | undefined) ?? code;
        const [{ structureFileName }, { writeStructureWorkbook }] = await Promise.all([import('../../export/batch.js'), import('../../export/structure-workbook.js')]);
        const out = outputFile(stringOption(ctx, 'out'), structureFileName(code, name));
        const result = await writeStructureWorkbook(db, { structure: code, edition, lang, outFile: out, keepNames });
        if (ctx.json) ctx.io.out(JSON.stringify({ edition, structure: code, keepNames, ...result }, null, 2));
        else ctx.io.out(`Classeur de ${code} (édition ${edition}) écrit : ${result.file}${keepNames ? KEEP_NAMES_WARNING : ''}`);
        return 0;
      }
      case 'structures': {
        const outDir = required(ctx, 'out-dir');
        const db = assertDeliverableSource(ctx.openDb());
        const edition = resolveEdition(db, editionOf(ctx));
        const { exportStructureWorkbooks } = await import('../../export/batch.js');
        const controller = new AbortController();
        const onSigint = (): void => controller.abort();
        process.once('SIGINT', onSigint);
        let last = 0;
        try {
          const result = await exportStructureWorkbooks(db, { edition, lang, outDir, keepNames }, {
            cancel: controller.signal,
            onProgress: (p) => {
              if (!ctx.io.interactive) return;
              const now = Date.now();
              if (now - last < 100 && p.done < p.total) return;
              last = now;
              process.stderr.write(`\r\x1b[2K${formatInt(p.done)}/${formatInt(p.total)} classeurs · ${path.basename(p.file)}`);
            },
          });
          if (ctx.io.interactive) process.stderr.write('\r\x1b[2K');
          if (ctx.json) ctx.io.out(JSON.stringify({ edition, ...result }, null, 2));
          else {
            ctx.io.out(`${formatInt(result.count)} classeur(s) sur ${formatInt(result.total)} écrits dans ${result.folder}${result.cancelled ? ' (interrompu)' : ''}.${keepNames ? KEEP_NAMES_WARNING : ''}`);
          }
          return result.cancelled ? 130 : 0;
        } finally {
          process.off('SIGINT', onSigint);
        }
      }
      case 'report': {
        const code = args[0];
        if (!code) throw AppError.keyed('INVALID_INPUT', 'cli.structureCodeMissing', { usage: 'barometer export report CODE' });
        const db = assertDeliverableSource(ctx.openDb());
        const edition = resolveEdition(db, editionOf(ctx));
        const name = (db.prepare('SELECT name FROM structure WHERE code = ?').pluck().get(code) as string | undefined) ?? code;
        const { reportFileName, writeStructureReport } = await import('../../report/batch.js');
        const out = outputFile(stringOption(ctx, 'out'), reportFileName(code, name));
        const result = await writeStructureReport(db, { structure: code, edition, lang, outFile: out, keepNames });
        if (ctx.json) ctx.io.out(JSON.stringify({ edition, structure: code, keepNames, ...result }, null, 2));
        else ctx.io.out(`Rapport de ${code} (édition ${edition}, ${formatInt(result.pages)} pages) écrit : ${result.file}${keepNames ? KEEP_NAMES_WARNING : ''}`);
        return 0;
      }
      case 'reports': {
        const outDir = required(ctx, 'out-dir');
        const db = assertDeliverableSource(ctx.openDb());
        const edition = resolveEdition(db, editionOf(ctx));
        const { exportStructureReports } = await import('../../report/batch.js');
        const result = await runBatch(ctx, 'rapports', (hooks) => exportStructureReports(db, { edition, lang, outDir, keepNames }, hooks));
        if (ctx.json) ctx.io.out(JSON.stringify({ edition, ...result }, null, 2));
        else ctx.io.out(`${formatInt(result.count)} rapport(s) sur ${formatInt(result.total)} écrits dans ${result.folder}${result.cancelled ? ' (interrompu)' : ''}.`);
        return result.cancelled ? 130 : 0;
      }
      case 'parquet': {
        // The --out of this sub-command is a folder: one file per table.
        const outDir = stringOption(ctx, 'out') ?? required(ctx, 'out-dir');
        const { exportWorkspaceParquet } = await import('../../export/parquet.js');
        const result = await exportWorkspaceParquet(ctx.openDb(), { outDir, keepNames });
        const rows = result.tables.reduce((sum, t) => sum + t.rows, 0);
        if (ctx.json) ctx.io.out(JSON.stringify(result, null, 2));
        else ctx.io.out(`${formatInt(result.tables.length)} table(s), ${formatInt(rows)} ligne(s) écrites en Parquet dans ${result.folder} (schéma : ${path.basename(result.manifest)}).${keepNames ? KEEP_NAMES_WARNING : ''}`);
        return 0;
      }
      default:
        throw sub ? AppError.keyed('INVALID_INPUT', 'cli.export.subcommandUnknown', { sub }) : AppError.keyed('INVALID_INPUT', 'cli.export.subcommandMissing');
    }
  },
};
