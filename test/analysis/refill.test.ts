// The Monte Carlo draw's fast path against its definition. Fast: the refill (engine/model/refill.ts,
// driven by UncertaintyApplier.apply) and the kernel's one-hot rows (kernel.ts, OneHotRows).
// Definition: applyByFillWorld (the same parameters, then fillWorld row by row for both worlds)
// and the kernel's general loop. Over generated scenarios (tapering growth, fiscal tiers, an
// instrument that shifts starts and scales rows) and generated uncertainty sets (any target, on
// a random subset of projects, per project or not), a sequence of draws must leave every table
// the kernel reads, every flow of both worlds and the measures identical to the last bit. The
// draws after the first refill only the projects a dimension acts on: a project left out of that
// set keeps the previous draw's levels, and the next draw (with another value) makes its table
// differ from the reference.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileScenario } from '../../engine/model/compile.js';
import type { CompiledScenario } from '../../engine/model/compiled.js';
import { validateScenario } from '../../engine/schema/validate.js';
import type { ResolvedScenario } from '../../engine/schema/scenario.js';
import { dimensions, UncertaintyApplier } from '../../engine/analysis/uncertainty.js';
import { Evaluation, M } from '../../engine/analysis/measures.js';
import { oneHotRows } from '../../engine/model/kernel.js';
import { MonteCarloRunner } from '../../engine/analysis/montecarlo.js';
import { scenarioArb } from '../arbitraries.js';
import { withUncertainties } from './helpers.js';

const A = { assumption: 'generated' };
const q = (value: number, unit: string) => ({ value, unit, ...A });

/** Distributions that validation accepts for each target (draws stay where the model is defined). */
const TARGETS = {
  outputScale: { kind: 'uniform', min: 0.5, max: 1.5 },
  rampScale: { kind: 'uniform', min: 0.5, max: 2 },
  startDelay: { kind: 'uniform', min: -1.5, max: 3 },
  growthShift: { kind: 'normal', mean: 0, sd: 0.01 },
  survival: { kind: 'uniform', min: 0.4, max: 1 },
  baselineGrowthShift: { kind: 'normal', mean: 0, sd: 0.005 },
  withoutDealScale: { kind: 'triangular', min: 0.5, mode: 1, max: 1.8 },
} as const;
type Target = keyof typeof TARGETS;

const uncertaintyArb = fc.record({
  target: fc.constantFrom(...(Object.keys(TARGETS) as Target[])),
  perProject: fc.boolean(),
  /** Which projects (a bit mask over the scenario's projects), or all when null. */
  subset: fc.option(fc.integer({ min: 1, max: 255 }), { nil: null }),
});

const caseArb = fc.record({
  scenario: scenarioArb().filter((s) => s.economy.projects.length > 0),
  halfLives: fc.array(fc.option(fc.integer({ min: 1, max: 40 }), { nil: null }), { minLength: 8, maxLength: 8 }),
  /** Every rule credits the origin alone over the whole horizon: deal rows one-hot at the origin, not the host. */
  allToOrigin: fc.boolean(),
  /** Fiscal tiers on the first party, and which tiers the agreement shares. */
  tiers: fc.option(fc.constantFrom('own', 'ownAndPrefecture', 'all'), { nil: null }),
  promotion: fc.option(fc.record({ earlier: fc.integer({ min: 0, max: 3 }), gain: fc.integer({ min: 0, max: 50 }) }), { nil: null }),
  uncertainties: fc.array(uncertaintyArb, { minLength: 1, maxLength: 5 }),
  draws: fc.array(fc.array(fc.double({ min: 0.001, max: 0.999, noNaN: true }), { minLength: 64, maxLength: 64 }), { minLength: 2, maxLength: 4 }),
});
type Case = typeof caseArb extends fc.Arbitrary<infer T> ? T : never;

function scenarioOf(g: Case): ResolvedScenario | null {
  const s = structuredClone(g.scenario) as any;
  const ids: string[] = s.economy.projects.map((p: { id: string }) => p.id);
  s.economy.projects.forEach((p: any, i: number) => {
    // Visible sizes (the generator favours tiny doubles) and tapering growth on some projects.
    p.steadyOutput = q(10 + Math.min(p.steadyOutput.value, 490), 'CNY_1e8/yr');
    if (g.halfLives[i]) p.growthHalfLife = q(g.halfLives[i]!, 'years');
  });
  if (g.allToOrigin) {
    const whole = { kind: 'fixed', originShare: q(1, 'share') };
    s.policy.agreement = { ...s.policy.agreement, from: s.years.from, to: s.years.to };
    for (const r of Object.values(s.policy.rules) as any[]) {
      r.statistics = whole;
      r.tax = whole;
      r.basis = 'all';
      delete r.sunsetYear;
      delete r.phases;
    }
  }
  if (g.tiers) {
    const share = (v: number) => q(v, 'share');
    s.economy.parties[0].fiscalTiers = { province: share(0.2), prefecture: share(0.3), own: share(0.5) };
    s.economy.fiscalAgreement = { sharedTiers: g.tiers, ...A };
  }
  if (g.promotion)
    s.policy.instruments = {
      jointPromotion: { annualCost: q(2, 'CNY_1e8/yr'), originCostShare: q(0.5, 'share'), outputGain: q(g.promotion.gain / 100, 'share'), startEarlier: q(g.promotion.earlier, 'years'), ...A },
    };
  s.economy.uncertainties = g.uncertainties.map((u, k) => {
    const projects = u.subset === null ? undefined : ids.filter((_, i) => (u.subset! >> i) & 1);
    return {
      id: `u${k}`,
      label: { zh: `不确定${k}`, en: `Uncertainty ${k}` },
      target: u.target,
      ...(u.target !== 'baselineGrowthShift' && projects?.length ? { projects } : {}),
      ...(u.perProject && u.target !== 'baselineGrowthShift' ? { perProject: true } : {}),
      distribution: TARGETS[u.target],
      ...A,
    };
  });
  const v = validateScenario(s);
  return v.ok ? v.value : null;
}

/** Every table apply() writes and the kernel or the measures read. */
function tables(c: CompiledScenario): [string, ArrayLike<number>][] {
  const out: [string, ArrayLike<number>][] = [
    ['baselineGdp', c.baselineGdp],
    ['baselineRevenue', c.baselineRevenue],
    ['population', c.population],
    ['baselineEmployment', c.baselineEmployment],
  ];
  for (const w of ['deal', 'noDeal'] as const)
    for (const t of ['level', 'keep', 'activeFrom', 'costFlow'] as const) out.push([`${w}.${t}`, c[w][t]]);
  return out;
}

/** The first index where two arrays differ bit for bit (Object.is: -0 ≠ 0, NaN = NaN), or -1. */
function firstDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return 0;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return i;
  return -1;
}

function expectSame(where: string, a: ArrayLike<number>, b: ArrayLike<number>): void {
  const i = firstDifference(a, b);
  expect(i, `${where}[${i}]: ${a[i]} (reference) vs ${b[i]} (refill)`).toBe(-1);
}

describe('Monte Carlo refill', () => {
  it('draw after draw, apply() and the one-hot kernel give the same tables, flows and measures as fillWorld and the general kernel', async () => {
    let checked = 0;
    let withOneHot = 0;
    let awayFromHost = 0;
    await fc.assert(
      fc.asyncProperty(caseArb, async (g) => {
        const s = scenarioOf(g);
        if (!s) return; // (an invalid combination: nothing to compare)
        const dims = dimensions(s);
        const ref = await compileScenario(s);
        const opt = await compileScenario(s);
        const refApplier = new UncertaintyApplier(ref, dims);
        const optApplier = new UncertaintyApplier(opt, dims);
        const N = ref.parties.length;
        const refEval = new Evaluation(N, ref.years);
        const optEval = new Evaluation(N, opt.years);
        const oneHot = { deal: oneHotRows(opt.deal, opt.years, N), noDeal: oneHotRows(opt.noDeal, opt.years, N) };
        const refOut = new Float64Array(N * M);
        const optOut = new Float64Array(N * M);
        const values = new Float64Array(dims.length);
        g.draws.forEach((u, j) => {
          refApplier.valuesAt(u, values);
          refApplier.applyByFillWorld(values);
          optApplier.apply(values, j > 0);
          const a = tables(ref);
          const b = tables(opt);
          a.forEach(([name, t], k) => expectSame(`draw ${j}: ${name}`, t, b[k]![1]));
          refEval.run(ref, refOut);
          optEval.run(opt, optOut, false, oneHot);
          for (const w of ['deal', 'noDeal'] as const)
            for (const [field, flow] of Object.entries(refEval[w]))
              if (flow instanceof Float64Array) expectSame(`draw ${j}: ${w}.${field}`, flow, optEval[w][field as 'output']);
          expectSame(`draw ${j}: measures`, refOut, optOut);
        });
        checked++;
        if (oneHot.noDeal.statisticsParty.some((p) => p >= 0)) withOneHot++;
        // A deal row credited one-hot to a party other than its host (so the shortcut cannot assume the host).
        if (oneHot.deal.statisticsParty.some((p, r) => p >= 0 && p !== opt.deal.host[r])) awayFromHost++;
      }),
      { numRuns: 60, seed: 20261201 },
    );
    // Most generated cases are valid: the property did compare something.
    expect(checked).toBeGreaterThan(30);
    expect(withOneHot).toBeGreaterThan(20);
    expect(awayFromHost).toBeGreaterThan(5);
  });

  it('a Monte Carlo run equals the same draws each on a fresh runner (a full refill per draw)', async () => {
    // Uncertain: P1's start and the baseline only, so P2's rows are refilled once, on the first draw.
    const all = withUncertainties();
    const s = { ...all, economy: { ...all.economy, uncertainties: all.economy.uncertainties!.filter((u) => u.id === 'delay' || u.id === 'base') } };
    const config = { draws: 40, seed: 5 };
    const whole = await MonteCarloRunner.create(s, config);
    const a = whole.newAccumulator();
    whole.runRange(0, 25, a);
    whole.runRange(25, 40, a);
    const b = whole.newAccumulator();
    for (let i = 0; i < 40; i++) (await MonteCarloRunner.create(s, config)).runRange(i, i + 1, b);
    expect(JSON.stringify(a.toJSON())).toBe(JSON.stringify(b.toJSON()));
  });
});
