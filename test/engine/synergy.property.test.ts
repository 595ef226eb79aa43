// The synergy (1+1>2) decomposed: uplift, location and retention, cost difference.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileScenario } from '../../engine/model/compile.js';
import { SYNERGY_MEASURES, simulate } from '../../engine/model/simulate.js';
import { scenarioArb } from '../arbitraries.js';
import { loadFixture } from '../helpers.js';

const RUNS = { numRuns: 100, seed: 20261201 };
const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * (1 + Math.abs(a) + Math.abs(b));

describe('synergy decomposition', () => {
  it('the parts add up to the total of every measure (property)', async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb(), async (s) => {
        const r = simulate(await compileScenario(s));
        const syn = r.summary.synergy;
        for (const m of SYNERGY_MEASURES) {
          const p = syn.parts[m];
          expect(close(p.uplift + p.locationRetention + p.costDifference, syn[m]), m).toBe(true);
          if (m !== 'netFiscal') expect(p.costDifference).toBe(0);
        }
        // The net fiscal synergy is the joint local tax gain minus the joint extra cost.
        const cost = r.summary.parties.reduce((x, p) => x + p.cumulativeGain.cost, 0);
        expect(close(syn.parts.netFiscal.costDifference, -cost)).toBe(true);
      }),
      RUNS,
    );
  });

  it('without any uplift the uplift part is zero; without any no-deal outcome, location and retention is everything the projects produce', async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb({ noSynergy: true, noDealNone: true, noRelocation: true }), async (s) => {
        const r = simulate(await compileScenario(s));
        const syn = r.summary.synergy;
        let output = 0;
        for (const v of r.deal.output) output += v;
        expect(syn.parts.output.uplift).toBe(0);
        expect(close(syn.parts.output.locationRetention, output)).toBe(true);
      }),
      RUNS,
    );
  });

  it('running the decomposition leaves the compiled scenario as it was', async () => {
    const c = await compileScenario(await loadFixture('test/fixtures/two-project.json'));
    c.projects.uplift[0] = 0.2;
    const { fillWorld } = await import('../../engine/model/compile.js');
    fillWorld(c.deal, c);
    const before = c.deal.level.slice();
    const first = simulate(c);
    expect(Array.from(c.deal.level)).toEqual(Array.from(before));
    const second = simulate(c);
    expect(second.summary.synergy).toEqual(first.summary.synergy);
    // P1's steady 100 becomes 120: 20 of output a year for three years is uplift.
    expect(first.summary.synergy.parts.output.uplift).toBeCloseTo(60, 9);
  });
});
