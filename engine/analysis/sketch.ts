// Streaming statistics that merge exactly, so a Monte Carlo result does not depend on how its
// draws were split: an exact sum (Shewchuk's non-overlapping partials, read out correctly
// rounded) and a quantile sketch with relative accuracy α on log-spaced buckets (the
// DDSketch idea: bucket counts are integers, so merging is addition and order-free).

/** Exact floating-point sum: the value is the correctly rounded sum of everything added, in any order. */
export class ExactSum {
  /** The non-overlapping partials, smallest magnitude first: p[0 .. n-1] (a typed array, so add() neither allocates nor resizes). */
  private p = new Float64Array(4);
  private n = 0;

  add(x: number): void {
    const p = this.p;
    const n = this.n;
    let i = 0;
    for (let j = 0; j < n; j++) {
      let y = p[j]!;
      if (Math.abs(x) < Math.abs(y)) {
        const t = x;
        x = y;
        y = t;
      }
      const hi = x + y;
      const lo = y - (hi - x);
      if (lo !== 0) p[i++] = lo;
      x = hi;
    }
    if (i === p.length) {
      this.p = new Float64Array(p.length * 2);
      this.p.set(p);
    }
    this.p[i] = x;
    this.n = i + 1;
  }

  /** The partials (what the state file records). */
  get partials(): number[] {
    return Array.from(this.p.subarray(0, this.n));
  }

  merge(other: ExactSum): void {
    const q = other.p.slice(0, other.n);
    for (let k = 0; k < q.length; k++) this.add(q[k]!);
  }

  /** Correctly rounded (as Python's math.fsum). */
  value(): number {
    const p = this.p;
    let n = this.n;
    if (n === 0) return 0;
    let hi = p[--n]!;
    let lo = 0;
    while (n > 0) {
      const x = hi;
      const y = p[--n]!;
      hi = x + y;
      const yr = hi - x;
      lo = y - yr;
      if (lo !== 0) break;
    }
    if (n > 0 && ((lo < 0 && p[n - 1]! < 0) || (lo > 0 && p[n - 1]! > 0))) {
      const y = lo * 2;
      const x = hi + y;
      if (y === x - hi) hi = x;
    }
    return hi;
  }

  toJSON(): number[] {
    return this.partials;
  }

  static fromJSON(partials: number[]): ExactSum {
    if (!Array.isArray(partials) || partials.length > 64 || !partials.every((v) => Number.isFinite(v))) throw new RangeError('malformed exact sum (expected at most 64 finite partials)');
    const s = new ExactSum();
    for (const v of partials) s.add(v);
    if (!Number.isFinite(s.value())) throw new RangeError('exact sum is not finite');
    return s;
  }
}

export interface SketchJSON {
  alpha: number;
  count: number;
  zero: number;
  below0: number;
  min: number | null;
  max: number | null;
  /** [bucket index, count], ascending index; negative values by |x|. */
  pos: [number, number][];
  neg: [number, number][];
}

/** Values with |x| below this are counted as zero (1e-12 亿元 is 0.0001 yuan). */
export const SKETCH_ZERO = 1e-12;

/**
 * Bucket counts: a growable dense array (bucket k at k − offset, no Map in the hot loop) while
 * the buckets are close together, which is the case for real draws; a sparse Map once the
 * span would be much larger than the buckets in use (a hostile or very spread state), so
 * memory stays proportional to the data: a bucket at each end of the index range costs two
 * entries, not 150,000 counters.
 */
class BucketStore {
  counts = new Float64Array(0);
  offset = 0;
  total = 0;
  /** Buckets with a count (dense mode). */
  private used = 0;
  private sparse: Map<number, number> | null = null;

  add(k: number, c: number): void {
    this.total += c;
    if (this.sparse) {
      this.sparse.set(k, (this.sparse.get(k) ?? 0) + c);
      return;
    }
    let i = k - this.offset;
    if (i < 0 || i >= this.counts.length) {
      if (!this.grow(k)) {
        this.toSparse();
        this.sparse!.set(k, (this.sparse!.get(k) ?? 0) + c);
        return;
      }
      i = k - this.offset;
    }
    if (this.counts[i] === 0) this.used++;
    this.counts[i]! += c;
  }

  /** Make room for bucket k densely; false when that would be far larger than the data. */
  private grow(k: number): boolean {
    const old = this.counts;
    if (!old.length) {
      this.offset = k - 32;
      this.counts = new Float64Array(64);
      return true;
    }
    const lo = Math.min(this.offset, k - 32);
    const hi = Math.max(this.offset + old.length, k + 33);
    const size = Math.max(hi - lo, old.length * 2);
    if (size > 64 + 8 * (this.used + 1)) return false;
    const next = new Float64Array(size);
    // Grow toward the side that needed room.
    const newOffset = k < this.offset ? this.offset + old.length - size : lo;
    next.set(old, this.offset - newOffset);
    this.counts = next;
    this.offset = newOffset;
    return true;
  }

  private toSparse(): void {
    const m = new Map<number, number>();
    for (let i = 0; i < this.counts.length; i++) if (this.counts[i]) m.set(this.offset + i, this.counts[i]!);
    this.sparse = m;
    this.counts = new Float64Array(0);
    this.used = 0;
  }

  merge(o: BucketStore): void {
    for (const [k, c] of o.entries()) this.add(k, c);
  }

  /** [bucket, count] pairs with count > 0, ascending. */
  entries(): [number, number][] {
    if (this.sparse) return [...this.sparse].filter(([, c]) => c !== 0).sort((a, b) => a[0] - b[0]);
    const out: [number, number][] = [];
    for (let i = 0; i < this.counts.length; i++) if (this.counts[i]) out.push([this.offset + i, this.counts[i]!]);
    return out;
  }

  /** Counters held (dense array length or sparse entries): what the store costs in memory. */
  get footprint(): number {
    return this.sparse ? this.sparse.size : this.counts.length;
  }
}

/**
 * Quantiles to relative accuracy α: a reported quantile x̂ of rank ⌊q(n−1)⌋ satisfies
 * |x̂ − x| ≤ α|x| for the exact order statistic x (|x| < 1e-12 reported as 0). Memory is one
 * counter per bucket between the smallest and largest |x| seen: about ln(max/min)/(2α) per
 * sign, whatever the number of draws.
 */
export class QuantileSketch {
  readonly gamma: number;
  private readonly logGamma: number;
  count = 0;
  zero = 0;
  below0 = 0;
  min = Infinity;
  max = -Infinity;
  private readonly pos = new BucketStore();
  private readonly neg = new BucketStore();

  constructor(readonly alpha = 0.005) {
    if (!(alpha > 0 && alpha < 0.5)) throw new RangeError('sketch accuracy alpha must be in (0, 0.5)');
    this.gamma = (1 + alpha) / (1 - alpha);
    this.logGamma = Math.log(this.gamma);
  }

  add(x: number): void {
    if (Number.isNaN(x)) throw new RangeError('NaN in a Monte Carlo measure');
    this.count++;
    if (x < this.min) this.min = x;
    if (x > this.max) this.max = x;
    if (x < 0) this.below0++;
    const a = Math.abs(x);
    if (a < SKETCH_ZERO) {
      this.zero++;
      return;
    }
    (x > 0 ? this.pos : this.neg).add(Math.ceil(Math.log(a) / this.logGamma), 1);
  }

  merge(o: QuantileSketch): void {
    if (o.alpha !== this.alpha) throw new RangeError('cannot merge sketches of different accuracy');
    this.count += o.count;
    this.zero += o.zero;
    this.below0 += o.below0;
    this.min = Math.min(this.min, o.min);
    this.max = Math.max(this.max, o.max);
    this.pos.merge(o.pos);
    this.neg.merge(o.neg);
  }

  private bucketValue(k: number): number {
    return (2 * Math.pow(this.gamma, k)) / (this.gamma + 1);
  }

  /** The q-quantile (0 ≤ q ≤ 1), NaN when empty. */
  quantile(q: number): number {
    if (this.count === 0) return NaN;
    if (q <= 0) return this.min;
    if (q >= 1) return this.max;
    const rank = Math.floor(q * (this.count - 1));
    let v = NaN;
    let seen = 0;
    // Most negative first: negative buckets by descending |x|, then zero, then positive ascending.
    const neg = this.neg.entries();
    for (let i = neg.length - 1; i >= 0 && Number.isNaN(v); i--) {
      seen += neg[i]![1];
      if (seen > rank) v = -this.bucketValue(neg[i]![0]);
    }
    if (Number.isNaN(v)) {
      seen += this.zero;
      if (seen > rank) v = 0;
    }
    const pos = this.pos.entries();
    for (let i = 0; i < pos.length && Number.isNaN(v); i++) {
      seen += pos[i]![1];
      if (seen > rank) v = this.bucketValue(pos[i]![0]);
    }
    return Math.min(this.max, Math.max(this.min, v));
  }

  toJSON(): SketchJSON {
    return {
      alpha: this.alpha,
      count: this.count,
      zero: this.zero,
      below0: this.below0,
      min: this.count ? this.min : null,
      max: this.count ? this.max : null,
      pos: this.pos.entries(),
      neg: this.neg.entries(),
    };
  }

  /** Read a serialised sketch, refusing malformed input (bucket indices outside what add() can produce). */
  static fromJSON(j: SketchJSON): QuantileSketch {
    const s = new QuantileSketch(j.alpha);
    const lo = Math.ceil(Math.log(SKETCH_ZERO) / s.logGamma);
    const hi = Math.ceil(Math.log(Number.MAX_VALUE) / s.logGamma);
    const okCount = (c: unknown) => Number.isSafeInteger(c) && (c as number) >= 0;
    if (!j || typeof j !== 'object' || !Array.isArray(j.pos) || !Array.isArray(j.neg)) throw new RangeError('malformed sketch');
    const inBuckets = [0, 0];
    [j.pos, j.neg].forEach((list, side) => {
      let prev = -Infinity;
      for (const e of list) {
        if (!Array.isArray(e) || !Number.isInteger(e[0]) || e[0] < lo || e[0] > hi || !okCount(e[1]) || e[1] === 0)
          throw new RangeError('malformed sketch bucket');
        if (e[0] <= prev) throw new RangeError('sketch buckets not in ascending order');
        prev = e[0];
        inBuckets[side]! += e[1];
      }
    });
    if (![j.count, j.zero, j.below0].every(okCount)) throw new RangeError('malformed sketch counts');
    // Internal consistency: the counts add up, and every bucket lies within [min, max].
    if (j.count !== j.zero + inBuckets[0]! + inBuckets[1]!)
      throw new RangeError(`sketch count ${j.count} is not the ${j.zero + inBuckets[0]! + inBuckets[1]!} values in its buckets`);
    if (j.below0 < inBuckets[1]! || j.below0 > inBuckets[1]! + j.zero) throw new RangeError('sketch count below zero does not match its buckets');
    if (j.count === 0 ? j.min !== null || j.max !== null : !(Number.isFinite(j.min) && Number.isFinite(j.max) && j.min! <= j.max!))
      throw new RangeError('sketch minimum and maximum are inconsistent');
    const tol = 1 + 1e-9;
    const low = (k: number) => Math.pow(s.gamma, k - 1); // smallest |x| of bucket k
    for (const [k] of j.pos) if (!(j.max! > 0 && low(k) <= j.max! * tol)) throw new RangeError('a sketch bucket lies above the maximum');
    for (const [k] of j.neg) if (!(j.min! < 0 && low(k) <= -j.min! * tol)) throw new RangeError('a sketch bucket lies below the minimum');
    s.count = j.count;
    s.zero = j.zero;
    s.below0 = j.below0;
    s.min = j.min ?? Infinity;
    s.max = j.max ?? -Infinity;
    for (const [k, c] of j.pos) s.pos.add(k, c);
    for (const [k, c] of j.neg) s.neg.add(k, c);
    return s;
  }
}
