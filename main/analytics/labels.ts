/**
 * Labels and display order of the keys of each level (steps and channels in the order of
 * shared/domain.ts, determinants and items by code), and of categories and sectors.
 */
import type { Db } from '../db/connection.js';
import { CATEGORIES, CHANNELS, LEVELS, SECTORS, STEPS, labelOf } from '../../shared/domain.js';
import type { Lang, Level } from '../../shared/domain.js';
import { itemsInForce } from './items-in-force.js';
import type { ItemInForce } from './items-in-force.js';

export interface KeyLabels {
  label(level: Level, key: string): string;
  /** Sort comparator: level order, then the key's order within its level. */
  compare(a: { level: Level; key: string }, b: { level: Level; key: string }): number;
}

/** Position of a key within its level, for sorting (steps and channels in domain order, others 0). */
export function keyRank(level: Level, key: string): number {
  if (level === 'step') return STEP_ORDER.get(key) ?? 99;
  if (level === 'channel') return CHANNEL_ORDER.get(key) ?? 99;
  return 0;
}

export function levelRank(level: Level): number {
  return LEVEL_ORDER.get(level) ?? 0;
}

/** Position of a category in domain order (unknown codes last). */
export function categoryRank(code: string): number {
  const i = CATEGORIES.findIndex((x) => x.code === code);
  return i < 0 ? CATEGORIES.length : i;
}

const STEP_ORDER = new Map<string, number>(STEPS.map((s, i) => [s.code, i]));
const CHANNEL_ORDER = new Map<string, number>(CHANNELS.map((c, i) => [c.code, i]));
const LEVEL_ORDER = new Map<string, number>(LEVELS.map((l, i) => [l, i]));

export function categoryLabel(code: string, lang: Lang = 'fr'): string {
  return labelOf(CATEGORIES, code, lang);
}

export function sectorLabel(code: string, lang: Lang = 'fr'): string {
  return labelOf(SECTORS, code, lang);
}

/** Category codes in the order of shared/domain.ts (unknown codes last, by code). */
export function compareCategories(a: string, b: string): number {
  const order = (c: string): number => {
    const i = CATEGORIES.findIndex((x) => x.code === c);
    return i < 0 ? CATEGORIES.length : i;
  };
  return order(a) - order(b) || (a < b ? -1 : a > b ? 1 : 0);
}

/**
 * Labels for editions (items as worded in the referential in force, the latest edition's wording
 * winning). `preloaded` passes item maps a caller already read, in the order of `editions`.
 */
export function keyLabels(db: Db, editions: readonly number[], lang: Lang = 'fr', preloaded?: ReadonlyArray<Map<string, ItemInForce>>): KeyLabels {
  const determinants = new Map<string, string>();
  for (const row of db.prepare('SELECT code, label_fr AS fr, label_en AS en FROM determinant').all() as Array<{ code: string; fr: string; en: string | null }>) {
    determinants.set(row.code, lang === 'en' ? row.en ?? row.fr : row.fr);
  }
  const items = new Map<string, string>();
  // The latest edition's wording wins: iterate oldest first.
  const maps = preloaded ?? [...editions].sort((a, b) => a - b).map((edition) => itemsInForce(db, edition));
  for (const map of maps) {
    for (const item of map.values()) items.set(item.code, lang === 'en' ? item.labelEn ?? item.labelFr : item.labelFr);
  }
  const keyOrder = (level: Level, key: string): number => {
    if (level === 'step') return STEP_ORDER.get(key) ?? 99;
    if (level === 'channel') return CHANNEL_ORDER.get(key) ?? 99;
    return 0;
  };
  return {
    label(level, key) {
      switch (level) {
        case 'overall': return lang === 'en' ? 'Overall' : 'Global';
        case 'step': return labelOf(STEPS, key, lang);
        case 'channel': return labelOf(CHANNELS, key, lang);
        case 'determinant': return determinants.get(key) ?? key;
        case 'item': return items.get(key) ?? key;
      }
    },
    compare(a, b) {
      return ((LEVEL_ORDER.get(a.level) ?? 0) - (LEVEL_ORDER.get(b.level) ?? 0))
        || keyOrder(a.level, a.key) - keyOrder(b.level, b.key)
        || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
    },
  };
}
