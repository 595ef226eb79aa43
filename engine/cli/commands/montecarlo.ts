// pairsim montecarlo FILE --draws N --seed S [--workers K] [--shard i/n|auto]: quantiles, loss
// probabilities and fan-chart data over the economy's uncertainties. A shard (or --state)
// also prints the exact mergeable state; `pairsim merge` combines shards into one result.
// Under a scheduler: --shard auto, --out FILE (atomic), --resume (docs/scale-out.md).
import { InThreadEvaluator, type Evaluator } from '../../analysis/evaluator.js';
import { nodePool } from '../../analysis/node-pool.js';
import { MonteCarloRunner, shardRange, summarizeMonteCarlo, type MonteCarloAccumulator, type MonteCarloSummary } from '../../analysis/montecarlo.js';
import { MEASURES } from '../../analysis/measures.js';
import { CancelledError } from '../../analysis/errors.js';
import { EXIT, InputError, UsageError, formatOption, loadOne, parse, type Command } from '../common.js';
import { analysis, emit, numberOption, parseSets } from '../analysis-common.js';
import { withLevers } from '../../analysis/levers.js';
import { progressBar } from '../progress.js';
import { spec } from './specs.js';
import { resolveShard, resumeProblem, writeAtomic } from '../scale-out.js';

export { parseShard } from '../scale-out.js';

export function summaryRows(s: MonteCarloSummary, fan: boolean): Record<string, unknown>[] {
  if (fan) return s.fan;
  return s.parties.flatMap((p) => MEASURES.map((m) => ({ party: p.party, measure: m, ...p.measures[m] })));
}

export const montecarloCommand: Command = {
  ...spec('montecarlo'),
  async run(argv, io) {
    const { positionals, values } = parse(
      argv,
      {
        draws: { type: 'string' }, seed: { type: 'string' }, sampling: { type: 'string' }, workers: { type: 'string' },
        shard: { type: 'string' }, shards: { type: 'string' }, out: { type: 'string' }, resume: { type: 'boolean' }, state: { type: 'boolean' }, fan: { type: 'boolean' }, alpha: { type: 'string' },
        chunk: { type: 'string' }, format: { type: 'string' },
        set: { type: 'string', multiple: true },
      },
      this.usage,
    );
    if (positionals.length !== 1) throw new UsageError(`give exactly one scenario file\nusage: ${this.usage}`);
    const format = formatOption(values.format, ['json', 'csv'], 'json');
    const sampling = formatOption(values.sampling, ['random', 'lhs'], 'random') as 'random' | 'lhs';
    const draws = numberOption('draws', values.draws, { integer: true, min: 1, max: 1e10 }) ?? 1000;
    const seed = numberOption('seed', values.seed, { integer: true, min: 0, max: Number.MAX_SAFE_INTEGER }) ?? 1;
    const workers = numberOption('workers', values.workers, { integer: true, min: 0, max: 256 }) ?? 0;
    const alpha = numberOption('alpha', values.alpha, { min: 1e-3, max: 0.1 });
    const chunkSize = numberOption('chunk', values.chunk, { integer: true, min: 1, max: 1e7 });
    const shard = resolveShard(values.shard, values.shards, io.env ?? process.env);
    if (values.resume && !values.out) throw new UsageError('--resume needs --out FILE (the output it checks)');
    if (values.resume && format !== 'json') throw new UsageError('--resume needs --format json (the output must hold the mergeable state)');
    const path = positionals[0]!;
    const sets = parseSets(values.set);
    const scenario = await analysis(path, async () => withLevers(await loadOne(path), sets));
    const task = { kind: 'montecarlo' as const, scenario, config: { draws, seed, sampling, ...(alpha ? { alpha } : {}) } };
    if (!scenario.economy.uncertainties?.length)
      io.err(`pairsim montecarlo: ${path} declares no uncertainties; every draw is the scenario as written\n`);
    const range = shard ? shardRange(draws, shard[0], shard[1]) : undefined;
    if (values.resume) {
      const { header } = await analysis(path, () => MonteCarloRunner.create(scenario, task.config));
      const problem = await resumeProblem(values.out!, header, range ?? [0, header.config.draws]);
      const which = shard ? `shard ${shard[0]}/${shard[1]}` : 'the study';
      if (!problem) {
        io.err(`pairsim montecarlo: ${values.out} already holds ${which}; skipped (--resume)\n`);
        return EXIT.ok;
      }
      if (problem !== 'no output yet') io.err(`pairsim montecarlo: ${values.out} is redone: ${problem}\n`);
    }
    const evaluator: Evaluator = workers >= 1 ? nodePool(workers) : new InThreadEvaluator();
    const bar = progressBar(io, 'montecarlo');
    const controller = new AbortController();
    const onSigint = () => controller.abort();
    process.once('SIGINT', onSigint);
    try {
      let acc: MonteCarloAccumulator;
      try {
        acc = await analysis(path, () =>
          evaluator.run(task, { range, signal: controller.signal, onProgress: (d, t) => bar.update(d, t), ...(chunkSize ? { chunkSize } : {}) }),
        );
      } catch (err) {
        if (!(err instanceof CancelledError)) throw err;
        bar.stop();
        io.err('pairsim montecarlo: cancelled\n');
        return 130;
      }
      bar.stop();
      const summary = summarizeMonteCarlo(acc);
      const keepState = Boolean(shard) || values.state === true || values.resume === true;
      let text = '';
      emit(values.out ? { ...io, out: (t) => void (text += t) } : io, format, keepState ? { summary, state: acc.toJSON() } : summary, () => summaryRows(summary, values.fan === true));
      if (values.out)
        await writeAtomic(values.out, text).catch((err: Error) => {
          throw new InputError(`cannot write ${values.out}: ${err.message.split('\n')[0]}`);
        });
      return EXIT.ok;
    } finally {
      bar.stop();
      process.removeListener('SIGINT', onSigint);
      await evaluator.close();
    }
  },
};
