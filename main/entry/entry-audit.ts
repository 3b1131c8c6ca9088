/**
 * "Nouvel audit": what the form proposes for a structure (channels with items in force, the next
 * reference, the audits already being entered) and the creation of the audit itself, validated
 * with the importer's rules (main/import/values.ts): a real date inside the edition's year, a
 * known channel with items in force, a reference unique in the edition.
 */
import type { Db } from '../db/connection.js';
import { renderErrorText, type ErrorText } from '../../shared/error-messages.js';
import { AppError } from '../../shared/errors.js';
import { CHANNELS, labelOf } from '../../shared/domain.js';
import type { EntryAuditSummary, EntryCreated, EntryPreparation } from '../../shared/entry-types.js';
import { parseDate, parseTime } from '../import/values.js';
import { channelItems, progressOf } from './entry-sheet.js';
import { countInSession, entrySession } from './session.js';

const ROLLBACK = Symbol('rollback');

/**
 * Runs a read as if the edition existed: `item_in_force` (the one definition of the items in
 * force) is a view over the edition table, and an edition is only created with its first audit.
 * The row is inserted in a transaction that is always rolled back.
 */
export function readForEdition<T>(db: Db, edition: number, read: () => T): T {
  if (db.prepare('SELECT 1 FROM edition WHERE year = ?').get(edition) !== undefined) return read();
  let result: T | undefined;
  try {
    db.transaction(() => {
      db.prepare('INSERT INTO edition (year) VALUES (?)').run(edition);
      result = read();
      throw ROLLBACK;
    })();
  } catch (error) {
    if (error !== ROLLBACK) throw error;
  }
  return result as T;
}

interface StructureRow {
  code: string;
  name: string;
  category: string;
  sector: string;
}

function structureOf(db: Db, code: string): StructureRow {
  const row = db.prepare('SELECT code, name, category, sector FROM structure WHERE code = ?').get(code) as StructureRow | undefined;
  if (!row) throw AppError.keyed('NOT_FOUND', 'entry.structureNotFound', { structure: code }, { structure: code });
  return row;
}

const REFERENCE_PREFIX = (code: string): string => `DIAG-${code}-`;

/** The next free `DIAG-<code>-<n>` of an edition (n from 1, after the highest already used). */
export function nextReference(db: Db, structure: string, edition: number): string {
  const prefix = REFERENCE_PREFIX(structure);
  const used = db.prepare('SELECT reference FROM audit WHERE edition = ? AND substr(reference, 1, ?) = ?').pluck().all(edition, prefix.length, prefix) as string[];
  let highest = 0;
  for (const reference of used) {
    const n = Number(reference.slice(prefix.length));
    if (Number.isInteger(n) && n > highest) highest = n;
  }
  return `${prefix}${highest + 1}`;
}

export function entryAudits(db: Db, structure: string): EntryAuditSummary[] {
  // A read-only workspace made before migration 007 has no entry table (and nothing entered).
  if (db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'audit_entry'`).get() === undefined) return [];
  const rows = db.prepare(`
    SELECT a.id AS auditId, a.reference, a.edition, a.channel, a.audit_date AS date, e.status, e.updated_at AS updatedAt
    FROM audit a JOIN audit_entry e ON e.audit_id = a.id
    WHERE a.structure_code = ?
    ORDER BY e.status = 'completed', e.updated_at DESC`).all(structure) as Array<Omit<EntryAuditSummary, 'progress'>>;
  return rows.map((row) => ({ ...row, progress: progressOf(db, row.auditId, channelItems(db, row.edition, row.channel)) }));
}

export function prepareEntry(db: Db, input: { structure: string; edition?: number }): EntryPreparation {
  const structure = structureOf(db, input.structure);
  const edition = input.edition ?? new Date().getFullYear();
  const channels = readForEdition(db, edition, () => CHANNELS
    .map((c) => ({ code: c.code as string, items: channelItems(db, edition, c.code).length }))
    .filter((c) => c.items > 0));
  return {
    structure,
    edition,
    suggestedReference: nextReference(db, structure.code, edition),
    channels,
    audits: entryAudits(db, structure.code),
  };
}

export interface CreateAuditInput {
  structure: string;
  channel: string;
  /** `jj/mm/aaaa`, ISO, as the importer reads dates. */
  date: string;
  time?: string;
  /** Default: the year of the date. */
  edition?: number;
  /** Typed, or generated `DIAG-<code>-<n>` when absent. */
  reference?: string;
  scenario?: string;
  auditor?: string;
  sessionId?: number;
}

const clean = (text: string | undefined): string | null => {
  const t = (text ?? '').replace(/[\u00a0\u202f]/g, ' ').trim();
  return t === '' ? null : t;
};

export function createEntryAudit(db: Db, input: CreateAuditInput): EntryCreated {
  const structure = structureOf(db, input.structure);
  // Every problem of the form at once, each a catalogue text (the parsers' reasons stay French).
  const problems: ErrorText[] = [];
  const date = parseDate(input.date, false);
  if (!date.ok) problems.push({ key: 'entry.problem.date', params: { reason: date.reason } });
  const time = clean(input.time) === null ? null : parseTime(clean(input.time));
  if (time && !time.ok) problems.push({ key: 'entry.problem.time', params: { reason: time.reason } });
  const edition = input.edition ?? (date.ok ? Number(date.value.date.slice(0, 4)) : new Date().getFullYear());
  if (date.ok && Number(date.value.date.slice(0, 4)) !== edition) {
    problems.push({ key: 'entry.problem.dateOutsideEdition', params: { date: date.value.date.split('-').reverse().join('/'), edition } });
  }
  if (!CHANNELS.some((c) => c.code === input.channel)) problems.push({ key: 'entry.problem.channel', params: { channel: input.channel } });
  const reference = clean(input.reference) ?? nextReference(db, structure.code, edition);
  if (reference.length > 100) problems.push({ key: 'entry.problem.referenceTooLong', params: { max: 100 } });
  if (problems.length > 0) {
    const [first, ...rest] = problems as [ErrorText, ...ErrorText[]];
    const all = rest.reduce<ErrorText>((text, next) => ({ key: 'common.sentences', params: { first: text, next } }), first);
    throw AppError.keyed('INVALID_INPUT', all.key, all.params, { problems: problems.map((p) => renderErrorText(p, 'fr')) });
  }

  let created: EntryCreated | undefined;
  db.transaction(() => {
    db.prepare('INSERT OR IGNORE INTO edition (year) VALUES (?)').run(edition);
    if (channelItems(db, edition, input.channel).length === 0) {
      throw AppError.keyed('INVALID_INPUT', 'entry.noItemsForChannel', { channel: labelOf(CHANNELS, input.channel), edition }, { edition, channel: input.channel });
    }
    const taken = db.prepare('SELECT structure_code FROM audit WHERE edition = ? AND reference = ?').pluck().get(edition, reference) as string | undefined;
    if (taken !== undefined) {
      throw AppError.keyed('CONFLICT', 'entry.referenceTaken', { reference, edition }, { reference, edition });
    }
    const sessionId = entrySession(db, input.sessionId, edition);
    const auditId = Number(db.prepare(`INSERT INTO audit (edition, reference, structure_code, channel, audit_date, audit_time, scenario, auditor, import_id)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(edition, reference, structure.code, input.channel, date.ok ? date.value.date : null, time?.ok ? time.value : (date.ok ? date.value.time : null),
        clean(input.scenario), clean(input.auditor), sessionId).lastInsertRowid);
    const now = new Date().toISOString();
    db.prepare(`INSERT INTO audit_entry (audit_id, status, created_at, updated_at) VALUES (?, 'draft', ?, ?)`).run(auditId, now, now);
    countInSession(db, sessionId, { audit: 'new' });
    created = { auditId, reference, sessionId };
  })();
  return created as EntryCreated;
}

