/**
 * A small, deterministic workspace for the export tests (and the export benchmark): two editions,
 * a referential with the headline items MEL-01/MEL-02, structures in three categories (one with
 * only 3 members, so its benchmarks must be suppressed), the private panel, audits on every
 * channel with seeded answers, and audit comments carrying personal names and injection payloads.
 * Inserted with plain SQL, then the analytics aggregates are refreshed as the importer would.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../../main/db/connection.js';
import { openWorkspace } from '../../main/db/connection.js';
import { refreshAggregates } from '../../main/analytics/index.js';
import { makeTempDir } from '../temp-dirs.js';
import { auditCommentIndexer, observationCommentIndexer } from '../../main/explorer/comment-search.js';

export interface FixtureStructure {
  code: string;
  name: string;
  category: string;
  sector: 'public' | 'prive';
}

export interface FixtureOptions {
  /** Structures per category code (default: a small mixed set). */
  perCategory?: Record<string, number>;
  editions?: number[];
  /** Audits per structure and edition (spread over the channels). */
  auditsPerStructure?: number;
  /** Extra names (hostile payloads…) used for the first structures, in order. */
  names?: string[];
  /** Extra comments used round-robin on audits and observations. */
  comments?: string[];
  seed?: number;
  /** Add a referential revision from the last edition (TEL-01 reweighted): trends flag it. Default true. */
  revision?: boolean;
}

export interface Fixture {
  db: Db;
  file: string;
  dir: string;
  structures: FixtureStructure[];
  editions: number[];
  cleanup(): void;
}

/** Mulberry32: small seeded PRNG so every run builds the same data. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const ITEMS: Array<{ code: string; label: string; channel: string; step: string; determinant: string; type: 'oui-non' | 'seuil-max' | 'seuil-min'; threshold: number | null; weight: number }> = [
  { code: 'TEL-01', label: 'Décroché en moins de 5 sonneries', channel: 'telephone', step: 'acces', determinant: 'DET-ACC', type: 'seuil-max', threshold: 5, weight: 2 },
  { code: 'TEL-02', label: "Formule d'accueil", channel: 'telephone', step: 'information', determinant: 'DET-COU', type: 'oui-non', threshold: null, weight: 1 },
  { code: 'TEL-03', label: 'Réponse à la question', channel: 'telephone', step: 'traitement', determinant: 'DET-FIA', type: 'oui-non', threshold: null, weight: 3 },
  { code: 'MEL-01', label: 'Réponse au courriel en moins de 24 h', channel: 'email', step: 'traitement', determinant: 'DET-REA', type: 'seuil-max', threshold: 24, weight: 2 },
  { code: 'MEL-02', label: 'Formule de politesse', channel: 'email', step: 'information', determinant: 'DET-COU', type: 'oui-non', threshold: null, weight: 1 },
  { code: 'COU-01', label: 'Réponse au courrier en moins de 15 jours', channel: 'courrier', step: 'traitement', determinant: 'DET-REA', type: 'seuil-max', threshold: 15, weight: 2 },
  { code: 'WEB-01', label: 'Horaires visibles en page d’accueil', channel: 'site-web', step: 'acces', determinant: 'DET-ACC', type: 'oui-non', threshold: null, weight: 1 },
  { code: 'RS-01', label: 'Réponse au message sous 48 h', channel: 'reseaux-sociaux', step: 'traitement', determinant: 'DET-REA', type: 'seuil-max', threshold: 48, weight: 1 },
  { code: 'VIS-01', label: 'Attente de moins de 10 minutes', channel: 'visite', step: 'acces', determinant: 'DET-ACC', type: 'seuil-max', threshold: 10, weight: 2 },
  { code: 'VIS-02', label: 'Agent courtois', channel: 'visite', step: 'information', determinant: 'DET-COU', type: 'oui-non', threshold: null, weight: 1 },
];

const DETERMINANTS = [
  ['DET-ACC', 'Accessibilité', 'Accessibility'],
  ['DET-COU', 'Courtoisie', 'Courtesy'],
  ['DET-FIA', 'Fiabilité de la réponse', 'Reliability of the answer'],
  ['DET-REA', 'Réactivité', 'Responsiveness'],
] as const;

const CHANNEL_ORDER = ['telephone', 'email', 'courrier', 'site-web', 'reseaux-sociaux', 'visite'];

const DEFAULT_COMMENTS = [
  'Accueil par Mme Dupont, très aimable.',
  'M. Jean-Pierre Le Goff a répondu rapidement.',
  'Monsieur Martin était absent, rappel demandé.',
  '',
  'Réponse claire et complète.',
];

/** Builds the workspace at `dir/workspace.sqlite` (a fresh temp dir by default). */
export function buildFixture(options: FixtureOptions = {}, dir = makeTempDir('export-test-')): Fixture {
  const file = path.join(dir, 'workspace.sqlite');
  const db = openWorkspace(file);
  const rand = prng(options.seed ?? 42);
  const editions = options.editions ?? [2022, 2023];
  const perCategory = options.perCategory ?? { 'ville-plus-50k': 6, 'ville-20k-50k': 3, 'ville-moins-20k': 4, 'panel-prive': 4 };
  const auditsPer = options.auditsPerStructure ?? 13;
  const comments = options.comments ?? DEFAULT_COMMENTS;
  const structures: FixtureStructure[] = [];
  let k = 0;
  for (const [category, count] of Object.entries(perCategory)) {
    for (let i = 0; i < count; i += 1) {
      const code = `S${String(k + 1).padStart(5, '0')}`;
      const name = options.names?.[k] ?? `Ville de Testbourg-${category}-${i + 1}`;
      structures.push({ code, name, category, sector: category === 'panel-prive' ? 'prive' : 'public' });
      k += 1;
    }
  }
  db.transaction(() => {
    const importId = Number(db.prepare(`INSERT INTO import (file_name, sha256, format, kind, layout, mapping_json, edition, imported_at, rows_read)
      VALUES ('resultats-2023.xlsx', 'ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12cd34ef56abcd', 'xlsx', 'results', 'long', '{}', NULL, '2026-11-01T10:00:00Z', 1234)`).run().lastInsertRowid);
    db.prepare(`INSERT INTO import (file_name, sha256, format, kind, layout, mapping_json, imported_at, status)
      VALUES ('ancien-fichier-annule.xlsx', 'ffff', 'xlsx', 'results', 'long', '{}', '2026-10-01T10:00:00Z', 'undone')`).run();
    for (const e of editions) db.prepare('INSERT INTO edition (year, expected_audits) VALUES (?, 13)').run(e);
    for (const [code, fr, en] of DETERMINANTS) db.prepare('INSERT INTO determinant (code, label_fr, label_en) VALUES (?, ?, ?)').run(code, fr, en);
    db.prepare("INSERT INTO referential_set (valid_from, version_label, import_id) VALUES (0, 'V1', ?)").run(importId);
    const insItem = db.prepare(`INSERT INTO item (valid_from, code, label_fr, label_en, channel, step, determinant, answer_type, threshold, weight, import_id)
      VALUES (0, ?, ?, NULL, ?, ?, ?, ?, ?, ?, ?)`);
    for (const it of ITEMS) insItem.run(it.code, it.label, it.channel, it.step, it.determinant, it.type, it.threshold, it.weight, importId);
    const last = editions[editions.length - 1] as number;
    if ((options.revision ?? true) && editions.length > 1) {
      db.prepare("INSERT INTO referential_set (valid_from, version_label, import_id) VALUES (?, 'V2', ?)").run(last, importId);
      const insRevised = db.prepare(`INSERT INTO item (valid_from, code, label_fr, label_en, channel, step, determinant, answer_type, threshold, weight, import_id)
        VALUES (?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, ?)`);
      for (const it of ITEMS) insRevised.run(last, it.code, it.label, it.channel, it.step, it.determinant, it.type, it.threshold, it.code === 'TEL-01' ? 3 : it.weight, importId);
    }
    const insStructure = db.prepare(`INSERT INTO structure (code, name, category, departement, region, population, sector, source, import_id)
      VALUES (?, ?, ?, '75', 'Île-de-France', 10000, ?, 'structures', ?)`);
    for (const s of structures) insStructure.run(s.code, s.name, s.category, s.sector, importId);
    const insAudit = db.prepare(`INSERT INTO audit (edition, reference, structure_code, channel, audit_date, scenario, auditor, comment, import_id)
      VALUES (?, ?, ?, ?, ?, 'Demande d’acte', 'ENQ-1', ?, ?)`);
    const insertObservation = db.prepare('INSERT INTO observation (audit_id, item_code, compliant, measure, raw, comment, import_id) VALUES (?, ?, ?, ?, ?, ?, ?)');
    // Comments are indexed by the code that inserts rows (migration 013), as the import does.
    const auditComments = auditCommentIndexer(db);
    const indexObservationComment = observationCommentIndexer(db);
    const insObs = {
      run(auditId: number, item: string, compliant: 0 | 1 | null, measure: number | null, raw: string, comment: string | null, id: number): void {
        insertObservation.run(auditId, item, compliant, measure, raw, comment, id);
        indexObservationComment(auditId, item, comment);
      },
    };
    let c = 0;
    for (const e of editions) {
      structures.forEach((s, si) => {
        // Each structure has its own level of quality so that ranks and quartiles are spread.
        const quality = 0.35 + 0.6 * ((si * 37) % 100) / 100;
        for (let a = 0; a < auditsPer; a += 1) {
          const channel = CHANNEL_ORDER[a % CHANNEL_ORDER.length] as string;
          const day = 1 + ((a * 3 + si) % 28);
          const comment = comments[c++ % comments.length] ?? '';
          const auditId = Number(insAudit.run(e, `${e}-${s.code}-${a + 1}`, s.code, channel, `${e}-03-${String(day).padStart(2, '0')}`, comment || null, importId).lastInsertRowid);
          for (const it of ITEMS.filter((x) => x.channel === channel)) {
            const r = rand();
            if (r < 0.05) {
              insObs.run(auditId, it.code, null, null, 'Sans objet', null, importId);
              continue;
            }
            const ok = rand() < quality;
            if (it.type === 'oui-non') {
              insObs.run(auditId, it.code, ok ? 1 : 0, null, ok ? 'Oui' : 'Non', ok ? null : (comments[c++ % comments.length] || null), importId);
            } else {
              const t = it.threshold ?? 1;
              const measure = ok ? Math.round(t * rand() * 10) / 10 : Math.round((t + 1 + t * rand()) * 10) / 10;
              insObs.run(auditId, it.code, ok ? 1 : 0, measure, String(measure).replace('.', ','), ok ? null : (comments[c++ % comments.length] || null), importId);
            }
          }
        }
      });
    }
    auditComments.finish();
  })();
  refreshAggregates(db, { editions });
  return {
    db,
    file,
    dir,
    structures,
    editions,
    cleanup() {
      try {
        db.close();
      } catch {
        // already closed
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
