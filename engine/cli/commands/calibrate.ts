// pairsim calibrate FILE [--observed OBS.csv] [--fit POINTER[=LO:HI]]… [--write OUT.json]:
// fit scenario numbers to observed figures and print before/after metrics and residuals.
import { writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { calibrate, calibratedScenario, defaultFitSpecs, type FitSpec } from '../../analysis/calibrate.js';
import { validateScenario } from '../../schema/validate.js';
import { EXIT, InputError, UsageError, formatOption, issueLine, loadOne, oneLine, parse, type Command } from '../common.js';
import { analysis, emit } from '../analysis-common.js';
import { loadObserved } from '../observed.js';
import { progressBar } from '../progress.js';
import { spec } from './specs.js';

/** --fit POINTER or POINTER=LO:HI. */
export function parseFit(v: string): FitSpec {
  const eq = v.lastIndexOf('=');
  if (eq < 0) return { path: v };
  const path = v.slice(0, eq);
  const range = v.slice(eq + 1).split(':');
  const [lo, hi] = range.map((x) => (x.trim() === '' ? NaN : Number(x)));
  if (range.length !== 2 || !Number.isFinite(lo) || !Number.isFinite(hi))
    throw new UsageError(`--fit ${v}: expected POINTER=LO:HI with two numbers, e.g. /economy/projects/0/steadyOutput/value=50:200`);
  if (!path.startsWith('/')) throw new UsageError(`--fit ${v}: the pointer must start with "/"`);
  return { path, lo: lo!, hi: hi! };
}

export const calibrateCommand: Command = {
  ...spec('calibrate'),
  async run(argv, io) {
    const { positionals, values } = parse(
      argv,
      { observed: { type: 'string' }, fit: { type: 'string', multiple: true }, write: { type: 'string' }, format: { type: 'string' } },
      this.usage,
    );
    if (positionals.length !== 1) throw new UsageError(`give exactly one scenario file\nusage: ${this.usage}`);
    const format = formatOption(values.format, ['json', 'csv'], 'json');
    const path = positionals[0]!;
    const given = (values.fit ?? []).map(parseFit);
    const scenario = await loadOne(path);
    const observed = await loadObserved(values.observed, scenario);
    if (!observed) throw new UsageError(`no observations: give --observed OBS.csv or an "observed" block in the scenario\nusage: ${this.usage}`);
    const bar = progressBar(io, 'calibrate');
    const result = await analysis(path, async () => {
      const defaults = given.length ? null : defaultFitSpecs(scenario, observed.points);
      const specs = given.length ? given : defaults!.specs;
      if (!specs.length)
        throw new InputError(`${path}: no parameter to fit by default for these observations${defaults!.warnings.length ? ` (${defaults!.warnings.join('; ')})` : ''}; give --fit POINTER[=LO:HI]`);
      try {
        const r = await calibrate(scenario, observed.points, specs, { onProgress: (d, t) => bar.update(d, t) });
        if (defaults) r.warnings.unshift(...defaults.warnings);
        return r;
      } finally {
        bar.stop();
      }
    });
    if (values.write !== undefined) {
      const doc = calibratedScenario(scenario, result, basename(observed.name), observed.points);
      // The written file must be one `pairsim validate` accepts: check before writing.
      const check = validateScenario(doc);
      if (!check.ok) throw new InputError(check.errors.map((e) => issueLine(values.write!, e)).join('\n'));
      try {
        await writeFile(values.write, JSON.stringify(doc, null, 2) + '\n');
      } catch (err) {
        throw new InputError(oneLine(`${values.write}: ${(err as Error).message}`));
      }
    }
    const { values: _values, ...json } = result;
    emit(io, format, { scenario: scenario.id, observed: observed.name, ...json, ...(values.write !== undefined ? { written: values.write } : {}) }, () =>
      result.residuals.map((r) => ({ ...r })),
    );
    return EXIT.ok;
  },
};
