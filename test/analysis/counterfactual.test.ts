// The counterfactual (withoutDeal probabilities) as an uncertainty: a draw scales every no-deal
// probability of the projects, capped so they still add up to at most 1.
import { describe, expect, it } from 'vitest';
import { compileScenario } from '../../engine/model/compile.js';
import { simulate } from '../../engine/model/simulate.js';
import { UncertaintyApplier, dimensions } from '../../engine/analysis/uncertainty.js';
import { sensitivity } from '../../engine/analysis/sensitivity.js';
import { MonteCarloRunner, summarizeMonteCarlo } from '../../engine/analysis/montecarlo.js';
import { validateScenario } from '../../engine/schema/validate.js';
import type { ResolvedScenario } from '../../engine/schema/scenario.js';
import { at, loadFixture } from '../helpers.js';

async function withCounterfactual(min: number, max: number): Promise<ResolvedScenario> {
  const s = await loadFixture('test/fixtures/two-project.json');
  // P2 stays at the origin with probability 0.5 (instead of 1), so the scale has room both ways.
  s.economy.projects[1]!.withoutDeal.atOrigin.value = 0.5;
  s.economy.uncertainties = [
    { id: 'cf', label: { zh: '反事实', en: 'counterfactual' }, target: 'withoutDealScale', distribution: { kind: 'uniform', min, max }, assumption: 'test' },
  ];
  const v = validateScenario(s);
  if (!v.ok) throw new Error(JSON.stringify(v.errors));
  return v.value;
}

describe('counterfactual uncertainty (withoutDealScale)', () => {
  it('scales the no-deal world only, capped at probabilities adding up to 1', async () => {
    const s = await withCounterfactual(0, 3);
    const c = await compileScenario(s);
    const applier = new UncertaintyApplier(c, dimensions(s));
    // As written: P2 grows at the origin with weight 0.5 × originScale 0.5: 2027 (40 − 20) × 0.25 = 5.
    expect(at(simulate(c).noDeal.output, 3, 0, 2)).toBeCloseTo(5, 10);
    applier.apply([1.5]);
    expect(at(simulate(c).noDeal.output, 3, 0, 2)).toBeCloseTo(7.5, 10);
    applier.apply([3]); // 0.5 × 3 = 1.5 > 1: capped at 1
    const capped = simulate(c, { synergyParts: true });
    expect(at(capped.noDeal.output, 3, 0, 2)).toBeCloseTo(10, 10);
    applier.apply([0]);
    const none = simulate(c, { synergyParts: true });
    expect(at(none.noDeal.output, 3, 0, 2)).toBeCloseTo(0, 12);
    // The deal world does not move.
    expect(at(none.deal.output, 3, 1, 2)).toBeCloseTo(at(capped.deal.output, 3, 1, 2), 12);
    // The more would happen anyway, the smaller the synergy's location-and-retention part.
    expect(none.summary.synergy.parts!.output.locationRetention).toBeGreaterThan(capped.summary.synergy.parts!.output.locationRetention);
    applier.reset();
    expect(at(simulate(c).noDeal.output, 3, 0, 2)).toBeCloseTo(5, 10);
  });

  it('shows in sensitivity (a tornado bar that swings) and in Monte Carlo (a spread)', async () => {
    const s = await withCounterfactual(0.5, 1.5);
    const sens = await sensitivity(s);
    const bar = sens.tornado.find((b) => b.uncertainty === 'cf' && b.party === 'A')!;
    expect(bar.swing).toBeGreaterThan(0);
    const runner = await MonteCarloRunner.create(s, { draws: 200, seed: 3 });
    const acc = runner.newAccumulator();
    runner.runRange(0, 200, acc);
    const mc = summarizeMonteCarlo(acc);
    expect(mc.dimensions).toEqual(['cf']);
    // P1 has no no-deal outcome and P2 stays at the origin with a drawn probability: A's gain spreads.
    const a = mc.parties.find((p) => p.party === 'A')!.measures.netFiscalPV;
    expect(a.max - a.min).toBeGreaterThan(0);
    // The only uncertainty, acting linearly (0.25 to 0.75, below the cap): all of A's spread is its.
    const share = mc.spreadShares.find((x) => x.dimension === 'cf' && x.party === 'A')!.share;
    expect(share).toBeCloseTo(1, 6);
  });

  it('rejects draws that could be unbounded', async () => {
    const s = await loadFixture('test/fixtures/two-project.json');
    s.economy.uncertainties = [
      { id: 'cf', label: { zh: '反事实', en: 'counterfactual' }, target: 'withoutDealScale', distribution: { kind: 'uniform', min: 0, max: 5000 }, assumption: 'test' },
    ];
    const v = validateScenario(s);
    expect(v.ok).toBe(false);
  });
});
