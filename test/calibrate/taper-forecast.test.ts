// Tapering growth and forecasts over unequally spaced years, checked against hand computations;
// plausibility warnings for forecasts and projections.
import { describe, expect, it } from 'vitest';
import { growthCeiling, growthFactor } from '../../engine/model/taper.js';
import { constantGrowth, logLinear } from '../../engine/forecast/trend.js';
import { gm11 } from '../../engine/forecast/gm11.js';
import { baselinePaths, forecastWarnings } from '../../engine/forecast/baseline.js';
import { compileScenario } from '../../engine/model/compile.js';
import { simulate } from '../../engine/model/simulate.js';
import { plausibilityWarnings } from '../../engine/model/plausibility.js';
import { validateScenario } from '../../engine/schema/validate.js';
import { loadFixture } from '../helpers.js';
import { loadMath } from '../../engine/math.js';

// mathjs loads on demand (engine/math.ts); these tests call the functions that use it directly.
await loadMath();

describe('tapering growth', () => {
  it('is constant growth without a half-life, and the Gompertz path with one', () => {
    expect(growthFactor(0.1, 2, 0)).toBeCloseTo(1.21, 14);
    // H = 3, τ = 3: exp(ln 1.1 · (3/ln 2) · (1 − ½)) = 1.1^(1.5/ln 2).
    expect(growthFactor(0.1, 3, 3)).toBeCloseTo(Math.pow(1.1, 1.5 / Math.LN2), 12);
    // Back-cast, τ = −3: exp(ln 1.1 · (3/ln 2) · (1 − 2)) = 1.1^(−3/ln 2).
    expect(growthFactor(0.1, -3, 3)).toBeCloseTo(Math.pow(1.1, -3 / Math.LN2), 12);
    // The first years grow at nearly g; the yearly rate then falls, and the level tends to the ceiling.
    const yearly = [1, 2, 3, 4, 5, 6].map((t) => growthFactor(0.1, t, 3) / growthFactor(0.1, t - 1, 3) - 1);
    for (let k = 1; k < yearly.length; k++) expect(yearly[k]!).toBeLessThan(yearly[k - 1]!);
    // After one half-life the yearly rate is about half of what it was (exactly half instantaneously).
    expect(yearly[3]! / yearly[0]!).toBeGreaterThan(0.45);
    expect(yearly[3]! / yearly[0]!).toBeLessThan(0.55);
    expect(growthFactor(0.1, 500, 3)).toBeCloseTo(growthCeiling(0.1, 3), 10);
    expect(growthCeiling(0.1, 3)).toBeCloseTo(Math.pow(1.1, 3 / Math.LN2), 12);
  });

  it('tapers a project after ramp-up and a party baseline, back-cast before the base year', async () => {
    const plain = structuredClone(await loadFixture('test/fixtures/two-project.json'));
    plain.years = { from: 2023, to: 2028 };
    plain.economy.projects[0]!.growth = { value: 0.1, unit: '1/yr', assumption: 'test' };
    plain.economy.parties[1]!.growth.gdp.value = 0.1;
    const tapered = structuredClone(plain);
    tapered.economy.projects[0]!.growthHalfLife = { value: 2, unit: 'years', assumption: 'test' };
    tapered.economy.parties[1]!.growth.gdpHalfLife = { value: 4, unit: 'years', assumption: 'test' };
    expect(validateScenario(tapered).ok).toBe(true);
    const a = simulate(await compileScenario(plain));
    const b = simulate(await compileScenario(tapered));
    const Y = a.years;
    const B = 1;
    // P1 (host B, start 2025, ramp 1, steady 100): in 2027, τ = 2 → 100·1.1² vs 100·1.1^(1/ln 2).
    const y2027 = 2027 - 2023;
    expect(b.deal.output[B * Y + y2027]! - a.deal.output[B * Y + y2027]!).toBeCloseTo(100 * (Math.pow(1.1, 1 / Math.LN2) - 1.21), 9);
    // Baseline of B without the deal's projects: 300 in 2025 (base year), Gompertz with H = 4.
    const base = (dt: number) => 300 * Math.exp(Math.log(1.1) * (4 / Math.LN2) * (1 - Math.pow(2, -dt / 4)));
    const c = await compileScenario(tapered);
    expect(c.baselineGdp[B * Y + 0]).toBeCloseTo(base(-2), 9);
    expect(c.baselineGdp[B * Y + 2]).toBeCloseTo(300, 9);
    expect(c.baselineGdp[B * Y + 5]).toBeCloseTo(base(3), 9);
  });
});

describe('forecasts over unequally spaced years', () => {
  it('constant growth uses the years between the first and last observation', () => {
    const r = constantGrowth([100, 150], 2, [2010, 2015]);
    expect(r.growth).toBeCloseTo(Math.pow(1.5, 1 / 5) - 1, 14);
    expect(r.forecast[1]).toBeCloseTo(150 * Math.pow(1.5, 2 / 5), 10);
    expect(r.level0).toBe(100);
  });

  it('log-linear: least squares on the actual years (hand computation)', () => {
    // ln x = 0, 1, 2 at t = 0, 1, 3: t̄ = 4/3, ȳ = 1, Sxy = 3, Sxx = 14/3 → β = 9/14, α = 1/7.
    const r = logLinear([1, Math.E, Math.E ** 2], 1, [2000, 2001, 2003]);
    expect(r.growth).toBeCloseTo(Math.expm1(9 / 14), 12);
    expect(r.level0).toBeCloseTo(Math.exp(1 / 7), 12);
    expect(r.fitted[2]).toBeCloseTo(Math.exp(1 / 7 + (9 / 14) * 3), 12);
    expect(r.forecast[0]).toBeCloseTo(Math.exp(1 / 7 + (9 / 14) * 4), 12);
  });

  it('GM(1,1) for unequal intervals (hand computation), and the classic model for consecutive years', () => {
    // x⁰ = 1, 2, 2, 3 at t = 0, 1, 3, 4: x¹ = 1, 3, 7, 10 (x⁰·Δt accumulated); z = 2, 5, 8.5.
    const z = [2, 5, 8.5];
    const y = [2, 2, 3];
    const zm = (2 + 5 + 8.5) / 3;
    const ym = 7 / 3;
    const slope = z.reduce((s, v, i) => s + (v - zm) * (y[i]! - ym), 0) / z.reduce((s, v) => s + (v - zm) ** 2, 0);
    const a = -slope;
    const b = ym - slope * zm;
    const r = gm11([1, 2, 2, 3], 1, [2000, 2001, 2003, 2004]);
    expect(r.a).toBeCloseTo(a, 10);
    expect(r.b).toBeCloseTo(b, 10);
    const x1 = (t: number) => (1 - b / a) * Math.exp(-a * t) + b / a;
    expect(r.fitted[2]).toBeCloseTo((x1(3) - x1(1)) / 2, 10); // average over the two-year interval
    expect(r.forecast[0]).toBeCloseTo(x1(5) - x1(4), 10);
    const classic = gm11([3, 4, 5.5, 7], 3);
    const withYears = gm11([3, 4, 5.5, 7], 3, [2010, 2011, 2012, 2013]);
    expect(withYears.fitted).toEqual(classic.fitted);
    expect(withYears.forecast).toEqual(classic.forecast);
  });

  it('a baseline history with a gap is accepted and forecast from its years', async () => {
    const s = structuredClone(await loadFixture('test/fixtures/two-project.json'));
    s.economy.parties[1]!.baseline = {
      method: 'constantGrowth',
      history: { years: [2015, 2020], gdp: [100, 150], unit: 'CNY_1e8/yr', assumption: 'test' },
    };
    const r = validateScenario(s);
    expect(r.ok).toBe(true);
    const paths = baselinePaths(s)!;
    // 2025 (base and first simulated year) is ten years after 2015: 100 · 1.5².
    expect(paths.gdp[1 * 3 + 0]).toBeCloseTo(225, 9);
    expect(paths.gdp[1 * 3 + 2]).toBeCloseTo(100 * Math.pow(1.5, 12 / 5), 9);
    expect(paths.info[0]!.warnings).toBeUndefined();
  });
});

describe('plausibility warnings', () => {
  it('flag growth above the ceiling and an exactly geometric (interpolated) history', () => {
    expect(forecastWarnings([100, 121], [2018, 2020], 0.1, 0.15)).toEqual([]);
    expect(forecastWarnings([100, 146.41], [2018, 2020], 0.21, 0.15)[0]).toMatch(/21\.0 %\/yr is above the plausible ceiling of 15\.0 %\/yr/);
    const interpolated = [100, 110, 121, 133.1];
    expect(forecastWarnings(interpolated, [2018, 2019, 2020, 2021], 0.1, 0.15)[0]).toMatch(/exact geometric series/);
    expect(forecastWarnings([100, 112, 119, 133.1], [2018, 2019, 2020, 2021], 0.1, 0.15)).toEqual([]);
  });

  it('flag projects outgrowing the party that hosts them, and untapered high growth', async () => {
    const s = structuredClone(await loadFixture('test/fixtures/two-project.json'));
    s.years = { from: 2025, to: 2040 };
    s.economy.projects[0]!.growth = { value: 0.25, unit: '1/yr', assumption: 'test' };
    const c = await compileScenario(s);
    const w = plausibilityWarnings(s, c, simulate(c));
    expect(w.some((x) => /value added produced in B reaches .* more than its baseline GDP/.test(x))).toBe(true);
    expect(w.some((x) => x.startsWith('/economy/projects/0/growth: P1 grows 25.0 %/yr for 15 years without a taper'))).toBe(true);
    s.economy.projects[0]!.growth.value = 0.02;
    const calm = await compileScenario(s);
    expect(plausibilityWarnings(s, calm, simulate(calm))).toEqual([]);
  });
});
