// Territorial GDP (属地口径) does not depend on the statistics split; credited GDP (考核口径) does.
// Inequality between places is measured on territorial GDP, so moving the split cannot change it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileScenario } from '../../engine/model/compile.js';
import { simulate, type SimulationResult } from '../../engine/model/simulate.js';
import type { ResolvedScenario, SharingRule } from '../../engine/schema/scenario.js';
import { scenarioArb } from '../arbitraries.js';

const RUNS = { numRuns: 80, seed: 20261201 };

/** The same scenario with every statistics ledger split v : 1 − v (origin : host), tax rules untouched. */
function withStatisticsSplit(s: ResolvedScenario, v: number): ResolvedScenario {
  const rules = Object.fromEntries(
    Object.entries(s.policy.rules).map(([k, r]) => {
      const phases = r.phases?.map(({ statisticsOriginShare: _, ...ph }) => ph);
      const rule: SharingRule = {
        ...r,
        statistics: { kind: 'fixed', originShare: { value: v, unit: 'share', assumption: 'test' } },
        ...(phases ? { phases } : {}),
      };
      return [k, rule];
    }),
  ) as typeof s.policy.rules;
  return { ...s, policy: { ...s.policy, rules } };
}

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * (1 + Math.abs(a) + Math.abs(b));

describe('territorial and credited GDP', () => {
  it('a statistics split moved to 0:100 or 100:0 leaves territorial GDP and its imbalance unchanged', async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb(), fc.constantFrom(0, 1), async (s, v) => {
        const a: SimulationResult = simulate(await compileScenario(s));
        const b: SimulationResult = simulate(await compileScenario(withStatisticsSplit(s, v)));
        for (const w of ['deal', 'noDeal'] as const) {
          a[w].gdp.forEach((g, k) => expect(close(g, b[w].gdp[k]!), `${w}.gdp[${k}]`).toBe(true));
          a.summary.imbalance[w].forEach((row, y) => {
            const other = b.summary.imbalance[w][y]!;
            expect(close(row.theil, other.theil), `${w} theil ${row.year}`).toBe(true);
            expect(close(row.gdpPerCapitaRatio, other.gdpPerCapitaRatio), `${w} ratio ${row.year}`).toBe(true);
          });
        }
      }),
      RUNS,
    );
  });

  it('the two measures have the same total each year: the split only moves credit between parties', async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb(), async (s) => {
        const r = simulate(await compileScenario(s));
        const N = r.parties.length;
        const Y = r.years;
        for (const w of [r.deal, r.noDeal])
          for (let y = 0; y < Y; y++) {
            let t = 0;
            let c = 0;
            let scale = 1;
            for (let n = 0; n < N; n++) {
              t += w.gdp[n * Y + y]!;
              c += w.gdpCredited[n * Y + y]!;
              scale += Math.abs(w.gdp[n * Y + y]!) + Math.abs(w.gdpCredited[n * Y + y]!);
            }
            expect(Math.abs(t - c)).toBeLessThanOrEqual(1e-9 * scale);
          }
      }),
      RUNS,
    );
  });

  it('a split moved toward the origin raises (never lowers) the origin’s credited GDP, and only that measure', async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb({ originIsFirstParty: true }), async (s) => {
        const low = simulate(await compileScenario(withStatisticsSplit(s, 0)));
        const high = simulate(await compileScenario(withStatisticsSplit(s, 1)));
        const Y = low.years;
        for (let y = 0; y < Y; y++) {
          const tol = 1e-9 * (1 + Math.abs(low.deal.gdpCredited[y]!));
          expect(high.deal.gdpCredited[y]!).toBeGreaterThanOrEqual(low.deal.gdpCredited[y]! - tol);
          expect(close(high.deal.gdp[y]!, low.deal.gdp[y]!)).toBe(true);
        }
      }),
      RUNS,
    );
  });
});
