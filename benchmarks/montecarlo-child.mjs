// Runs in a fresh plain-node process (spawned by benchmarks/analysis.ts) on the built engine
// (build/, as `npm ci` makes it: no TypeScript loader in the process or its workers), so its
// peak resident memory is the Monte Carlo study's own: the process's maxRSS covers the main
// thread and every worker thread of the pool. Prints one JSON line on stdout.
// Usage: node benchmarks/montecarlo-child.mjs DRAWS REPEATS WORKERS|0 (0 = in-thread evaluator)
import { performance } from 'node:perf_hooks';
import { resourceUsage } from 'node:process';
import { InThreadEvaluator } from '../build/index.mjs';
import { loadScenarioFile, nodePool } from '../build/node.mjs';

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const [draws = 10_000, repeats = 3, workers = 2] = process.argv.slice(2).map(Number);
const resolved = await loadScenarioFile('scenarios/bench/bench-2p-200x30.json');
let rssPeak = 0;
const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 10);
const evaluator = workers > 0 ? nodePool(workers) : new InThreadEvaluator();
const task = (n) => ({ kind: 'montecarlo', scenario: resolved, config: { draws: n, seed: 1, sampling: 'random' } });

// Warm-up: starts the workers and lets the JIT settle.
let t = performance.now();
await evaluator.run(task(Math.min(1000, draws)));
const warmupMs = performance.now() - t;
const times = [];
const cpuTimes = [];
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
    workers,
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
