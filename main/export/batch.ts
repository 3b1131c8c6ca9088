/**
 * The batch of per-structure workbooks of an edition (`barometer export structures`, the UI's
 * Export job). A plain async function taking a Db (or a workspace path, for a worker thread that
 * opens its own connection): it reads the edition's shared figures ONCE
 * (`buildStructureExportContext`), then writes each structure's workbook to a temporary name in
 * the output folder and renames it into place, so a final path never holds half a file. Progress
 * is reported after each file; cancellation is checked between files (and before a finished
 * temporary file is renamed, which is then deleted).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../db/connection.js';
import { openWorkspace } from '../db/connection.js';
import type { Lang } from '../../shared/domain.js';
import { slugify } from '../../shared/text.js';
import { AppError } from '../../shared/errors.js';
import { buildStructureExportContext, structureWorkbookSpec } from './structure-workbook.js';
import type { StructureExportContext } from './structure-workbook.js';
import { writeWorkbook } from './workbook-kit.js';
import { removeStaleTempFiles } from './stale-temp-files.js';

export interface BatchOptions {
  edition: number;
  lang?: Lang;
  outDir: string;
  /** Keep personal names in audit comments (internal use). Default: masked. */
  keepNames?: boolean;
  /** Only these structures (default: every structure audited in the edition). */
  codes?: readonly string[];
  now?: Date;
  /** The edition's shared figures, already read for this edition and language (a caller writing the batch in several calls). */
  context?: StructureExportContext;
}

export interface BatchProgress {
  done: number;
  total: number;
  structure: string;
  file: string;
}

export interface BatchHooks {
  onProgress?: (progress: BatchProgress) => void;
  /** Polled between files: an AbortSignal or a function returning true to stop. */
  cancel?: AbortSignal | (() => boolean);
}

export interface BatchResult {
  folder: string;
  /** Absolute paths of the workbooks written, in order. */
  files: string[];
  count: number;
  /** Structures the batch was asked to write. */
  total: number;
  cancelled: boolean;
}

/** `CODE-slug-du-nom.xlsx`: the code kept readable but file-system safe, the name slugified. */
export function structureFileName(code: string, name: string): string {
  const safeCode = code.normalize('NFKD').replace(/[^A-Za-z0-9_-]+/g, '_').replace(/^[_.-]+|_+$/g, '').slice(0, 40) || 'structure';
  return `${safeCode}-${slugify(name, 60)}.xlsx`;
}

export function isCancelled(cancel: BatchHooks['cancel']): boolean {
  if (!cancel) return false;
  return typeof cancel === 'function' ? cancel() : cancel.aborted;
}

/** Structures audited in the edition, by code, with their names (for the file names only). */
export function structuresOfEdition(db: Db, edition: number): Array<{ code: string; name: string }> {
  return db.prepare(`SELECT s.code, s.name FROM structure s
    WHERE EXISTS (SELECT 1 FROM audit a WHERE a.structure_code = s.code AND a.edition = ?) ORDER BY s.code`).all(edition) as Array<{ code: string; name: string }>;
}

/** The structures a batch writes: every one audited in the edition, or the `codes` asked (all audited, or refused). */
export function batchStructures(db: Db, edition: number, codes?: readonly string[]): Array<{ code: string; name: string }> {
  const structures = structuresOfEdition(db, edition);
  if (!codes) return structures;
  const wanted = new Set(codes);
  const known = new Set(structures.map((s) => s.code));
  const missing = [...wanted].filter((c) => !known.has(c));
  if (missing.length > 0) {
    throw AppError.keyed('NOT_FOUND', 'export.structuresNotAudited', { edition, codes: `${missing.slice(0, 10).join(', ')}${missing.length > 10 ? '…' : ''}` }, { missing });
  }
  return structures.filter((s) => wanted.has(s.code));
}

/** One file of a batch: its final path and the hidden temporary name it is written under first. */
export interface PlannedFile {
  code: string;
  target: string;
  temp: string;
}

/**
 * The batch's folder made ready (created; a batch killed mid-way left its hidden temporary files
 * there: they are cleared) and every structure's file named up front, in structure order, unique
 * whatever the file system's case rules, so that names never depend on which thread writes what.
 */
export function planBatchFiles(outDir: string, structures: ReadonlyArray<{ code: string; name: string }>, fileNameOf: (code: string, name: string) => string): { folder: string; planned: PlannedFile[] } {
  const folder = path.resolve(outDir);
  fs.mkdirSync(folder, { recursive: true });
  removeStaleTempFiles(folder);
  const usedNames = new Set<string>();
  const planned = structures.map((s) => {
    let fileName = fileNameOf(s.code, s.name);
    for (let i = 2; usedNames.has(fileName.toLowerCase()); i += 1) fileName = fileNameOf(`${s.code}_${i}`, s.name);
    usedNames.add(fileName.toLowerCase());
    return { code: s.code, target: path.join(folder, fileName), temp: path.join(folder, `.${fileName}.${process.pid}.tmp`) };
  });
  return { folder, planned };
}

export async function exportStructureWorkbooks(dbOrPath: Db | string, options: BatchOptions, hooks: BatchHooks = {}): Promise<BatchResult> {
  const ownDb = typeof dbOrPath === 'string';
  const db = ownDb ? openWorkspace(dbOrPath) : dbOrPath;
  try {
    const ctx = options.context ?? buildStructureExportContext(db, { edition: options.edition, lang: options.lang, now: options.now });
    const structures = batchStructures(db, ctx.edition, options.codes);
    const { folder, planned } = planBatchFiles(options.outDir, structures, structureFileName);
    const files: string[] = [];
    let cancelled = false;
    for (const { code, target, temp } of planned) {
      if (isCancelled(hooks.cancel)) {
        cancelled = true;
        break;
      }
      try {
        const spec = structureWorkbookSpec(db, ctx, { structure: code, keepNames: options.keepNames });
        await writeWorkbook(temp, spec);
        if (isCancelled(hooks.cancel)) {
          fs.rmSync(temp, { force: true });
          cancelled = true;
          break;
        }
        fs.renameSync(temp, target);
      } catch (error) {
        fs.rmSync(temp, { force: true });
        throw error;
      }
      files.push(target);
      hooks.onProgress?.({ done: files.length, total: structures.length, structure: code, file: target });
    }
    return { folder, files, count: files.length, total: structures.length, cancelled };
  } finally {
    if (ownDb) db.close();
  }
}
