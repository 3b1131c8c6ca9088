/**
 * Small workspaces for the analytics tests, built with plain INSERTs into a real migrated SQLite
 * file in a fresh temp dir (no import pipeline involved).
 */
import fs from 'node:fs';
import path from 'node:path';
import { openWorkspace } from '../../main/db/connection.js';
import { saveDisclosureRule } from '../../main/analytics/disclosure.js';
import type { Db } from '../../main/db/connection.js';
import { makeTempDir } from '../temp-dirs.js';

export interface ItemDef {
  code: string;
  channel: string;
  step: string;
  determinant: string;
  weight: number;
  answerType?: 'oui-non' | 'seuil-max' | 'seuil-min';
  threshold?: number | null;
  label?: string;
}

export type Answers = Record<string, 1 | 0 | null>;

export class Fixture {
  readonly db: Db;
  readonly file: string;
  readonly dir: string;
  private auditSeq = 0;

  /**
   * The hand-computed datasets have categories of 2 to 4 structures, where the disclosure rule
   * withholds every distribution: they test the arithmetic with the control off (threshold 0);
   * analytics-disclosure.test.ts tests the rule itself with `{ disclosureControl: true }`.
   */
  constructor(options: { disclosureControl?: boolean } = {}) {
    this.dir = makeTempDir('barometer-analytics-');
    this.file = path.join(this.dir, 'ws.sqlite');
    this.db = openWorkspace(this.file);
    if (!options.disclosureControl) saveDisclosureRule(this.db, { meanMinOthers: 0, distributionMinOthers: 0 });
    this.newImport();
  }

  /** A new import row (audits and observations must point to one); returns its id. */
  newImport(kind: 'results' | 'referential' | 'structures' = 'results'): number {
    return Number(this.db.prepare(`INSERT INTO import (file_name, sha256, format, kind, layout, mapping_json, imported_at)
      VALUES ('test.xlsx', 'x', 'xlsx', ?, 'long', '{}', '2024-01-01')`).run(kind).lastInsertRowid);
  }

  edition(year: number, expectedAudits = 13): this {
    this.db.prepare('INSERT OR IGNORE INTO edition (year, expected_audits) VALUES (?, ?)').run(year, expectedAudits);
    return this;
  }

  referential(validFrom: number, items: ItemDef[]): this {
    this.db.prepare('INSERT OR IGNORE INTO referential_set (valid_from) VALUES (?)').run(validFrom);
    for (const it of items) {
      this.db.prepare('INSERT OR IGNORE INTO determinant (code, label_fr) VALUES (?, ?)').run(it.determinant, `Déterminant ${it.determinant}`);
      this.db.prepare(`INSERT INTO item (valid_from, code, label_fr, channel, step, determinant, answer_type, threshold, weight)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(validFrom, it.code, it.label ?? `Item ${it.code}`, it.channel, it.step, it.determinant, it.answerType ?? 'oui-non', it.threshold ?? null, it.weight);
    }
    return this;
  }

  structure(code: string, category: string, sector: 'public' | 'prive' = category === 'panel-prive' ? 'prive' : 'public', name = `Structure ${code}`): this {
    this.db.prepare(`INSERT INTO structure (code, name, category, sector, source) VALUES (?, ?, ?, ?, 'structures')`).run(code, name, category, sector);
    return this;
  }

  /** One audit with its observations; returns the audit id. */
  audit(edition: number, structure: string, channel: string, answers: Answers, importId = 1, reference?: string): number {
    this.auditSeq += 1;
    const ref = reference ?? `${structure}-${edition}-${this.auditSeq}`;
    const id = Number(this.db.prepare('INSERT INTO audit (edition, reference, structure_code, channel, import_id) VALUES (?, ?, ?, ?, ?)')
      .run(edition, ref, structure, channel, importId).lastInsertRowid);
    const insert = this.db.prepare('INSERT INTO observation (audit_id, item_code, compliant, import_id) VALUES (?, ?, ?, ?)');
    for (const [item, compliant] of Object.entries(answers)) insert.run(id, item, compliant, importId);
    return id;
  }

  close(): void {
    this.db.close();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** The four items most tests use: two telephone items, the two headline email items. */
export const BASE_ITEMS: ItemDef[] = [
  { code: 'TEL-01', channel: 'telephone', step: 'acces', determinant: 'accessibilite', weight: 2 },
  { code: 'TEL-02', channel: 'telephone', step: 'traitement', determinant: 'fiabilite', weight: 1 },
  { code: 'MEL-01', channel: 'email', step: 'acces', determinant: 'reactivite', weight: 3, answerType: 'seuil-max', threshold: 24 },
  { code: 'MEL-02', channel: 'email', step: 'traitement', determinant: 'courtoisie', weight: 1 },
];

/**
 * The hand-computed dataset of edition 2023 (arithmetic in analytics-scores.test.ts):
 * A, B, C in "ville-plus-50k", P in the private panel, E (region) with only NA answers.
 */
export function handDataset(): Fixture {
  const f = new Fixture();
  f.edition(2023).referential(0, BASE_ITEMS);
  f.structure('A', 'ville-plus-50k', 'public', 'Alpha').structure('B', 'ville-plus-50k', 'public', 'Bravo').structure('C', 'ville-plus-50k', 'public', 'Charlie')
    .structure('P', 'panel-prive', 'prive', 'Papa').structure('E', 'region', 'public', 'Echo');
  f.audit(2023, 'A', 'telephone', { 'TEL-01': 1, 'TEL-02': 0 }, 1, 'A1');
  f.audit(2023, 'A', 'email', { 'MEL-01': 1, 'MEL-02': null }, 1, 'A2');
  f.audit(2023, 'A', 'email', { 'MEL-01': 0, 'MEL-02': 1 }, 1, 'A3');
  f.audit(2023, 'B', 'telephone', { 'TEL-01': 1, 'TEL-02': 1 }, 1, 'B1');
  f.audit(2023, 'B', 'email', { 'MEL-01': 1, 'MEL-02': 1 }, 1, 'B2');
  f.audit(2023, 'C', 'telephone', { 'TEL-01': 0, 'TEL-02': 1 }, 1, 'C1');
  f.audit(2023, 'C', 'email', { 'MEL-01': null, 'MEL-02': null }, 1, 'C2');
  f.audit(2023, 'P', 'email', { 'MEL-01': 1, 'MEL-02': 0 }, 1, 'P1');
  f.audit(2023, 'E', 'telephone', { 'TEL-01': null, 'TEL-02': null }, 1, 'E1');
  return f;
}
