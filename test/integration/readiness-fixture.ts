/**
 * The hand-built workspace of the readiness tests (the computation is written out in
 * readiness.test.ts): 5 items, 2 labels plus "Baromètre" items, structure S1 with 4 audits, S2 with 2.
 */
import { Fixture } from './analytics-fixture.js';

export function buildReadinessFixture(): Fixture {
  const fx = new Fixture();
  fx.edition(2023).referential(0, [
    { code: 'TEL-01', channel: 'telephone', step: 'acces', determinant: 'accessibilite', weight: 3, label: 'Décroché en moins de 5 sonneries' },
    { code: 'TEL-02', channel: 'telephone', step: 'information', determinant: 'courtoisie', weight: 1 },
    { code: 'MEL-01', channel: 'email', step: 'traitement', determinant: 'reactivite', weight: 2 },
    { code: 'MEL-02', channel: 'email', step: 'traitement', determinant: 'courtoisie', weight: 1 },
    { code: 'MEL-03', channel: 'email', step: 'information', determinant: 'clarte', weight: 2 },
  ]);
  const labels: Record<string, string> = { 'TEL-01': 'Qualivilles', 'TEL-02': 'Qualivilles; Services Publics+', 'MEL-01': 'Services Publics+', 'MEL-02': 'Baromètre', 'MEL-03': 'Qualivilles' };
  for (const [code, label] of Object.entries(labels)) fx.db.prepare('UPDATE item SET source_label = ? WHERE code = ?').run(label, code);
  fx.structure('S1', 'ville-plus-50k', 'public', 'Ville Une').structure('S2', 'ville-plus-50k', 'public', 'Ville Deux');
  fx.audit(2023, 'S1', 'telephone', { 'TEL-01': 1, 'TEL-02': 0 }, 1, 'A1');
  const a2 = fx.audit(2023, 'S1', 'telephone', { 'TEL-01': 0, 'TEL-02': null }, 1, 'A2');
  fx.audit(2023, 'S1', 'email', { 'MEL-01': 1, 'MEL-02': 0 }, 1, 'A3');
  fx.audit(2023, 'S1', 'email', { 'MEL-01': 1, 'MEL-02': 1 }, 1, 'A4');
  fx.audit(2023, 'S2', 'telephone', { 'TEL-01': 0, 'TEL-02': 0 }, 1, 'B1');
  fx.audit(2023, 'S2', 'email', { 'MEL-01': 0, 'MEL-03': 0 }, 1, 'B2');
  fx.db.prepare(`UPDATE observation SET comment = 'Mme Dupont a raccroché, rappeler au 06 12 34 56 78' WHERE audit_id = ? AND item_code = 'TEL-01'`).run(a2);
  fx.db.prepare(`UPDATE audit SET audit_date = '2023-10-02' WHERE id = ?`).run(a2);
  return fx;
}
