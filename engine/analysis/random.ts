// Random numbers for Monte Carlo: one pure-rand xoroshiro128+ stream per draw, seeded from a
// hash of (seed, draw index), so draw i is the same however the draws are split into chunks,
// workers or shards; Latin hypercube strata from a keyed permutation (no N-sized tables);
// inverse distribution functions.
import { xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import type { Uncertainty } from '../schema/scenario.js';

export type Distribution = Uncertainty['distribution'];

/** MurmurHash3's 32-bit finaliser: a bijective avalanche mix. */
export function mix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

function hash4(a: number, b: number, c: number, d: number): number {
  let h = mix32(a ^ 0x243f6a88);
  h = mix32(h ^ b);
  h = mix32((h + Math.imul(c, 0x9e3779b9)) >>> 0);
  return mix32(h ^ d);
}

/** The stream of draw `index` under `seed`: independent of which chunk, worker or shard runs it. */
export function drawStream(seed: number, index: number): { next(): number } {
  // The low and high 32-bit words of the seed and the index (non-negative safe integers).
  const s0 = seed >>> 0;
  const s1 = Math.floor(seed / 0x1_0000_0000) >>> 0;
  const i0 = index >>> 0;
  const i1 = Math.floor(index / 0x1_0000_0000) >>> 0;
  // Four state words (written out, not mapped: this runs once per draw).
  const state = [
    hash4(s0 ^ Math.imul(1, 0x9e3779b9), s1, i0 ^ mix32(0), i1) | 0,
    hash4(s0 ^ Math.imul(2, 0x9e3779b9), s1, i0 ^ mix32(1), i1) | 0,
    hash4(s0 ^ Math.imul(3, 0x9e3779b9), s1, i0 ^ mix32(2), i1) | 0,
    hash4(s0 ^ Math.imul(4, 0x9e3779b9), s1, i0 ^ mix32(3), i1) | 0,
  ];
  if (state[0] === 0 && state[1] === 0 && state[2] === 0 && state[3] === 0) state[0] = 1; // xoroshiro's one forbidden state
  const rng = xoroshiro128plusFromState(state);
  // Strictly inside (0, 1): uniformFloat64 gives multiples of 2^-53 in [0, 1).
  return { next: () => uniformFloat64(rng) + 2 ** -54 };
}

/**
 * A keyed pseudo-random permutation of 0..n−1 (a 4-round Feistel network on the next even
 * power of two, cycle-walking back into range): Latin hypercube strata without storing n values.
 */
export function permute(i: number, n: number, key: number): number {
  if (n > 0x8000_0000) throw new RangeError('Latin hypercube sampling supports at most 2^31 draws');
  let bits = 2;
  while (2 ** bits < n) bits += 2;
  const half = bits / 2;
  const mask = (1 << half) - 1;
  let x = i;
  do {
    let l = (x >>> half) & mask;
    let r = x & mask;
    for (let round = 0; round < 4; round++) {
      const f = mix32((r ^ mix32(key + round * 0x632be5ab)) >>> 0) & mask;
      const t = l ^ f;
      l = r;
      r = t;
    }
    x = ((l << half) | r) >>> 0;
  } while (x >= n);
  return x;
}

/** Standard normal quantile (Acklam's rational approximation, relative error < 1.2e-9). */
export function normalQuantile(p: number): number {
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const pLow = 0.02425;
  if (p <= 0) return -Infinity;
  if (p >= 1) return Infinity;
  if (p < pLow) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  }
  if (p > 1 - pLow) {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    return -(((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  }
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) /
    (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
}

/** The value of a distribution at probability u (inverse CDF). */
export function distributionQuantile(dist: Distribution, u: number): number {
  switch (dist.kind) {
    case 'uniform':
      return dist.min + u * (dist.max - dist.min);
    case 'triangular': {
      const { min, mode, max } = dist;
      const width = max - min;
      if (width <= 0) return min;
      const f = (mode - min) / width;
      return u < f ? min + Math.sqrt(u * width * (mode - min)) : max - Math.sqrt((1 - u) * width * (max - mode));
    }
    case 'normal':
      return dist.mean + dist.sd * normalQuantile(u);
    case 'lognormal':
      return Math.exp(dist.mu + dist.sigma * normalQuantile(u));
  }
}
