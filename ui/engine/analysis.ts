// Negotiation and uncertainty answers for the page, computed in the worker with the engine's
// analysis layer (sweep, bargain, Monte Carlo, tornado) and reduced to plain data.
import {
  AnalysisError,
  CancelledError,
  InThreadEvaluator,
  LeverModel,
  bargain,
  sensitivity,
  summarizeMonteCarlo,
  sweep,
  webPool,
  type MonteCarloAccumulator,
  type ResolvedScenario,
} from '../../engine/index.js';
import type { NegotiationAnswer, ProgressCallback, UncertaintyResult } from '../protocol.js';

/** Whether this environment can start module workers (browsers; not Node, where the tests run in-thread). */
const canPool = () => typeof Worker !== 'undefined';

/** A Monte Carlo web worker: the engine's analysis-worker.ts, serving the pool over comlink. */
const startWorker = () =>
  new Worker(new URL('../../engine/analysis/analysis-worker.ts', import.meta.url), { type: 'module', name: 'pairing-montecarlo' });

/**
 * How many Monte Carlo workers: every core on a machine of one or two (while the draws run the
 * engine worker only waits and the page is idle, so leaving a core to them would halve the
 * speed for nothing), otherwise one core left for the page and the engine worker; at most four.
 */
export function montecarloWorkers(cores: number): number {
  const n = Number.isInteger(cores) && cores >= 1 ? cores : 2;
  return Math.min(4, n <= 2 ? n : n - 1);
}

function montecarloPool() {
  return webPool(startWorker, montecarloWorkers(typeof navigator !== 'undefined' ? navigator.hardwareConcurrency : 2));
}

/** From this many draws the study runs in the pool of Monte Carlo workers (below, starting them costs more than it saves). */
export const POOL_FROM = 2000;

/** Grid of the negotiation sweep: 101 points, so a lever step of 1/100 of the range lands on a grid point. */
export const SWEEP_STEPS = 101;
export const MAX_DRAWS = 200_000;

export async function negotiate(s: ResolvedScenario, leverPath: string): Promise<NegotiationAnswer> {
  const model = await LeverModel.create(s, [leverPath]);
  const lever = model.levers[0]!;
  if (lever.min === undefined || lever.max === undefined) throw new AnalysisError(`lever "${leverPath}" has no natural range`);
  const [from, to] = [lever.min, lever.max];
  const swept = sweep(model, [{ path: lever.path, from, to, steps: SWEEP_STEPS }]);
  const b = bargain(model);
  const points: NegotiationAnswer['points'] = [];
  if (b.equalGain) points.push({ rule: 'equalGain', x: b.equalGain.x, gains: b.equalGain.gains });
  if (b.nash) points.push({ rule: 'nash', x: b.nash.x, gains: b.nash.gains });
  if (b.kalaiSmorodinsky) points.push({ rule: 'kalaiSmorodinsky', x: b.kalaiSmorodinsky.x, gains: b.kalaiSmorodinsky.gains });
  if (b.costProportional) points.push({ rule: 'costProportional', x: b.costProportional.x, gains: b.costProportional.gains });
  return {
    lever: { path: lever.path, kind: lever.kind, domain: [from, to], current: b.lever.current },
    parties: b.parties,
    xs: swept.points.map((p) => p.values[0]!),
    gains: swept.points.map((p) => p.parties.map((q) => q.netFiscalPV)),
    zopa: b.zopa?.intervals ?? [],
    ...(b.noZopa ? { noZopa: b.noZopa } : {}),
    points,
    ...(b.shapley ? { shapley: b.shapley } : {}),
    ...(b.core ? { inCore: b.core.inCore } : {}),
  };
}

export async function uncertainty(
  s: ResolvedScenario,
  draws: number,
  seed: number,
  signal: AbortSignal,
  onProgress: ProgressCallback,
): Promise<UncertaintyResult> {
  if (!Number.isInteger(draws) || draws < 10 || draws > MAX_DRAWS)
    return { ok: false, cancelled: false, issues: [{ path: '', message: `draws must be a whole number in 10..${MAX_DRAWS}` }] };
  try {
    // Large studies go to a pool of module web workers behind the same Evaluator interface, so
    // the engine worker stays free to answer lever moves; small ones run here in chunks.
    const evaluator = canPool() && draws >= POOL_FROM ? montecarloPool() : new InThreadEvaluator();
    let acc: MonteCarloAccumulator;
    try {
      acc = await evaluator.run(
        { kind: 'montecarlo', scenario: s, config: { draws, seed, sampling: 'lhs' } },
        { signal, onProgress: (done, total) => void onProgress(done, total), chunkSize: Math.max(10, Math.ceil(draws / 50)) },
      );
    } finally {
      await evaluator.close();
    }
    const summary = summarizeMonteCarlo(acc);
    if (signal.aborted) throw new CancelledError();
    const sens = await sensitivity(s, { measure: 'netFiscalPV' });
    return {
      ok: true,
      answer: {
        draws: summary.draws,
        evaluator: evaluator.name,
        parties: summary.parties.map((p) => p.party),
        probAllGain: summary.probAllGain,
        stats: summary.parties.map((p) => {
          const m = p.measures.netFiscalPV;
          return { party: p.party, mean: m.mean, p5: m.p5, p50: m.p50, p95: m.p95, probLoss: m.probLoss };
        }),
        fan: summary.fan,
        tornado: sens.tornado,
      },
    };
  } catch (err) {
    if (err instanceof CancelledError || signal.aborted) return { ok: false, cancelled: true, issues: [] };
    return { ok: false, cancelled: false, issues: [{ path: '', message: err instanceof Error ? err.message : String(err) }] };
  }
}
