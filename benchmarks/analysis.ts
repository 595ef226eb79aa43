// Analysis benchmarks (sweep, Monte Carlo), run only when engine/index.ts exports them:
// the analysis layer is written in parallel, so its absence gives null and a note.
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
    return { sweep101Ms: null as number | null, sweepNote: 'engine/index.ts does not export sweep and LeverModel (yet)' };
  const model = await LeverModel.create(bench.resolved, [SWEEP_LEVER], bench.compiled);
  const axes = [{ path: SWEEP_LEVER, from: 0, to: 1, steps: 101 }];
  const points = sweep(model, axes).points.length;
  const t = time(() => sweep(model, axes), { samples: quick ? 3 : 7, sampleMs: 0, warmupMs: quick ? 200 : 1000 });
  return {
    sweep101Ms: r3(t.medianMs) as number | null,
    sweepNote: `sweep(LeverModel over ${SWEEP_LEVER}, 0..1, 101 steps) → ${points} points; LeverModel.create excluded (once per scenario)`,
  };
}

export async function benchMonteCarlo(engine: Record<string, unknown>, quick: boolean) {
  void quick;
  const names = ['monteCarlo', 'runMonteCarlo', 'montecarlo'];
  const found = names.find((n) => typeof engine[n] === 'function');
  if (!found)
    return {
      montecarlo10kMs: null as number | null,
      montecarlo10kPeakMB: null as number | null,
      montecarloWorkers: null as number | null,
      montecarloNote: 'engine/index.ts does not export a Monte Carlo runner (yet)',
    };
  return {
    montecarlo10kMs: null as number | null,
    montecarlo10kPeakMB: null as number | null,
    montecarloWorkers: null as number | null,
    montecarloNote: `engine exports ${found}, but the benchmark does not drive it yet`,
  };
}
