// Sweep: one or two levers over a grid; per point each party's gains versus no deal.
import { Evaluation, M, MEASURES, partyMeasures, type Measure } from './measures.js';
import type { LeverModel } from './levers.js';
import { AnalysisError } from './errors.js';

export interface SweepAxis {
  path: string;
  from: number;
  to: number;
  steps: number;
}

export interface SweepPoint {
  /** Lever values, in the order of the axes. */
  values: number[];
  parties: ({ party: string } & Record<Measure, number>)[];
}

export interface SweepResult {
  levers: { path: string; from: number; to: number; steps: number; current: number; integer: boolean }[];
  measures: readonly Measure[];
  points: SweepPoint[];
}

/** Evenly spaced values from..to (steps ≥ 1 points); whole numbers for integer levers. */
export function gridValues(from: number, to: number, steps: number, integer = false): number[] {
  if (!Number.isFinite(from) || !Number.isFinite(to)) throw new AnalysisError('sweep bounds must be finite numbers');
  if (!Number.isInteger(steps) || steps < 1 || steps > 100_000) throw new AnalysisError(`steps must be a whole number in 1..100000; got ${steps}`);
  const out: number[] = [];
  for (let k = 0; k < steps; k++) {
    const v = steps === 1 ? from : from + ((to - from) * k) / (steps - 1);
    out.push(integer ? Math.round(v) : v);
  }
  return integer ? [...new Set(out)] : out;
}

/** A sweep ready to run: its levers and size, and its points one at a time (nothing is held). */
export interface SweepPlan {
  levers: SweepResult['levers'];
  measures: readonly Measure[];
  /** Number of points (the product of the axes' distinct values). */
  total: number;
  /** Evaluates the points in order, one at a time: memory does not grow with the grid. */
  points(onProgress?: (done: number, total: number) => void): Generator<SweepPoint>;
}

/**
 * Plan a sweep of a lever model over the grid of its axes (one or two). Every point is
 * checked against the schema first (at the grid's corners), so an out-of-range value gives
 * one clear error before anything runs, instead of odd numbers.
 */
export function planSweep(model: LeverModel, axes: SweepAxis[]): SweepPlan {
  if (axes.length !== model.levers.length || axes.length < 1 || axes.length > 2)
    throw new AnalysisError('a sweep takes one or two levers');
  const grids = axes.map((a, i) => gridValues(a.from, a.to, a.steps, model.levers[i]!.integer));
  // Schema bounds are intervals, so the corners of the grid decide validity for the whole grid.
  const corners = grids.length === 1
    ? [[grids[0]![0]!], [grids[0]!.at(-1)!]]
    : [grids[0]![0]!, grids[0]!.at(-1)!].flatMap((a) => [[a, grids[1]![0]!], [a, grids[1]!.at(-1)!]]);
  for (const c of corners) {
    const problem = model.check(c);
    if (problem) throw new AnalysisError(`sweep point invalid ${problem}`);
  }
  const inner = grids.length === 1 ? 1 : grids[1]!.length;
  const total = grids[0]!.length * inner;
  return {
    levers: axes.map((a, i) => ({ ...a, current: model.levers[i]!.value, integer: model.levers[i]!.integer, path: model.levers[i]!.path })),
    measures: MEASURES,
    total,
    *points(onProgress) {
      const N = model.base.parties.length;
      const ev = new Evaluation(N, model.base.years);
      const buf = new Float64Array(N * M);
      // The k-th point of the grid, first lever outer: the combinations are never materialised.
      for (let k = 0; k < total; k++) {
        const values = grids.length === 1 ? [grids[0]![k]!] : [grids[0]![Math.floor(k / inner)]!, grids[1]![k % inner]!];
        // On a check-up scenario each point runs the responses (as `pairsim run --set` does).
        ev.run(model.respondedAt(values), buf, model.policyOnly && k > 0);
        const point = { values, parties: model.base.parties.map((p, n) => ({ party: p.id, ...partyMeasures(buf, n) })) };
        onProgress?.(k + 1, total);
        yield point;
      }
    },
  };
}

/** Sweep a lever model over the grid of its axes (one or two), all points in memory (see planSweep to stream). */
export function sweep(
  model: LeverModel,
  axes: SweepAxis[],
  onProgress?: (done: number, total: number) => void,
): SweepResult {
  const plan = planSweep(model, axes);
  return { levers: plan.levers, measures: plan.measures, points: [...plan.points(onProgress)] };
}

/** The CSV row(s) of one point: one per party, lever values first. */
export function sweepPointRows(levers: SweepResult['levers'], pt: SweepPoint): Record<string, number | string>[] {
  return pt.parties.map((p) => {
    const row: Record<string, number | string> = {};
    levers.forEach((_, i) => (row[levers.length === 1 ? 'lever' : `lever${i + 1}`] = pt.values[i]!));
    return Object.assign(row, p);
  });
}

/** Tidy rows for CSV and charts: one row per point and party. */
export function sweepRows(r: SweepResult): Record<string, number | string>[] {
  return r.points.flatMap((pt) => sweepPointRows(r.levers, pt));
}
