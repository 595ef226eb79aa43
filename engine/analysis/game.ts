// Bargaining and coalition-game solutions on one lever: 1-D search helpers, the Nash
// bargaining solution, Kalai–Smorodinsky, Shapley values and the core.

/** Gains of each party (relative to nothing) at a lever value x. */
export type GainFunction = (x: number) => ArrayLike<number>;

const GOLDEN = (Math.sqrt(5) - 1) / 2;

/**
 * Maximise f on [lo, hi]: the best of an even grid, then golden-section search between its
 * grid neighbours. Finds the global maximum when f is unimodal within one grid step of it.
 */
export function maximize1d(f: (x: number) => number, lo: number, hi: number, grid = 101, tol = 1e-10): { x: number; value: number } {
  let bestX = lo;
  let best = -Infinity;
  const step = grid > 1 ? (hi - lo) / (grid - 1) : 0;
  for (let k = 0; k < grid; k++) {
    const x = k === grid - 1 ? hi : lo + step * k;
    const v = f(x);
    if (v > best) {
      best = v;
      bestX = x;
    }
  }
  if (best === -Infinity || step === 0) return { x: bestX, value: best };
  let a = Math.max(lo, bestX - step);
  let b = Math.min(hi, bestX + step);
  let c = b - GOLDEN * (b - a);
  let d = a + GOLDEN * (b - a);
  let fc = f(c);
  let fd = f(d);
  const eps = tol * Math.max(1, Math.abs(hi - lo));
  while (b - a > eps) {
    if (fc >= fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - GOLDEN * (b - a);
      fc = f(c);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + GOLDEN * (b - a);
      fd = f(d);
    }
  }
  const x = (a + b) / 2;
  const v = f(x);
  return v >= best ? { x, value: v } : { x: bestX, value: best };
}

/** Bisection for a sign change of f between a and b (f(a), f(b) of opposite sign or zero). */
export function bisect(f: (x: number) => number, a: number, b: number, tol = 1e-12, maxIter = 200): number {
  let fa = f(a);
  if (fa === 0) return a;
  const eps = tol * Math.max(1, Math.abs(b - a));
  for (let i = 0; i < maxIter && Math.abs(b - a) > eps; i++) {
    const m = (a + b) / 2;
    const fm = f(m);
    if (fm === 0) return m;
    if (fa < 0 === fm < 0) {
      a = m;
      fa = fm;
    } else b = m;
  }
  return (a + b) / 2;
}

export interface BargainPoint {
  x: number;
  gains: number[];
}

/**
 * Nash bargaining solution on a one-parameter family of outcomes: the x in [lo, hi] that
 * maximises the product of gains over the disagreement point, Π (g_i(x) − d_i), among points
 * where every party gains strictly. Null when there is no such point on the search grid.
 * (The product is maximised through its logarithm, which has the same maximiser and no overflow.)
 */
export function nashBargaining(
  gains: GainFunction,
  lo: number,
  hi: number,
  options: { disagreement?: ArrayLike<number>; grid?: number } = {},
): (BargainPoint & { product: number }) | null {
  const d = options.disagreement;
  const logProduct = (x: number) => {
    const g = gains(x);
    let s = 0;
    for (let i = 0; i < g.length; i++) {
      const surplus = g[i]! - (d ? d[i]! : 0);
      if (!(surplus > 0)) return -Infinity;
      s += Math.log(surplus);
    }
    return s;
  };
  const best = maximize1d(logProduct, lo, hi, options.grid ?? 201);
  if (best.value === -Infinity) return null;
  const g = Array.from(gains(best.x));
  return { x: best.x, gains: g, product: g.reduce((p, v, i) => p * (v - (d ? d[i]! : 0)), 1) };
}

/**
 * Kalai–Smorodinsky solution: each party's ideal is its best gain over [lo, hi] among points
 * no worse than disagreement for everyone; the solution maximises the smallest fraction of
 * its ideal that any party gets (on a monotone frontier: equal fractions for all).
 */
export function kalaiSmorodinsky(
  gains: GainFunction,
  lo: number,
  hi: number,
  options: { disagreement?: ArrayLike<number>; grid?: number } = {},
): (BargainPoint & { ideal: number[] }) | null {
  const grid = options.grid ?? 201;
  const d = options.disagreement;
  const n = gains(lo).length;
  const surplus = (x: number) => Array.from(gains(x), (v, i) => v - (d ? d[i]! : 0));
  const ideal: number[] = [];
  for (let i = 0; i < n; i++) {
    const r = maximize1d(
      (x) => {
        const s = surplus(x);
        return s.every((v) => v >= 0) ? s[i]! : -Infinity;
      },
      lo,
      hi,
      grid,
    );
    ideal.push(r.value);
  }
  if (ideal.some((v) => !(v > 0))) return null;
  const best = maximize1d(
    (x) => {
      const s = surplus(x);
      if (s.some((v) => v < 0)) return -Infinity;
      return Math.min(...s.map((v, i) => v / ideal[i]!));
    },
    lo,
    hi,
    grid,
  );
  if (best.value === -Infinity) return null;
  return { x: best.x, gains: Array.from(gains(best.x)), ideal: ideal.map((v, i) => v + (d ? d[i]! : 0)) };
}

/**
 * Shapley values of an n-player game with worth v(S) given by coalition bitmask (bit i =
 * player i): φ_i = Σ_{S ∌ i} |S|!(n−|S|−1)!/n! · (v(S ∪ {i}) − v(S)). Exact, O(2^n · n).
 */
export function shapley(n: number, worth: (mask: number) => number): number[] {
  if (!Number.isInteger(n) || n < 1 || n > 20) throw new RangeError('shapley: n must be a whole number in 1..20');
  const size = 1 << n;
  const v = new Float64Array(size);
  for (let m = 1; m < size; m++) v[m] = worth(m);
  // weight[s] = s!(n−s−1)!/n!, computed as a running product to stay exact for small n.
  const weight = new Float64Array(n);
  for (let s = 0; s < n; s++) {
    let w = 1 / n;
    // s!(n−1−s)!/(n−1)! = 1 / C(n−1, s)
    let c = 1;
    for (let k = 1; k <= s; k++) c = (c * (n - 1 - s + k)) / k;
    w /= c;
    weight[s] = w;
  }
  const popcount = (m: number) => {
    let c = 0;
    while (m) {
      m &= m - 1;
      c++;
    }
    return c;
  };
  const phi = new Array<number>(n).fill(0);
  for (let m = 0; m < size; m++) {
    const s = popcount(m);
    for (let i = 0; i < n; i++) {
      const bit = 1 << i;
      if (m & bit) continue;
      phi[i]! += weight[s]! * (v[m | bit]! - v[m]!);
    }
  }
  return phi;
}

export interface CoreCheck {
  /** True when no coalition gets less than its worth (within tolerance) and the allocation is efficient. */
  inCore: boolean;
  /** Sum of the allocation minus v(N): 0 for an efficient allocation. */
  efficiencyGap: number;
  /** Coalitions that would rather leave: worth above what they are allocated, largest excess first (at most 10). */
  blocking: { mask: number; worth: number; allocated: number; excess: number }[];
}

/** Is an allocation in the core of the game (Σ_{i∈S} x_i ≥ v(S) for every S, Σ x_i = v(N))? */
export function coreCheck(n: number, worth: (mask: number) => number, allocation: ArrayLike<number>, tol = 1e-9): CoreCheck {
  const size = 1 << n;
  const blocking: CoreCheck['blocking'] = [];
  const scale = Math.max(1, ...Array.from(allocation, Math.abs));
  let total = 0;
  for (let i = 0; i < n; i++) total += allocation[i]!;
  const efficiencyGap = total - worth(size - 1);
  for (let m = 1; m < size - 1; m++) {
    let allocated = 0;
    for (let i = 0; i < n; i++) if (m & (1 << i)) allocated += allocation[i]!;
    const w = worth(m);
    const excess = w - allocated;
    if (excess > tol * scale) blocking.push({ mask: m, worth: w, allocated, excess });
  }
  blocking.sort((a, b) => b.excess - a.excess);
  return { inCore: !blocking.length && Math.abs(efficiencyGap) <= tol * scale, efficiencyGap, blocking: blocking.slice(0, 10) };
}
