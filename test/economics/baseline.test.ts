// Baseline GDP from an observed history (party.baseline) replaces base × growth.
import { describe, expect, it } from 'vitest';
import { compileScenario, fillBaseline } from '../../engine/model/compile.js';
import { gm11 } from '../../engine/forecast/gm11.js';
import { ScenarioError } from '../../engine/schema/validate.js';
import { simulate } from '../../engine/model/simulate.js';
import { runReport } from '../../engine/model/report.js';
import { fixtureJson, loadScenarioObject } from './load.js';

const history = (method: string, years: number[], gdp: number[]) => ({
  method,
  history: { years, gdp, unit: 'CNY_1e8/yr', assumption: 'test series' },
});

describe('baseline forecasts', () => {
  it('gm11: baseline GDP of the party is the GM(1,1) model value for each simulated year; the other party keeps base × growth', async () => {
    const doc = fixtureJson();
    const series = [880, 930, 990, 1040, 1100];
    doc.economy.baseYear = 2024;
    doc.economy.parties[0].baseline = history('gm11', [2020, 2021, 2022, 2023, 2024], series);
    const s = await loadScenarioObject(doc);
    const c = await compileScenario(s);
    const g = gm11(series, 3); // 2025, 2026, 2027
    const Y = c.years;
    for (let y = 0; y < Y; y++) {
      expect(c.baselineGdp[y]).toBeCloseTo(g.forecast[y]!, 9);
      // Revenue keeps the base-year tax ratio: 80 × forecast / model value in 2024.
      expect(c.baselineRevenue[y]).toBeCloseTo((80 * g.forecast[y]!) / g.fitted[4]!, 9);
      expect(c.baselineGdp[Y + y]).toBe(300); // B: base 300, growth 0
    }
    // A baseline growth shift multiplies the forecast by (1 + shift)^t.
    fillBaseline(c, 0.01);
    expect(c.baselineGdp[2]).toBeCloseTo(g.forecast[2]! * 1.01 ** 3, 9);
    const report = runReport(s, simulate(c));
    expect(report.baselineForecasts![0]!.party).toBe('A');
    expect(report.baselineForecasts![0]!.gm11!.a).toBeCloseTo(g.a, 12);
  });

  it('constantGrowth continues the observed compound growth', async () => {
    const doc = fixtureJson();
    doc.economy.parties[1].baseline = history('constantGrowth', [2023, 2024, 2025], [250, 275, 302.5]);
    const c = await compileScenario(await loadScenarioObject(doc));
    const Y = c.years;
    [302.5, 332.75, 366.025].forEach((v, y) => expect(c.baselineGdp[Y + y]).toBeCloseTo(v, 9));
  });

  it('rejects years out of order, too-short series and a history starting after the base year (gaps are allowed)', async () => {
    const doc = fixtureJson();
    doc.economy.parties[0].baseline = history('gm11', [2020, 2021, 2021], [1, 2, 3]);
    doc.economy.parties[1].baseline = history('logLinear', [2026, 2027, 2028], [1, 2, 3]);
    const err = await loadScenarioObject(doc).catch((e: ScenarioError) => e);
    expect(err).toBeInstanceOf(ScenarioError);
    const list = (err as ScenarioError).issues.map((i) => `${i.path}: ${i.message}`);
    expect(list).toContain('/economy/parties/0/baseline/history/years/2: year 2021 does not come after 2021; expected increasing years, oldest first (gaps are allowed)');
    expect(list).toContain('/economy/parties/0/baseline/history/years: method "gm11" needs at least 4 observed years; got 3');
    expect(list).toContain(
      '/economy/parties/1/baseline/history/years/0: history starts in 2026, after the base year 2025; expected it to start in the base year or earlier',
    );
  });

  it('rejects a non-positive value through the schema, naming the index', async () => {
    const doc = fixtureJson();
    doc.economy.parties[0].baseline = history('gm11', [2021, 2022, 2023, 2024], [1, 2, 0, 3]);
    const err = await loadScenarioObject(doc).catch((e: ScenarioError) => e);
    expect((err as ScenarioError).issues.map((i) => i.path)).toContain('/economy/parties/0/baseline/history/gdp/2');
  });
});
