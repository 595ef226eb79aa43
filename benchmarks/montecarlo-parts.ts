// CPU per Monte Carlo draw by part, in one process: for blocks of 100 draws, the CPU time of
// drawing the uniforms and values, of applying them (parameters, baseline, refill of both
// worlds), of running both worlds (kernel and measures) and of whole draws through runRange;
// the accumulation (exact sums, sketches, fan) is the whole minus the parts. Prints the medians
// over the blocks as one JSON line (µs per draw). CPU time is the process's (one thread here).
// Usage: npx tsx benchmarks/montecarlo-parts.ts [SCENARIO] [BLOCKS]
import { loadScenarioFile } from '../engine/node.js';
import { MonteCarloRunner } from '../engine/analysis/montecarlo.js';
import { Evaluation } from '../engine/analysis/measures.js';
import { cpuUsage } from 'node:process';
const file = process.argv[2] ?? 'scenarios/bench/bench-2p-200x30.json';
const blocks = Number(process.argv[3] ?? 30);
const B = 100;
const s = await loadScenarioFile(file);
const r = await MonteCarloRunner.create(s, { draws: 1_000_000, seed: 1 });
// The runner's one-hot row plan (private): the run part uses it as runRange does.
const R = r as unknown as { oneHot: Parameters<Evaluation['run']>[3] };
const cpu = () => { const u = cpuUsage(); return u.user + u.system; };
const D = r.applier.dims.length;
const N = r.header.parties.length;
const u = new Float64Array(D);
const v = new Float64Array(D);
const ev = new Evaluation(N, r.header.years);
const buf = new Float64Array(N * 12);
const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const res: Record<string, number[]> = { draws: [], apply: [], run: [], whole: [] };
let k = 0;
for (let b = 0; b < blocks + 3; b++) {
  let t = cpu();
  for (let i = 0; i < B; i++) r.applier.valuesAt(r.uniforms(k + i, u), v);
  let t2 = cpu(); const a = t2 - t; t = t2;
  for (let i = 0; i < B; i++) { r.applier.valuesAt(r.uniforms(k + i, u), v); r.applier.apply(v, i > 0); }
  t2 = cpu(); const ap = t2 - t - a; t = t2;
  for (let i = 0; i < B; i++) ev.run(r.compiled, buf, false, R.oneHot);
  t2 = cpu(); const ru = t2 - t; t = t2;
  r.runRange(k, k + B, r.newAccumulator());
  t2 = cpu(); const wh = t2 - t;
  if (b >= 3) { res.draws!.push(a / B); res.apply!.push(ap / B); res.run!.push(ru / B); res.whole!.push(wh / B); }
  k += B;
}
const m = Object.fromEntries(Object.entries(res).map(([k, v]) => [k, +med(v).toFixed(1)]));
m.accumulate = +(m.whole! - m.draws! - m.apply! - m.run!).toFixed(1);
console.log(JSON.stringify(m));
