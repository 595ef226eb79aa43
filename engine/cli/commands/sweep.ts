// pairsim sweep FILE --lever PATH --from A --to B --steps N: each party's gains versus no
// deal at every point of a grid of one lever (or two, with --lever2/--from2/--to2/--steps2).
import { LeverModel, defaultLever, withLevers } from '../../analysis/levers.js';
import { planSweep, sweepPointRows, type SweepAxis } from '../../analysis/sweep.js';
import { MEASURE_LABELS } from '../../analysis/measures.js';
import { EXIT, UsageError, formatOption, loadOne, parse, type Command } from '../common.js';
import { analysis, numberOption, parseSets } from '../analysis-common.js';
import { writeOutput, writeCsvRows, writeJsonWithList } from '../output.js';
import { progressBar } from '../progress.js';
import { spec } from './specs.js';

export const sweepCommand: Command = {
  ...spec('sweep'),
  async run(argv, io) {
    const { positionals, values } = parse(
      argv,
      {
        lever: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, steps: { type: 'string' },
        lever2: { type: 'string' }, from2: { type: 'string' }, to2: { type: 'string' }, steps2: { type: 'string' },
        format: { type: 'string' },
        out: { type: 'string' },
        set: { type: 'string', multiple: true },
      },
      this.usage,
    );
    if (positionals.length !== 1) throw new UsageError(`give exactly one scenario file\nusage: ${this.usage}`);
    const format = formatOption(values.format, ['json', 'csv'], 'json');
    const path = positionals[0]!;
    const steps = numberOption('steps', values.steps, { integer: true, min: 1, max: 100_000 }) ?? 11;
    const steps2 = numberOption('steps2', values.steps2, { integer: true, min: 1, max: 100_000 }) ?? 11;
    if (steps * (values.lever2 ? steps2 : 1) > 1_000_000) throw new UsageError(`--steps ${steps} × --steps2 ${steps2} = ${steps * steps2} sweep points; at most 1000000`);
    const from = numberOption('from', values.from);
    const to = numberOption('to', values.to);
    const from2 = numberOption('from2', values.from2);
    const to2 = numberOption('to2', values.to2);
    if (!values.lever2 && (values.from2 ?? values.to2 ?? values.steps2) !== undefined)
      throw new UsageError('--from2/--to2/--steps2 need --lever2');
    const sets = parseSets(values.set);
    const scenario = await analysis(path, async () => withLevers(await loadOne(path), sets));
    const bar = progressBar(io, 'sweep');
    const plan = await analysis(path, async () => {
      const paths = [values.lever ?? defaultLever(scenario), ...(values.lever2 ? [values.lever2] : [])];
      const model = await LeverModel.create(scenario, paths);
      const axis = (i: number, a: number | undefined, b: number | undefined, n: number): SweepAxis => {
        const l = model.levers[i]!;
        const lo = a ?? l.min;
        const hi = b ?? l.max;
        if (lo === undefined || hi === undefined)
          throw new UsageError(`lever "${l.path}" has no natural range; give --from${i ? '2' : ''} and --to${i ? '2' : ''}`);
        return { path: l.path, from: lo, to: hi, steps: n };
      };
      return planSweep(model, [axis(0, from, to, steps), ...(values.lever2 ? [axis(1, from2, to2, steps2)] : [])]);
    });
    // Points are written as they are computed (JSON or CSV alike), so a grid of a million
    // points (gigabytes of text) runs in the memory of one point and one output buffer.
    try {
      await writeOutput(io, values.out, (out) =>
        analysis(path, async () => {
          const points = plan.points((d, t) => bar.update(d, t));
          if (format === 'json') await writeJsonWithList(out, { scenario: scenario.id, units: MEASURE_LABELS, levers: plan.levers, measures: plan.measures }, 'points', points);
          else await writeCsvRows(out, (function* () { for (const pt of points) yield sweepPointRows(plan.levers, pt); })());
        }),
      );
    } finally {
      bar.stop();
    }
    return EXIT.ok;
  },
};
