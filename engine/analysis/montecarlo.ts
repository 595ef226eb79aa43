// Monte Carlo over the economy's uncertainties: draw i is a function of (seed, i) only;
// per party and measure an exact sum, a quantile sketch and the count of losses, per party
// and year the fan-chart sketches. States merge exactly, so one run, any number of workers
// and any split into shards give the same summary.
import type { ResolvedScenario } from '../schema/scenario.js';
import type { CompiledScenario } from '../model/compiled.js';
import { oneHotRows, type OneHotRows } from '../model/kernel.js';
import { compileScenario } from '../model/compile.js';
import { Evaluation, M, MEASURES, MEASURE_INDEX, type Measure } from './measures.js';
import { ExactSum, QuantileSketch, type SketchJSON } from './sketch.js';
import { drawStream, mix32, permute } from './random.js';
import { UncertaintyApplier, checkFiniteDraw, dimensions } from './uncertainty.js';
import { AnalysisError } from './errors.js';

const NET = MEASURE_INDEX.netFiscalPV;

export type Sampling = 'random' | 'lhs';

export interface MonteCarloConfig {
  /** Total number of draws of the study (Latin hypercube strata depend on it). */
  draws: number;
  seed: number;
  sampling: Sampling;
  /** Relative accuracy of the quantile sketches. */
  alpha: number;
}

/** Yearly measures of the fan chart: gains versus no deal in each year. */
export const FAN_MEASURES = ['netFiscal', 'outputCredited'] as const;
const F = FAN_MEASURES.length;

export const MAX_DRAWS = 1e10;

export function checkConfig(c: Partial<MonteCarloConfig>): MonteCarloConfig {
  const draws = c.draws ?? 1000;
  const seed = c.seed ?? 1;
  if (!Number.isInteger(draws) || draws < 1 || draws > MAX_DRAWS) throw new AnalysisError(`draws must be a whole number in 1..${MAX_DRAWS}; got ${draws}`);
  if (!Number.isSafeInteger(seed) || seed < 0) throw new AnalysisError(`seed must be a non-negative whole number; got ${seed}`);
  const sampling = c.sampling ?? 'random';
  if (sampling !== 'random' && sampling !== 'lhs') throw new AnalysisError(`sampling must be "random" or "lhs"; got "${String(sampling)}"`);
  if (sampling === 'lhs' && draws > 0x8000_0000)
    throw new AnalysisError(
      `Latin hypercube sampling supports at most 2^31 = ${0x8000_0000} draws (its strata are permuted in 32-bit arithmetic); got ${draws}: use random sampling for larger studies`,
    );
  const alpha = c.alpha ?? 0.005;
  if (!(alpha >= 1e-3 && alpha <= 0.1)) throw new AnalysisError('alpha must be in [0.001, 0.1]');
  return { draws, seed, sampling, alpha };
}

/** A short fingerprint of a resolved scenario (FNV-1a, two lanes), to refuse merging different studies. */
export function fingerprint(s: ResolvedScenario): string {
  return hash64(JSON.stringify(s));
}

/** Draws [from, to) of a shard i (1-based) of n: contiguous, balanced, covering all draws. */
export function shardRange(draws: number, i: number, n: number): [number, number] {
  if (!Number.isInteger(n) || n < 1 || !Number.isInteger(i) || i < 1 || i > n)
    throw new AnalysisError(`shard must be i/n with 1 ≤ i ≤ n; got ${i}/${n}`);
  return [Math.floor(((i - 1) * draws) / n), Math.floor((i * draws) / n)];
}

/** Serialisable state of (part of) a Monte Carlo study. */
export interface MonteCarloStateJSON {
  kind: 'pairsim-montecarlo-state';
  version: 1;
  scenario: { id: string; fingerprint: string };
  config: MonteCarloConfig;
  parties: string[];
  firstYear: number;
  years: number;
  dimensions: string[];
  /** Draw ranges [from, to) covered, sorted and disjoint. */
  ranges: [number, number][];
  /** [n*M + m] exact sums of the measure and of its square (Shewchuk partials). */
  sums: number[][];
  sums2: number[][];
  sketches: SketchJSON[];
  /** [(n*Y + y)*F + f] */
  fan: SketchJSON[];
  /** Draws in which every party's discounted net fiscal gain is ≥ 0 (the deal is inside the ZOPA). */
  allGain: number;
  /**
   * Exact sums per dimension d of its draw's probability x (quantile), of x², and per party n of x·(net fiscal gain PV)
   * ([d*N + n]): enough for each dimension's linear share of each party's spread. Absent in older states.
   */
  dimensionMoments?: { x: number[][]; x2: number[][]; xy: number[][] };
  /**
   * Digest of everything above (stateDigest): merge refuses a state edited after it was
   * written. A checksum, not a signature: a forger who recomputes it is caught only by the
   * consistency checks (SECURITY.md).
   */
  digest?: string;
}

/** FNV-1a, two lanes, over a text. */
function hash64(text: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
  }
  return (h1 >>> 0).toString(16).padStart(8, '0') + (mix32(h2) >>> 0).toString(16).padStart(8, '0');
}

/** The digest of a state: of its fields in a fixed order (the digest itself left out). */
export function stateDigest(j: MonteCarloStateJSON): string {
  const { kind, version, scenario, config, parties, firstYear, years, dimensions, ranges, sums, sums2, sketches, fan, allGain, dimensionMoments } = j;
  return 'fnv2:' + hash64(JSON.stringify([kind, version, scenario, config, parties, firstYear, years, dimensions, ranges, sums, sums2, sketches, fan, allGain, dimensionMoments ?? null]));
}

export class MonteCarloAccumulator {
  ranges: [number, number][] = [];
  allGain = 0;
  readonly sums: ExactSum[];
  readonly sums2: ExactSum[];
  readonly sketches: QuantileSketch[];
  readonly fan: QuantileSketch[];
  readonly dimX: ExactSum[];
  readonly dimX2: ExactSum[];
  readonly dimXY: ExactSum[];

  constructor(
    readonly header: Omit<MonteCarloStateJSON, 'ranges' | 'sums' | 'sums2' | 'sketches' | 'fan' | 'kind' | 'version' | 'allGain' | 'dimensionMoments'>,
  ) {
    const N = header.parties.length;
    this.sums = Array.from({ length: N * M }, () => new ExactSum());
    this.sums2 = Array.from({ length: N * M }, () => new ExactSum());
    this.sketches = Array.from({ length: N * M }, () => new QuantileSketch(header.config.alpha));
    this.fan = Array.from({ length: N * header.years * F }, () => new QuantileSketch(header.config.alpha));
    const D = header.dimensions.length;
    this.dimX = Array.from({ length: D }, () => new ExactSum());
    this.dimX2 = Array.from({ length: D }, () => new ExactSum());
    this.dimXY = Array.from({ length: D * N }, () => new ExactSum());
  }

  get count(): number {
    return this.ranges.reduce((a, [f, t]) => a + t - f, 0);
  }

  addRange(from: number, to: number): void {
    // Draws run in order (in-thread, or the chunks a worker takes off the pool's cursor) append
    // at the end: constant time, however many chunks a run has.
    const last = this.ranges[this.ranges.length - 1];
    if (!last || from >= last[1]) {
      if (last && last[1] === from) last[1] = to;
      else this.ranges.push([from, to]);
      return;
    }
    for (const [f, t] of this.ranges)
      if (from < t && f < to) throw new AnalysisError(`draws ${from}..${to - 1} overlap draws ${f}..${t - 1} already counted`);
    this.ranges.push([from, to]);
    this.ranges.sort((a, b) => a[0] - b[0]);
    // Coalesce adjacent ranges so a complete study reads [[0, draws]].
    const out: [number, number][] = [];
    for (const r of this.ranges) {
      const last = out[out.length - 1];
      if (last && last[1] === r[0]) last[1] = r[1];
      else out.push([r[0], r[1]]);
    }
    this.ranges = out;
  }

  merge(o: MonteCarloAccumulator): void {
    const a = this.header;
    const b = o.header;
    if (a.scenario.fingerprint !== b.scenario.fingerprint)
      throw new AnalysisError(`cannot merge results of different scenarios (${a.scenario.id} ${a.scenario.fingerprint} vs ${b.scenario.id} ${b.scenario.fingerprint})`);
    if (JSON.stringify(a.config) !== JSON.stringify(b.config))
      throw new AnalysisError(`cannot merge results of different settings (${JSON.stringify(a.config)} vs ${JSON.stringify(b.config)})`);
    for (const r of o.ranges) this.addRange(r[0], r[1]);
    this.allGain += o.allGain;
    this.sums.forEach((s, i) => s.merge(o.sums[i]!));
    this.sums2.forEach((s, i) => s.merge(o.sums2[i]!));
    this.sketches.forEach((s, i) => s.merge(o.sketches[i]!));
    this.fan.forEach((s, i) => s.merge(o.fan[i]!));
    this.dimX.forEach((s, i) => s.merge(o.dimX[i]!));
    this.dimX2.forEach((s, i) => s.merge(o.dimX2[i]!));
    this.dimXY.forEach((s, i) => s.merge(o.dimXY[i]!));
  }

  toJSON(): MonteCarloStateJSON {
    const j = this.body();
    return { ...j, digest: stateDigest(j) };
  }

  private body(): MonteCarloStateJSON {
    return {
      kind: 'pairsim-montecarlo-state',
      version: 1,
      ...this.header,
      ranges: this.ranges.map((r) => [r[0], r[1]]),
      sums: this.sums.map((s) => s.toJSON()),
      sums2: this.sums2.map((s) => s.toJSON()),
      sketches: this.sketches.map((s) => s.toJSON()),
      fan: this.fan.map((s) => s.toJSON()),
      allGain: this.allGain,
      dimensionMoments: { x: this.dimX.map((s) => s.toJSON()), x2: this.dimX2.map((s) => s.toJSON()), xy: this.dimXY.map((s) => s.toJSON()) },
    };
  }

  static fromJSON(j: MonteCarloStateJSON): MonteCarloAccumulator {
    if (!j || j.kind !== 'pairsim-montecarlo-state' || j.version !== 1)
      throw new AnalysisError('not a pairsim Monte Carlo state (run montecarlo with --shard or --state)');
    if (typeof j.digest !== 'string') throw new AnalysisError('Monte Carlo state has no digest (written by an older pairsim?); run the shard again');
    if (j.digest !== stateDigest(j)) throw new AnalysisError('Monte Carlo state does not match its digest: it was changed after it was written');
    const { kind: _k, version: _v, digest: _d, ranges, sums, sums2, sketches, fan, allGain, dimensionMoments, ...header } = j;
    header.config = checkConfig(header.config ?? {});
    if (!Array.isArray(header.parties) || header.parties.length > 64 || !Number.isInteger(header.years) || header.years < 1 || header.years > 200)
      throw new AnalysisError('Monte Carlo state is inconsistent (parties, years)');
    const a = new MonteCarloAccumulator(header);
    if (!Array.isArray(sums2) || sums2.length !== a.sums2.length || sums.length !== a.sums.length || sketches.length !== a.sketches.length || fan.length !== a.fan.length)
      throw new AnalysisError('Monte Carlo state is inconsistent (array sizes)');
    for (const r of ranges) {
      if (!Array.isArray(r) || !Number.isInteger(r[0]) || !Number.isInteger(r[1]) || r[0] < 0 || r[0] >= r[1] || r[1] > header.config.draws)
        throw new AnalysisError('Monte Carlo state is inconsistent (draw ranges)');
      a.addRange(r[0], r[1]);
    }
    const draws = a.count;
    if (!Number.isInteger(allGain) || allGain < 0 || allGain > draws)
      throw new AnalysisError(`Monte Carlo state is inconsistent: allGain ${allGain} is not between 0 and its ${draws} draws`);
    a.allGain = allGain;
    const part = (what: string, i: number, f: () => void) => {
      try {
        f();
      } catch (err) {
        throw new AnalysisError(`Monte Carlo state is inconsistent: ${what} ${i}: ${(err as Error).message}`);
      }
    };
    sketches.forEach((s, i) => part('sketch', i, () => a.sketches[i]!.merge(QuantileSketch.fromJSON(s))));
    fan.forEach((s, i) => part('fan sketch', i, () => a.fan[i]!.merge(QuantileSketch.fromJSON(s))));
    for (const [what, list] of [['sketch', a.sketches], ['fan sketch', a.fan]] as const)
      list.forEach((s, i) => {
        if (s.count !== draws) throw new AnalysisError(`Monte Carlo state is inconsistent: ${what} ${i} counts ${s.count} values for ${draws} draws in its ranges`);
      });
    sums.forEach((p, i) => part('sum', i, () => a.sums[i]!.merge(ExactSum.fromJSON(p))));
    sums2.forEach((p, i) => part('sum of squares', i, () => a.sums2[i]!.merge(ExactSum.fromJSON(p))));
    // Each sum agrees with its sketch: the mean lies within [min, max], the mean square within [0, max x²].
    a.sums.forEach((sum, i) => {
      if (!draws) return;
      const sk = a.sketches[i]!;
      const mean = sum.value() / draws;
      const meanSq = a.sums2[i]!.value() / draws;
      const slack = 1e-9 * Math.max(1, Math.abs(sk.min), Math.abs(sk.max));
      const maxSq = Math.max(sk.min * sk.min, sk.max * sk.max);
      if (!(mean >= sk.min - slack && mean <= sk.max + slack && meanSq >= -slack && meanSq <= maxSq * (1 + 1e-9) + slack))
        throw new AnalysisError(`Monte Carlo state is inconsistent: sum ${i} gives a mean of ${mean} outside its values [${sk.min}, ${sk.max}]`);
    });
    if (dimensionMoments) {
      const { x, x2, xy } = dimensionMoments;
      if (!Array.isArray(x) || !Array.isArray(x2) || !Array.isArray(xy) || x.length !== a.dimX.length || x2.length !== a.dimX2.length || xy.length !== a.dimXY.length)
        throw new AnalysisError('Monte Carlo state is inconsistent (dimension moments)');
      x.forEach((p, i) => part('dimension sum', i, () => a.dimX[i]!.merge(ExactSum.fromJSON(p))));
      x2.forEach((p, i) => part('dimension sum of squares', i, () => a.dimX2[i]!.merge(ExactSum.fromJSON(p))));
      xy.forEach((p, i) => part('dimension cross sum', i, () => a.dimXY[i]!.merge(ExactSum.fromJSON(p))));
    }
    return a;
  }
}

/** Runs draws of one study on its own compiled copy of the scenario (one per thread). */
export class MonteCarloRunner {
  private readonly ev: Evaluation;
  private readonly buf: Float64Array;
  private readonly u: Float64Array;
  private readonly values: Float64Array;
  private readonly lhsKeys: Int32Array;
  /**
   * Rows with one party per ledger: draws change levels, never shares, so this holds for the
   * runner's life (runRange is not mixed with lever patches: robust.ts evaluates its own way).
   */
  private readonly oneHot: { deal: OneHotRows; noDeal: OneHotRows };

  private constructor(
    readonly header: MonteCarloAccumulator['header'],
    readonly compiled: CompiledScenario,
    readonly applier: UncertaintyApplier,
  ) {
    const N = compiled.parties.length;
    this.ev = new Evaluation(N, compiled.years);
    this.buf = new Float64Array(N * M);
    const D = applier.dims.length;
    this.u = new Float64Array(D);
    this.values = new Float64Array(D);
    this.oneHot = { deal: oneHotRows(compiled.deal, compiled.years, N), noDeal: oneHotRows(compiled.noDeal, compiled.years, N) };
    this.lhsKeys = Int32Array.from({ length: D }, (_, d) => mix32((header.config.seed ^ Math.imul(d + 1, 0x27d4eb2d)) >>> 0));
  }

  static async create(s: ResolvedScenario, config: Partial<MonteCarloConfig>): Promise<MonteCarloRunner> {
    const cfg = checkConfig(config);
    const dims = dimensions(s);
    const compiled = await compileScenario(s);
    const header = {
      scenario: { id: s.id, fingerprint: fingerprint(s) },
      config: cfg,
      parties: compiled.parties.map((p) => p.id),
      firstYear: compiled.firstYear,
      years: compiled.years,
      dimensions: dims.map((d) => d.id),
    };
    return new MonteCarloRunner(header, compiled, new UncertaintyApplier(compiled, dims));
  }

  newAccumulator(): MonteCarloAccumulator {
    return new MonteCarloAccumulator(this.header);
  }

  /** Probabilities of draw i, one per dimension. */
  uniforms(i: number, out: Float64Array): Float64Array {
    const { seed, sampling, draws } = this.header.config;
    const stream = drawStream(seed, i);
    for (let d = 0; d < out.length; d++) {
      const jitter = stream.next();
      out[d] = sampling === 'lhs' ? (permute(i, draws, this.lhsKeys[d]! >>> 0) + jitter) / draws : jitter;
    }
    return out;
  }

  /**
   * Set the compiled scenario to draw i (for analyses that evaluate it their own way). They may
   * patch its shares or discount rate (robust.ts: a lever) but nothing a draw refills.
   */
  applyDraw(i: number): void {
    this.applyValues(i);
  }

  /**
   * The compiled copy is the runner's: once a draw has been applied, the tables of projects no
   * uncertainty acts on stay valid, so later draws (in this range or the next, which in-thread
   * runs are cut into ranges of a draw or two) refill only what the uncertainties act on.
   */
  private applied = false;

  private applyValues(i: number): void {
    this.applier.apply(this.applier.valuesAt(this.uniforms(i, this.u), this.values), this.applied);
    this.applied = true;
  }

  /** Evaluate draws [from, to) into an accumulator. */
  runRange(from: number, to: number, acc: MonteCarloAccumulator): void {
    if (!(Number.isInteger(from) && Number.isInteger(to) && 0 <= from && from <= to && to <= this.header.config.draws))
      throw new AnalysisError(`draw range ${from}..${to} is outside 0..${this.header.config.draws}`);
    const N = this.header.parties.length;
    const Y = this.header.years;
    const { buf, ev } = this;
    for (let i = from; i < to; i++) {
      this.applyValues(i);
      ev.run(this.compiled, buf, false, this.oneHot);
      checkFiniteDraw(buf, this.applier.dims, this.values, i); // (the index, not a label: no string per draw)
      let everyoneGains = true;
      for (let k = 0; k < N * M; k++) {
        acc.sums[k]!.add(buf[k]!);
        acc.sums2[k]!.add(buf[k]! * buf[k]!);
        acc.sketches[k]!.add(buf[k]!);
      }
      for (let n = 0; n < N; n++) if (buf[n * M + NET]! < 0) everyoneGains = false;
      // The draw's probability (its quantile in the distribution), not its value: finite for any
      // distribution, and monotone in the value, so the share is rank-based.
      const probs = this.u;
      for (let d = 0; d < probs.length; d++) {
        const x = probs[d]!;
        acc.dimX[d]!.add(x);
        acc.dimX2[d]!.add(x * x);
        for (let n = 0; n < N; n++) acc.dimXY[d * N + n]!.add(x * buf[n * M + NET]!);
      }
      if (everyoneGains) acc.allGain++;
      const { deal, noDeal } = ev;
      for (let n = 0; n < N; n++)
        for (let y = 0; y < Y; y++) {
          const k = n * Y + y;
          const net = deal.taxRetained[k]! - deal.cost[k]! - (noDeal.taxRetained[k]! - noDeal.cost[k]!);
          acc.fan[k * F]!.add(net);
          acc.fan[k * F + 1]!.add(deal.outputCredited[k]! - noDeal.outputCredited[k]!);
        }
    }
    if (to > from) acc.addRange(from, to);
  }
}

export interface MeasureStats {
  mean: number;
  /** Standard deviation over the draws (population form) and the standard error of the mean. */
  sd: number;
  meanStdError: number;
  p5: number;
  p50: number;
  p95: number;
  min: number;
  max: number;
  /** Share of draws in which the party does worse than without the deal (gain < 0). */
  probLoss: number;
}

export interface MonteCarloSummary {
  scenario: { id: string; fingerprint: string };
  config: MonteCarloConfig;
  draws: number;
  complete: boolean;
  ranges: [number, number][];
  dimensions: string[];
  accuracy: string;
  /** Share of draws in which every party gains (discounted net fiscal gain ≥ 0): the scenario's split is acceptable to all. */
  probAllGain: number;
  parties: { party: string; measures: Record<Measure, MeasureStats> }[];
  fan: { year: number; party: string; measure: (typeof FAN_MEASURES)[number]; p5: number; p50: number; p95: number; probLoss: number }[];
  /**
   * Per uncertainty dimension and party: the squared correlation of the draw's probability
   * (a monotone transform of the drawn value) with the party's discounted net fiscal gain, its linear first-order share of the spread (e.g. how much
   * rests on the counterfactual, withoutDealScale). Sensitivity's Sobol indices give the exact shares.
   */
  spreadShares: { dimension: string; party: string; share: number }[];
}

export function summarizeMonteCarlo(acc: MonteCarloAccumulator): MonteCarloSummary {
  const h = acc.header;
  const count = acc.count;
  const Y = h.years;
  const stats = (sk: QuantileSketch, sum?: ExactSum, sum2?: ExactSum): MeasureStats => {
    const mean = sum && count ? sum.value() / count : NaN;
    const sd = sum2 && count ? Math.sqrt(Math.max(0, sum2.value() / count - mean * mean)) : NaN;
    return {
      mean,
      sd,
      meanStdError: count ? sd / Math.sqrt(count) : NaN,
      p5: sk.quantile(0.05),
      p50: sk.quantile(0.5),
      p95: sk.quantile(0.95),
      min: sk.count ? sk.min : NaN,
      max: sk.count ? sk.max : NaN,
      probLoss: sk.count ? sk.below0 / sk.count : NaN,
    };
  };
  const fan: MonteCarloSummary['fan'] = [];
  for (let y = 0; y < Y; y++)
    h.parties.forEach((party, n) =>
      FAN_MEASURES.forEach((measure, f) => {
        const s = stats(acc.fan[(n * Y + y) * F + f]!);
        fan.push({ year: h.firstYear + y, party, measure, p5: s.p5, p50: s.p50, p95: s.p95, probLoss: s.probLoss });
      }),
    );
  return {
    scenario: h.scenario,
    config: h.config,
    draws: count,
    complete: acc.ranges.length === 1 && acc.ranges[0]![0] === 0 && acc.ranges[0]![1] === h.config.draws,
    ranges: acc.ranges,
    dimensions: h.dimensions,
    probAllGain: count ? acc.allGain / count : NaN,
    accuracy: `means and standard deviations come from exact sums of the draws (and of their squares); p5/p50/p95 are within ${(h.config.alpha * 100).toPrecision(2)}% (relative) of the exact order statistic of rank ⌊q(n−1)⌋; min, max and probLoss are exact`,
    parties: h.parties.map((party, n) => {
      const measures = {} as Record<Measure, MeasureStats>;
      MEASURES.forEach((m, j) => (measures[m] = stats(acc.sketches[n * M + j]!, acc.sums[n * M + j]!, acc.sums2[n * M + j]!)));
      return { party, measures };
    }),
    fan,
    spreadShares: spreadShares(acc),
  };
}

function spreadShares(acc: MonteCarloAccumulator): MonteCarloSummary['spreadShares'] {
  const h = acc.header;
  const count = acc.count;
  const N = h.parties.length;
  const out: MonteCarloSummary['spreadShares'] = [];
  h.dimensions.forEach((dimension, d) => {
    const mx = acc.dimX[d]!.value() / count;
    const vx = acc.dimX2[d]!.value() / count - mx * mx;
    h.parties.forEach((party, n) => {
      const my = acc.sums[n * M + NET]!.value() / count;
      const vy = acc.sums2[n * M + NET]!.value() / count - my * my;
      const cov = acc.dimXY[d * N + n]!.value() / count - mx * my;
      const share = count && vx > 0 && vy > 0 ? Math.min(1, (cov * cov) / (vx * vy)) : 0;
      out.push({ dimension, party, share });
    });
  });
  return out;
}

/** Merge shard states (any order) into one accumulator: the same as one run over their draws. */
export function mergeStates(states: MonteCarloStateJSON[]): MonteCarloAccumulator {
  if (!states.length) throw new AnalysisError('nothing to merge');
  const acc = MonteCarloAccumulator.fromJSON(states[0]!);
  for (const s of states.slice(1)) acc.merge(MonteCarloAccumulator.fromJSON(s));
  return acc;
}
