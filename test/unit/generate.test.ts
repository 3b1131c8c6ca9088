/**
 * The demo data model in memory: referential, structures, audits, calibration of the headline
 * indicators. Answers are read back here by the reference method, written out independently of
 * the generator's own `compliant` flag.
 */
import { describe, expect, it } from 'vitest';
import { CATEGORIES, CHANNELS, STEPS } from '../../shared/domain.js';
import { Rng } from '../../main/generate/prng.js';
import {
  AUDITS_PER_STRUCTURE, CHANNEL_MIX, DETERMINANTS, buildAudits, buildReferential, buildStructures, calibrationGuaranteed,
  privatePanelSize, referentialFor, type DemoAudit, type DemoItem, type DemoStructure,
} from '../../main/generate/index.js';

const YES = new Set(['oui', 'o']);
const NO = new Set(['non', 'n']);
const NA = new Set(['na', 'n.a.', 'sans objet']);

/** Reads a written answer as domain.md says: yes / no / not applicable, or a measure vs the threshold. */
function judge(answer: string | number, item: DemoItem): boolean | null {
  let measure: number;
  if (typeof answer === 'number') {
    measure = answer;
  } else {
    const text = answer.trim().toLowerCase();
    if (YES.has(text)) return true;
    if (NO.has(text)) return false;
    if (NA.has(text)) return null;
    const hms = /^(\d+):(\d{2}):(\d{2})$/.exec(text);
    const minSec = /^(\d+) min (\d{2})$/.exec(text);
    if (hms) measure = Number(hms[1]) * 60 + Number(hms[2]) + Number(hms[3]) / 60;
    else if (minSec) measure = Number(minSec[1]) + Number(minSec[2]) / 60;
    else measure = Number(text.replace(',', '.'));
    if (!Number.isFinite(measure)) throw new Error(`unreadable answer ${answer} for ${item.code}`);
  }
  if (item.answerType === 'oui-non' || item.threshold === null) throw new Error(`measure ${answer} given to yes/no item ${item.code}`);
  return item.answerType === 'seuil-max' ? measure <= (item.threshold ?? 0) : measure >= (item.threshold ?? 0);
}

/** Reference method: compliant share of the item over the audits where it applies, per sector. */
function indicator(audits: readonly DemoAudit[], items: ReadonlyMap<string, DemoItem>, code: string): Record<'public' | 'prive', { value: number; n: number }> {
  const tally = { public: { yes: 0, n: 0 }, prive: { yes: 0, n: 0 } };
  for (const audit of audits) {
    for (const obs of audit.observations) {
      if (obs.item !== code) continue;
      const item = items.get(code);
      if (!item) throw new Error(`unknown ${code}`);
      const verdict = judge(obs.answer, item);
      if (verdict === null) continue;
      const t = tally[audit.structure.sector];
      t.n += 1;
      if (verdict) t.yes += 1;
    }
  }
  return {
    public: { value: (100 * tally.public.yes) / tally.public.n, n: tally.public.n },
    prive: { value: (100 * tally.prive.yes) / tally.prive.n, n: tally.prive.n },
  };
}

const referentials = buildReferential();
const base = referentials.base;
const itemMap = (items: readonly DemoItem[]): Map<string, DemoItem> => new Map(items.map((i) => [i.code, i]));

describe('prng', () => {
  it('gives the same sequence for the same seed and another for another seed', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const c = new Rng(43);
    const seqA = Array.from({ length: 20 }, () => a.next());
    expect(Array.from({ length: 20 }, () => b.next())).toEqual(seqA);
    expect(Array.from({ length: 20 }, () => c.next())).not.toEqual(seqA);
    expect(seqA.every((x) => x >= 0 && x < 1)).toBe(true);
  });

  it('keeps int() within its bounds and reaches both ends', () => {
    const rng = new Rng(7);
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      const v = rng.int(3, 6);
      expect(v).toBeGreaterThanOrEqual(3);
      expect(v).toBeLessThanOrEqual(6);
      seen.add(v);
    }
    expect([...seen].sort()).toEqual([3, 4, 5, 6]);
  });
});

describe('referential', () => {
  it('has 400 items over the 6 channels, 3 steps and 20 determinants', () => {
    expect(base.items).toHaveLength(400);
    expect(base.validFrom).toBeNull();
    expect(new Set(base.items.map((i) => i.channel))).toEqual(new Set(CHANNELS.map((c) => c.code)));
    expect(new Set(base.items.map((i) => i.step))).toEqual(new Set(STEPS.map((s) => s.code)));
    expect(new Set(base.items.map((i) => i.determinant)).size).toBe(20);
    expect(DETERMINANTS).toHaveLength(20);
    for (const channel of CHANNELS) {
      const n = base.items.filter((i) => i.channel === channel.code).length;
      expect(n).toBeGreaterThanOrEqual(50);
      expect(n).toBeLessThanOrEqual(90);
    }
  });

  it('numbers codes by channel prefix, unique, and keeps the headline items', () => {
    const codes = base.items.map((i) => i.code);
    expect(new Set(codes).size).toBe(codes.length);
    const prefix = { telephone: 'TEL', email: 'MEL', courrier: 'COU', 'site-web': 'WEB', 'reseaux-sociaux': 'RS', visite: 'VIS' } as const;
    for (const item of base.items) expect(item.code).toMatch(new RegExp(`^${prefix[item.channel]}-\\d{2}$`));
    for (const p of Object.values(prefix)) expect(codes).toContain(`${p}-01`);
    const mel01 = base.items.find((i) => i.code === 'MEL-01');
    const mel02 = base.items.find((i) => i.code === 'MEL-02');
    expect(mel01).toMatchObject({ labelFr: 'Délai de réponse au courriel (heures)', answerType: 'seuil-max', threshold: 24, channel: 'email' });
    expect(mel02).toMatchObject({ labelFr: 'Le courriel de réponse contient une formule de politesse', answerType: 'oui-non', threshold: null, channel: 'email' });
  });

  it('has raw-measure items with thresholds, weights 1–3, the three source labels and French and English labels', () => {
    const measures = base.items.filter((i) => i.answerType !== 'oui-non');
    expect(measures.length).toBeGreaterThanOrEqual(10);
    expect(measures.every((i) => typeof i.threshold === 'number')).toBe(true);
    expect(new Set(base.items.map((i) => i.answerType))).toEqual(new Set(['oui-non', 'seuil-max', 'seuil-min']));
    const rings = base.items.find((i) => /sonneries/.test(i.labelFr));
    expect(rings).toMatchObject({ channel: 'telephone', answerType: 'seuil-max', threshold: 5 });
    expect(base.items.find((i) => i.channel === 'visite' && /attente/i.test(i.labelFr) && i.unit === 'minutes')?.threshold).toBe(5);
    expect(base.items.find((i) => i.channel === 'courrier' && /jours/.test(i.labelFr))?.threshold).toBe(15);
    expect(new Set(base.items.map((i) => i.weight))).toEqual(new Set([1, 2, 3]));
    expect(new Set(base.items.map((i) => i.source))).toEqual(new Set(['Qualivilles', 'Services Publics+', 'Baromètre']));
    expect(base.items.every((i) => i.labelFr.length > 10 && i.labelEn.length > 5)).toBe(true);
  });

  it('revises the 2023 referential: two items added, two withdrawn', () => {
    const [revision] = referentials.revisions;
    expect(revision?.validFrom).toBe(2023);
    const before = new Set(base.items.map((i) => i.code));
    const after = new Set(revision?.items.map((i) => i.code));
    const added = [...after].filter((c) => !before.has(c));
    const withdrawn = [...before].filter((c) => !after.has(c));
    expect(added).toHaveLength(2);
    expect(withdrawn).toHaveLength(2);
    expect(after.has('MEL-01') && after.has('MEL-02')).toBe(true);
    expect(referentialFor(referentials, 2022)).toBe(base);
    expect(referentialFor(referentials, 2023)).toBe(revision);
    expect(referentialFor(referentials, 2024)).toBe(revision);
  });

  it('is the same whatever the data seed', () => {
    expect(buildReferential()).toEqual(referentials);
  });
});

describe('structures', { timeout: 30_000 }, () => {
  const structures = buildStructures(2023, 120);

  it('is deterministic from the seed', () => {
    expect(buildStructures(2023, 120)).toEqual(structures);
    expect(buildStructures(2024, 120).map((s) => s.code)).not.toEqual(structures.map((s) => s.code));
  });

  it('covers every category including the private panel, in realistic proportions', () => {
    const count = (c: string): number => structures.filter((s) => s.category === c).length;
    for (const category of CATEGORIES) expect(count(category.code)).toBeGreaterThan(0);
    expect(count('ville-moins-20k')).toBeGreaterThan(count('ville-plus-50k'));
    expect(count('ville-moins-20k')).toBeGreaterThan(count('region') * 5);
    expect(structures.filter((s) => s.sector === 'prive').every((s) => s.category === 'panel-prive')).toBe(true);
    expect(structures.filter((s) => s.category === 'panel-prive').every((s) => s.sector === 'prive')).toBe(true);
    for (const n of [10, 11, 13, 14]) {
      const small = buildStructures(1, n);
      expect(small).toHaveLength(n);
      expect(new Set(small.map((s) => s.category)).size).toBe(8);
    }
  });

  it('gives about 15 % of public structures Qualivilles and 10 % Services Publics+, the private panel none', () => {
    const big = buildStructures(7, 2000);
    const pub = big.filter((s) => s.sector === 'public');
    const share = (label: string): number => pub.filter((s) => s.labels.includes(label)).length / pub.length;
    expect(share('Qualivilles')).toBeGreaterThan(0.11);
    expect(share('Qualivilles')).toBeLessThan(0.19);
    expect(share('Services Publics+')).toBeGreaterThan(0.07);
    expect(share('Services Publics+')).toBeLessThan(0.13);
    expect(big.filter((s) => s.sector === 'prive').every((s) => s.labels.length === 0)).toBe(true);
    // Better-run structures hold a label more often.
    const mean = (list: typeof pub): number => list.reduce((sum, s) => sum + s.latent.quality, 0) / list.length;
    expect(mean(pub.filter((s) => s.labels.includes('Qualivilles')))).toBeGreaterThan(mean(pub.filter((s) => !s.labels.includes('Qualivilles'))));
  });

  it('never lets regions or départements outnumber France’s', () => {
    const big = buildStructures(5, 2000);
    expect(big.filter((s) => s.category === 'region').length).toBeLessThanOrEqual(18);
    expect(big.filter((s) => s.category === 'departement').length).toBeLessThanOrEqual(101);
    expect(new Set(big.filter((s) => s.category === 'departement').map((s) => s.departement)).size).toBe(big.filter((s) => s.category === 'departement').length);
  });

  it('marks every name as demo data and keeps codes as text', () => {
    const big = buildStructures(9, 600);
    expect(new Set(big.map((s) => s.name)).size).toBe(600);
    expect(big.every((s) => s.name.endsWith('(démo)'))).toBe(true);
    expect(big.every((s) => /^\d{9}$/.test(s.code))).toBe(true);
    expect(new Set(big.map((s) => s.code)).size).toBe(600);
    expect(big.some((s) => s.code.startsWith('0'))).toBe(true);
    expect(big.every((s) => /^(\d{2}|2A|2B|97\d)$/.test(s.departement))).toBe(true);
    expect(big.some((s) => s.departement.startsWith('0'))).toBe(true);
    // Luhn-invalid: no demo code can be a real SIREN.
    const luhn = (code: string): boolean => [...code].reverse().reduce((sum, ch, i) => {
      let d = Number(ch) * (i % 2 === 1 ? 2 : 1);
      if (d > 9) d -= 9;
      return sum + d;
    }, 0) % 10 === 0;
    expect(big.some((s) => luhn(s.code))).toBe(false);
  });
});

describe('audits', { timeout: 30_000 }, () => {
  const structures = buildStructures(2023, 60);
  const audits2023 = buildAudits(2023, 2023, referentialFor(referentials, 2023), structures);
  const items2023 = itemMap(referentialFor(referentials, 2023).items);

  it('gives every structure 13 audits in the documented channel mix', () => {
    expect(AUDITS_PER_STRUCTURE).toBe(13);
    expect(audits2023).toHaveLength(60 * 13);
    const expected = Object.fromEntries(CHANNEL_MIX);
    expect(expected).toEqual({ telephone: 3, email: 3, courrier: 2, 'site-web': 2, 'reseaux-sociaux': 2, visite: 1 });
    const byStructure = new Map<string, DemoAudit[]>();
    for (const a of audits2023) byStructure.set(a.structure.code, [...(byStructure.get(a.structure.code) ?? []), a]);
    expect(byStructure.size).toBe(60);
    for (const list of byStructure.values()) {
      const mix: Record<string, number> = {};
      for (const a of list) mix[a.channel] = (mix[a.channel] ?? 0) + 1;
      expect(mix).toEqual(expected);
    }
  });

  it('numbers audits uniquely within the edition and dates them in September–October', () => {
    const refs = audits2023.map((a) => a.reference);
    expect(new Set(refs).size).toBe(refs.length);
    for (const a of audits2023) {
      expect(a.reference).toMatch(/^2023-\d{6}-\d{2}$/);
      expect(a.date >= '2023-09-01' && a.date <= '2023-10-31').toBe(true);
      expect(a.time).toMatch(/^\d{2}:\d{2}$/);
      expect(a.auditor).toMatch(/^ENQ-\d{3}$/);
      expect(a.scenario.length).toBeGreaterThan(5);
    }
  });

  it('observes only items of the audit’s channel, about 65 per audit', () => {
    let total = 0;
    const wrong: string[] = [];
    for (const a of audits2023) {
      for (const o of a.observations) if (items2023.get(o.item)?.channel !== a.channel) wrong.push(`${a.reference} ${o.item}`);
      if (new Set(a.observations.map((o) => o.item)).size !== a.observations.length) wrong.push(`${a.reference} duplicates`);
      total += a.observations.length;
    }
    expect(wrong).toEqual([]);
    const mean = total / audits2023.length;
    expect(mean).toBeGreaterThan(60);
    expect(mean).toBeLessThan(75);
  });

  it('writes answers the reference method reads back as the generator meant them', () => {
    const mismatches: string[] = [];
    let read = 0;
    for (const a of audits2023) {
      for (const o of a.observations) {
        const item = items2023.get(o.item);
        if (!item) throw new Error(o.item);
        read += 1;
        if (judge(o.answer, item) !== o.compliant) mismatches.push(`${a.reference} ${o.item} ${String(o.answer)} ${String(o.compliant)}`);
      }
    }
    expect(read).toBeGreaterThan(40_000);
    expect(mismatches).toEqual([]);
  });

  it('uses the many spellings real files have, and comments some naming people', () => {
    const texts = new Set(audits2023.flatMap((a) => a.observations.map((o) => o.answer)).filter((x): x is string => typeof x === 'string'));
    for (const spelling of ['Oui', 'Non', 'NA', 'O', 'N', 'Sans objet', 'oui', 'non', 'N.A.']) expect(texts).toContain(spelling);
    expect([...texts].some((t) => /^\d+,\d+$/.test(t))).toBe(true);
    expect([...texts].some((t) => /^\d{2}:\d{2}:\d{2}$/.test(t))).toBe(true);
    expect([...texts].some((t) => /^\d+ min \d{2}$/.test(t))).toBe(true);
    expect(audits2023.flatMap((a) => a.observations).some((o) => typeof o.answer === 'number')).toBe(true);
    const comments = audits2023.map((a) => a.comment).filter((c): c is string => c !== null);
    expect(comments.length).toBeGreaterThan(audits2023.length * 0.05);
    expect(comments.some((c) => /\b(Mme|M\.) [A-Z]/.test(c))).toBe(true);
    expect(audits2023.flatMap((a) => a.observations).some((o) => o.comment !== null)).toBe(true);
  });

  it('is identical when regenerated, and differs with another seed', () => {
    const again = buildAudits(2023, 2023, referentialFor(referentials, 2023), structures);
    expect(again).toEqual(audits2023);
    const other = buildAudits(99, 2023, referentialFor(referentials, 2023), structures);
    expect(other.map((a) => a.observations.map((o) => o.answer))).not.toEqual(audits2023.map((a) => a.observations.map((o) => o.answer)));
  });
});

describe('calibration of the headline indicators (2023: MEL-01 38 / 85 %, MEL-02 99 / 91 %)', { timeout: 30_000 }, () => {
  const cases: Array<[seed: number, n: number]> = [[2023, 120], [1, 14], [7, 15], [42, 23], [3, 37], [11, 250]];
  for (const [seed, n] of cases) {
    it(`holds within 1.5 points with ${n} structures (seed ${seed})`, () => {
      const structures = buildStructures(seed, n);
      const ref = referentialFor(referentials, 2023);
      const audits = buildAudits(seed, 2023, ref, structures);
      const mel01 = indicator(audits, itemMap(ref.items), 'MEL-01');
      const mel02 = indicator(audits, itemMap(ref.items), 'MEL-02');
      const emailAudits = audits.filter((a) => a.channel === 'email');
      // Every email audit carries both items, always applicable.
      expect(mel01.public.n + mel01.prive.n).toBe(emailAudits.length);
      expect(mel02.public.n + mel02.prive.n).toBe(emailAudits.length);
      expect(Math.abs(mel01.public.value - 38)).toBeLessThanOrEqual(1.5);
      expect(Math.abs(mel01.prive.value - 85)).toBeLessThanOrEqual(1.5);
      expect(Math.abs(mel02.public.value - 99)).toBeLessThanOrEqual(1.5);
      expect(Math.abs(mel02.prive.value - 91)).toBeLessThanOrEqual(1.5);
    });
  }

  it('picks a private panel size that makes the targets reachable from 14 structures on', () => {
    // Independent check: some k/n within 1.5 points of each target, n = 3 email audits per structure.
    const reachable = (structures: number, target: number): boolean => {
      const n = structures * 3;
      for (let k = 0; k <= n; k++) if (Math.abs((100 * k) / n - target) <= 1.5) return true;
      return false;
    };
    const failures: number[] = [];
    for (let n = 14; n <= 2000; n++) {
      const p = privatePanelSize(n);
      const ok = n - p >= 7 && reachable(p, 85) && reachable(p, 91) && reachable(n - p, 38) && reachable(n - p, 99) && calibrationGuaranteed(n);
      if (!ok) failures.push(n);
    }
    expect(failures).toEqual([]);
    for (let n = 10; n <= 13; n++) expect(calibrationGuaranteed(n)).toBe(false);
    // About 10 % of participants once the set is large.
    expect(privatePanelSize(2000)).toBeGreaterThanOrEqual(150);
    expect(privatePanelSize(2000)).toBeLessThanOrEqual(250);
  });
});

describe('realism of the scores', () => {
  const structures = buildStructures(2023, 120);
  const scoresOf = (edition: number): { overall: Map<string, number>; byDeterminant: Record<'public' | 'prive', Map<string, [number, number]>> } => {
    const ref = referentialFor(referentials, edition);
    const items = itemMap(ref.items);
    const audits = buildAudits(2023, edition, ref, structures);
    const sums = new Map<string, [number, number]>();
    const byDeterminant = { public: new Map<string, [number, number]>(), prive: new Map<string, [number, number]>() };
    for (const a of audits) {
      for (const o of a.observations) {
        const item = items.get(o.item);
        if (!item) throw new Error(o.item);
        const verdict = judge(o.answer, item);
        if (verdict === null) continue;
        const s = sums.get(a.structure.code) ?? [0, 0];
        s[0] += verdict ? item.weight : 0;
        s[1] += item.weight;
        sums.set(a.structure.code, s);
        const d = byDeterminant[a.structure.sector].get(item.determinant) ?? [0, 0];
        d[0] += verdict ? item.weight : 0;
        d[1] += item.weight;
        byDeterminant[a.structure.sector].set(item.determinant, d);
      }
    }
    return { overall: new Map([...sums].map(([k, [c, w]]) => [k, (100 * c) / w])), byDeterminant };
  };
  const s2021 = scoresOf(2021);
  const s2023 = scoresOf(2023);
  const mean = (m: Map<string, number>): number => [...m.values()].reduce((a, b) => a + b, 0) / m.size;
  const pct = (m: Map<string, [number, number]>, d: string): number => {
    const [c, w] = m.get(d) ?? [0, 1];
    return (100 * c) / w;
  };

  it('spreads overall scores over roughly 45–90', () => {
    const sorted = [...s2023.overall.values()].sort((a, b) => a - b);
    const at = (q: number): number => sorted[Math.floor(q * (sorted.length - 1))] ?? NaN;
    expect(at(0.05)).toBeGreaterThan(40);
    expect(at(0.95)).toBeLessThan(95);
    expect(at(0.95) - at(0.05)).toBeGreaterThan(15);
  });

  it('improves by about 1 to 2 points a year', () => {
    const gain = (mean(s2023.overall) - mean(s2021.overall)) / 2;
    expect(gain).toBeGreaterThan(0.5);
    expect(gain).toBeLessThan(3);
  });

  it('makes the private panel quicker but less courteous', () => {
    expect(pct(s2023.byDeterminant.prive, 'reactivite')).toBeGreaterThan(pct(s2023.byDeterminant.public, 'reactivite') + 5);
    expect(pct(s2023.byDeterminant.prive, 'courtoisie')).toBeLessThan(pct(s2023.byDeterminant.public, 'courtoisie') - 3);
  });
});

// Keeps the type import used when the structure type changes shape.
export type { DemoStructure };
