/** Completeness of an edition: audit counts against the expected number, channels, items never observed. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE_ITEMS, Fixture } from './analytics-fixture.js';
import { completeness } from '../../main/analytics/index.js';

let f: Fixture;
beforeAll(() => {
  f = new Fixture();
  // The edition expects 3 audits per structure.
  f.edition(2023, 3).referential(0, BASE_ITEMS);
  f.structure('OK', 'ville-plus-50k').structure('LOW', 'ville-plus-50k').structure('HIGH', 'region');
  for (let i = 0; i < 3; i += 1) f.audit(2023, 'OK', i === 0 ? 'email' : 'telephone', i === 0 ? { 'MEL-02': 1 } : { 'TEL-01': 1, 'TEL-02': null });
  f.audit(2023, 'LOW', 'telephone', { 'TEL-01': 0 });
  f.audit(2023, 'LOW', 'telephone', { 'TEL-01': 1 });
  for (let i = 0; i < 4; i += 1) f.audit(2023, 'HIGH', 'telephone', { 'TEL-01': 1, 'OLD-01': 0 });
});
afterAll(() => f.close());

describe('completeness', () => {
  it('reports structures with too few or too many audits', () => {
    const report = completeness(f.db, { edition: 2023 });
    expect(report).toMatchObject({ edition: 2023, expectedAudits: 3, structures: 3, audits: 3 + 2 + 4 });
    // LOW: 2 − 3 = −1; HIGH: 4 − 3 = +1; OK has its 3
    expect(report.auditCount.map((r) => [r.structure, r.audits, r.difference])).toEqual([['LOW', 2, -1], ['HIGH', 4, 1]]);
  });
  it('reports channels with no audit, per structure and for the edition', () => {
    const report = completeness(f.db, { edition: 2023 });
    const ok = report.missingChannelsByStructure.find((r) => r.structure === 'OK');
    expect(ok?.channels).toEqual(['courrier', 'site-web', 'reseaux-sociaux', 'visite']);
    expect(report.missingChannelsByStructure.find((r) => r.structure === 'LOW')?.channels).toContain('email');
    expect(report.channelsWithoutAudit).toEqual(['courrier', 'site-web', 'reseaux-sociaux', 'visite']);
  });
  it('lists items in force never observed and observations of unknown items', () => {
    const report = completeness(f.db, { edition: 2023 });
    // observed: TEL-01, TEL-02 (NA still counts as observed), MEL-02 → never: MEL-01
    expect(report.itemsNeverObserved.map((r) => r.item)).toEqual(['MEL-01']);
    // OLD-01: 4 observations over 4 audits, not in the referential
    expect(report.observationsOfUnknownItems).toEqual([{ item: 'OLD-01', observations: 4, audits: 4 }]);
    // observations: OK 1 (email) + 2 + 2 (telephone) = 5, LOW 2, HIGH 4 × 2 = 8 → 15
    expect(report.observations).toBe(15);
  });
});
