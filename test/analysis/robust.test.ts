// Robustness of a split over draws: consistent with Monte Carlo at the scenario's own value and
// with the deterministic ZOPA when the uncertainties do not touch the fiscal gains.
import { describe, expect, it } from 'vitest';
import { robustZopa } from '../../engine/analysis/robust.js';
import { InThreadEvaluator } from '../../engine/analysis/evaluator.js';
import { summarizeMonteCarlo } from '../../engine/analysis/montecarlo.js';
import { LeverModel, defaultLever } from '../../engine/analysis/levers.js';
import { bargain } from '../../engine/analysis/bargain.js';
import { AnalysisError } from '../../engine/analysis/errors.js';
import { twoPartyWithZopa, withUncertainties } from './helpers.js';

const LEVER = '/policy/rules/joint/tax/originShare/value';

describe('robustZopa', () => {
  it("at the scenario's own split it equals the Monte Carlo probability that all gain (same draws)", async () => {
    const s = withUncertainties();
    const r = await robustZopa(s, LEVER, { draws: 200, seed: 6, steps: 11 });
    expect(r.xs[4]).toBe(0.4);
    const mc = summarizeMonteCarlo(await new InThreadEvaluator().run({ kind: 'montecarlo', scenario: s, config: { draws: 200, seed: 6 } }));
    expect(r.probAllGain[4]).toBe(mc.probAllGain);
    r.parties.forEach((_, n) => expect(r.probGain[n]![4]).toBeCloseTo(1 - mc.parties[n]!.measures.netFiscalPV.probLoss, 12));
    // A's chance of gaining rises with its (origin) tax share, B's falls.
    for (let k = 1; k < r.xs.length; k++) {
      expect(r.probGain[0]![k]!).toBeGreaterThanOrEqual(r.probGain[0]![k - 1]!);
      expect(r.probGain[1]![k]!).toBeLessThanOrEqual(r.probGain[1]![k - 1]!);
    }
    expect(await robustZopa(s, LEVER, { draws: 200, seed: 6, steps: 11 })).toEqual(r);
  });

  it('is 1 inside and 0 outside the deterministic ZOPA when only baseline GDP is uncertain', async () => {
    const s = twoPartyWithZopa() as any;
    s.economy.uncertainties = [
      { id: 'base', label: { zh: '基线', en: 'Baseline' }, target: 'baselineGrowthShift', distribution: { kind: 'normal', mean: 0, sd: 0.02 }, assumption: 'test' },
    ];
    const zopa = bargain(await LeverModel.create(s, [defaultLever(s)])).zopa!.intervals[0]!;
    const r = await robustZopa(s, LEVER, { draws: 40, seed: 1, steps: 21 });
    r.xs.forEach((x, k) => expect(r.probAllGain[k]).toBe(x >= zopa.from && x <= zopa.to ? 1 : 0));
  });

  it('refuses a lever that would rebuild the scenario', async () => {
    await expect(robustZopa(withUncertainties(), '/policy/agreement/to', { draws: 5, seed: 1 })).rejects.toBeInstanceOf(AnalysisError);
  });
});
