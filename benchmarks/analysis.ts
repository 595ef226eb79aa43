// Analysis benchmarks (sweep, Monte Carlo), run only when engine/index.ts exports them:
// the analysis layer is written in parallel, so its absence gives null and a note.
import { execFileSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { time } from './timing.js';
import type { BenchScenario } from './load.js';

/** The tax share swept: the origin's tax share of the "joint" category (a fixed rule with phases). */
export const SWEEP_LEVER = '/policy/rules/joint/tax/originShare/value';

type SweepFn = (model: unknown, axes: { path: string; from: number; to: number; steps: number }[]) => { points: unknown[] };
type LeverModelClass = { create(s: unknown, paths: string[], compiled?: unknown): Promise<unknown> };

const r3 = (x: number) => Number(x.toPrecision(4));

export async function benchSweep(engine: Record<string, unknown>, bench: BenchScenario, quick: boolean) {
  const sweep = engine.sweep as SweepFn | undefined;
  const LeverModel = engine.LeverModel as LeverModelClass | undefined;
  if (typeof sweep !== 'function' || !LeverModel || typeof LeverModel.create !== 'function')
    return { sweep101Ms: null as number | null, sweep101WallMs: null as number | null, sweepNote: 'engine/index.ts does not export sweep and LeverModel (yet)' };
  const model = await LeverModel.create(bench.resolved, [SWEEP_LEVER], bench.compiled);
  const axes = [{ path: SWEEP_LEVER, from: 0, to: 1, steps: 101 }];
  const points = sweep(model, axes).points.length;
  const t = time(() => sweep(model, axes), { samples: quick ? 1 : 7, sampleMs: 0, warmupMs: quick ? 0 : 1000 });
  return {
    sweep101Ms: r3(t.cpuMedianMs ?? t.medianMs) as number | null,
    sweep101WallMs: r3(t.medianMs) as number | null,
    sweepNote: `sweep(LeverModel over ${SWEEP_LEVER}, 0..1, 101 steps) → ${points} points; LeverModel.create excluded (once per scenario)`,
  };
}

/**
 * Monte Carlo: 10 000 draws over the generated scenario's five uncertainties with the Node
 * worker pool (engine/analysis/node-pool.ts), in a fresh child process so that its peak
 * resident memory is the study's own. Quick runs do 1 000 draws and leave the 10k figure null.
 */
export async function benchMonteCarlo(engine: Record<string, unknown>, quick: boolean) {
  const none = (note: string) => ({
    montecarlo10kMs: null as number | null,
    montecarlo10kPeakMB: null as number | null,
    montecarloWorkers: null as number | null,
    montecarloNote: note,
    montecarlo: null as unknown,
  });
  if (typeof engine.MonteCarloRunner !== 'function' || typeof engine.InThreadEvaluator !== 'function')
    return none('engine/index.ts does not export MonteCarloRunner and an evaluator (yet)');
  if (quick) return none('skipped in quick runs (the worker pool alone takes ~15 s to start here); run the full benchmark');
  const workers = availableParallelism();
  const draws = 10_000;
  const repeats = 3;
  let out: string;
  try {
    out = execFileSync(process.execPath, ['benchmarks/montecarlo-child.mjs', String(draws), String(repeats), String(workers)], {
      encoding: 'utf8',
      env: { ...process.env, NODE_OPTIONS: '' },
      stdio: ['ignore', 'pipe', 'inherit'],
      timeout: 15 * 60_000,
    });
  } catch (err) {
    return none(`the Monte Carlo child failed: ${(err as Error).message.split('\n')[0]}`);
  }
  const r = JSON.parse(out.trim().split('\n').pop()!) as {
    evaluator: string; workers: number; draws: number; medianMs: number; timesMs: number[]; cpuMedianMs: number; warmupMs: number; peakRssMB: number;
  };
  const figures = {
    evaluator: r.evaluator,
    draws: r.draws,
    repeats,
    medianMs: r3(r.medianMs),
    timesMs: r.timesMs.map(r3),
    msPerDraw: r3(r.medianMs / r.draws),
    // CPU of all threads together: what the study costs, whatever else the machine is doing.
    cpuMs: r3(r.cpuMedianMs),
    cpuMsPerDraw: r3(r.cpuMedianMs / r.draws),
    warmupMs: r3(r.warmupMs),
    peakRssMB: r3(r.peakRssMB),
  };
  return {
    montecarlo10kMs: r3(r.medianMs) as number | null,
    montecarlo10kPeakMB: r3(r.peakRssMB) as number | null,
    montecarloWorkers: r.workers as number | null,
    montecarloNote: `${r.draws} draws, seed 1, random sampling, ${r.evaluator}; median of ${repeats} runs after a 1000-draw warm-up that starts the workers. Peak MB = maxRSS of the child process (main thread + workers, each isolate loading the built engine bundle; no TypeScript loader).`,
    montecarlo: figures as unknown,
  };
}
