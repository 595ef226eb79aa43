// Bargaining over one lever: the zone of possible agreement, equal gain, Nash,
// Kalai–Smorodinsky, the cost-proportional point and, for three or more parties, the
// Shapley values and core of the coalition game. Gains are discounted net fiscal gains, of the
// run with the check-up's responses when the policy declares one (LeverModel.respondedAt).
import type { LeverKind } from '../model/lever.js';
import type { CompiledScenario, World } from '../model/compiled.js';
import { runWorld } from '../model/kernel.js';
import { deriveWorldTotals } from '../model/compile.js';
import { allocateFlows } from '../model/compiled.js';
import { Evaluation, M, MEASURE_INDEX } from './measures.js';
import { bisect, coreCheck, kalaiSmorodinsky, maximize1d, nashBargaining, shapley, type BargainPoint } from './game.js';
import type { LeverModel } from './levers.js';
import { AnalysisError } from './errors.js';

export interface ZopaInterval {
  from: number;
  to: number;
  /** Party whose gain is zero at the bound (null when the bound is the end of the lever's domain). */
  fromBinding: string | null;
  toBinding: string | null;
  /** Every party's gain at each bound (the binding party's is zero to the bisection tolerance). */
  fromGains: number[];
  toGains: number[];
}

export interface BargainResult {
  /** current is null when the lever replaces a rule that is not a fixed share (the proposal is then the rule as written). */
  lever: { path: string; kind: LeverKind; current: number | null; domain: [number, number] };
  measure: string;
  parties: string[];
  /** Gains at the lever value of the scenario as written (the proposal). */
  proposal: { x: number | null; gains: number[]; inZopa: boolean | null };
  zopa: { intervals: ZopaInterval[]; statement: string } | null;
  /** Why there is no zone, when there is none. */
  noZopa?: string;
  equalGain: (BargainPoint & { inZopa: boolean; spread: number }) | null;
  nash: (BargainPoint & { product: number }) | null;
  kalaiSmorodinsky: (BargainPoint & { ideal: number[] }) | null;
  costProportional: (BargainPoint & { costShares: number[]; inZopa: boolean }) | null;
  shapley?: { party: string; value: number }[];
  core?: {
    inCore: boolean;
    /** The allocation tested: each party's gain under the proposal. */
    allocation: number[];
    blocking: { coalition: string[]; worth: number; allocated: number; excess: number }[];
  };
  /** Number of lever values at which the model was evaluated. */
  evaluations: number;
}

const NET = MEASURE_INDEX.netFiscalPV;

/** A gain function over a single-lever model with a small cache (bisection revisits points). */
export function gainFunction(model: LeverModel): { gains: (x: number) => number[]; count: () => number } {
  const N = model.base.parties.length;
  const ev = new Evaluation(N, model.base.years);
  const buf = new Float64Array(N * M);
  const cache = new Map<number, number[]>();
  let evaluations = 0;
  const reuse = model.policyOnly;
  const gains = (x: number) => {
    const hit = cache.get(x);
    if (hit) return hit;
    // On a check-up scenario every value runs the responses (as `pairsim run --set` does).
    ev.run(model.respondedAt([x]), buf, reuse && evaluations > 0);
    evaluations++;
    const g = Array.from({ length: N }, (_, n) => buf[n * M + NET]!);
    if (cache.size > 4096) cache.clear();
    cache.set(x, g);
    return g;
  };
  return { gains, count: () => evaluations };
}

const minOf = (g: number[]) => Math.min(...g);
const argmin = (g: number[]) => g.indexOf(minOf(g));

/**
 * The zone of possible agreement: lever values in [lo, hi] where every party's gain is ≥ 0,
 * located on a grid and each bound refined by bisection on the smallest gain, so at an
 * interior bound the binding party's gain is zero (to the bisection tolerance).
 */
export function findZopa(gains: (x: number) => number[], lo: number, hi: number, parties: string[], grid = 201): ZopaInterval[] {
  const xs = Array.from({ length: grid }, (_, k) => (k === grid - 1 ? hi : lo + ((hi - lo) * k) / (grid - 1)));
  const ok = xs.map((x) => minOf(gains(x)) >= 0);
  // A zone narrower than a grid step: look for a positive maximum of the smallest gain.
  if (!ok.some(Boolean)) {
    const best = maximize1d((x) => minOf(gains(x)), lo, hi, grid);
    if (best.value < 0) return [];
    xs.push(best.x);
    xs.sort((a, b) => a - b);
    ok.length = 0;
    for (const x of xs) ok.push(minOf(gains(x)) >= 0);
  }
  const f = (x: number) => minOf(gains(x));
  const out: ZopaInterval[] = [];
  let j = 0;
  while (j < xs.length) {
    if (!ok[j]) {
      j++;
      continue;
    }
    const start = j;
    while (j + 1 < xs.length && ok[j + 1]) j++;
    const end = j;
    let from = xs[start]!;
    let fromBinding: string | null = null;
    if (start > 0) {
      from = boundary(f, xs[start - 1]!, xs[start]!);
      fromBinding = parties[argmin(gains(from))]!;
    }
    let to = xs[end]!;
    let toBinding: string | null = null;
    if (end < xs.length - 1) {
      to = boundary(f, xs[end + 1]!, xs[end]!);
      toBinding = parties[argmin(gains(to))]!;
    }
    out.push({ from, to, fromBinding, toBinding, fromGains: [...gains(from)], toGains: [...gains(to)] });
    j++;
  }
  return out;
}

/**
 * Bisection between an infeasible point (f < 0) and a feasible one (f ≥ 0), returning the
 * feasible end, so a ZOPA bound is inside the zone and within ~1e-13 of the lever range of its edge.
 */
function boundary(f: (x: number) => number, outside: number, inside: number): number {
  const eps = 1e-13 * Math.max(1, Math.abs(outside - inside));
  for (let i = 0; i < 200 && Math.abs(outside - inside) > eps; i++) {
    const m = (outside + inside) / 2;
    if (f(m) >= 0) inside = m;
    else outside = m;
  }
  return inside;
}

/** Discounted cost borne under the deal, per party, as shares of the total (null when nobody pays). */
export function dealCostShares(c: CompiledScenario): number[] | null {
  const N = c.parties.length;
  const Y = c.years;
  const flows = allocateFlows(N, Y);
  runWorld(c.deal, Y, N, c.vatLocalShare, c.citLocalShare, c.pitLocalShare, flows);
  const per = new Array<number>(N).fill(0);
  for (let n = 0; n < N; n++) for (let y = 0; y < Y; y++) per[n]! += flows.cost[n * Y + y]! / Math.pow(1 + c.discountRate, y);
  const total = per.reduce((a, b) => a + b, 0);
  return total > 0 ? per.map((v) => v / total) : null;
}

/** A point of the lever where f changes sign (grid then bisection), else the minimiser of |f|. */
function rootOrClosest(f: (x: number) => number, lo: number, hi: number, grid: number, prefer: (x: number) => boolean): number {
  const xs = Array.from({ length: grid }, (_, k) => (k === grid - 1 ? hi : lo + ((hi - lo) * k) / (grid - 1)));
  const roots: number[] = [];
  for (let k = 0; k < grid; k++) {
    const a = f(xs[k]!);
    if (a === 0) roots.push(xs[k]!);
    else if (k + 1 < grid) {
      const b = f(xs[k + 1]!);
      if (b !== 0 && a < 0 !== b < 0) roots.push(bisect(f, xs[k]!, xs[k + 1]!));
    }
  }
  if (roots.length) return roots.find(prefer) ?? roots[0]!;
  return maximize1d((x) => -Math.abs(f(x)), lo, hi, grid).x;
}

/** Select rows of a world into a new world (for per-project runs of the coalition game). */
function selectRows(w: World, rows: number[], Y: number, N: number): World {
  const pick = <T extends Float64Array | Int32Array | Uint8Array>(a: T, stride: number): T => {
    const out = new (a.constructor as new (n: number) => T)(rows.length * stride);
    rows.forEach((r, i) => out.set(a.subarray(r * stride, (r + 1) * stride), i * stride));
    return out;
  };
  const sub: World = {
    rows: rows.length,
    project: pick(w.project, 1),
    kind: pick(w.kind, 1),
    weight: pick(w.weight, 1),
    incrementBasis: pick(w.incrementBasis, 1),
    keepFrom: pick(w.keepFrom, 1),
    keepTo: pick(w.keepTo, 1),
    origin: pick(w.origin, 1),
    host: pick(w.host, 1),
    registration: pick(w.registration, 1),
    valueAddedRate: pick(w.valueAddedRate, 1),
    profitMargin: pick(w.profitMargin, 1),
    jobsPerOutput: pick(w.jobsPerOutput, 1),
    wage: pick(w.wage, 1),
    vatRate: pick(w.vatRate, 1),
    citRate: pick(w.citRate, 1),
    pitRate: pick(w.pitRate, 1),
    level: pick(w.level, Y),
    keep: pick(w.keep, Y),
    statisticsShare: pick(w.statisticsShare, Y * N),
    taxShare: pick(w.taxShare, Y * N),
    cost: pick(w.cost, Y * N),
    costFlow: new Float64Array(N * Y),
    activeFrom: new Int32Array(rows.length),
  };
  deriveWorldTotals(sub, Y, N);
  return sub;
}

/**
 * The coalition game of a compiled scenario: v(S) is the joint discounted net fiscal gain of
 * the members of S when only projects whose origin and (deal) host are both in S follow the
 * deal and all others their no-deal outcome. Gains add up over projects (the kernel is linear
 * in rows), so each project's per-party gain is computed once and v(S) sums the projects
 * grouped by the set of parties they need.
 */
export function coalitionGame(c: CompiledScenario): { worth: (mask: number) => number; grand: number[] } {
  const N = c.parties.length;
  const Y = c.years;
  const P = c.projects.count;
  const byProject = (w: World) => {
    const rows: number[][] = Array.from({ length: P }, () => []);
    for (let r = 0; r < w.rows; r++) rows[w.project[r]!]!.push(r);
    return rows;
  };
  const dealRows = byProject(c.deal);
  const noDealRows = byProject(c.noDeal);
  const need = new Int32Array(P);
  for (let r = 0; r < c.deal.rows; r++) {
    const p = c.deal.project[r]!;
    need[p]! |= (1 << c.deal.origin[r]!) | (1 << c.deal.host[r]!);
  }
  // Gains per group of projects sharing the same needed parties: [mask] → per-party gain.
  const groups = new Map<number, Float64Array>();
  const ev = new Evaluation(N, Y);
  const buf = new Float64Array(N * M);
  for (let p = 0; p < P; p++) {
    const sub: CompiledScenario = {
      ...c,
      deal: selectRows(c.deal, dealRows[p]!, Y, N),
      noDeal: selectRows(c.noDeal, noDealRows[p]!, Y, N),
    };
    ev.run(sub, buf);
    const g = groups.get(need[p]!) ?? new Float64Array(N);
    for (let n = 0; n < N; n++) g[n]! += buf[n * M + NET]!;
    groups.set(need[p]!, g);
  }
  const entries = [...groups.entries()];
  const worth = (S: number) => {
    let v = 0;
    for (const [mask, g] of entries) {
      if ((mask & S) !== mask) continue;
      for (let n = 0; n < N; n++) if (S & (1 << n)) v += g[n]!;
    }
    return v;
  };
  const grand = new Array<number>(N).fill(0);
  for (const [, g] of entries) for (let n = 0; n < N; n++) grand[n]! += g[n]!;
  return { worth, grand };
}

export interface BargainOptions {
  /** Lever range; defaults to the lever's domain ([0, 1] for a share). */
  from?: number;
  to?: number;
  grid?: number;
}

/** Every bargaining solution for the single lever of a model. */
export function bargain(model: LeverModel, options: BargainOptions = {}): BargainResult {
  if (model.levers.length !== 1) throw new AnalysisError('bargaining takes exactly one lever');
  const lever = model.levers[0]!;
  if (lever.integer) throw new AnalysisError(`lever "${lever.path}" takes whole numbers only; use sweep for it`);
  const lo = options.from ?? lever.min;
  const hi = options.to ?? lever.max;
  if (lo === undefined || hi === undefined)
    throw new AnalysisError(`lever "${lever.path}" has no natural range; give --from and --to`);
  if (!(hi > lo)) throw new AnalysisError(`lever range must have from < to; got ${lo}..${hi}`);
  for (const v of [lo, hi]) {
    const problem = model.check([v]);
    if (problem) throw new AnalysisError(`lever range invalid ${problem}`);
  }
  const grid = options.grid ?? 201;
  const parties = model.base.parties.map((p) => p.id);
  const N = parties.length;
  const { gains, count } = gainFunction(model);
  const intervals = findZopa(gains, lo, hi, parties, grid);
  const inZopa = (x: number) => intervals.some((iv) => x >= iv.from - 1e-12 && x <= iv.to + 1e-12);
  // The proposal is the scenario as written.
  const proposalGains = (() => {
    const ev = new Evaluation(N, model.base.years);
    const buf = new Float64Array(N * M);
    ev.run(model.respondedBase(), buf);
    return Array.from({ length: N }, (_, n) => buf[n * M + NET]!);
  })();
  const currentX = Number.isFinite(lever.value) ? lever.value : null;

  let zopa: BargainResult['zopa'] = null;
  let noZopa: string | undefined;
  if (intervals.length) {
    const text = intervals.map((iv) => `${iv.from.toPrecision(6)}..${iv.to.toPrecision(6)}`).join(' and ');
    zopa = { intervals, statement: `every party gains (discounted net fiscal gain ≥ 0) for ${lever.path} in ${text}` };
  } else {
    const best = maximize1d((x) => minOf(gains(x)), lo, hi, grid);
    const g = gains(best.x);
    noZopa = `no value of ${lever.path} in ${lo}..${hi} makes every party gain: at best (${best.x.toPrecision(6)}) ${parties[argmin(g)]} still loses ${(-minOf(g)).toPrecision(4)} 亿元 (present value)`;
  }

  // Equal gain: gains as equal as the lever allows (for two parties, g_A = g_B exactly).
  const spread = (g: number[]) => Math.max(...g) - Math.min(...g);
  const xEq = N === 2
    ? rootOrClosest((x) => { const g = gains(x); return g[0]! - g[1]!; }, lo, hi, grid, inZopa)
    : maximize1d((x) => -spread(gains(x)), lo, hi, grid).x;
  const gEq = gains(xEq);
  const equalGain = { x: xEq, gains: gEq, inZopa: inZopa(xEq), spread: spread(gEq) };

  // Nash and Kalai–Smorodinsky within the zone (disagreement point: no deal, gain 0).
  let nash: BargainResult['nash'] = null;
  let ks: BargainResult['kalaiSmorodinsky'] = null;
  for (const iv of intervals) {
    const r = nashBargaining(gains, iv.from, iv.to, { grid: Math.max(21, Math.ceil(grid / 4)) });
    if (r && (!nash || r.product > nash.product)) nash = r;
  }
  if (intervals.length) {
    const z0 = intervals[0]!.from;
    const z1 = intervals.at(-1)!.to;
    ks = kalaiSmorodinsky(gains, z0, z1, { grid });
  }

  // Cost-proportional: each party's share of the joint gain equals its share of the deal's costs.
  let costProportional: BargainResult['costProportional'] = null;
  const costShares = dealCostShares(model.respondedBase());
  if (costShares) {
    const misfit = (x: number) => {
      const g = gains(x);
      const total = g.reduce((a, b) => a + b, 0);
      return g.reduce((s, v, i) => s + (v - costShares[i]! * total) ** 2, 0);
    };
    const x = N === 2
      ? rootOrClosest((x) => { const g = gains(x); return g[0]! - costShares[0]! * (g[0]! + g[1]!); }, lo, hi, grid, inZopa)
      : maximize1d((x) => -misfit(x), lo, hi, grid).x;
    costProportional = { x, gains: gains(x), costShares, inZopa: inZopa(x) };
  }

  const result: BargainResult = {
    lever: { path: lever.path, kind: lever.kind, current: currentX, domain: [lo, hi] },
    measure: 'discounted net fiscal gain versus no deal (tax retained minus cost, present value, 亿元)',
    parties,
    proposal: { x: currentX, gains: proposalGains, inZopa: currentX === null ? null : inZopa(currentX) },
    zopa,
    ...(noZopa ? { noZopa } : {}),
    equalGain,
    nash,
    kalaiSmorodinsky: ks,
    costProportional,
    evaluations: 0,
  };

  if (N >= 3) {
    const game = coalitionGame(model.respondedBase());
    const phi = shapley(N, game.worth);
    result.shapley = parties.map((party, i) => ({ party, value: phi[i]! }));
    const check = coreCheck(N, game.worth, game.grand, 1e-9);
    result.core = {
      inCore: check.inCore,
      allocation: game.grand,
      blocking: check.blocking.map((b) => ({
        coalition: parties.filter((_, i) => b.mask & (1 << i)),
        worth: b.worth,
        allocated: b.allocated,
        excess: b.excess,
      })),
    };
  }
  result.evaluations = count();
  return result;
}
