// Sweep and bargaining on real (small) scenarios: consistency with a direct simulation,
// ZOPA bounds where the binding party's gain is zero, and the coalition game.
import { describe, expect, it } from 'vitest';
import { compileScenario } from '../../engine/model/compile.js';
import { simulate } from '../../engine/model/simulate.js';
import { setByPointer } from '../../engine/schema/resolve.js';
import { LeverModel, defaultLever, describeLever } from '../../engine/analysis/levers.js';
import { sweep } from '../../engine/analysis/sweep.js';
import { bargain, coalitionGame, findZopa, gainFunction } from '../../engine/analysis/bargain.js';
import { shapley } from '../../engine/analysis/game.js';
import { AnalysisError } from '../../engine/analysis/errors.js';
import { threeParty, twoPartyWithZopa } from './helpers.js';

async function directSummary(s: ReturnType<typeof twoPartyWithZopa>, path: string, value: number) {
  const copy = structuredClone(s);
  expect(setByPointer(copy, path, value)).toBeNull();
  return simulate(await compileScenario(copy)).summary;
}

describe('levers', () => {
  it('picks the tax share of the rule with the most output by default', () => {
    // joint (P1, 100 亿元/yr) outweighs relocate (P2, 40 亿元/yr).
    expect(defaultLever(twoPartyWithZopa())).toBe('/policy/rules/joint/tax/originShare/value');
  });
  it('reads a quantity path as its value and detects whole-number levers', () => {
    const s = twoPartyWithZopa();
    // Registry levers carry the registry's bounds (the schema's for the discount rate).
    expect(describeLever(s, '/discountRate')).toMatchObject({ path: '/discountRate/value', value: 0.05, min: 0, max: 0.5, group: 'discountRate' });
    expect(describeLever(s, '/policy/agreement/to')).toMatchObject({ value: 2040, integer: true, group: 'agreementEnd' });
    // Any other number is a plain value lever, whole-number only where the schema says so.
    const years = describeLever(s, '/economy/projects/0/costs/0/years');
    expect(years).toMatchObject({ group: 'value', integer: true });
    expect(years.min).toBeUndefined();
    expect(() => describeLever(s, '/policy/nope')).toThrow(AnalysisError);
    expect(() => describeLever(s, '/policy/mode')).toThrow(/not a number/);
  });
  it('leaves the scenario it was built from untouched', async () => {
    const s = twoPartyWithZopa();
    const before = JSON.stringify(s);
    const m = await LeverModel.create(s, ['/policy/rules/joint/tax/originShare/value', '/economy/projects/0/costs/0/amount/value']);
    m.compiledAt([0.9, 5]);
    expect(JSON.stringify(s)).toBe(before);
  });
});

describe('sweep', () => {
  it('matches a direct simulation at every lever value', async () => {
    const s = twoPartyWithZopa();
    const path = '/policy/rules/joint/tax/originShare/value';
    const model = await LeverModel.create(s, [path]);
    const r = sweep(model, [{ path, from: 0, to: 1, steps: 5 }]);
    expect(r.points.map((p) => p.values[0])).toEqual([0, 0.25, 0.5, 0.75, 1]);
    for (const pt of r.points) {
      const summary = await directSummary(s, path, pt.values[0]!);
      pt.parties.forEach((p, n) => {
        const d = summary.parties[n]!;
        expect(p.netFiscalPV).toBeCloseTo(d.discountedGain.netFiscal, 10);
        expect(p.taxRetained).toBeCloseTo(d.cumulativeGain.taxRetained, 10);
        expect(p.taxRetainedPV).toBeCloseTo(d.discountedGain.taxRetained, 10);
        expect(p.outputCredited).toBeCloseTo(d.cumulativeGain.outputCredited, 10);
        expect(p.employment).toBeCloseTo(d.cumulativeGain.employment, 8);
        expect(p.netFiscal).toBeCloseTo(d.cumulativeGain.netFiscal, 10);
        expect(p.gdpPV).toBeCloseTo(d.discountedGain.gdp, 10);
        expect(p.gdpCreditedPV).toBeCloseTo(d.discountedGain.gdpCredited, 10);
      });
    }
    // A ratio moved toward the origin never lowers the origin's retained tax.
    const a = r.points.map((p) => p.parties[0]!.taxRetained);
    for (let k = 1; k < a.length; k++) expect(a[k]!).toBeGreaterThanOrEqual(a[k - 1]! - 1e-9);
  });

  it('sweeps two levers, including the discount rate, on a grid', async () => {
    const s = twoPartyWithZopa();
    const paths = ['/policy/rules/relocate/tax/originShare/value', '/discountRate/value'];
    const model = await LeverModel.create(s, paths);
    const r = sweep(model, [
      { path: paths[0]!, from: 0.2, to: 0.8, steps: 2 },
      { path: paths[1]!, from: 0, to: 0.1, steps: 3 },
    ]);
    expect(r.points).toHaveLength(6);
    const pt = r.points[5]!; // (0.8, 0.1)
    expect(pt.values).toEqual([0.8, 0.1]);
    const copy = structuredClone(s);
    setByPointer(copy, paths[0]!, 0.8);
    setByPointer(copy, paths[1]!, 0.1);
    const direct = simulate(await compileScenario(copy)).summary;
    expect(pt.parties[1]!.netFiscalPV).toBeCloseTo(direct.parties[1]!.discountedGain.netFiscal, 10);
  });

  it('sweeps a cost share, the other party paying the rest', async () => {
    const s = twoPartyWithZopa();
    const path = '/economy/projects/0/costs/0/shares/0/share/value';
    const model = await LeverModel.create(s, [path]);
    const r = sweep(model, [{ path, from: 0, to: 1, steps: 3 }]);
    // P1 costs 30 over 2025–2027: A pays 0, 15 or 30 of it (present value falls by the same step).
    const cost = r.points.map((p) => p.parties[0]!.costPV);
    expect(cost[1]! - cost[0]!).toBeCloseTo(cost[2]! - cost[1]!, 10);
    expect(cost[2]! - cost[0]!).toBeCloseTo(10 * (1 + 1 / 1.05 + 1 / 1.05 ** 2), 10);
    const costB = r.points.map((p) => p.parties[1]!.costPV);
    expect(cost[0]! + costB[0]!).toBeCloseTo(cost[2]! + costB[2]!, 10);
  });

  it('sweeps a whole-number lever (the agreement end) on whole years, matching direct runs', async () => {
    const s = twoPartyWithZopa();
    const path = '/policy/agreement/to';
    const model = await LeverModel.create(s, [path]);
    const r = sweep(model, [{ path, from: 2026, to: 2040, steps: 4 }]);
    // 2026 + 14·k/3 rounded: 2026, 2031, 2035, 2040.
    expect(r.points.map((p) => p.values[0])).toEqual([2026, 2031, 2035, 2040]);
    for (const pt of r.points) {
      const d = await directSummary(s, path, pt.values[0]!);
      expect(pt.parties[0]!.netFiscalPV).toBeCloseTo(d.parties[0]!.discountedGain.netFiscal, 10);
    }
    // A sunset before the joint project's years of production ends the origin's tax share early.
    expect(r.points[0]!.parties[0]!.taxRetained).toBeLessThan(r.points[3]!.parties[0]!.taxRetained);
    expect(() => bargain(model)).toThrow(/whole numbers/);
  });

  it('rejects an out-of-range grid with a clear message', async () => {
    const s = twoPartyWithZopa();
    const path = '/policy/rules/joint/tax/originShare/value';
    const model = await LeverModel.create(s, [path]);
    expect(() => sweep(model, [{ path, from: 0, to: 1.5, steps: 3 }])).toThrow(/originShare\/value: must be at most 1/);
  });
});

describe('bargain (two parties)', () => {
  it('finds a ZOPA whose bounds give the binding party zero gain', async () => {
    const s = twoPartyWithZopa();
    const model = await LeverModel.create(s, [defaultLever(s)]);
    const r = bargain(model);
    expect(r.zopa).not.toBeNull();
    const [iv] = r.zopa!.intervals;
    expect(r.zopa!.intervals).toHaveLength(1);
    // Raising the origin's tax share helps A (origin) and hurts B (host): A binds below, B above.
    expect(iv!.fromBinding).toBe('A');
    expect(iv!.toBinding).toBe('B');
    const { gains } = gainFunction(model);
    const scale = 10; // gains are of order 10 亿元
    expect(Math.abs(gains(iv!.from)[0]!)).toBeLessThan(1e-9 * scale);
    expect(Math.abs(gains(iv!.to)[1]!)).toBeLessThan(1e-9 * scale);
    expect(gains(iv!.from)[1]!).toBeGreaterThan(0);
    expect(gains(iv!.to)[0]!).toBeGreaterThan(0);
    // Just outside the zone the binding party loses.
    expect(gains(iv!.from - 1e-4)[0]!).toBeLessThan(0);
    expect(gains(iv!.to + 1e-4)[1]!).toBeLessThan(0);
    // 0.4 (the scenario's split) leaves A below zero: the proposal is outside the zone.
    expect(r.proposal.inZopa).toBe(false);
  });

  it('puts Nash, equal gain and KS at the same point when gains move one for one', async () => {
    // Only the joint project's tax split moves, so A's gain rises exactly as B's falls: the
    // frontier is a line of slope −1, where Nash (max product), equal gain and KS coincide.
    const s = twoPartyWithZopa();
    const r = bargain(await LeverModel.create(s, [defaultLever(s)]));
    expect(r.equalGain!.inZopa).toBe(true);
    expect(r.equalGain!.gains[0]).toBeCloseTo(r.equalGain!.gains[1]!, 8);
    expect(r.nash!.x).toBeCloseTo(r.equalGain!.x, 6);
    expect(r.kalaiSmorodinsky!.x).toBeCloseTo(r.equalGain!.x, 6);
    // Costs are shared 5:5 in both projects, so the cost-proportional point is the equal-gain point.
    expect(r.costProportional!.costShares).toEqual([0.5, 0.5]);
    expect(r.costProportional!.x).toBeCloseTo(r.equalGain!.x, 8);
    const [iv] = r.zopa!.intervals;
    expect(r.nash!.x).toBeGreaterThan(iv!.from);
    expect(r.nash!.x).toBeLessThan(iv!.to);
  });

  it('says so when there is no zone of agreement', async () => {
    // The 3-year fixture horizon: costs are paid, taxes have no time to repay them.
    const s = twoPartyWithZopa();
    s.years.to = 2027;
    const r = bargain(await LeverModel.create(s, [defaultLever(s)]));
    expect(r.zopa).toBeNull();
    expect(r.noZopa).toMatch(/no value of .* makes every party gain/);
    expect(r.nash).toBeNull();
  });
});

describe('bargain (three parties): coalition game', () => {
  it("v(N) is the sum of the parties' gains and Shapley values add up to it", async () => {
    const s = threeParty();
    const model = await LeverModel.create(s, [defaultLever(s)]);
    const r = bargain(model);
    const game = coalitionGame(model.base);
    const total = r.proposal.gains.reduce((a, b) => a + b, 0);
    expect(game.worth(7)).toBeCloseTo(total, 9);
    expect(r.shapley!.reduce((a, p) => a + p.value, 0)).toBeCloseTo(total, 9);
    // No project has origin and host in one party, so singletons are worth nothing.
    expect(game.worth(1)).toBe(0);
    expect(game.worth(2)).toBe(0);
    expect(game.worth(4)).toBe(0);
    // {A, B} runs exactly P1 and P2 under the deal: it equals the 2-party scenario's joint gain.
    const two = bargain(await LeverModel.create(twoPartyWithZopa(), [defaultLever(s)]));
    expect(game.worth(3)).toBeCloseTo(two.proposal.gains[0]! + two.proposal.gains[1]!, 9);
    // B needs A for every project it gains from, and C's project (P3) does not touch B:
    // the game is the sum of an (A,B) game and an (A,C) game, each split equally by Shapley.
    const ab = game.worth(3);
    const ac = game.worth(5);
    const phi = shapley(3, game.worth);
    expect(phi[1]).toBeCloseTo(ab / 2, 9);
    expect(phi[2]).toBeCloseTo(ac / 2, 9);
    expect(phi[0]).toBeCloseTo(ab / 2 + ac / 2, 9);
    // C loses under the proposal but can refuse (worth 0): the proposal is blocked.
    expect(r.core!.inCore).toBe(false);
    expect(r.core!.blocking.some((b) => b.coalition.join() === 'C')).toBe(true);
  });
});

describe('rule-replacing lever', () => {
  it('replaces an expression tax rule by a fixed share and bargains over it', async () => {
    // The joint rule written as a JSONata expression with the same 0.4 share: the default lever
    // replaces it by a fixed share, and at 0.4 the gains are those of the scenario as written.
    const s = twoPartyWithZopa();
    (s.policy.rules as any).joint.tax = { kind: 'expression', jsonata: '0.4', assumption: 'test' };
    (s.policy.rules as any).relocate.tax = { kind: 'none' };
    expect(defaultLever(s)).toBe('/policy/rules/joint/tax');
    const model = await LeverModel.create(s, [defaultLever(s)]);
    expect(model.levers[0]).toMatchObject({ kind: 'fixedShareRule', min: 0, max: 1 });
    const { gains } = gainFunction(model);
    const r = bargain(model);
    expect(r.lever.current).toBeNull();
    r.proposal.gains.forEach((g, n) => expect(gains(0.4)[n]).toBeCloseTo(g, 10));
    expect(r.zopa).not.toBeNull();
  });
});

describe('findZopa (pure)', () => {
  it('finds a zone narrower than a grid step and one that touches the domain end', () => {
    // g = (x − 0.5004, 0.5006 − x): both ≥ 0 only on [0.5004, 0.5006], inside one step of an 11-point grid.
    const narrow = findZopa((x) => [x - 0.5004, 0.5006 - x], 0, 1, ['A', 'B'], 11);
    expect(narrow).toHaveLength(1);
    expect(narrow[0]!.from).toBeCloseTo(0.5004, 10);
    expect(narrow[0]!.to).toBeCloseTo(0.5006, 10);
    expect(narrow[0]!.fromBinding).toBe('A');
    expect(narrow[0]!.toBinding).toBe('B');
    // g = (x, 0.3 − x) on [0, 1]: the zone starts at the domain end, which binds nobody.
    const edge = findZopa((x) => [x, 0.3 - x], 0, 1, ['A', 'B'], 11);
    expect(edge[0]!.from).toBe(0);
    expect(edge[0]!.fromBinding).toBeNull();
    expect(edge[0]!.to).toBeCloseTo(0.3, 12);
    // Two separate zones: g_B = |x − ½| − 0.2 is ≥ 0 outside (0.3, 0.7).
    const two = findZopa((x) => [1, Math.abs(x - 0.5) - 0.2], 0, 1, ['A', 'B'], 21);
    expect(two.map((z) => [z.from, z.to].map((v) => Number(v.toFixed(9))))).toEqual([[0, 0.3], [0.7, 1]]);
    expect(findZopa((x) => [x - 2, 1], 0, 1, ['A', 'B'], 11)).toEqual([]);
  });
});
