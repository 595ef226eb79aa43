// Calibration recovers known parameters: a synthetic scenario's own simulated series are the
// observations, the scenario is perturbed, and the fit must find the true values again
// (continuous ones within a relative 1e-4, the start year exactly).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { calibrate } from '../../engine/analysis/calibrate.js';
import { ownSeries, syntheticScenario, SYNTHETIC_OBSERVATIONS, SYNTHETIC_PATHS } from './synthetic.js';

const BOUNDS = {
  steady: [20, 400],
  growth: [-0.05, 0.2],
  hostGrowth: [-0.05, 0.15],
  start: [2025, 2035],
} as const;

const truthArb = fc.record({
  steady: fc.double({ min: 40, max: 300, noNaN: true }),
  growth: fc.double({ min: 0, max: 0.12, noNaN: true }),
  hostGrowth: fc.double({ min: 0, max: 0.1, noNaN: true }),
  start: fc.integer({ min: 2026, max: 2033 }),
});
// A perturbation of each parameter: a factor for the steady output, shifts for the rest.
const perturbArb = fc.record({
  steady: fc.double({ min: 0.5, max: 1.8, noNaN: true }),
  growth: fc.double({ min: -0.04, max: 0.04, noNaN: true }),
  hostGrowth: fc.double({ min: -0.03, max: 0.03, noNaN: true }),
  start: fc.integer({ min: -2, max: 2 }),
});

describe('calibrate recovers known parameters', { timeout: 120_000 }, () => {
  it('from its own simulated series, after a perturbation (property)', async () => {
    await fc.assert(
      fc.asyncProperty(truthArb, perturbArb, async (truth, d) => {
        const observed = await ownSeries(await syntheticScenario(truth), SYNTHETIC_OBSERVATIONS);
        const clampTo = (k: keyof typeof BOUNDS, v: number) => Math.min(BOUNDS[k][1], Math.max(BOUNDS[k][0], v));
        const perturbed = await syntheticScenario({
          steady: truth.steady * d.steady,
          growth: truth.growth + d.growth,
          hostGrowth: truth.hostGrowth + d.hostGrowth,
          start: clampTo('start', truth.start + d.start),
        });
        const keys = Object.keys(SYNTHETIC_PATHS) as (keyof typeof SYNTHETIC_PATHS)[];
        const r = await calibrate(
          perturbed,
          observed,
          keys.map((k) => ({ path: SYNTHETIC_PATHS[k], lo: BOUNDS[k][0], hi: BOUNDS[k][1] })),
        );
        const after = Object.fromEntries(keys.map((k, j) => [k, r.fitted[j]!.after]));
        expect(after.start).toBe(truth.start);
        expect(Math.abs(after.steady! - truth.steady) / truth.steady).toBeLessThan(1e-4);
        expect(Math.abs(after.growth! - truth.growth)).toBeLessThan(1e-5);
        expect(Math.abs(after.hostGrowth! - truth.hostGrowth)).toBeLessThan(1e-5);
        expect(r.metrics.after.mape).toBeLessThan(1e-3);
        // The start year is a whole number in the result, and the fit is no worse than the start.
        expect(Number.isInteger(r.fitted[3]!.after)).toBe(true);
        expect(r.metrics.after.mape).toBeLessThanOrEqual(r.metrics.before.mape);
      }),
      { numRuns: 4, seed: 20261201 },
    );
  });

  it('warns when there are more parameters than observations, and when a parameter moves nothing', async () => {
    const truth = { steady: 100, growth: 0.05, hostGrowth: 0.04, start: 2028 };
    const s = await syntheticScenario(truth);
    const observed = await ownSeries(s, [{ year: 2030, party: 'B', measure: 'output' }]);
    const r = await calibrate(s, observed, [
      { path: SYNTHETIC_PATHS.steady, lo: 20, hi: 400 },
      { path: SYNTHETIC_PATHS.growth, lo: -0.05, hi: 0.2 },
      // Party A's baseline growth does not enter B's output: a flat direction.
      { path: '/economy/parties/0/growth/gdp/value', lo: 0, hi: 0.1 },
    ]);
    expect(r.warnings.some((w) => w.includes('3 parameters for 1 observation'))).toBe(true);
    expect(r.warnings.some((w) => w.startsWith('/economy/parties/0/growth/gdp/value does not change any observed value'))).toBe(true);
    expect(r.metrics.after.mape).toBeLessThan(1e-3);
  });

  it('refuses a fit where no parameter moves any observed value', async () => {
    const s = await syntheticScenario({ steady: 100, growth: 0.05, hostGrowth: 0.04, start: 2028 });
    const observed = await ownSeries(s, [{ year: 2030, party: 'B', measure: 'output' }]);
    await expect(calibrate(s, observed, [{ path: '/economy/parties/0/growth/gdp/value', lo: 0, hi: 0.1 }])).rejects.toThrow(/nothing can be fitted/);
  });
});
