// Deterministic benchmark scenarios: a seed gives the same economy and policy every time,
// with every sharing-rule kind the compiler handles except JSONata expressions (those cost
// compile time only and would swamp compileMs; the kernel sees the same tables either way).
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import type { Scenario, Project, Party, SharingRule, Uncertainty } from '../engine/schema/scenario.js';

export interface GenerateOptions {
  /** RNG seed; the same seed and sizes give the same scenario. */
  seed?: number;
  /** Number of projects (the engine allows up to 5000). */
  projects?: number;
  /** Number of parties: 2 (core + periphery) or more (alternating core / periphery). */
  parties?: number;
  /** Simulated years. */
  years?: number;
}

export const DEFAULTS = { seed: 20260701, projects: 200, parties: 2, years: 30 } as const;
const FIRST_YEAR = 2025;
// Every figure is a made-up benchmark value ("bench"): short on purpose, because a 5000-project
// scenario must stay under the engine's limit of 5M characters of text (LIMITS.fileBytes).
const A = { assumption: 'bench' };

/** Categories and the rule each one exercises. */
const CATEGORIES = [
  { id: 'joint', zh: '联合招商项目', en: 'Jointly attracted project' }, // fixed + phases
  { id: 'relocate', zh: '存量企业迁移', en: 'Relocated existing firm' }, // fixed, increment basis, sunset
  { id: 'registered', zh: '按注册地分成', en: 'Split by registration' }, // byRegistration
  { id: 'costshare', zh: '成本收益正比', en: 'Cost-proportional' }, // costProportional
  { id: 'hqbase', zh: '总部+基地', en: 'HQ + base' }, // statistics none, tax fixed, registration placed at origin
] as const;

function rngFrom(seed: number) {
  const g = xoroshiro128plus(seed);
  const u = () => uniformFloat64(g);
  return {
    u,
    between: (lo: number, hi: number) => lo + (hi - lo) * u(),
    int: (lo: number, hi: number) => lo + Math.floor(u() * (hi - lo + 1)),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(u() * xs.length)]!,
  };
}
type Rng = ReturnType<typeof rngFrom>;

/** Round to a few significant decimals so the JSON stays readable. */
const r3 = (x: number) => Math.round(x * 1000) / 1000;
const q = (value: number, unit: string) => ({ value: r3(value), unit, ...A });

function party(id: string, n: number, core: boolean): Party {
  const gdp = core ? 3000 + 400 * n : 600 + 100 * n;
  return {
    id,
    name: { zh: `${core ? '中心区' : '新城'}${id}`, en: `${core ? 'Core district' : 'New city'} ${id}` },
    tier: core ? 'core' : 'periphery',
    base: {
      gdp: q(gdp, 'CNY_1e8/yr') as Party['base']['gdp'],
      localRevenue: q(gdp * 0.08, 'CNY_1e8/yr') as Party['base']['localRevenue'],
      employment: q(gdp * 400, 'person') as Party['base']['employment'],
      population: q(gdp * 900, 'person') as Party['base']['population'],
    },
    growth: {
      gdp: q(core ? 0.045 : 0.06, '1/yr') as Party['growth']['gdp'],
      population: q(core ? 0.002 : 0.008, '1/yr') as Party['growth']['population'],
    },
    taxAssignment: {
      vatLocalShare: { value: 0.5, unit: 'share', source: 'State Council 2016 VAT sharing rule' },
      citLocalShare: { value: 0.4, unit: 'share', source: 'State Council 2002 income tax sharing reform' },
      pitLocalShare: { value: 0.4, unit: 'share', source: 'State Council 2002 income tax sharing reform' },
    },
  } as Party;
}

function project(rng: Rng, i: number, cores: string[], peripheries: string[], years: number): Project {
  const category = CATEGORIES[i % CATEGORIES.length]!.id;
  const origin = rng.pick(cores);
  const host = rng.pick(peripheries);
  // byRegistration needs both cases; hqbase registers at the origin through the policy's placement.
  const registration = category === 'registered' ? (rng.u() < 0.5 ? origin : host) : host;
  const steady = rng.between(2, 80);
  const relocated = category === 'relocate';
  const p: Record<string, unknown> = {
    id: `P${String(i + 1).padStart(4, '0')}`,
    name: { zh: `项目${i + 1}`, en: `Project ${i + 1}` },
    category,
    origin,
    host,
    registration,
    startYear: q(FIRST_YEAR + rng.int(0, Math.max(0, Math.min(15, years - 2))), 'year'),
    rampYears: q(rng.int(1, 6), 'years'),
    steadyOutput: q(steady, 'CNY_1e8/yr'),
    growth: q(rng.between(0, 0.05), '1/yr'),
    valueAddedRate: q(rng.between(0.15, 0.4), 'share'),
    profitMargin: q(rng.between(0.04, 0.15), 'share'),
    taxRates: {
      vat: q(rng.pick([0.06, 0.09, 0.13]), 'share'),
      cit: q(rng.pick([0.15, 0.25]), 'share'),
      pit: q(rng.between(0.02, 0.08), 'share'),
    },
    jobsPerOutput: q(rng.between(3, 40), 'person/(CNY_1e8/yr)'),
    averageWage: q(rng.between(6, 20), 'CNY_1e4/person/yr'),
    withoutDeal: {} as Record<string, unknown>,
  };
  if (rng.u() < 0.6) p.synergyUplift = q(rng.between(0, 0.15), 'share');
  if (relocated) p.relocation = { baseOutput: q(steady * rng.between(0.3, 0.7), 'CNY_1e8/yr') };
  // Every costshare project needs costs; others have them most of the time.
  if (category === 'costshare' || rng.u() < 0.7) {
    const items = rng.int(1, 3);
    const costs = [];
    for (let k = 0; k < items; k++) {
      const originShare = r3(rng.between(0.2, 0.8));
      costs.push({
        kind: rng.pick(['investment', 'land', 'subsidy'] as const),
        amount: q(steady * rng.between(0.2, 1.5), 'CNY_1e8'),
        startOffset: rng.int(-2, 2),
        years: rng.int(1, 5),
        shares: [
          { party: origin, share: q(originShare, 'share') },
          { party: host, share: q(1 - originShare, 'share') },
        ],
      });
    }
    p.costs = costs;
  }
  // No-deal counterfactual: probabilities summing to at most 1, so rows split.
  const asPlanned = r3(rng.between(0, 0.4));
  const atOrigin = r3(rng.between(0, 1 - asPlanned) * 0.8);
  const withoutDeal: Record<string, unknown> = { asPlanned: q(asPlanned, 'share'), atOrigin: q(atOrigin, 'share') };
  if (rng.u() < 0.5) withoutDeal.originScale = q(rng.between(0.3, 1), 'share');
  if (relocated) withoutDeal.leavesRegion = q(r3((1 - asPlanned - atOrigin) * rng.between(0, 1)), 'share');
  p.withoutDeal = withoutDeal;
  return p as unknown as Project;
}

function rules(years: number): Record<string, SharingRule> {
  const last = FIRST_YEAR + years - 1;
  const agreementTo = Math.min(last, FIRST_YEAR + 20);
  const fixed = (v: number) => ({ kind: 'fixed' as const, originShare: q(v, 'share') as never });
  return {
    joint: {
      statistics: fixed(0.5),
      tax: fixed(0.4),
      basis: 'all',
      phases: [
        { from: FIRST_YEAR, to: FIRST_YEAR + 4, taxOriginShare: q(0.6, 'share') as never, note: 'start-up years: more to the origin' },
        { from: FIRST_YEAR + 5, to: FIRST_YEAR + 9, statisticsOriginShare: q(0.4, 'share') as never },
      ],
    },
    relocate: {
      statistics: fixed(0.5),
      tax: fixed(0.5),
      basis: 'increment',
      sunsetYear: Math.min(last, FIRST_YEAR + 15),
    },
    registered: {
      statistics: {
        kind: 'byRegistration',
        originShareIfRegisteredAtOrigin: q(0.6, 'share') as never,
        originShareIfRegisteredAtHost: q(0.3, 'share') as never,
      },
      tax: {
        kind: 'byRegistration',
        originShareIfRegisteredAtOrigin: q(0.7, 'share') as never,
        originShareIfRegisteredAtHost: q(0.4, 'share') as never,
      },
      basis: 'all',
    },
    costshare: { statistics: { kind: 'costProportional' }, tax: { kind: 'costProportional' }, basis: 'all' },
    hqbase: {
      statistics: { kind: 'none' },
      tax: fixed(0.3),
      basis: 'all',
      placement: { registration: 'origin' },
      sunsetYear: agreementTo,
    },
  } as Record<string, SharingRule>;
}

function uncertainties(projectIds: string[]): Uncertainty[] {
  const u = (id: string, en: string, target: Uncertainty['target'], distribution: Uncertainty['distribution'], extra = {}) =>
    ({ id, label: { zh: en, en }, target, distribution, ...A, ...extra }) as Uncertainty;
  return [
    u('scale', 'Output scale', 'outputScale', { kind: 'triangular', min: 0.6, mode: 1, max: 1.2 }, { perProject: true }),
    u('delay', 'Start delay', 'startDelay', { kind: 'uniform', min: 0, max: 3 }, { perProject: true }),
    u('ramp', 'Ramp scale', 'rampScale', { kind: 'uniform', min: 0.8, max: 1.5 }),
    u('survive', 'Survival', 'survival', { kind: 'uniform', min: 0.7, max: 1 }, { perProject: true, projects: projectIds.slice(0, Math.ceil(projectIds.length / 2)) }),
    u('baseline', 'Baseline growth shift', 'baselineGrowthShift', { kind: 'normal', mean: 0, sd: 0.005 }),
  ];
}

/** A scenario document (kind "scenario", economy and policy inline) from a seed. */
export function generateScenario(options: GenerateOptions = {}): Scenario {
  const { seed, projects: P, parties: N, years: Y } = { ...DEFAULTS, ...options };
  if (N < 2) throw new Error('at least 2 parties');
  const rng = rngFrom(seed);
  const letters = 'ABCDEFGHIJKLMNOP';
  const partyIds = Array.from({ length: N }, (_, n) => letters[n]!);
  // Even indices are core districts (origins), odd ones periphery (hosts).
  const cores = partyIds.filter((_, n) => n % 2 === 0);
  const peripheries = partyIds.filter((_, n) => n % 2 === 1);
  const projects = Array.from({ length: P }, (_, i) => project(rng, i, cores, peripheries, Y));
  const tag = `${N}p-${P}x${Y}`;
  return {
    kind: 'scenario',
    id: `bench-${tag}`,
    title: { zh: `基准测试场景 ${tag}`, en: `Benchmark scenario ${tag}` },
    description: {
      zh: `由 benchmarks/generate.ts 以种子 ${seed} 生成。`,
      en: `Generated by benchmarks/generate.ts from seed ${seed}; not real data.`,
    },
    years: { from: FIRST_YEAR, to: FIRST_YEAR + Y - 1 },
    discountRate: q(0.05, '1/yr') as Scenario['discountRate'],
    economy: {
      kind: 'economy',
      id: `bench-economy-${tag}`,
      title: { zh: '基准测试经济体', en: 'Benchmark economy' },
      description: { zh: '生成的数据。', en: 'Generated data.' },
      baseYear: FIRST_YEAR - 1,
      parties: partyIds.map((id, n) => party(id, n, n % 2 === 0)),
      categories: CATEGORIES.map((c) => ({ id: c.id, name: { zh: c.zh, en: c.en } })),
      projects,
      uncertainties: uncertainties(projects.map((p) => p.id)),
    },
    policy: {
      kind: 'policy',
      id: `bench-policy-${tag}`,
      title: { zh: '基准测试政策', en: 'Benchmark policy' },
      description: { zh: '覆盖各类分成规则。', en: 'Covers every rule kind but expressions.' },
      mode: 'enclavePark',
      agreement: { from: FIRST_YEAR, to: Math.min(FIRST_YEAR + Y - 1, FIRST_YEAR + 20), ...A },
      rules: rules(Y),
    },
  };
}

// `tsx benchmarks/generate.ts` writes the two standard variants to scenarios/bench/.
if (import.meta.url === `file://${process.argv[1]}`) {
  const { writeFileSync, mkdirSync } = await import('node:fs');
  mkdirSync('scenarios/bench', { recursive: true });
  for (const parties of [2, 4]) {
    const s = generateScenario({ parties });
    const file = `scenarios/bench/bench-${parties}p-200x30.json`;
    writeFileSync(file, JSON.stringify({ $schema: '../scenario.schema.json', ...s }, null, 1) + '\n');
    console.error(`wrote ${file}`);
  }
}
