// Uncertainties act together (scales multiply, delays and shifts add): validation bounds the
// combination per project and refuses a project listed twice, so the stacked files of the
// hostile campaign exit 1 with a pointer instead of NaN in Monte Carlo (exit 3) or a silent
// zero in a Sobol analysis.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../engine/cli/main.js';
import { UNCERTAINTY_LIMITS, validateDocument } from '../../engine/schema/validate.js';
import { readJson } from '../helpers.js';
import { checkFiniteDraw, type Dimension } from '../../engine/analysis/uncertainty.js';
import { AnalysisError } from '../../engine/analysis/errors.js';

const fixture = async () => structuredClone((await readJson('test/fixtures/two-project.json')) as any);
const u = (id: string, target: string, distribution: unknown, extra: object = {}) => ({ id, label: { zh: id, en: id }, target, distribution, assumption: 'hostile test', ...extra });
const dir = mkdtempSync(join(tmpdir(), 'pairsim-combined-'));

/** The three stacked files of the campaign. */
const STACKED: [string, () => unknown[], string, RegExp][] = [
  ['a project listed 120 times', () => [u('dup', 'outputScale', { kind: 'uniform', min: 0.5, max: 2 }, { projects: Array(120).fill('P1') })], '/economy/uncertainties/0/projects/1', /project "P1" is listed twice/],
  ['120 stacked outputScale uncertainties', () => Array.from({ length: 120 }, (_, i) => u(`s${i}`, 'outputScale', { kind: 'uniform', min: 0.5, max: 2 })), '/economy/uncertainties/9/distribution', /together, uncertainties 0, 1, .*, 9 can scale project "P1"'s outputScale by 1\.02e\+3; the combined scale must not exceed 1000/],
  ['two growth shifts of −1…−0.9 and a fractional start delay', () => [u('g1', 'growthShift', { kind: 'uniform', min: -1, max: -0.9 }), u('g2', 'growthShift', { kind: 'uniform', min: -1, max: -0.9 }), u('d', 'startDelay', { kind: 'uniform', min: 0.5, max: 0.7 })], '/economy/uncertainties/1/distribution', /together, uncertainties 0, 1 can shift project "P1"'s growth by -2\.000; the combined shift must stay within \[-1, 1\]/],
];

describe('combined uncertainty bounds', () => {
  it.each(STACKED)('%s is refused with a pointer and the arithmetic', async (_name, make, path, message) => {
    const doc = await fixture();
    doc.economy.uncertainties = make();
    const issues = validateDocument(doc);
    expect(issues.find((i) => i.path === path)?.message, JSON.stringify(issues.slice(0, 3))).toMatch(message);
  });

  it('accepts combinations within the bounds (and counts each project once per uncertainty)', async () => {
    const doc = await fixture();
    // 9 scales up to 2: 2^9 = 512 ≤ 1000; shifts −0.4 + −0.4 ≥ −1; delays 40 + 40 ≤ 100.
    doc.economy.uncertainties = [
      ...Array.from({ length: 9 }, (_, i) => u(`s${i}`, 'outputScale', { kind: 'uniform', min: 0.5, max: 2 })),
      u('g1', 'growthShift', { kind: 'uniform', min: -0.4, max: 0.1 }),
      u('g2', 'growthShift', { kind: 'uniform', min: -0.4, max: 0.1 }),
      u('d1', 'startDelay', { kind: 'uniform', min: 0, max: 40 }),
      u('d2', 'startDelay', { kind: 'uniform', min: 0, max: 40 }, { projects: ['P1'] }),
    ];
    expect(validateDocument(doc)).toEqual([]);
    // One more scale of 2 crosses 1000 (2^10 = 1024) for both projects.
    doc.economy.uncertainties.push(u('s9', 'outputScale', { kind: 'uniform', min: 0.5, max: 2 }));
    expect(validateDocument(doc).map((i) => i.path)).toEqual(['/economy/uncertainties/13/distribution', '/economy/uncertainties/13/distribution']);
    expect(UNCERTAINTY_LIMITS.scale).toBe(1000);
  });

  it.each(STACKED)('pairsim montecarlo and sensitivity --sobol on %s exit 1 with the pointer', async (name, make, path) => {
    const doc = await fixture();
    doc.economy.uncertainties = make();
    const file = join(dir, `${name.replace(/\W+/g, '-')}.json`);
    writeFileSync(file, JSON.stringify(doc));
    for (const args of [['montecarlo', file, '--draws', '50'], ['sensitivity', file, '--sobol', '64']]) {
      let err = '';
      const code = await main(args, { out: () => {}, err: (t) => void (err += t), errIsTty: false });
      expect(code, `${args[0]}: ${err}`).toBe(1);
      expect(err).toContain(`${file}: ${path}: `);
      expect(err).not.toMatch(/internal error|NaN/);
    }
  });
});

describe('backstop: a non-finite result of a draw is an input error naming the uncertainties', () => {
  const dims = [{ id: 'growth' }, { id: 'delay:P1' }] as unknown as Dimension[];
  it('passes finite results and names every uncertainty with its drawn value otherwise', () => {
    expect(() => checkFiniteDraw(Float64Array.of(1, -2, 0), dims, [0.1, 2], 'draw 7')).not.toThrow();
    for (const bad of [NaN, Infinity, -Infinity]) {
      const err = (() => {
        try {
          checkFiniteDraw(Float64Array.of(1, bad), dims, [-1.5, 0.5], 'draw 7');
        } catch (e) {
          return e;
        }
        return null;
      })();
      expect(err).toBeInstanceOf(AnalysisError);
      expect((err as Error).message).toMatch(/^\/economy\/uncertainties: draw 7 gives a result that is not a finite number with growth = -1\.5, delay:P1 = 0\.5;/);
    }
  });
});
