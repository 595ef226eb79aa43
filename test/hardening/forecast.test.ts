// Observed GDP histories are numbers from the file too. Within the schema's range
// (0, 1e7] an extreme history made the baseline forecast overflow to Infinity, or stay near
// 1e-300 so that per-capita ratios became infinite; the GM(1,1) diagnostics in the report
// could be Infinity. Validation now refuses such histories with a path and the range.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateScenario, FORECAST_GDP_MAX, FORECAST_GDP_MIN } from '../../engine/schema/validate.js';
import { compileScenario } from '../../engine/model/compile.js';
import { simulate } from '../../engine/model/simulate.js';
import { runReport } from '../../engine/model/report.js';
import { readJson } from '../helpers.js';
import { loadMath } from '../../engine/math.js';

// mathjs loads on demand (engine/math.ts); these tests call the functions that use it directly.
await loadMath();

const fixture = async () => structuredClone((await readJson('test/fixtures/two-project.json')) as any);

function nonFinite(v: unknown, p = ''): string[] {
  if (typeof v === 'number') return Number.isFinite(v) ? [] : [`${p}=${v}`];
  if (ArrayBuffer.isView(v)) return Array.from(v as unknown as ArrayLike<number>).some((x) => !Number.isFinite(x)) ? [p] : [];
  if (v && typeof v === 'object') return Object.entries(v).flatMap(([k, x]) => nonFinite(x, `${p}/${k}`));
  return [];
}

async function withHistory(method: string, gdp: number[], from = 2016) {
  const doc = await fixture();
  doc.economy.parties[0].baseline = { method, history: { years: gdp.map((_, i) => from + i), gdp, unit: 'CNY_1e8/yr', assumption: 'test' } };
  return doc;
}

describe('baseline forecasts stay finite', () => {
  it('accepts an ordinary history', async () => {
    const v = validateScenario(await withHistory('gm11', [800, 850, 905, 960, 1010, 1070, 1130, 1200]));
    expect(v.ok).toBe(true);
  });

  const refused: [string, string, number[], RegExp][] = [
    ['explosive growth', 'constantGrowth', [1e-10, 1], new RegExp(`within \\[${FORECAST_GDP_MIN}, ${FORECAST_GDP_MAX}\\]`)],
    ['a forecast near 1e-300', 'constantGrowth', [5e-324, 1e6, 1e6, 1e7, 100, 1e-300, 1e-300, 1e-300], /reaches \d(\.\d+)?e-\d+ 亿元\/yr/],
    ['a degenerate GM(1,1) fit', 'gm11', [1e-10, 1e7, 5e-324, 1e-300, 1e6, 1e6, 9999999.999, 9999999.999, 1e6], /gm11/],
  ];
  it.each(refused)('refuses %s', async (_name, method, gdp, message) => {
    const v = validateScenario(await withHistory(method, gdp, 2018));
    expect(v.ok).toBe(false);
    if (!v.ok) expect(v.errors).toContainEqual({ path: expect.stringMatching(/^\/economy\/parties\/0\/baseline/), message: expect.stringMatching(message) });
  });

  it('fuzz: any history within the schema either validates and gives finite results and report, or is refused', async () => {
    const value = fc.constantFrom(5e-324, 1e-300, 1e-10, 1, 100, 1e6, 1e7, 9999999.999);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('constantGrowth', 'logLinear', 'gm11'), fc.array(value, { minLength: 2, maxLength: 10 }), fc.integer({ min: 2010, max: 2025 }), async (method, gdp, from) => {
        const doc = await withHistory(method, gdp, from);
        const v = validateScenario(doc);
        if (!v.ok) return;
        const result = simulate(await compileScenario(v.value));
        expect(nonFinite(result)).toEqual([]);
        expect(nonFinite(runReport(v.value, result))).toEqual([]);
      }),
      { seed: 20261125, numRuns: 300 },
    );
  });
});
