/**
 * A diagnostic workspace: a consultant's workspace for ONE client's structure (`barometer new
 * --diagnostic`). It holds that structure, the referential to audit it against (copied from a
 * national workspace, or imported from a referential file later), the audits typed or imported
 * for it, and the national benchmark imported from a file (benchmark-store.ts) that stands in for
 * peers it does not have. Marked by the one row of `diagnostic_workspace` (migration 007).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { openWorkspace, type Db } from '../db/connection.js';
import { AppError } from '../../shared/errors.js';
import { categoryDef, parseCategory } from '../../shared/domain.js';

/** The client's structure code, or null when the workspace is not a diagnostic one. */
export function diagnosticStructure(db: Db): string | null {
  const hasTable = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'diagnostic_workspace'`).get() !== undefined;
  if (!hasTable) return null;
  return (db.prepare('SELECT structure_code FROM diagnostic_workspace WHERE id = 1').pluck().get() as string | undefined) ?? null;
}

export interface NewDiagnosticInput {
  /** The new workspace file: must not exist yet (or be empty). */
  file: string;
  structure: string;
  name?: string;
  /** A category code or label (« Villes de plus de 50 000 habitants »). */
  category?: string;
  departement?: string;
  region?: string;
  /** A national workspace to copy the structure's description and the referential from. */
  from?: string;
}

export interface NewDiagnosticResult {
  file: string;
  structure: { code: string; name: string; category: string };
  /** Items copied from the national workspace (0 without `from`). */
  items: number;
}

interface StructureRow {
  code: string;
  name: string;
  category: string;
  departement: string | null;
  region: string | null;
  population: number | null;
  sector: string;
}

export function createDiagnosticWorkspace(input: NewDiagnosticInput): NewDiagnosticResult {
  if (fs.existsSync(input.file) && fs.statSync(input.file).size > 0) {
    throw AppError.keyed('CONFLICT', 'diagnostic.fileExists', { file: path.basename(input.file) }, { file: input.file });
  }
  const national = input.from ? openWorkspace(input.from, { readonly: true }) : null;
  try {
    const known = national?.prepare('SELECT code, name, category, departement, region, population, sector FROM structure WHERE code = ?').get(input.structure) as StructureRow | undefined;
    const categoryCode = input.category ? (parseCategory(input.category) ?? (categoryDef(input.category) ? input.category : null)) : known?.category ?? null;
    if (input.category && categoryCode === null) throw AppError.keyed('INVALID_INPUT', 'analytics.categoryUnknown', { category: input.category }, { category: input.category });
    const name = input.name ?? known?.name;
    if (!name || !categoryCode) {
      throw AppError.keyed('INVALID_INPUT', national ? 'diagnostic.structureNotInNational' : 'diagnostic.structureNew', { structure: input.structure }, { structure: input.structure });
    }
    const sector = categoryDef(categoryCode)?.sector ?? 'public';
    const structure: StructureRow = {
      code: input.structure, name, category: categoryCode, departement: input.departement ?? known?.departement ?? null,
      region: input.region ?? known?.region ?? null, population: known?.population ?? null, sector,
    };
    const db = openWorkspace(input.file);
    let items = 0;
    try {
      db.transaction(() => {
        const now = new Date().toISOString();
        let importId: number | null = null;
        if (national) {
          // The copied referential points to an import row, so the history says where it came from.
          // Its hash is the copied rows' (the national workspace itself changes with every import).
          const copied = national.prepare('SELECT * FROM item ORDER BY valid_from, code').all();
          const sha256 = crypto.createHash('sha256').update(JSON.stringify(copied)).digest('hex');
          importId = Number(db.prepare(`INSERT INTO import (file_name, sha256, format, kind, layout, mapping_json, imported_at, counts_json)
            VALUES (?, ?, 'copie', 'referential', 'table', '{}', ?, '{}')`)
            .run(`Référentiel copié de ${path.basename(input.from!)}`, sha256, now).lastInsertRowid);
          for (const d of national.prepare('SELECT code, label_fr, label_en FROM determinant').all() as Array<{ code: string; label_fr: string; label_en: string | null }>) {
            db.prepare('INSERT INTO determinant (code, label_fr, label_en) VALUES (?, ?, ?)').run(d.code, d.label_fr, d.label_en);
          }
          for (const r of national.prepare('SELECT valid_from, version_label FROM referential_set').all() as Array<{ valid_from: number; version_label: string | null }>) {
            db.prepare('INSERT INTO referential_set (valid_from, version_label, import_id) VALUES (?, ?, ?)').run(r.valid_from, r.version_label, importId);
          }
          const insertItem = db.prepare(`INSERT INTO item (valid_from, code, label_fr, label_en, channel, step, determinant, answer_type, threshold, weight, source_label, import_id)
            VALUES (@valid_from, @code, @label_fr, @label_en, @channel, @step, @determinant, @answer_type, @threshold, @weight, @source_label, ${importId})`);
          for (const item of copied as Array<Record<string, unknown>>) {
            const { import_id: _ignored, ...row } = item;
            insertItem.run(row);
            items += 1;
          }
          db.prepare('UPDATE import SET rows_read = ?, counts_json = ? WHERE id = ?').run(items, JSON.stringify({ items: { new: items, changed: 0, unchanged: 0 } }), importId);
        }
        db.prepare(`INSERT INTO structure (code, name, category, departement, region, population, sector, source, import_id)
          VALUES (@code, @name, @category, @departement, @region, @population, @sector, 'structures', NULL)`).run(structure);
        db.prepare('INSERT INTO diagnostic_workspace (id, structure_code, created_at) VALUES (1, ?, ?)').run(structure.code, now);
      })();
    } finally {
      db.close();
    }
    return { file: input.file, structure: { code: structure.code, name: structure.name, category: structure.category }, items };
  } finally {
    national?.close();
  }
}
