/**
 * The demo participants: `buildStructures(seed, n)` gives n structures in every public category
 * plus the private panel, in realistic proportions (many small towns, few regions), with fictional
 * names marked "(démo)", fake SIREN codes (9 digits as text, some starting with 0, deliberately
 * failing the Luhn check so none can be a real company) and a latent quality that drives the
 * audit answers in audits.ts.
 */
import { CATEGORIES, type CategoryCode, type SectorCode } from '../../shared/domain.js';
import { privatePanelSize } from './calibration.js';
import {
  DEPARTEMENTS, OTHER_PUBLIC_KINDS, PLACE_ENDS, PLACE_STARTS, PRIVATE_BRANDS, PRIVATE_KINDS, PRIVATE_SUFFIXES,
  REGIONS, REGION_QUALIFIERS, REGION_WORDS, RIVERS,
} from './geography.js';
import { Rng } from './prng.js';
import { DETERMINANTS, type DeterminantCode } from './referential-data.js';

export const DEMO_MARK = '(démo)';

export interface StructureLatent {
  /** Overall quality on the logit scale (0 = average). */
  readonly quality: number;
  /** Per-determinant strengths and weaknesses, logit scale. */
  readonly determinants: Readonly<Record<DeterminantCode, number>>;
  /** Yearly progress, logit per edition. */
  readonly trend: number;
}

export interface DemoStructure {
  /** 1-based position in the list; audit references carry it (2023-000123-05). */
  readonly index: number;
  readonly code: string;
  readonly name: string;
  readonly category: CategoryCode;
  readonly departement: string;
  readonly region: string;
  readonly population: number | null;
  readonly sector: SectorCode;
  readonly latent: StructureLatent;
  /** Labels the structure holds ("Labels détenus" of the structures file); none for the private panel. */
  readonly labels: readonly string[];
}

/** Shares of the public participants per category (the barometer draws many small towns). */
const PUBLIC_SHARES: ReadonlyArray<readonly [CategoryCode, number]> = [
  ['ville-moins-20k', 0.38],
  ['ville-20k-50k', 0.17],
  ['ville-plus-50k', 0.09],
  ['intercommunalite', 0.15],
  ['departement', 0.07],
  ['region', 0.02],
  ['autre-public', 0.12],
];
/** France has 18 regions and 101 départements: never more councils than that. */
const CAPS: Partial<Record<CategoryCode, number>> = { region: 18, departement: 101 };

const QUALITY_OFFSET: Readonly<Record<CategoryCode, number>> = {
  'ville-plus-50k': 0.1,
  'ville-20k-50k': 0.05,
  'ville-moins-20k': -0.1,
  intercommunalite: 0,
  departement: 0.1,
  region: 0.15,
  'autre-public': -0.05,
  'panel-prive': 0.05,
};

/** Public categories get at least one structure each (when n allows), then shares by largest remainder. */
function allocatePublic(total: number): Map<CategoryCode, number> {
  const counts = new Map<CategoryCode, number>(PUBLIC_SHARES.map(([c]) => [c, 0]));
  let left = total;
  for (const [category] of PUBLIC_SHARES) {
    if (left === 0) break;
    counts.set(category, 1);
    left -= 1;
  }
  const base = total;
  const wanted = PUBLIC_SHARES.map(([category, share]) => ({ category, exact: share * base }));
  // Largest remainder over what each category still lacks, respecting the caps.
  while (left > 0) {
    let best: { category: CategoryCode; gap: number } | null = null;
    for (const { category, exact } of wanted) {
      const current = counts.get(category) ?? 0;
      if (current >= (CAPS[category] ?? Infinity)) continue;
      const gap = exact - current;
      if (!best || gap > best.gap) best = { category, gap };
    }
    const target = best?.category ?? 'ville-moins-20k';
    counts.set(target, (counts.get(target) ?? 0) + 1);
    left -= 1;
  }
  return counts;
}

function logUniform(rng: Rng, min: number, max: number): number {
  return Math.round(Math.exp(rng.uniform(Math.log(min), Math.log(max))));
}

function population(rng: Rng, category: CategoryCode): number | null {
  switch (category) {
    case 'ville-plus-50k': return logUniform(rng, 50_000, 480_000);
    case 'ville-20k-50k': return rng.int(20_000, 49_999);
    case 'ville-moins-20k': return logUniform(rng, 600, 19_999);
    case 'intercommunalite': return logUniform(rng, 12_000, 600_000);
    case 'departement': return logUniform(rng, 120_000, 1_600_000);
    case 'region': return logUniform(rng, 250_000, 6_000_000);
    default: return null;
  }
}

function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

function fakeSiren(rng: Rng, sector: SectorCode, used: Set<string>): string {
  for (;;) {
    // Public bodies' SIREN start with 2 in reality; about one code in eight starts with 0 here so
    // the importer's "keep codes as text" rule is exercised.
    const first = rng.chance(0.12) ? '0' : sector === 'public' ? '2' : String(rng.int(3, 9));
    let code = first;
    for (let i = 0; i < 8; i++) code += String(rng.int(0, 9));
    if (luhnValid(code)) code = code.slice(0, 8) + String((Number(code[8]) + 1) % 10);
    if (!used.has(code)) {
      used.add(code);
      return code;
    }
  }
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

class NameMaker {
  private readonly used = new Set<string>();

  constructor(private readonly rng: Rng) {}

  /** A unique name built by `make`; retries, then numbers, on collision. */
  unique(make: () => string): string {
    for (let attempt = 0; attempt < 200; attempt++) {
      const name = make();
      if (!this.used.has(name)) {
        this.used.add(name);
        return name;
      }
    }
    for (let n = 2; ; n++) {
      const name = `${make()} ${n}`;
      if (!this.used.has(name)) {
        this.used.add(name);
        return name;
      }
    }
  }

  place(): string {
    const rng = this.rng;
    const base = capitalize(`${rng.pick(PLACE_STARTS).toLowerCase()}${rng.pick(PLACE_ENDS)}`);
    const form = rng.next();
    if (form < 0.62) return base;
    if (form < 0.72) return `Saint-${base}`;
    if (form < 0.9) return `${base}-sur-${rng.pick(RIVERS)}`;
    if (form < 0.95) return `${base}-les-Bains`;
    return `${base}-en-${rng.pick(RIVERS)}`;
  }

  structureName(category: CategoryCode, pop: number | null): string {
    const rng = this.rng;
    return this.unique(() => {
      switch (category) {
        case 'ville-plus-50k':
        case 'ville-20k-50k':
        case 'ville-moins-20k':
          return `Ville de ${this.place()} ${DEMO_MARK}`;
        case 'intercommunalite': {
          const place = this.place();
          if ((pop ?? 0) > 250_000 && rng.chance(0.5)) return `${place} Métropole ${DEMO_MARK}`;
          return rng.chance(0.5) ? `Communauté de communes du Pays de ${place} ${DEMO_MARK}` : `Communauté d'agglomération de ${place} ${DEMO_MARK}`;
        }
        case 'departement': {
          const river = rng.pick(RIVERS);
          const form = rng.next();
          if (form < 0.3) return `Département du Haut-${river} ${DEMO_MARK}`;
          if (form < 0.5) return `Département du Bas-${river} ${DEMO_MARK}`;
          if (form < 0.75) return `Département de la ${river} ${DEMO_MARK}`;
          return `Département ${rng.chance(0.5) ? 'de la' : 'du Val-de-la'} ${river}-et-${rng.pick(RIVERS)} ${DEMO_MARK}`;
        }
        case 'region':
          return `Région ${rng.pick(REGION_WORDS)} ${rng.pick(REGION_QUALIFIERS)} ${DEMO_MARK}`;
        case 'autre-public':
          return `${rng.pick(OTHER_PUBLIC_KINDS)} ${this.place()} ${DEMO_MARK}`;
        case 'panel-prive':
          return `${rng.pick(PRIVATE_KINDS)} ${rng.pick(PRIVATE_BRANDS)}${rng.pick(PRIVATE_SUFFIXES)} ${DEMO_MARK}`;
      }
    });
  }
}

function latent(rng: Rng, category: CategoryCode): StructureLatent {
  const determinants = {} as Record<DeterminantCode, number>;
  for (const d of DETERMINANTS) determinants[d.code] = rng.normal(0, 0.3);
  return { quality: rng.normal(QUALITY_OFFSET[category], 0.42), determinants, trend: rng.normal(0.08, 0.05) };
}

/**
 * n structures (10 to 2,000 in the CLI; any n ≥ 1 here), ordered by category then name.
 * Deterministic: the same (seed, n) always gives the same list.
 */
export function buildStructures(seed: number, n: number): DemoStructure[] {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`structures must be a positive integer, got ${n}`);
  const rng = Rng.derive(seed, 'structures', n);
  const names = new NameMaker(rng);
  const codes = new Set<string>();
  const panel = privatePanelSize(n);
  const counts = allocatePublic(n - panel);
  counts.set('panel-prive', panel);
  const draft: Array<Omit<DemoStructure, 'index' | 'labels'>> = [];
  for (const category of CATEGORIES) {
    const count = counts.get(category.code) ?? 0;
    // Regions and départements are each their own territory: no two councils share one.
    const regionPool = rng.shuffle([...REGIONS]);
    const departementPool = rng.shuffle([...DEPARTEMENTS]);
    for (let i = 0; i < count; i++) {
      const pop = population(rng, category.code);
      let departement: string;
      let region: string;
      if (category.code === 'region') {
        const r = regionPool[i % regionPool.length] ?? rng.pick(REGIONS);
        region = r.name;
        departement = rng.pick(r.departements);
      } else {
        const d = category.code === 'departement' ? (departementPool[i % departementPool.length] ?? rng.pick(DEPARTEMENTS)) : rng.pick(DEPARTEMENTS);
        departement = d.code;
        region = d.region;
      }
      draft.push({
        code: fakeSiren(rng, category.sector, codes),
        name: names.structureName(category.code, pop),
        category: category.code,
        departement,
        region,
        population: pop,
        sector: category.sector,
        latent: latent(rng, category.code),
      });
    }
  }
  const order = new Map<string, number>(CATEGORIES.map((c, i) => [c.code, i]));
  draft.sort((a, b) => (order.get(a.category) ?? 0) - (order.get(b.category) ?? 0) || a.name.localeCompare(b.name, 'fr'));
  // Labels come from their own stream, drawn after everything else: adding them changed no name,
  // code, latent quality, audit or calibrated figure of the demo.
  const labelRng = Rng.derive(seed, 'labels held', n);
  return draft.map((s, i) => ({ index: i + 1, ...s, labels: heldLabels(labelRng, s) }));
}

/**
 * Public labels a demo structure holds: about 15 % Qualivilles and 10 % Services Publics+ of the
 * public structures (a structure may hold both), better run structures more often (a label
 * rewards a service already good: tanh of the latent quality tilts the odds, averaging out to
 * the shares). The private panel holds none.
 */
export const DEMO_LABEL_SHARES: ReadonlyArray<readonly [string, number]> = [['Qualivilles', 0.15], ['Services Publics+', 0.1]];

function heldLabels(rng: Rng, s: Omit<DemoStructure, 'index' | 'labels'>): string[] {
  const out: string[] = [];
  for (const [label, share] of DEMO_LABEL_SHARES) {
    // Draw for every structure so one structure's draw never shifts another's.
    const draw = rng.next();
    if (s.sector === 'public' && draw < share * (1 + Math.tanh(2 * s.latent.quality))) out.push(label);
  }
  return out;
}
