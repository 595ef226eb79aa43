// Robustness of a split: over Monte Carlo draws of the uncertainties, the probability that each
// lever value is inside the zone of possible agreement (every party gains), and each party's
// probability of gaining. Uses the fast lever path on the drawn compiled scenario.
import type { ResolvedScenario } from '../schema/scenario.js';
import { LeverModel } from './levers.js';
import { MonteCarloRunner, type Sampling } from './montecarlo.js';
import { Evaluation, M, MEASURE_INDEX } from './measures.js';
import { gridValues } from './sweep.js';
import { AnalysisError } from './errors.js';

export interface RobustZopa {
  lever: string;
  draws: number;
  seed: number;
  sampling: Sampling;
  parties: string[];
  /** Lever values of the grid. */
  xs: number[];
  /** [k] share of draws in which every party's discounted net fiscal gain is ≥ 0 at xs[k]. */
  probAllGain: number[];
  /** [party][k] share of draws in which the party's gain is ≥ 0 at xs[k]. */
  probGain: number[][];
  /** The lever value with the highest probAllGain (first on ties). */
  mostRobust: { x: number; probAllGain: number };
}

export async function robustZopa(
  s: ResolvedScenario,
  path: string,
  options: { draws: number; seed: number; sampling?: Sampling; from?: number; to?: number; steps?: number; onProgress?: (done: number, total: number) => void },
): Promise<RobustZopa> {
  const runner = await MonteCarloRunner.create(s, { draws: options.draws, seed: options.seed, sampling: options.sampling ?? 'random' });
  // The lever model patches the runner's compiled scenario, whose level tables each draw refills.
  const model = await LeverModel.create(s, [path], runner.compiled);
  if (!model.fastPath)
    throw new AnalysisError(`robustness over draws needs a share or discount-rate lever (one that does not rebuild the scenario); got "${model.levers[0]!.path}"`);
  const lever = model.levers[0]!;
  const from = options.from ?? lever.min;
  const to = options.to ?? lever.max;
  if (from === undefined || to === undefined) throw new AnalysisError(`lever "${lever.path}" has no natural range; give --from and --to`);
  const xs = gridValues(from, to, options.steps ?? 21);
  const N = runner.compiled.parties.length;
  const K = xs.length;
  const ev = new Evaluation(N, runner.compiled.years);
  const buf = new Float64Array(N * M);
  const net = MEASURE_INDEX.netFiscalPV;
  const all = new Float64Array(K);
  const each = Array.from({ length: N }, () => new Float64Array(K));
  const D = runner.header.config.draws;
  for (let i = 0; i < D; i++) {
    runner.applyDraw(i);
    for (let k = 0; k < K; k++) {
      ev.run(model.compiledAt([xs[k]!]), buf, k > 0);
      let everyone = true;
      for (let n = 0; n < N; n++) {
        if (buf[n * M + net]! >= 0) each[n]![k]!++;
        else everyone = false;
      }
      if (everyone) all[k]!++;
    }
    if ((i + 1) % 64 === 0 || i + 1 === D) options.onProgress?.(i + 1, D);
  }
  runner.applier.reset();
  const probAllGain = Array.from(all, (c) => c / D);
  let best = 0;
  for (let k = 1; k < K; k++) if (probAllGain[k]! > probAllGain[best]!) best = k;
  return {
    lever: lever.path,
    draws: D,
    seed: options.seed,
    sampling: runner.header.config.sampling,
    parties: runner.header.parties,
    xs,
    probAllGain,
    probGain: each.map((a) => Array.from(a, (c) => c / D)),
    mostRobust: { x: xs[best]!, probAllGain: probAllGain[best]! },
  };
}
