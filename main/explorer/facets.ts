/** Distinct values for the explorer's filter dropdowns and structure pickers, labelled in the UI language. */
import type { Db } from '../db/connection.js';
import type { Lang } from '../../shared/domain.js';
import { SECTORS } from '../../shared/domain.js';
import type { ExplorerFacets, FacetOption, StructureOption } from '../../shared/api-types.js';
import { searchStructures } from './structure-search.js';

type Labelled = { value: string; fr: string; en: string | null };

function labelled(rows: Labelled[], lang: Lang): FacetOption[] {
  return rows.map((r) => ({ value: r.value, label: lang === 'en' ? r.en ?? r.fr : r.fr }));
}

export function explorerFacets(db: Db, input: { edition?: number; lang?: Lang }): ExplorerFacets {
  const lang = input.lang ?? 'fr';
  const edition = input.edition;
  const editions = db.prepare('SELECT year FROM edition ORDER BY year DESC').pluck().all() as number[];
  // Départements and regions of the structures audited in the edition (all structures otherwise).
  const structureScope = edition === undefined
    ? 'SELECT code, departement, region FROM structure'
    : 'SELECT code, departement, region FROM structure WHERE code IN (SELECT structure_code FROM audit WHERE edition = ?)';
  const scopeParams = edition === undefined ? [] : [edition];
  const departements = db.prepare(`SELECT DISTINCT departement FROM (${structureScope}) WHERE departement IS NOT NULL AND departement <> '' ORDER BY departement`).pluck().all(...scopeParams) as string[];
  const regions = db.prepare(`SELECT DISTINCT region FROM (${structureScope}) WHERE region IS NOT NULL AND region <> '' ORDER BY region`).pluck().all(...scopeParams) as string[];
  const items = (edition === undefined
    ? db.prepare(`SELECT code AS value, label_fr AS fr, label_en AS en FROM item_in_force WHERE edition = (SELECT MAX(year) FROM edition)
        UNION SELECT code, MAX(label_fr), MAX(label_en) FROM item WHERE code NOT IN (SELECT code FROM item_in_force WHERE edition = (SELECT MAX(year) FROM edition)) GROUP BY code
        ORDER BY value`).all()
    : db.prepare('SELECT code AS value, label_fr AS fr, label_en AS en FROM item_in_force WHERE edition = ? ORDER BY code').all(edition)) as Labelled[];
  return {
    editions,
    categories: labelled(db.prepare('SELECT code AS value, label_fr AS fr, label_en AS en FROM category ORDER BY sort_order').all() as Labelled[], lang),
    departements: departements.map((d) => ({ value: d, label: d })),
    regions: regions.map((r) => ({ value: r, label: r })),
    sectors: SECTORS.map((s) => ({ value: s.code, label: s[lang] })),
    channels: labelled(db.prepare('SELECT code AS value, label_fr AS fr, label_en AS en FROM channel ORDER BY sort_order').all() as Labelled[], lang),
    steps: labelled(db.prepare('SELECT code AS value, label_fr AS fr, label_en AS en FROM step ORDER BY sort_order').all() as Labelled[], lang),
    determinants: labelled(db.prepare('SELECT code AS value, label_fr AS fr, label_en AS en FROM determinant ORDER BY label_fr').all() as Labelled[], lang),
    items: labelled(items, lang).map((i) => ({ value: i.value, label: `${i.value} — ${i.label}` })),
  };
}

export function findStructures(db: Db, input: { search?: string; edition?: number; markAudited?: boolean; limit?: number }): StructureOption[] {
  const limit = input.limit ?? 50;
  const mark = input.markAudited === true && input.edition !== undefined;
  const inEdition = input.edition === undefined || mark ? null : { sql: 'code IN (SELECT structure_code FROM audit WHERE edition = ?)', params: [input.edition] };
  // Typed text: the word index (accents, case and punctuation do not matter).
  const found: StructureOption[] = input.search?.trim()
    ? searchStructures(db, input.search, limit, inEdition)
    : db.prepare(`SELECT code, name, category FROM structure ${inEdition ? `WHERE ${inEdition.sql}` : ''} ORDER BY name, code LIMIT ?`)
      .all(...(inEdition?.params ?? []), limit) as StructureOption[];
  if (!mark || found.length === 0) return found;
  const audited = new Set(db.prepare(`SELECT DISTINCT structure_code FROM audit WHERE edition = ? AND structure_code IN (${found.map(() => '?').join(', ')})`)
    .pluck().all(input.edition, ...found.map((s) => s.code)) as string[]);
  return found.map((s) => ({ ...s, audited: audited.has(s.code) }));
}
