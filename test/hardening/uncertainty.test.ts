// Uncertainty distributions are numbers from the file too: their draws must keep the model
// finite. Before this check a scale of 1e300, or a growth shift below -(1 + growth) with a
// fractional ramp, made `pairsim montecarlo` end with "internal error: NaN" (exit 3).
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateDocument, UNCERTAINTY_LIMITS } from '../../engine/schema/validate.js';
import { main } from '../../engine/cli/main.js';
import { readJson } from '../helpers.js';
import fc from 'fast-check';
import { validateScenario } from '../../engine/schema/validate.js';
import { MonteCarloRunner } from '../../engine/analysis/montecarlo.js';
import { scenarioArb } from '../arbitraries.js';

const fixture = async () => structuredClone((await readJson('test/fixtures/two-project.json')) as any);
const uncertainty = (target: string, distribution: unknown, extra: object = {}) => ({
  id: 'u',
  label: { zh: 'u', en: 'u' },
  target,
  distribution,
  assumption: 'hostile test',
  ...extra,
});
const dir = mkdtempSync(join(tmpdir(), 'pairsim-uncertainty-'));

async function issues(...us: unknown[]) {
  const doc = await fixture();
  doc.economy.uncertainties = us;
  return validateDocument(doc);
}

describe('uncertainty draws stay where the model is finite', () => {
  it('accepts the kinds of distribution the library uses', async () => {
    expect(
      await issues(
        uncertainty('outputScale', { kind: 'triangular', min: 0.6, mode: 1, max: 1.25 }),
        { ...uncertainty('rampScale', { kind: 'lognormal', mu: 0, sigma: 0.3 }), id: 'r' },
        { ...uncertainty('startDelay', { kind: 'uniform', min: 0, max: 3 }), id: 'd' },
        { ...uncertainty('growthShift', { kind: 'normal', mean: 0, sd: 0.02 }), id: 'g' },
        { ...uncertainty('baselineGrowthShift', { kind: 'normal', mean: 0, sd: 0.01 }), id: 'b' },
        { ...uncertainty('outputScale', { kind: 'normal', mean: 1, sd: 0.3 }), id: 's2' },
      ),
    ).toEqual([]);
  });

  const refused: [string, unknown, RegExp][] = [
    ['outputScale', { kind: 'uniform', min: 1e300, max: 1e308 }, new RegExp(`not exceed ${UNCERTAINTY_LIMITS.scale}`)],
    ['rampScale', { kind: 'lognormal', mu: 0, sigma: 300 }, /draws can reach Infinity/],
    ['startDelay', { kind: 'uniform', min: -1e308, max: 1e308 }, new RegExp(`within \\[-${UNCERTAINTY_LIMITS.startDelayYears}, ${UNCERTAINTY_LIMITS.startDelayYears}\\]`)],
    ['growthShift', { kind: 'uniform', min: -5, max: -2 }, /draws can reach -5; .*within \[-1, 1\]/],
    ['growthShift', { kind: 'normal', mean: 0, sd: 1e300 }, /growthShift must stay within/],
    ['baselineGrowthShift', { kind: 'triangular', min: -3, mode: 0, max: 0.1 }, /baselineGrowthShift must stay within/],
  ];
  it.each(refused)('refuses %s %j with the limit', async (target, distribution, message) => {
    const found = await issues(uncertainty(target, distribution));
    expect(found).toEqual([{ path: '/economy/uncertainties/0/distribution', message: expect.stringMatching(message) }]);
  });

  it('the growth-shift floor follows the lowest growth of the projects it affects', async () => {
    const doc = await fixture();
    doc.economy.projects[0].growth = { value: -0.4, unit: '1/yr', assumption: 'test' };
    doc.economy.uncertainties = [uncertainty('growthShift', { kind: 'uniform', min: -0.7, max: 0 })];
    expect(validateDocument(doc)).toEqual([
      { path: '/economy/uncertainties/0/distribution', message: expect.stringContaining('within [-0.6') },
    ]);
    doc.economy.uncertainties[0].projects = [doc.economy.projects[1].id];
    expect(validateDocument(doc)).toEqual([]);
  });

  it('pairsim montecarlo on such a file is an input error (exit 1, one line), not an internal NaN (exit 3)', async () => {
    const doc = await fixture();
    doc.economy.uncertainties = [
      uncertainty('growthShift', { kind: 'uniform', min: -5, max: -2 }),
      { ...uncertainty('rampScale', { kind: 'uniform', min: 0.3, max: 0.7 }), id: 'r' },
    ];
    const file = join(dir, 'nan.json');
    writeFileSync(file, JSON.stringify(doc));
    let err = '';
    const code = await main(['montecarlo', file, '--draws', '20'], { out: () => {}, err: (t) => void (err += t), errIsTty: false });
    expect(code).toBe(1);
    expect(err.trimEnd().split('\n')).toEqual([`${file}: /economy/uncertainties/0/distribution: draws can reach -5; draws of growthShift must stay within [-1, 1] so that the model stays finite`]);
  });
});

describe('fuzz: hostile uncertainties through Monte Carlo', { timeout: 120_000 }, () => {
  const num = fc.oneof(fc.double({ min: -10, max: 10, noNaN: true }), fc.constantFrom(-1e308, -1e6, -1, 0, 1e-300, 1, 1e6, 1e308));
  const distribution = fc.oneof(
    fc.tuple(num, num).map(([a, b]) => ({ kind: 'uniform', min: Math.min(a, b), max: Math.max(a, b) })),
    fc.tuple(num, num, num).map((xs) => xs.sort((a, b) => a - b)).map(([min, mode, max]) => ({ kind: 'triangular', min, mode, max })),
    fc.tuple(num, num).map(([mean, sd]) => ({ kind: 'normal', mean, sd: Math.abs(sd) })),
    fc.tuple(num, num).map(([mu, sigma]) => ({ kind: 'lognormal', mu, sigma: Math.abs(sigma) })),
  );
  const target = fc.constantFrom('outputScale', 'rampScale', 'startDelay', 'growthShift', 'survival', 'baselineGrowthShift');

  it('a file either fails validation with an issue at the distribution, or every draw is finite', async () => {
    let simulated = 0;
    await fc.assert(
      fc.asyncProperty(scenarioArb(), fc.array(fc.tuple(target, distribution), { minLength: 1, maxLength: 3 }), async (s, us) => {
        const doc = structuredClone(s) as any;
        doc.economy.uncertainties = us.map(([t, d], i) => ({ ...uncertainty(t, d), id: `u${i}` }));
        const v = validateScenario(doc);
        if (!v.ok) {
          for (const e of v.errors) expect(e.path).toMatch(/^\/economy\/uncertainties\/\d+\/distribution$/);
          return;
        }
        simulated++;
        const runner = await MonteCarloRunner.create(v.value, { draws: 16, seed: 7, sampling: 'lhs' });
        const acc = runner.newAccumulator();
        runner.runRange(0, 16, acc); // throws on a NaN measure
        expect(JSON.stringify(acc.toJSON())).not.toMatch(/NaN|Infinity|null/);
      }),
      { seed: 20261125, numRuns: 150 },
    );
    expect(simulated).toBeGreaterThan(10);
  });
});
