// pairsim montecarlo FILE --draws N --seed S [--workers K] [--shard i/n]: quantiles, loss
// probabilities and fan-chart data over the economy's uncertainties. A shard (or --state)
// also prints the exact mergeable state; `pairsim merge` combines shards into one result.
import { InThreadEvaluator, type Evaluator } from '../../analysis/evaluator.js';
import { nodePool } from '../../analysis/node-pool.js';
import { shardRange, summarizeMonteCarlo, type MonteCarloSummary } from '../../analysis/montecarlo.js';
import { MEASURES } from '../../analysis/measures.js';
import { CancelledError } from '../../analysis/errors.js';
import { EXIT, UsageError, formatOption, loadOne, parse, type Command } from '../common.js';
import { analysis, emit, numberOption, parseSets } from '../analysis-common.js';
import { withLevers } from '../../analysis/levers.js';
import { progressBar } from '../progress.js';
import { spec } from './specs.js';

export function summaryRows(s: MonteCarloSummary, fan: boolean): Record<string, unknown>[] {
  if (fan) return s.fan;
  return s.parties.flatMap((p) => MEASURES.map((m) => ({ party: p.party, measure: m, ...p.measures[m] })));
}

export function parseShard(value: string | undefined): [number, number] | null {
  if (value === undefined) return null;
  const m = /^(\d+)\/(\d+)$/.exec(value);
  if (!m) throw new UsageError(`--shard must look like i/n (e.g. 2/8); got "${value}"`);
  const i = Number(m[1]);
  const n = Number(m[2]);
  if (n < 1 || i < 1 || i > n) throw new UsageError(`--shard i/n needs 1 ≤ i ≤ n; got "${value}"`);
  return [i, n];
}

export const montecarloCommand: Command = {
  ...spec('montecarlo'),
  async run(argv, io) {
    const { positionals, values } = parse(
      argv,
      {
        draws: { type: 'string' }, seed: { type: 'string' }, sampling: { type: 'string' }, workers: { type: 'string' },
        shard: { type: 'string' }, state: { type: 'boolean' }, fan: { type: 'boolean' }, alpha: { type: 'string' },
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
    const shard = parseShard(values.shard);
    const path = positionals[0]!;
    const sets = parseSets(values.set);
    const scenario = await analysis(path, async () => withLevers(await loadOne(path), sets));
    const task = { kind: 'montecarlo' as const, scenario, config: { draws, seed, sampling, ...(alpha ? { alpha } : {}) } };
    if (!scenario.economy.uncertainties?.length)
      io.err(`pairsim montecarlo: ${path} declares no uncertainties; every draw is the scenario as written\n`);
    const range = shard ? shardRange(draws, shard[0], shard[1]) : undefined;
    const evaluator: Evaluator = workers >= 1 ? nodePool(workers) : new InThreadEvaluator();
    const bar = progressBar(io, 'montecarlo');
    const controller = new AbortController();
    const onSigint = () => controller.abort();
    process.once('SIGINT', onSigint);
    try {
      let acc;
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
      const keepState = Boolean(shard) || values.state === true;
      emit(io, format, keepState ? { summary, state: acc.toJSON() } : summary, () => summaryRows(summary, values.fan === true));
      return EXIT.ok;
    } finally {
      bar.stop();
      process.removeListener('SIGINT', onSigint);
      await evaluator.close();
    }
  },
};
