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
