// Sensitivity: one-at-a-time swings of each uncertainty (a tornado chart) and Sobol first-order
// and total indices (Saltelli 2010 / Jansen estimators) of each party's gain.
import type { ResolvedScenario } from '../schema/scenario.js';
import { compileScenario } from '../model/compile.js';
import { Evaluation, M, MEASURE_INDEX, type Measure } from './measures.js';
import { NEUTRAL, UncertaintyApplier, checkFiniteDraw, dimensions } from './uncertainty.js';
import { distributionQuantile, drawStream } from './random.js';
import { AnalysisError } from './errors.js';

export interface TornadoBar {
  uncertainty: string;
  party: string;
  /** Gain with every uncertainty at its neutral value (the scenario as written). */
  base: number;
  /** Gain with this uncertainty at its low / high quantile, the others neutral. */
  low: number;
  high: number;
  swing: number;
}

export interface SobolIndex {
  uncertainty: string;
  party: string;
  /** Share of the variance explained by this uncertainty alone. */
  first: number;
  /** Share of the variance it explains with all its interactions. */
  total: number;
}

export interface SensitivityResult {
  measure: Measure;
  quantiles: [number, number];
  uncertainties: string[];
  /** Bars per party, widest first. */
  tornado: TornadoBar[];
  sobol?: { samples: number; seed: number; variance: { party: string; variance: number }[]; indices: SobolIndex[] };
}

export interface SensitivityOptions {
  measure?: Measure;
  /** Probabilities of the low and high values (default 5% and 95%). */
  low?: number;
  high?: number;
  /** Base samples for Sobol indices (0 = none); costs samples × (k + 2) runs for k uncertainties. */
  sobolSamples?: number;
  seed?: number;
  onProgress?: (done: number, total: number) => void;
}

export async function sensitivity(s: ResolvedScenario, options: SensitivityOptions = {}): Promise<SensitivityResult> {
  const measure = options.measure ?? 'netFiscalPV';
  if (!(measure in MEASURE_INDEX)) throw new AnalysisError(`unknown measure "${measure}"`);
  const lo = options.low ?? 0.05;
  const hi = options.high ?? 0.95;
  if (!(lo > 0 && lo < hi && hi < 1)) throw new AnalysisError(`quantiles must satisfy 0 < low < high < 1; got ${lo}, ${hi}`);
  const dims = dimensions(s);
  if (!dims.length) throw new AnalysisError('the economy has no uncertainties to analyse');
  const compiled = await compileScenario(s);
  const applier = new UncertaintyApplier(compiled, dims);
  const N = compiled.parties.length;
  const parties = compiled.parties.map((p) => p.id);
  const ev = new Evaluation(N, compiled.years);
  const buf = new Float64Array(N * M);
  const mi = MEASURE_INDEX[measure];
  const groups = [...new Set(dims.map((d) => d.uncertainty))];
  const groupOf = Int32Array.from(dims, (d) => groups.indexOf(d.uncertainty));
  const neutral = Float64Array.from(dims, (d) => NEUTRAL[d.target]);
  const values = new Float64Array(dims.length);
  const evaluate = (v: Float64Array): number[] => {
    applier.apply(v);
    ev.run(compiled, buf);
    checkFiniteDraw(buf, dims, v, 'an evaluation');
    return parties.map((_, n) => buf[n * M + mi]!);
  };
  const sobolSamples = options.sobolSamples ?? 0;
  const totalRuns = 1 + 2 * groups.length + sobolSamples * (groups.length + 2);
  let runs = 0;
  const tick = () => options.onProgress?.(++runs, totalRuns);

  const base = evaluate(neutral);
  tick();
  const tornado: TornadoBar[] = [];
  groups.forEach((g, gi) => {
    const at = (p: number) => {
      values.set(neutral);
      dims.forEach((d, k) => {
        if (groupOf[k] === gi) values[k] = distributionQuantile(d.distribution, p);
      });
      const r = evaluate(values);
      tick();
      return r;
    };
    const low = at(lo);
    const high = at(hi);
    parties.forEach((party, n) =>
      tornado.push({ uncertainty: g, party, base: base[n]!, low: low[n]!, high: high[n]!, swing: Math.abs(high[n]! - low[n]!) }),
    );
  });
  tornado.sort((a, b) => (a.party === b.party ? b.swing - a.swing : parties.indexOf(a.party) - parties.indexOf(b.party)));
  applier.reset();
  const result: SensitivityResult = { measure, quantiles: [lo, hi], uncertainties: groups, tornado };

  if (sobolSamples > 0) {
    if (!Number.isInteger(sobolSamples) || sobolSamples < 2 || sobolSamples > 1e7)
      throw new AnalysisError('Sobol samples must be a whole number in 2..10000000');
    const seed = options.seed ?? 1;
    const toValues = (u: Float64Array) => {
      dims.forEach((d, k) => (values[k] = distributionQuantile(d.distribution, u[k]!)));
      return values;
    };
    const est = sobolIndices(groupOf, groups.length, N, (u) => evaluate(toValues(u)), sobolSamples, seed, tick);
    applier.reset();
    const variance = parties.map((party, n) => ({ party, variance: est.variance[n]! }));
    const indices: SobolIndex[] = [];
    groups.forEach((g, gi) =>
      parties.forEach((party, n) => indices.push({ uncertainty: g, party, first: est.first[gi * N + n]!, total: est.total[gi * N + n]! })),
    );
    result.sobol = { samples: sobolSamples, seed, variance, indices };
  }
  return result;
}


/**
 * Sobol first-order (Saltelli 2010) and total (Jansen 1999) indices of `outputs` outputs of
 * f over D independent uniforms grouped into `groups` groups (groupOf[d]); `samples` rows of
 * matrices A and B (draws 2j and 2j+1 of the seed's streams), samples·(groups + 2) calls of f.
 * Returns [group*outputs + o] arrays and the variance of each output.
 */
export function sobolIndices(
  groupOf: Int32Array,
  groups: number,
  outputs: number,
  f: (u: Float64Array) => ArrayLike<number>,
  samples: number,
  seed: number,
  tick: () => void = () => {},
): { first: Float64Array; total: Float64Array; variance: Float64Array } {
  const D = groupOf.length;
  const uA = new Float64Array(D);
  const uB = new Float64Array(D);
  const uAB = new Float64Array(D);
  const sum = new Float64Array(outputs);
  const sum2 = new Float64Array(outputs);
  const first = new Float64Array(groups * outputs);
  const total = new Float64Array(groups * outputs);
  const fA = new Float64Array(outputs);
  const fB = new Float64Array(outputs);
  for (let j = 0; j < samples; j++) {
    const sa = drawStream(seed, 2 * j);
    const sb = drawStream(seed, 2 * j + 1);
    for (let k = 0; k < D; k++) {
      uA[k] = sa.next();
      uB[k] = sb.next();
    }
    fA.set(f(uA));
    tick();
    fB.set(f(uB));
    tick();
    for (let n = 0; n < outputs; n++) {
      sum[n]! += fA[n]! + fB[n]!;
      sum2[n]! += fA[n]! * fA[n]! + fB[n]! * fB[n]!;
    }
    for (let g = 0; g < groups; g++) {
      for (let k = 0; k < D; k++) uAB[k] = groupOf[k] === g ? uB[k]! : uA[k]!;
      const fAB = f(uAB);
      tick();
      for (let n = 0; n < outputs; n++) {
        first[g * outputs + n]! += fB[n]! * (fAB[n]! - fA[n]!);
        total[g * outputs + n]! += (fA[n]! - fAB[n]!) ** 2;
      }
    }
  }
  const variance = new Float64Array(outputs);
  for (let n = 0; n < outputs; n++) {
    const mean = sum[n]! / (2 * samples);
    variance[n] = sum2[n]! / (2 * samples) - mean * mean;
  }
  for (let g = 0; g < groups; g++)
    for (let n = 0; n < outputs; n++) {
      const V = variance[n]!;
      first[g * outputs + n] = V > 0 ? first[g * outputs + n]! / samples / V : 0;
      total[g * outputs + n] = V > 0 ? total[g * outputs + n]! / (2 * samples) / V : 0;
    }
  return { first, total, variance };
}
