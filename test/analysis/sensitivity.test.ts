// Sensitivity: tornado swings against direct runs; Sobol indices of an inert uncertainty are zero.
import { describe, expect, it } from 'vitest';
import { sensitivity } from '../../engine/analysis/sensitivity.js';
import { compileScenario } from '../../engine/model/compile.js';
import { simulate } from '../../engine/model/simulate.js';
import { AnalysisError } from '../../engine/analysis/errors.js';
import { twoPartyWithZopa, withUncertainties } from './helpers.js';

describe('sensitivity', () => {
  it('tornado: base is the scenario as written; the output-scale swing matches direct runs', async () => {
    const s = withUncertainties();
    const r = await sensitivity(s, { low: 0.05, high: 0.95 });
    const direct = simulate(await compileScenario(s)).summary;
    for (const bar of r.tornado) {
      const n = bar.party === 'A' ? 0 : 1;
      expect(bar.base).toBeCloseTo(direct.parties[n]!.discountedGain.netFiscal, 10);
    }
    // "scale" is triangular(0.6, 1, 1.2) per project; its 95% quantile is 1.2 − √(0.05·0.6·0.2).
    const high = 1.2 - Math.sqrt(0.05 * 0.6 * 0.2);
    const scaled = structuredClone(s) as any;
    for (const p of scaled.economy.projects) p.steadyOutput.value *= high;
    const direct2 = simulate(await compileScenario(scaled)).summary;
    const bar = r.tornado.find((b) => b.uncertainty === 'scale' && b.party === 'B')!;
    expect(bar.high).toBeCloseTo(direct2.parties[1]!.discountedGain.netFiscal, 9);
    // Bars of a party come widest first.
    const swingsA = r.tornado.filter((b) => b.party === 'A').map((b) => b.swing);
    expect([...swingsA].sort((a, b) => b - a)).toEqual(swingsA);
  });

  it('Sobol: an uncertainty the measure does not depend on gets exactly zero; indices are reproducible', async () => {
    const s = withUncertainties();
    const a = await sensitivity(s, { sobolSamples: 64, seed: 3 });
    const b = await sensitivity(s, { sobolSamples: 64, seed: 3 });
    expect(b).toEqual(a);
    // The baseline growth of GDP moves neither retained tax nor costs.
    for (const ix of a.sobol!.indices.filter((i) => i.uncertainty === 'base')) {
      expect(ix.first).toBe(0);
      expect(ix.total).toBe(0);
    }
    // Output scale and growth drive B's gain.
    const totalB = a.sobol!.indices.filter((i) => i.party === 'B').reduce((m, i) => (i.total > m.total ? i : m));
    expect(['scale', 'growth']).toContain(totalB.uncertainty);
    for (const ix of a.sobol!.indices) expect(ix.total).toBeGreaterThanOrEqual(0);
  });

  it('says so when there are no uncertainties', async () => {
    await expect(sensitivity(twoPartyWithZopa())).rejects.toBeInstanceOf(AnalysisError);
  });
});

describe('sobolIndices (estimator)', () => {
  it('recovers the indices of an additive and of a product function', async () => {
    const { sobolIndices } = await import('../../engine/analysis/sensitivity.js');
    // f = u0 + 2·u1, u ~ U(0,1): Var(u) = 1/12, V = 1/12 + 4/12 = 5/12, so S0 = 1/5, S1 = 4/5;
    // additive, so the total indices equal the first-order ones. u2 is inert: 0 and 0.
    const r = sobolIndices(Int32Array.of(0, 1, 2), 3, 1, (u) => [u[0]! + 2 * u[1]!], 4000, 17);
    expect(r.variance[0]).toBeCloseTo(5 / 12, 1);
    expect(r.first[0]).toBeCloseTo(0.2, 1);
    expect(r.first[1]).toBeCloseTo(0.8, 1);
    expect(r.total[0]).toBeCloseTo(0.2, 1);
    expect(r.total[1]).toBeCloseTo(0.8, 1);
    expect(r.first[2]).toBe(0);
    expect(r.total[2]).toBe(0);
    // f = (u0 − ½)(u1 − ½): pure interaction, V = (1/12)² ; first-order indices 0, totals 1.
    const p = sobolIndices(Int32Array.of(0, 1), 2, 1, (u) => [(u[0]! - 0.5) * (u[1]! - 0.5)], 4000, 17);
    expect(Math.abs(p.first[0]!)).toBeLessThan(0.1);
    expect(Math.abs(p.first[1]!)).toBeLessThan(0.1);
    expect(p.total[0]).toBeCloseTo(1, 1);
    expect(p.total[1]).toBeCloseTo(1, 1);
  });
});
