import fs from 'node:fs';
import path from 'node:path';
import type { CliCommand } from '../command.js';
import type { ColumnMapping } from '../../../shared/columns.js';
import type { ImportFileReport } from '../../../shared/import-types.js';
import { AppError } from '../../../shared/errors.js';
import { importProgressBar } from '../progress-bar.js';
import { parseLimitSetting, type ReaderLimits } from '../../import/readers/limits.js';
import { formatInt } from '../format.js';

const STATUS_FR: Record<ImportFileReport['status'], string> = { imported: 'importé', unchanged: 'inchangé', refused: 'refusé', preview: 'aperçu' };
const CHANGE_FIELD_FR: Record<ImportFileReport['changes'][number]['field'], string> = {
  answer: 'réponse', measure: 'mesure', comment: 'commentaire', auditDate: 'date', auditTime: 'heure', scenario: 'scénario',
  auditor: 'enquêteur', auditComment: "commentaire de l'audit", structure: 'structure', channel: 'canal',
};
const KIND_FR = { referential: 'référentiel', structures: 'structures', results: 'résultats d’audit' } as const;

function readMapping(file: string): Record<string, ColumnMapping> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw AppError.keyed('INVALID_INPUT', 'cli.import.mapUnreadable', { file, message: (error as Error).message });
  }
  if (!parsed || typeof parsed !== 'object') throw AppError.keyed('INVALID_INPUT', 'cli.import.mapNotObject', { file });
  // Either one mapping for every file, or { "fichier.xlsx": mapping, ... }.
  const record = parsed as Record<string, unknown>;
  const looksLikeOne = ['columns', 'kind', 'layout', 'headerRow', 'sheet', 'edition'].some((k) => k in record);
  return looksLikeOne ? { default: record as ColumnMapping } : (record as Record<string, ColumnMapping>);
}

/** `--limit NOM=VALEUR` options (repeatable) → the readers' caps to change. */
function readLimits(values: string | boolean | string[] | undefined): Partial<ReaderLimits> {
  const settings = Array.isArray(values) ? values : typeof values === 'string' ? [values] : [];
  const limits: Partial<ReaderLimits> = {};
  for (const setting of settings) {
    const parsed = parseLimitSetting(setting);
    if ('error' in parsed) throw AppError.keyed('INVALID_INPUT', 'cli.import.limitInvalid', { reason: parsed.error });
    limits[parsed.name] = parsed.value;
  }
  return limits;
}

function describe(report: ImportFileReport): string {
  const lines = [`${report.fileName} : ${STATUS_FR[report.status]}${report.kind ? ` (${KIND_FR[report.kind]}${report.layout && report.layout !== 'table' ? `, format ${report.layout === 'wide' ? 'large' : 'long'}` : ''})` : ''}`];
  const diff = (label: string, d: { new: number; changed: number; unchanged: number }): string | null =>
    d.new + d.changed + d.unchanged > 0 ? `  ${label} : ${formatInt(d.new)} nouveaux, ${formatInt(d.changed)} modifiés, ${formatInt(d.unchanged)} inchangés` : null;
  for (const line of [diff('Audits', report.audits), diff('Observations', report.observations), diff('Structures', report.structures), diff('Items', report.items)]) if (line) lines.push(line);
  if (report.problemCount > 0) {
    lines.push(`  ${formatInt(report.problemCount)} problème(s)${report.rowsRejected ? `, ${formatInt(report.rowsRejected)} ligne(s) rejetée(s)` : ''} :`);
    for (const p of report.problems.slice(0, 20)) {
      const where = [p.sheet && `feuille « ${p.sheet} »`, p.row !== null && `ligne ${p.row}`, p.column && `colonne ${p.column}`].filter(Boolean).join(', ');
      lines.push(`    - ${where ? `${where} : ` : ''}${p.message}`);
    }
    if (report.problemCount > 20) lines.push(`    … et ${formatInt(report.problemCount - 20)} autre(s) (--json pour la liste)`);
  }
  if (report.changeCount > 0) {
    lines.push(`  ${formatInt(report.changeCount)} valeur(s) modifiée(s) dans des audits existants${report.conflictCount > 0 ? `, dont ${formatInt(report.conflictCount)} corrigée(s) à la main (${formatInt(report.keptCorrections)} correction(s) gardée(s))` : ''} :`);
    for (const c of report.changes.slice(0, 20)) {
      const conflict = c.resolution === 'keep-correction' ? ' [correction gardée]' : c.resolution === 'take-file' ? ' [valeur du fichier prise]' : '';
      lines.push(`    - ${c.structureCode} · audit ${c.auditRef}${c.itemCode ? ` · ${c.itemCode}` : ''} · ${CHANGE_FIELD_FR[c.field]} : ${c.before ?? '(vide)'} → ${c.after ?? '(vide)'}${conflict}`);
    }
    if (report.changeCount > 20) lines.push(`    … et ${formatInt(report.changeCount - 20)} autre(s) (--json pour la liste)`);
  }
  if (report.rejectsFile) lines.push(`  Lignes rejetées : ${report.rejectsFile}`);
  return lines.join('\n');
}

export const importCommand: CliCommand = {
  name: 'import',
  summary: 'Importe des fichiers (référentiel, structures, résultats ; xlsx, xls, ods, csv)',
  help: [
    'Usage : barometer import FICHIER... [--dry-run] [--skip-invalid] [--map correspondance.json] [--edition ANNÉE] [--limit NOM=VALEUR]... [--db FICHIER] [--json]',
    '',
    'Reconnaît le type de chaque fichier (référentiel, structures, résultats au format long ou large),',
    'contrôle chaque ligne puis écrit chaque fichier en une transaction. Un fichier qui comporte des',
    "problèmes est refusé en entier et l'espace de travail reste inchangé, sauf avec --skip-invalid.",
    '',
    '  --dry-run        aperçu : ce qui serait nouveau, modifié, inchangé, et les problèmes ; rien n’est écrit',
    '  --skip-invalid   importe les lignes valides et écrit les lignes rejetées dans un classeur « rejets »',
    '  --map FICHIER    correspondance de colonnes JSON : { "columns": { "En-tête": "champ" }, "kind", "layout",',
    '                   "headerRow", "sheet", "edition" }, ou un objet par nom de fichier',
    '  --edition ANNÉE  édition des fichiers qui n’en indiquent pas',
    '  --take-file      une valeur corrigée à la main que le fichier change prend la valeur du fichier',
    '                   (par défaut la correction est gardée et cette valeur n’est pas importée)',
    '  --limit NOM=VALEUR  relève (ou abaisse) une limite de lecture contre les fichiers hostiles, nommée',
    '                   dans le message de refus ; répétable. Ex. : --limit maxCells=80000000,',
    '                   --limit maxSheetBytes=1G (K, M, G : multiples de 1 024). Limites : maxFileBytes,',
    '                   maxEntryBytes, maxTotalBytes, maxRatio, maxSheetBytes, maxSharedStringsBytes,',
    '                   maxCells, maxCellsOdsXls, maxCsvFields, maxCsvRecordBytes',
    '',
    'Code de sortie : 0 si tout est importé ou inchangé, 1 si un fichier est refusé.',
  ].join('\n'),
  options: {
    'dry-run': { type: 'boolean', default: false },
    'skip-invalid': { type: 'boolean', default: false },
    map: { type: 'string' },
    edition: { type: 'string' },
    limit: { type: 'string', multiple: true },
    'take-file': { type: 'boolean', default: false },
  },
  async run(ctx) {
    if (ctx.positionals.length === 0) throw AppError.keyed('INVALID_INPUT', 'cli.import.noFile');
    const edition = typeof ctx.values.edition === 'string' ? Number(ctx.values.edition) : undefined;
    if (edition !== undefined && !(Number.isInteger(edition) && edition >= 2000 && edition <= 2100)) throw AppError.keyed('INVALID_INPUT', 'cli.editionInvalid', { value: String(ctx.values.edition) });
    const readerLimits = readLimits(ctx.values.limit);
    // Loaded here: the readers bring SheetJS, which `barometer --help` must not pay for.
    const { importFiles } = await import('../../import/index.js');
    const bar = importProgressBar(ctx.io);
    const result = importFiles(ctx.openDb(), {
      files: ctx.positionals.map((f) => path.resolve(f)),
      dryRun: ctx.values['dry-run'] === true,
      skipInvalid: ctx.values['skip-invalid'] === true,
      ...(typeof ctx.values.map === 'string' ? { mappings: readMapping(ctx.values.map) } : {}),
      ...(edition !== undefined ? { edition } : {}),
      ...(ctx.values['take-file'] === true ? { conflicts: { all: 'take-file' as const } } : {}),
    }, { onProgress: (p) => bar.update(p), ...(Object.keys(readerLimits).length > 0 ? { readerLimits } : {}) });
    bar.end();
    if (ctx.json) ctx.io.out(JSON.stringify(result, null, 2));
    else ctx.io.out(result.files.map(describe).join('\n\n'));
    const refused = result.files.filter((f) => f.status === 'refused');
    if (refused.length > 0) {
      ctx.io.err(`${refused.length} fichier(s) refusé(s) : ${refused.map((f) => f.fileName).join(', ')}. L'espace de travail n'a pas été modifié par ces fichiers.`);
      return 1;
    }
    return 0;
  },
};
