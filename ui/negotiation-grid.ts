// The negotiation view's slider steps on the worker's sweep grid: which grid point a value is.

/** Index of the sweep point nearest to x (xs evenly spaced). */
export function gridIndex(xs: readonly number[], x: number): number {
  if (!xs.length) return -1;
  const lo = xs[0]!;
  const hi = xs.at(-1)!;
  const k = Math.round(((x - lo) / (hi - lo || 1)) * (xs.length - 1));
  return Math.min(xs.length - 1, Math.max(0, k));
}

/**
 * Fair points that lie within `tolerance` of each other along the lever, as groups of indices
 * (each group in input order, groups by position). Points in one group are drawn side by side.
 */
export function clusterPoints(xs: readonly number[], tolerance: number): number[][] {
  const order = xs.map((x, i) => ({ x, i })).sort((a, b) => a.x - b.x || a.i - b.i);
  const groups: { x: number; members: number[] }[] = [];
  for (const p of order) {
    const last = groups.at(-1);
    if (last && p.x - last.x <= tolerance) {
      last.members.push(p.i);
      last.x = p.x;
    }
    else groups.push({ x: p.x, members: [p.i] });
  }
  return groups.map((g) => g.members.sort((a, b) => a - b));
}

/**
 * Rows for labels that must not overlap: each label spans [from, to] in pixels; a label goes
 * into the first row whose last label ends before it starts (greedy, in the given order).
 * Returns the row of each label (0 = nearest the point).
 */
export function labelRows(spans: readonly { from: number; to: number }[], gap = 4): number[] {
  const ends: number[] = [];
  const order = spans.map((s, i) => ({ ...s, i })).sort((a, b) => a.from - b.from);
  const rows = new Array<number>(spans.length).fill(0);
  for (const s of order) {
    let row = ends.findIndex((end) => end + gap <= s.from);
    if (row < 0) row = ends.length;
    ends[row] = s.to;
    rows[s.i] = row;
  }
  return rows;
}
