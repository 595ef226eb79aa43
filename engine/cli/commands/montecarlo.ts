// pairsim montecarlo FILE --draws N --seed S [--workers K] [--shard i/n|auto]: quantiles, loss
// probabilities and fan-chart data over the economy's uncertainties. A shard (or --state)
// also prints the exact mergeable state; `pairsim merge` combines shards into one result.
// Under a scheduler: --shard auto, --out FILE (atomic), --resume (docs/scale-out.md).
// Sharing rules are evaluated under the CLI's hard deadline (--timeout, engine/cli/deadline.ts),
// in this command's worker thread and in each pool worker (--workers) it starts.
import { InThreadEvaluator, type Evaluator } from '../../analysis/evaluator.js';
import { nodePool, poolMemoryProblem } from '../../analysis/node-pool.js';
import { MonteCarloRunner, shardRange, summarizeMonteCarlo, type MonteCarloAccumulator, type MonteCarloSummary } from '../../analysis/montecarlo.js';
import { MEASURES } from '../../analysis/measures.js';
import { CancelledError } from '../../analysis/errors.js';
import { EXIT, InputError, UsageError, formatOption, loadOne, parse, type Command, type Io } from '../common.js';
import { analysis, emit, numberOption, parseSets } from '../analysis-common.js';
import { withLevers } from '../../analysis/levers.js';
import { progressBar } from '../progress.js';
import { spec } from './specs.js';
import { resolveShard, resumeProblem, writeAtomic } from '../scale-out.js';

export { parseShard } from '../scale-out.js';

/**
 * Once a run has drawn for a second, if it still has more than a minute to go, say on stderr
 * how long (at the rate so far) and how to stop or split it. On a terminal the progress bar
 * shows the same, so only for logs and pipes.
 */
function longRunNotice(io: Io, workers: number): (done: number, total: number, started: number) => void {
  let said = io.errIsTty;
  return (done, total, started) => {
    if (said || !started || done >= total) return;
    const ms = Date.now() - started;
    if (ms < 1000) return;
    said = true;
    const perSecond = (done / ms) * 1000;
    const left = (total - done) / perSecond;
    if (left < 60) return;
    const where = workers >= 1 ? `${workers} worker thread${workers > 1 ? 's' : ''}` : 'this thread';
    io.err(
      `pairsim montecarlo: ${total} draws at ${Math.round(perSecond)} draws/s on ${where} take about ${duration(left)} more; ` +
        'Ctrl-C stops the run; --shard i/n splits a study over processes or machines (docs/scale-out.md)\n',
    );
  };
}

function duration(seconds: number): string {
  if (seconds < 120) return `${Math.round(seconds)} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} minutes`;
  if (seconds < 172_800) return `${Math.round(seconds / 3600)} hours`;
  if (seconds < 63_072_000) return `${Math.round(seconds / 86_400)} days`;
  return `${Math.round(seconds / 31_557_600)} years`;
}

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
    // A pool that cannot fit in memory is refused before anything starts, with the arithmetic.
    const tooBig = workers >= 1 ? poolMemoryProblem(workers) : null;
    if (tooBig) throw new UsageError(`--workers: ${tooBig}`);
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
    // From `pairsim`, this runs in the command's worker thread (engine/cli/isolate.ts): Ctrl-C
    // reaches the main thread, which terminates this thread and its pool workers at once and
    // prints the same `cancelled` line. Run in-process (main() called directly), Ctrl-C is taken
    // over only once the draws run (onStarted): from then on the evaluator sees the abort within
    // ~50 ms of work (workers are terminated at once). Before that, loading and compiling keep
    // Node's own Ctrl-C, which ends even a step that cannot be interrupted.
    let started = 0;
    const onStarted = () => {
      started = Date.now();
      process.once('SIGINT', onSigint);
    };
    const estimate = longRunNotice(io, workers);
    const onProgress = (done: number, total: number) => {
      bar.update(done, total);
      estimate(done, total, started);
    };
    try {
      let acc: MonteCarloAccumulator;
      try {
        acc = await analysis(path, () =>
          evaluator.run(task, { range, signal: controller.signal, onStarted, onProgress, ...(chunkSize ? { chunkSize } : {}) }),
        );
      } catch (err) {
        if (!(err instanceof CancelledError)) throw err;
        bar.stop();
        io.err('pairsim montecarlo: cancelled (Ctrl-C); nothing was written\n');
        return 130;
      }
      bar.stop();
      const summary = summarizeMonteCarlo(acc);
      const keepState = Boolean(shard) || values.state === true || values.resume === true;
      let text = '';
      emit(values.out ? { ...io, out: (t) => void (text += t) } : io, format, keepState ? { summary, state: acc.toJSON() } : summary, () => summaryRows(summary, values.fan === true));
      if (values.out)
        await writeAtomic(values.out, text, io.temporary).catch((err: Error) => {
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
