// The negotiation view's slider steps on the worker's sweep grid: which grid point a value is.

/** Index of the sweep point nearest to x (xs evenly spaced). */
export function gridIndex(xs: readonly number[], x: number): number {
  if (!xs.length) return -1;
  const lo = xs[0]!;
  const hi = xs.at(-1)!;
  const k = Math.round(((x - lo) / (hi - lo || 1)) * (xs.length - 1));
  return Math.min(xs.length - 1, Math.max(0, k));
}
