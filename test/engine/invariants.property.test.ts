// Property tests of the invariants in DOMAIN.md over generated scenarios.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileScenario } from '../../engine/model/compile.js';
import { FLOW_FIELDS } from '../../engine/model/compiled.js';
import { simulate, type SimulationResult, type WorldResult } from '../../engine/model/simulate.js';
import { validateScenario } from '../../engine/schema/validate.js';
import type { ResolvedScenario, SharingRule } from '../../engine/schema/scenario.js';
import { scenarioArb } from '../arbitraries.js';

const RUNS = { numRuns: 150, seed: 20261125 };

async function run(s: ResolvedScenario): Promise<SimulationResult> {
  const v = validateScenario(s);
  if (!v.ok) throw new Error(`generated scenario is invalid: ${JSON.stringify(v.errors.slice(0, 3))}`);
  return simulate(await compileScenario(s));
}

/** Sum over parties of field f in year y, and a tolerance scaled to its magnitude. */
function partySum(w: WorldResult, f: Exclude<keyof WorldResult, 'instruments'>, Y: number, N: number, y: number) {
  let sum = 0;
  let scale = 1;
  for (let n = 0; n < N; n++) {
    sum += w[f][n * Y + y]!;
    scale += Math.abs(w[f][n * Y + y]!);
  }
  return { sum, tol: 1e-9 * scale };
}

describe('invariants', () => {
  it('every generated scenario validates', () => {
    fc.assert(fc.property(scenarioArb(), (s) => validateScenario(s).ok), RUNS);
  });

  it('statistics shares add up to the output, retained tax to the local tax, transfers to zero', async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb(), async (s) => {
        const r = await run(s);
        const N = r.parties.length;
        for (const w of [r.deal, r.noDeal])
          for (let y = 0; y < r.years; y++) {
            const out = partySum(w, 'output', r.years, N, y);
            const credited = partySum(w, 'outputCredited', r.years, N, y);
            expect(Math.abs(credited.sum - out.sum)).toBeLessThanOrEqual(out.tol + credited.tol);
            const local = partySum(w, 'taxLocal', r.years, N, y);
            const retained = partySum(w, 'taxRetained', r.years, N, y);
            expect(Math.abs(retained.sum - local.sum)).toBeLessThanOrEqual(local.tol + retained.tol);
            const transfer = partySum(w, 'transfer', r.years, N, y);
            expect(Math.abs(transfer.sum)).toBeLessThanOrEqual(transfer.tol + local.tol);
          }
      }),
      RUNS,
    );
  });

  it('no NaN or Infinity anywhere for any valid input', async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb(), async (s) => {
        const r = await run(s);
        for (const w of [r.deal, r.noDeal]) for (const f of [...FLOW_FIELDS, 'gdp', 'gdpCredited', 'localRevenue', 'employmentTotal'] as const) for (const v of w[f]) expect(Number.isFinite(v)).toBe(true);
        const walk = (x: unknown): void => {
          if (typeof x === 'number') expect(Number.isFinite(x)).toBe(true);
          else if (x && typeof x === 'object') Object.values(x).forEach(walk);
        };
        walk(r.summary);
      }),
      RUNS,
    );
  });

  it('a tax ratio moved toward the origin never lowers the origin’s retained tax (nor raises the others’)', async () => {
    const pair = fc
      .tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }))
      .map(([a, b]) => [Math.min(a, b), Math.max(a, b)] as const);
    await fc.assert(
      fc.asyncProperty(scenarioArb({ originIsFirstParty: true }), pair, fc.constantFrom('all', 'increment'), async (s, [lo, hi], basis) => {
        const rule = (v: number): SharingRule => ({
          statistics: { kind: 'fixed', originShare: { value: 0.5, unit: 'share' as const, assumption: 'test' } },
          tax: { kind: 'fixed', originShare: { value: v, unit: 'share' as const, assumption: 'test' } },
          basis: basis as 'all' | 'increment',
        });
        const low = await run({ ...s, policy: { ...s.policy, rules: { '*': rule(lo) } } });
        const high = await run({ ...s, policy: { ...s.policy, rules: { '*': rule(hi) } } });
        const Y = low.years;
        for (let y = 0; y < Y; y++) {
          const tol = 1e-9 * (1 + Math.abs(low.deal.taxRetained[y]!));
          expect(high.deal.taxRetained[y]!).toBeGreaterThanOrEqual(low.deal.taxRetained[y]! - tol);
          for (let n = 1; n < low.parties.length; n++)
            expect(high.deal.taxRetained[n * Y + y]!).toBeLessThanOrEqual(low.deal.taxRetained[n * Y + y]! + 1e-9 * (1 + Math.abs(low.deal.taxRetained[n * Y + y]!)));
        }
      }),
      { ...RUNS, numRuns: 80 },
    );
  });

  it('with a 0:100 split and no synergy, the deal changes nothing for the side that gets 0 except its costs', async () => {
    const zero = { value: 0, unit: 'share' as const, assumption: 'test' };
    const rule: SharingRule = { statistics: { kind: 'fixed', originShare: zero }, tax: { kind: 'fixed', originShare: zero }, basis: 'all' };
    await fc.assert(
      fc.asyncProperty(
        scenarioArb({ originIsFirstParty: true, rule, noRelocation: true, noSynergy: true }),
        async (s) => {
          // The side that gets 0 is the origin; it hosts nothing and, without the deal, the
          // project either happens in the host anyway or not at all.
          s.economy.projects.forEach((p) => {
            p.registration = p.host;
            p.withoutDeal = { asPlanned: p.withoutDeal.asPlanned, atOrigin: zero };
          });
          const r = await run(s);
          const Y = r.years;
          for (let y = 0; y < Y; y++) {
            for (const f of ['outputCredited', 'taxRetained', 'gdp', 'gdpCredited', 'output', 'employment'] as const)
              expect(r.deal[f][y]!).toBeCloseTo(r.noDeal[f][y]!, 9);
          }
          // …but it may pay for the project under the deal.
          expect(r.summary.parties[0]!.cumulativeGain.cost).toBeGreaterThanOrEqual(-1e-12);
        },
      ),
      { ...RUNS, numRuns: 80 },
    );
  });

  it('sharing is zero-sum: the joint gain (synergy) does not depend on the split', async () => {
    const half = { value: 0.5, unit: 'share' as const, assumption: 'test' };
    await fc.assert(
      fc.asyncProperty(scenarioArb(), fc.double({ min: 0, max: 1, noNaN: true }), async (s, v) => {
        const a = await run(s);
        // Same economy and placements, every ledger split v : 1 − v instead.
        const rules = Object.fromEntries(
          Object.entries(s.policy.rules).map(([k, r]) => [
            k,
            { ...r, statistics: { kind: 'fixed', originShare: { ...half, value: v } }, tax: { kind: 'fixed', originShare: half } },
          ]),
        ) as typeof s.policy.rules;
        const b = await run({ ...s, policy: { ...s.policy, rules } });
        const tol = 1e-9 * (1 + Math.abs(a.summary.synergy.output));
        expect(Math.abs(b.summary.synergy.output - a.summary.synergy.output)).toBeLessThanOrEqual(tol);
        expect(Math.abs(b.summary.synergy.taxLocal - a.summary.synergy.taxLocal)).toBeLessThanOrEqual(1e-9 * (1 + Math.abs(a.summary.synergy.taxLocal)));
        const sumGain = a.summary.parties.reduce((x, p) => x + p.cumulativeGain.taxRetained, 0);
        expect(Math.abs(sumGain - a.summary.synergy.taxLocal)).toBeLessThanOrEqual(1e-9 * (1 + Math.abs(sumGain)));
      }),
      { ...RUNS, numRuns: 60 },
    );
  });
});
