/**
 * The demo files' tables, independent of the file format: headers and rows of the referential,
 * the structures list and the results in the wide layout (one row per audit, one column per item
 * code) and the long layout (one row per observation). Rows are generated lazily so a national
 * edition streams to disk one structure at a time.
 */
import { CATEGORIES, CHANNELS, STEPS, labelOf, type ChannelCode } from '../../shared/domain.js';
import type { DemoAudit } from './audits.js';
import { determinantLabel, type DemoItem, type DemoReferential } from './referential.js';
import type { DemoStructure } from './structures.js';

export const DEMO_TITLE = 'Baromètre Expérience Citoyen — données de démonstration';

/** A cell before a format writes it: dates stay typed (real Excel dates in xlsx, dd/mm/yyyy in CSV). */
export type OutCell = string | number | { readonly date: string } | null;

export interface TableSpec {
  readonly sheet: string;
  /** A title row above the header (as hand-made workbooks often have), or none. */
  readonly title: string | null;
  readonly headers: readonly string[];
  readonly rows: Iterable<readonly OutCell[]>;
  /** Width hints (characters) for the first columns, xlsx only. */
  readonly widths?: readonly number[];
}

export const REFERENTIAL_HEADERS = ['Code critère', 'Libellé', 'Libellé EN', 'Canal', 'Étape', 'Déterminant', 'Type de réponse', 'Seuil', 'Pondération', 'Référentiel'] as const;
export const STRUCTURE_HEADERS = ['Code structure', 'Nom de la structure', 'Catégorie', 'Département', 'Région', 'Population', 'Secteur', 'Labels détenus'] as const;
export const WIDE_FIXED_HEADERS = ['Édition', 'Code structure', 'Structure', 'Catégorie', 'Département', 'Réf. audit', 'Date audit', 'Canal', 'Scénario', 'Enquêteur', 'Commentaire'] as const;
export const LONG_HEADERS = ['Édition', 'Code structure', 'Structure', 'Catégorie', 'Département', 'Réf. audit', 'Date audit', 'Canal', 'Code critère', 'Réponse', 'Commentaire'] as const;
/** Optional audit time column, placed right after `Date audit` when asked for. */
export const TIME_HEADER = 'Heure';

export const channelLabel = (code: ChannelCode): string => labelOf(CHANNELS, code);
const categoryLabel = (code: string): string => labelOf(CATEGORIES, code);
const sectorLabel = (sector: string): string => (sector === 'prive' ? 'Privé' : 'Public');

export function referentialTable(referential: DemoReferential): TableSpec {
  const withEdition = referential.validFrom !== null;
  const headers = withEdition ? ['Édition', ...REFERENTIAL_HEADERS] : [...REFERENTIAL_HEADERS];
  const rows = referential.items.map((item): OutCell[] => {
    const row: OutCell[] = [
      item.code, item.labelFr, item.labelEn, channelLabel(item.channel), labelOf(STEPS, item.step),
      determinantLabel(item.determinant), item.answerType, item.threshold, item.weight, item.source,
    ];
    return withEdition ? [referential.validFrom, ...row] : row;
  });
  return { sheet: 'Référentiel', title: null, headers, rows, widths: withEdition ? [8, 12, 60, 50, 16, 24, 34, 12, 8, 12, 18] : [12, 60, 50, 16, 24, 34, 12, 8, 12, 18] };
}

export function structuresTable(structures: readonly DemoStructure[]): TableSpec {
  const rows = structures.map((s): OutCell[] => [s.code, s.name, categoryLabel(s.category), s.departement, s.region, s.population, sectorLabel(s.sector),
    s.labels.length > 0 ? s.labels.join('; ') : null]);
  return { sheet: 'Structures', title: null, headers: [...STRUCTURE_HEADERS], rows, widths: [14, 60, 38, 12, 28, 12, 10, 30] };
}

export interface ResultsTableOptions {
  readonly title: string | null;
  readonly includeTime: boolean;
  /** Only audits of these channels (and only their item columns in the wide layout). */
  readonly channel?: ChannelCode;
}

function auditHead(audit: DemoAudit, includeTime: boolean): OutCell[] {
  const s = audit.structure;
  const head: OutCell[] = [audit.edition, s.code, s.name, categoryLabel(s.category), s.departement, audit.reference, { date: audit.date }];
  if (includeTime) head.push(audit.time);
  return head;
}

/** Wide layout: one row per audit; blank where an item is not of the audit's channel or not observed. */
export function wideTable(items: readonly DemoItem[], batches: Iterable<readonly DemoAudit[]>, options: ResultsTableOptions): TableSpec {
  const columns = options.channel ? items.filter((i) => i.channel === options.channel) : items;
  const fixed: string[] = [...WIDE_FIXED_HEADERS];
  if (options.includeTime) fixed.splice(fixed.indexOf('Date audit') + 1, 0, TIME_HEADER);
  const columnOf = new Map<string, number>(columns.map((item, i) => [item.code, fixed.length + i]));
  const width = fixed.length + columns.length;
  function* rows(): Generator<OutCell[]> {
    for (const batch of batches) {
      for (const audit of batch) {
        if (options.channel && audit.channel !== options.channel) continue;
        const row: OutCell[] = new Array<OutCell>(width).fill(null);
        const head = [...auditHead(audit, options.includeTime), channelLabel(audit.channel), audit.scenario, audit.auditor, audit.comment];
        head.forEach((cell, i) => { row[i] = cell; });
        for (const obs of audit.observations) {
          const col = columnOf.get(obs.item);
          if (col !== undefined) row[col] = obs.answer;
        }
        yield row;
      }
    }
  }
  return {
    sheet: 'Résultats',
    title: options.title,
    headers: [...fixed, ...columns.map((i) => i.code)],
    rows: rows(),
    widths: options.includeTime ? [8, 12, 44, 34, 6, 16, 11, 6, 16, 36, 9, 40] : [8, 12, 44, 34, 6, 16, 11, 16, 36, 9, 40],
  };
}

/** Long layout: one row per observation; the comment is the observation's. */
export function longTable(batches: Iterable<readonly DemoAudit[]>, options: ResultsTableOptions): TableSpec {
  const headers: string[] = [...LONG_HEADERS];
  if (options.includeTime) headers.splice(headers.indexOf('Date audit') + 1, 0, TIME_HEADER);
  function* rows(): Generator<OutCell[]> {
    for (const batch of batches) {
      for (const audit of batch) {
        if (options.channel && audit.channel !== options.channel) continue;
        const head = [...auditHead(audit, options.includeTime), channelLabel(audit.channel)];
        for (const obs of audit.observations) yield [...head, obs.item, obs.answer, obs.comment];
      }
    }
  }
  return {
    sheet: 'Résultats',
    title: options.title,
    headers,
    rows: rows(),
    widths: options.includeTime ? [8, 12, 44, 34, 6, 16, 11, 6, 16, 12, 10, 40] : [8, 12, 44, 34, 6, 16, 11, 16, 12, 10, 40],
  };
}
