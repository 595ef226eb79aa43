// History before the horizon: a scenario may start before the economy's base year (baselines
// back-cast at the same growth), and costs dated before the first simulated year are
// accounted in the report's `history` section rather than dropped. Hand-computed cases.
import { describe, expect, it } from 'vitest';
import { compileScenario } from '../../engine/model/compile.js';
import { simulate } from '../../engine/model/simulate.js';
import { validateScenario } from '../../engine/schema/validate.js';
import { historyBeforeHorizon } from '../../engine/model/history.js';
import { loadFixture } from '../helpers.js';

describe('history before the horizon', () => {
  it('back-casts baselines when the scenario starts before the base year', async () => {
    const s = structuredClone(await loadFixture('test/fixtures/two-project.json'));
    s.years = { from: 2023, to: 2027 };
    s.economy.parties[1]!.growth.gdp.value = 0.1;
    const r = validateScenario(s);
    expect(r.ok).toBe(true);
    const result = simulate(await compileScenario(s));
    const Y = result.years;
    // Party B (index 1): base 300 in 2025, 10 % a year, no project output before 2025.
    expect(result.deal.gdp[1 * Y + 0]).toBeCloseTo(300 / 1.1 ** 2, 9);
    expect(result.deal.gdp[1 * Y + 1]).toBeCloseTo(300 / 1.1, 9);
    expect(result.noDeal.gdp[1 * Y + 2]).toBeCloseTo(300, 9);
  });

  it('accounts costs spent before the first simulated year, per party', async () => {
    const s = structuredClone(await loadFixture('test/fixtures/two-project.json'));
    // P1 (start 2025): 30 spread over 3 years from 2023, half each to A and B under the deal.
    s.economy.projects[0]!.costs![0]!.startOffset = -2;
    const h = await historyBeforeHorizon(s);
    expect(h).not.toBeNull();
    expect(h!.years).toEqual({ from: 2023, to: 2024 });
    expect(h!.projects).toEqual(['P1']);
    const [a, b] = h!.parties;
    expect(a!.party).toBe('A');
    expect(a!.cost.deal).toBeCloseTo(10, 12);
    expect(b!.cost.deal).toBeCloseTo(10, 12);
    // Without the deal P1 does not happen (asPlanned 0, atOrigin 0): no cost.
    expect(a!.cost.noDeal).toBe(0);
    expect(b!.cost.gain).toBeCloseTo(10, 12);
    // The 2025 share stays in the simulated years: 5 each.
    const result = simulate(await compileScenario(s));
    expect(result.deal.cost[0 * result.years]).toBeCloseTo(5, 12);
  });

  it('is absent when nothing happens before the first simulated year', async () => {
    expect(await historyBeforeHorizon(await loadFixture('test/fixtures/two-project.json'))).toBeNull();
  });
});
