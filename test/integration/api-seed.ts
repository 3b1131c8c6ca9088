/**
 * Test helper (not a test): fills a fresh workspace with a synthetic barometer by plain SQL — a
 * referential, structures, audits and observations — so explorer and API tests page through real
 * rows without depending on the import pipeline. Deterministic (seeded pseudo-random).
 */
import type { Db } from '../../main/db/connection.js';
import { CATEGORIES, CHANNELS, STEPS } from '../../shared/domain.js';
import { auditCommentIndexer, observationCommentIndexer } from '../../main/explorer/comment-search.js';

export interface SeedOptions {
  editions?: number[];
  structures?: number;
  auditsPerStructure?: number;
  itemsPerChannel?: number;
}

export interface SeedSummary {
  editions: number[];
  structures: number;
  audits: number;
  observations: number;
  items: string[];
}

function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

export const SEED_DETERMINANTS = [
  { code: 'reactivite', fr: 'Réactivité', en: 'Responsiveness' },
  { code: 'courtoisie', fr: 'Courtoisie', en: 'Courtesy' },
  { code: 'clarte', fr: "Clarté de l'information", en: 'Clarity of information' },
];

const DEPARTEMENTS = ['06', '27', '38', '44', '60', '75', '2A'];
const REGIONS: Record<string, string> = { '06': "Provence-Alpes-Côte d'Azur", '27': 'Normandie', '38': 'Auvergne-Rhône-Alpes', '44': 'Pays de la Loire', '60': 'Hauts-de-France', '75': 'Île-de-France', '2A': 'Corse' };

export function seedWorkspace(db: Db, options: SeedOptions = {}): SeedSummary {
  const editions = options.editions ?? [2023, 2024];
  const structureCount = options.structures ?? 40;
  const auditsPerStructure = options.auditsPerStructure ?? 13;
  const itemsPerChannel = options.itemsPerChannel ?? 4;
  const rand = random(42);
  const items: Array<{ code: string; channel: string }> = [];
  let audits = 0;
  let observations = 0;

  db.transaction(() => {
    db.prepare(`INSERT INTO import(id, file_name, sha256, format, kind, layout, mapping_json, imported_at) VALUES (1, 'seed.xlsx', 'x', 'xlsx', 'results', 'long', '{}', '2024-01-01T00:00:00Z')`).run();
    for (const year of editions) db.prepare('INSERT INTO edition(year) VALUES (?)').run(year);
    for (const d of SEED_DETERMINANTS) db.prepare('INSERT INTO determinant(code, label_fr, label_en) VALUES (?, ?, ?)').run(d.code, d.fr, d.en);
    db.prepare('INSERT INTO referential_set(valid_from, import_id) VALUES (0, 1)').run();
    const insertItem = db.prepare(`INSERT INTO item(valid_from, code, label_fr, label_en, channel, step, determinant, answer_type, weight, import_id) VALUES (0, ?, ?, ?, ?, ?, ?, 'oui-non', 1, 1)`);
    CHANNELS.forEach((channel, c) => {
      for (let i = 1; i <= itemsPerChannel; i += 1) {
        const code = `${channel.code.slice(0, 3).toUpperCase()}-${String(i).padStart(2, '0')}`;
        const step = STEPS[(i - 1) % STEPS.length]!.code;
        const determinant = SEED_DETERMINANTS[(i + c) % SEED_DETERMINANTS.length]!.code;
        insertItem.run(code, `Critère ${code}`, `Criterion ${code}`, channel.code, step, determinant);
        items.push({ code, channel: channel.code });
      }
    });
    const insertStructure = db.prepare(`INSERT INTO structure(code, name, category, departement, region, population, sector, source, import_id) VALUES (?, ?, ?, ?, ?, ?, ?, 'structures', 1)`);
    for (let s = 0; s < structureCount; s += 1) {
      const category = CATEGORIES[s % CATEGORIES.length]!;
      const dep = DEPARTEMENTS[s % DEPARTEMENTS.length]!;
      insertStructure.run(`S${String(s).padStart(4, '0')}`, `Structure ${String(s).padStart(4, '0')}${s % 5 === 0 ? ' Mairie' : ''}`, category.code, dep, REGIONS[dep] ?? null, 1000 * (s + 1), category.sector);
    }
    const insertAudit = db.prepare(`INSERT INTO audit(edition, reference, structure_code, channel, audit_date, scenario, auditor, comment, import_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1)`);
    const insertObservation = db.prepare(`INSERT INTO observation(audit_id, item_code, compliant, measure, raw, comment, import_id) VALUES (?, ?, ?, NULL, ?, ?, 1)`);
    // Comments are indexed by the code that inserts rows (migration 013), as the import does.
    const auditComments = auditCommentIndexer(db);
    const indexObservationComment = observationCommentIndexer(db);
    for (const year of editions) {
      for (let s = 0; s < structureCount; s += 1) {
        for (let a = 0; a < auditsPerStructure; a += 1) {
          const channel = CHANNELS[a % CHANNELS.length]!.code;
          const day = String(1 + (a % 28)).padStart(2, '0');
          const info = insertAudit.run(year, `A${year}-${s}-${a}`, `S${String(s).padStart(4, '0')}`, channel, `${year}-03-${day}`, 'Demande de rendez-vous', `E${a % 7}`, a % 4 === 0 ? 'Accueil souriant' : null);
          audits += 1;
          for (const item of items.filter((it) => it.channel === channel)) {
            const r = rand();
            const compliant = r < 0.1 ? null : r < 0.65 ? 1 : 0;
            const comment = r > 0.95 ? 'Délai dépassé' : null;
            insertObservation.run(info.lastInsertRowid, item.code, compliant, compliant === null ? 'NA' : compliant ? 'Oui' : 'Non', comment);
            indexObservationComment(Number(info.lastInsertRowid), item.code, comment);
            observations += 1;
          }
        }
      }
    }
    auditComments.finish();
  })();
  return { editions, structures: structureCount, audits, observations, items: items.map((i) => i.code) };
}
