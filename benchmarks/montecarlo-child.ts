// Runs in a fresh process (spawned by benchmarks/analysis.ts) so its peak resident memory
// is the Monte Carlo study's own: the process's maxRSS covers the main thread and every
// worker thread of the pool. Prints one JSON line on stdout.
// Usage: tsx benchmarks/montecarlo-child.ts DRAWS REPEATS WORKERS|0 (0 = in-thread evaluator)
import { performance } from 'node:perf_hooks';
import { resourceUsage } from 'node:process';
import { loadBench } from './load.js';
import { median } from './timing.js';

interface Acc {
  header: { config: { draws: number } };
}
interface Evaluator {
  readonly name: string;
  run(task: unknown, options?: unknown): Promise<Acc>;
  close(): Promise<void>;
}

const [draws = 10_000, repeats = 3, workers = 2] = process.argv.slice(2).map(Number);
const engine = (await import('../engine/index.js')) as unknown as Record<string, unknown>;
const InThread = engine.InThreadEvaluator as (new () => Evaluator) | undefined;
const pool = (await import('../engine/analysis/node-pool.js').catch(() => null)) as { nodePool?: (n: number) => Evaluator } | null;

const { resolved } = await loadBench({ parties: 2 });
let rssPeak = 0;
const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 10);
const evaluator: Evaluator = workers > 0 && pool?.nodePool ? pool.nodePool(workers) : new InThread!();
const task = (n: number) => ({ kind: 'montecarlo', scenario: resolved, config: { draws: n, seed: 1, sampling: 'random' } });

// Warm-up: starts the workers (tsx in each) and lets the JIT settle.
let t = performance.now();
await evaluator.run(task(Math.min(1000, draws)));
const warmupMs = performance.now() - t;
const times: number[] = [];
const cpuTimes: number[] = [];
for (let k = 0; k < repeats; k++) {
  t = performance.now();
  // process.cpuUsage covers every thread of the process: the main thread and the workers.
  const u = process.cpuUsage();
  const acc = await evaluator.run(task(draws));
  times.push(performance.now() - t);
  const du = process.cpuUsage(u);
  cpuTimes.push((du.user + du.system) / 1000);
  if (acc.header.config.draws !== draws) throw new Error('wrong study size');
}
await evaluator.close();
clearInterval(sampler);
process.stdout.write(
  JSON.stringify({
    evaluator: evaluator.name,
    workers: workers > 0 && pool?.nodePool ? workers : 0,
    draws,
    medianMs: median(times),
    timesMs: times,
    cpuMedianMs: median(cpuTimes),
    warmupMs,
    // maxRSS is in kilobytes, for the whole process (all threads) since it started.
    peakRssMB: resourceUsage().maxRSS / 1024,
    sampledRssPeakMB: rssPeak / 2 ** 20,
  }) + '\n',
);
process.exit(0);
