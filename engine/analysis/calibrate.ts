// Calibration: compare a simulation with observed figures (residuals, MAPE, RMSE, bias) and
// fit chosen scenario numbers (levers: JSON Pointers) to them by bounded least squares on
// relative residuals. Continuous numbers are fitted by Levenberg–Marquardt
// (ml-levenberg-marquardt); whole numbers (years) by a pattern search around it.
import { levenbergMarquardt } from 'ml-levenberg-marquardt';
import type { ResolvedScenario } from '../schema/scenario.js';
import type { CompiledScenario } from '../model/compiled.js';
import { simulate } from '../model/simulate.js';
import { plausibilityWarnings } from '../model/plausibility.js';
import { flowRows, type FlowRow } from '../model/report.js';
import { observableMeasures, type ObservedPoint } from '../data/observed.js';
import { LeverModel, getByPointer, type Lever } from './levers.js';
import { unescapeSegment } from '../pointer.js';
import { AnalysisError, CancelledError } from './errors.js';

// ---------------------------------------------------------------- comparison

/** Error metrics. MAPE in %; rmse and bias in the series' unit (per series) or in % (overall, relative). */
export interface ErrorMetrics {
  n: number;
  mape: number;
  rmse: number;
  bias: number;
}

export interface ObservedResidual {
  year: number;
  party: string;
  measure: string;
  unit: string;
  observed: number;
  simulated: number;
  /** simulated − observed (positive: the model is above the figure). */
  residual: number;
  /** residual / |observed| (the series' mean |observed| where a figure is 0). */
  relative: number;
  source: string;
}

export interface SeriesMetrics extends ErrorMetrics {
  party: string;
  measure: string;
  unit: string;
}

export interface ObservedComparison {
  units: { mape: string; seriesRmse: string; seriesBias: string; overallRmse: string; overallBias: string };
  points: ObservedResidual[];
  series: SeriesMetrics[];
  overall: ErrorMetrics;
}

export const METRIC_UNITS: ObservedComparison['units'] = {
  mape: '% (mean absolute percentage error)',
  seriesRmse: "the series' unit (root mean square of simulated − observed)",
  seriesBias: "the series' unit (mean of simulated − observed; positive = model above the figures)",
  overallRmse: '% (root mean square of the relative residuals)',
  overallBias: '% (mean relative residual; positive = model above the figures)',
};

/** Denominators of the relative residuals: |observed|, or the series' mean |observed| where a figure is 0. */
export function residualScales(points: readonly ObservedPoint[]): Float64Array {
  const mean = new Map<string, { sum: number; n: number }>();
  for (const p of points) {
    const k = `${p.party}|${p.measure}`;
    const m = mean.get(k) ?? { sum: 0, n: 0 };
    m.sum += Math.abs(p.value);
    m.n++;
    mean.set(k, m);
  }
  return Float64Array.from(points, (p) => {
    if (p.value !== 0) return Math.abs(p.value);
    const m = mean.get(`${p.party}|${p.measure}`)!;
    return m.sum > 0 ? m.sum / m.n : 1;
  });
}

/** Simulated value of every point, read by name from the report's flow rows (deal world). */
export function simulatedAt(points: readonly ObservedPoint[], flows: readonly FlowRow[]): Float64Array {
  const byKey = new Map<string, FlowRow>();
  for (const r of flows) byKey.set(`${r.year}|${r.party}`, r);
  return Float64Array.from(points, (p) => {
    const row = byKey.get(`${p.year}|${p.party}`) as Record<string, number> | undefined;
    const v = row?.[p.measure];
    if (typeof v !== 'number') throw new AnalysisError(`${p.where}: no simulated ${p.measure} of ${p.party} in ${p.year}`);
    return v;
  });
}

function metricsOf(residual: ArrayLike<number>, relative: ArrayLike<number>, idx: readonly number[], relativeRmse: boolean): ErrorMetrics {
  let ape = 0;
  let sq = 0;
  let sum = 0;
  for (const i of idx) {
    ape += Math.abs(relative[i]!);
    const e = relativeRmse ? relative[i]! : residual[i]!;
    sq += e * e;
    sum += e;
  }
  const n = idx.length;
  const scale = relativeRmse ? 100 : 1;
  return { n, mape: (100 * ape) / n, rmse: scale * Math.sqrt(sq / n), bias: (scale * sum) / n };
}

/** Residuals and metrics per series (party × measure) and overall. */
export function compareObserved(points: readonly ObservedPoint[], simulated: ArrayLike<number>): ObservedComparison {
  const units = observableMeasures();
  const scales = residualScales(points);
  const residual = Float64Array.from(points, (p, i) => simulated[i]! - p.value);
  const relative = Float64Array.from(residual, (e, i) => e / scales[i]!);
  const groups = new Map<string, number[]>();
  points.forEach((p, i) => {
    const k = `${p.party}|${p.measure}`;
    const g = groups.get(k) ?? [];
    g.push(i);
    groups.set(k, g);
  });
  const series: SeriesMetrics[] = [...groups.values()].map((idx) => {
    const p = points[idx[0]!]!;
    return { party: p.party, measure: p.measure, unit: units[p.measure] ?? p.unit, ...metricsOf(residual, relative, idx, false) };
  });
  return {
    units: METRIC_UNITS,
    points: points.map((p, i) => ({
      year: p.year,
      party: p.party,
      measure: p.measure,
      unit: p.unit,
      observed: p.value,
      simulated: simulated[i]!,
      residual: residual[i]!,
      relative: relative[i]!,
      source: p.source,
    })),
    series,
    overall: metricsOf(residual, relative, points.map((_, i) => i), true),
  };
}

/** Simulate a compiled scenario and compare it with the points. */
export function compareCompiled(points: readonly ObservedPoint[], c: CompiledScenario): ObservedComparison {
  const result = simulate(c);
  return compareObserved(points, simulatedAt(points, flowRows(result, result.deal)));
}

// ---------------------------------------------------------------- parameters

/** A number to fit: a JSON Pointer into the resolved scenario, with bounds. */
export interface FitSpec {
  path: string;
  lo?: number;
  hi?: number;
}

export interface FitParameter {
  path: string;
  unit: string | null;
  /** Fitted as a whole number (the schema wants one, or it is a calendar year or a duration). */
  integer: boolean;
  lo: number;
  hi: number;
  before: number;
}

/** Default bounds of a parameter given without them. */
export function defaultBounds(lever: Lever): [number, number] {
  const v = lever.value;
  if (lever.min !== undefined && lever.max !== undefined) return [lever.min, lever.max];
  switch (lever.unit) {
    case '1/yr':
      return [Math.max(-0.2, v - 0.1), Math.min(0.5, v + 0.1)];
    case 'year':
      return [v - 5, v + 5];
    case 'years':
      return [1, Math.min(50, v + 5)];
  }
  if (v > 0) return [v / 4, v * 4];
  throw new AnalysisError(`"${lever.path}" is ${v}; give bounds as ${lever.path}=LO:HI`);
}

function isWhole(l: Lever): boolean {
  return l.integer || l.unit === 'year' || l.unit === 'years';
}

/**
 * The parameters fitted when none are given, from what is observed:
 * - a party's GDP (territorial or credited): its base-year GDP (±50 %) and, with two or more observed years, its
 *   baseline growth (a party whose baseline is a forecast of a history is left out);
 * - any other measure of a party: the steady output (×¼ to ×4) of the largest project it
 *   hosts (else the largest it sends), and with two or more observed years that project's
 *   growth after ramp-up where the project has one.
 */
export function defaultFitSpecs(s: ResolvedScenario, points: readonly ObservedPoint[]): { specs: FitSpec[]; warnings: string[] } {
  const specs: FitSpec[] = [];
  const warnings: string[] = [];
  const add = (path: string, lo?: number, hi?: number) => {
    if (!specs.some((x) => x.path === path)) specs.push({ path, ...(lo !== undefined ? { lo, hi } : {}) });
  };
  const years = (party: string, pred: (m: string) => boolean) => new Set(points.filter((p) => p.party === party && pred(p.measure)).map((p) => p.year)).size;
  // GDP measures (territorial and credited) carry the party's baseline; the rest only projects.
  const isGdp = (m: string) => m === 'gdp' || m === 'gdpCredited';
  const parties = [...new Set(points.map((p) => p.party))];
  for (const id of parties) {
    const n = s.economy.parties.findIndex((p) => p.id === id);
    if (n < 0) continue;
    const party = s.economy.parties[n]!;
    const gdpYears = years(id, isGdp);
    if (gdpYears > 0) {
      if (party.baseline) warnings.push(`party ${id}: its baseline GDP is a ${party.baseline.method} forecast of a history, so its base GDP and growth are not fitted by default`);
      else {
        const g = party.base.gdp.value;
        add(`/economy/parties/${n}/base/gdp/value`, g * 0.5, g * 1.5);
        if (gdpYears > 1) add(`/economy/parties/${n}/growth/gdp/value`, -0.05, 0.2);
      }
    }
    const projectYears = years(id, (m) => !isGdp(m));
    if (projectYears > 0) {
      const largest = (role: 'host' | 'origin') =>
        s.economy.projects.map((p, i) => ({ p, i })).filter(({ p }) => p[role] === id).sort((a, b) => b.p.steadyOutput.value - a.p.steadyOutput.value)[0];
      const pick = largest('host') ?? largest('origin');
      if (!pick) {
        warnings.push(`party ${id}: no project is hosted or sent by it, so nothing is fitted by default for its observed ${[...new Set(points.filter((p) => p.party === id && !isGdp(p.measure)).map((p) => p.measure))].join(', ')}`);
        continue;
      }
      add(`/economy/projects/${pick.i}/steadyOutput/value`);
      if (projectYears > 1 && pick.p.growth) add(`/economy/projects/${pick.i}/growth/value`, -0.05, 0.3);
    }
  }
  return { specs, warnings };
}

// ---------------------------------------------------------------- fitting

export interface CalibrationResult {
  fitted: (FitParameter & { after: number })[];
  metrics: { before: ErrorMetrics; after: ErrorMetrics };
  series: { party: string; measure: string; unit: string; before: ErrorMetrics; after: ErrorMetrics }[];
  residuals: { year: number; party: string; measure: string; unit: string; observed: number; simulatedBefore: number; simulated: number }[];
  warnings: string[];
  /** Number of simulations run. */
  evaluations: number;
  /** The lever values fitted, in `fitted` order (for LeverModel.scenarioAt). */
  values: number[];
}

export interface CalibrationOptions {
  /** Most simulations to run (default 20,000). */
  maxEvaluations?: number;
  /** Called now and then with (simulations so far, the budget). */
  onProgress?: (done: number, total: number) => void;
  /**
   * Stops the fit with a CancelledError (checked before every simulation). With a signal the
   * fit also yields to the event loop about every 50 ms between its Levenberg–Marquardt
   * bursts, so an abort that arrives as a message (the page's cancel, in a web worker) is
   * seen; without one (the CLI) it runs straight through.
   */
  signal?: AbortSignal;
}

/** Time between yields to the event loop when the fit can be cancelled, ms. */
const YIELD_EVERY_MS = 50;

/** Squared-error penalty of a point where the simulation is not finite. */
const NOT_FINITE = 1e6;

/**
 * Fit the parameters to the observed points: minimise Σ ((simulated − observed)/|observed|)²
 * within the bounds. Continuous parameters are mapped to [0, 1] and fitted by
 * Levenberg–Marquardt; whole-number parameters take steps of ±1 (then ±2, ±4, … while that
 * improves), refitting the continuous ones at each step, until no step improves.
 */
export async function calibrate(
  scenario: ResolvedScenario,
  points: readonly ObservedPoint[],
  specs: readonly FitSpec[],
  options: CalibrationOptions = {},
): Promise<CalibrationResult> {
  if (!points.length) throw new AnalysisError('no observations to fit');
  if (!specs.length) throw new AnalysisError('no parameters to fit; give --fit POINTER[=LO:HI]');
  const dup = specs.find((x, i) => specs.findIndex((y) => y.path === x.path) !== i);
  if (dup) throw new AnalysisError(`parameter "${dup.path}" is given twice`);
  const model = await LeverModel.create(scenario, specs.map((x) => x.path));
  const warnings: string[] = [];
  const params: FitParameter[] = model.levers.map((l, j) => {
    const spec = specs[j]!;
    const integer = isWhole(l);
    let [lo, hi] = spec.lo !== undefined && spec.hi !== undefined ? [spec.lo, spec.hi] : defaultBounds(l);
    if (integer) [lo, hi] = [Math.ceil(lo), Math.floor(hi)];
    if (!(lo < hi)) throw new AnalysisError(`parameter "${l.path}": bounds ${lo}:${hi} are empty; expected LO < HI`);
    return { path: l.path, unit: l.unit, integer, lo, hi, before: l.value };
  });
  // Both ends of every range must give a valid scenario (others at their values), so the
  // search never leaves the format: a clear message instead of a failure half-way.
  const current = params.map((p) => p.before);
  params.forEach((p, j) => {
    for (const end of [p.lo, p.hi]) {
      const v = current.slice();
      v[j] = end;
      const problem = model.check(v);
      if (problem) throw new AnalysisError(`parameter "${p.path}" cannot reach ${end}: ${problem}`);
    }
    if (p.before < p.lo || p.before > p.hi) warnings.push(`${p.path}: the scenario's value ${p.before} is outside ${p.lo}:${p.hi}; the fit starts at the nearer bound`);
  });

  const m = points.length;
  const scales = residualScales(points);
  const { signal } = options;
  let lastYield = Date.now();
  /** Let a cancel message in (only when the fit can be cancelled), then honour it. */
  const breathe = async () => {
    if (!signal) return;
    if (Date.now() - lastYield >= YIELD_EVERY_MS) {
      await new Promise((ok) => setTimeout(ok, 0));
      lastYield = Date.now();
    }
    if (signal.aborted) throw new CancelledError();
  };
  const budget = options.maxEvaluations ?? 20_000;
  let evaluations = 0;
  const cache = new Map<string, Float64Array>();
  const simulatedValues = (values: readonly number[]): Float64Array => {
    const c = model.compiledAt(values);
    const result = simulate(c);
    return simulatedAt(points, flowRows(result, result.deal));
  };
  /** Relative residuals at parameter values (cached: LM asks for the same point twice). */
  const residualsAt = (values: readonly number[]): Float64Array => {
    const key = values.join(',');
    const hit = cache.get(key);
    if (hit) return hit;
    if (signal?.aborted) throw new CancelledError();
    evaluations++;
    if (evaluations % 50 === 0) options.onProgress?.(Math.min(evaluations, budget), budget);
    const sim = simulatedValues(values);
    const r = Float64Array.from(points, (p, i) => (Number.isFinite(sim[i]!) ? (sim[i]! - p.value) / scales[i]! : NOT_FINITE));
    if (cache.size > 50_000) cache.clear();
    cache.set(key, r);
    return r;
  };
  const sse = (r: Float64Array) => r.reduce((s, v) => s + v * v, 0);

  const cont = params.map((p, j) => (p.integer ? -1 : j)).filter((j) => j >= 0);
  const ints = params.map((p, j) => (p.integer ? j : -1)).filter((j) => j >= 0);
  // LM's forward differences step up from the parameter: keep a margin below 1 so they stay in bounds.
  const U_MAX = 1 - 1e-4;
  const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));
  const valuesOf = (u: ArrayLike<number>, intValues: readonly number[]): number[] => {
    const v = intValues.slice();
    cont.forEach((j, k) => {
      const p = params[j]!;
      v[j] = p.lo + clamp(u[k]!, 0, 1) * (p.hi - p.lo);
    });
    return v;
  };
  const start = params.map((p) => clamp(p.integer ? Math.round(p.before) : p.before, p.lo, p.hi));
  const u0 = cont.map((j) => (start[j]! - params[j]!.lo) / (params[j]!.hi - params[j]!.lo));

  /**
   * LM on the continuous parameters at positions `free` (the others stay at u), from u. The
   * package stops only at an absolute error or an iteration count: it runs in bursts, stopping
   * when a burst no longer improves the error by a relative 1e-9. Returns the best point seen.
   */
  const lmBursts = async (intValues: number[], u: number[], free: number[], atStart: number): Promise<{ u: number[]; error: number }> => {
    // The package wants more than two data points: pad with points whose residual is always 0.
    const x = Array.from({ length: Math.max(m, 3) }, (_, i) => i);
    const full = (sub: ArrayLike<number>) => {
      const v = u.slice();
      free.forEach((k, i) => (v[k] = sub[i]!));
      return v;
    };
    let bestU = u.map((v) => Math.min(v, U_MAX));
    let bestError = atStart;
    for (let burst = 0; burst < 20 && evaluations < budget; burst++) {
      await breathe();
      const fit = levenbergMarquardt(
        { x, y: new Float64Array(x.length) },
        (sub: number[]) => {
          const r = residualsAt(valuesOf(full(sub), intValues));
          return (i: number) => (i < m ? r[i]! : 0);
        },
        {
          initialValues: free.map((k) => bestU[k]!),
          minValues: free.map(() => 0),
          maxValues: free.map(() => U_MAX),
          gradientDifference: 1e-6,
          centralDifference: false,
          damping: 1e-3,
          maxIterations: 15,
          errorTolerance: 1e-20,
        },
      );
      const next = full(fit.parameterValues);
      const error = sse(residualsAt(valuesOf(next, intValues)));
      const gain = bestError - error;
      if (gain > 0) {
        bestU = next;
        bestError = error;
      }
      if (!(gain > 1e-9 * bestError) || bestError < 1e-20) break;
    }
    return { u: bestU, error: bestError };
  };

  /**
   * Best continuous values with the whole numbers fixed, never worse than u. LM projects its
   * steps onto the bounds, which stalls the other parameters once one sits on a bound: those
   * are then held there (an active set) and the rest refitted.
   */
  const fitContinuous = async (intValues: number[], u: number[]): Promise<{ u: number[]; error: number }> => {
    const atStart = sse(residualsAt(valuesOf(u, intValues)));
    if (!cont.length || evaluations >= budget) return { u, error: atStart };
    const all = cont.map((_, k) => k);
    let best = await lmBursts(intValues, u, all, atStart);
    const free = all.filter((k) => best.u[k]! > 1e-9 && best.u[k]! < U_MAX - 1e-9);
    if (free.length && free.length < all.length && evaluations < budget) {
      const refit = await lmBursts(intValues, best.u, free, best.error);
      if (refit.error < best.error) best = refit;
    }
    return best;
  };

  let best = { ints: start.slice(), ...(await fitContinuous(start.slice(), u0)) };
  // Pattern search on the whole numbers: a refit of the continuous ones at each trial step.
  for (let round = 0; round < 20 && ints.length && evaluations < budget; round++) {
    let improved = false;
    for (const j of ints) {
      const p = params[j]!;
      for (const dir of [1, -1]) {
        for (let step = 1; evaluations < budget; step *= 2) {
          const v = best.ints[j]! + dir * step;
          if (v < p.lo || v > p.hi) break;
          const trial = best.ints.slice();
          trial[j] = v;
          await breathe();
          const r = await fitContinuous(trial, best.u);
          if (r.error < best.error - 1e-15) {
            best = { ints: trial, ...r };
            improved = true;
          } else break;
        }
      }
    }
    if (!improved) break;
  }
  if (evaluations >= budget) warnings.push(`stopped after ${evaluations} simulations (the budget); the fit may not be final`);
  options.onProgress?.(budget, budget);

  const after = valuesOf(best.u, best.ints);
  const fitted = params.map((p, j) => ({ ...p, after: p.integer ? Math.round(after[j]!) : after[j]! }));
  const afterValues = fitted.map((f) => f.after);
  warnings.push(...fitWarnings(params, afterValues, residualsAt, m));
  {
    const c = model.compiledAt(afterValues);
    for (const w of plausibilityWarnings(model.scenarioAt(afterValues), c, simulate(c))) warnings.push(`after the fit: ${w}`);
  }

  // "Before" is the scenario as written (whole-number parameters not yet rounded or clamped).
  const beforeCmp = compareObserved(points, simulatedValues(current));
  const afterCmp = compareObserved(points, simulatedValues(afterValues));
  if (afterCmp.overall.mape > beforeCmp.overall.mape + 1e-9)
    warnings.push(`MAPE rose from ${beforeCmp.overall.mape.toFixed(2)} % to ${afterCmp.overall.mape.toFixed(2)} %: least squares weighs large errors more than MAPE does`);
  return {
    fitted,
    metrics: { before: beforeCmp.overall, after: afterCmp.overall },
    series: afterCmp.series.map((s, k) => {
      const b = beforeCmp.series[k]!;
      const strip = (x: ErrorMetrics): ErrorMetrics => ({ n: x.n, mape: x.mape, rmse: x.rmse, bias: x.bias });
      return { party: s.party, measure: s.measure, unit: s.unit, before: strip(b), after: strip(s) };
    }),
    residuals: afterCmp.points.map((r, i) => ({
      year: r.year,
      party: r.party,
      measure: r.measure,
      unit: r.unit,
      observed: r.observed,
      simulatedBefore: beforeCmp.points[i]!.simulated,
      simulated: r.simulated,
    })),
    warnings,
    evaluations,
    values: afterValues,
  };
}

/**
 * Warnings for an ill-posed fit: more parameters than observations; a parameter that moves no
 * observed value (flat objective); two parameters that move them the same way (only their
 * combination is determined); a parameter that ends on a bound. Throws when no parameter
 * moves any observed value: nothing can be fitted.
 */
function fitWarnings(params: FitParameter[], at: number[], residualsAt: (v: readonly number[]) => Float64Array, m: number): string[] {
  const out: string[] = [];
  if (params.length > m)
    out.push(`${params.length} parameters for ${m} observation${m === 1 ? '' : 's'}: the fit is not unique; fix some parameters or add observations`);
  const r0 = residualsAt(at);
  // Sensitivity of the residuals to each parameter: a step inward of 1e-3 of the range (1 for whole numbers).
  const columns = params.map((p, j) => {
    const step = p.integer ? 1 : 1e-3 * (p.hi - p.lo);
    const dir = at[j]! + step <= p.hi ? 1 : -1;
    const v = at.slice();
    v[j] = at[j]! + dir * step;
    const r = residualsAt(v);
    return Float64Array.from(r, (x, i) => (x - r0[i]!) * dir);
  });
  const norm = (c: Float64Array) => Math.sqrt(c.reduce((s, x) => s + x * x, 0));
  const flat = columns.map((c) => norm(c) < 1e-12);
  if (flat.every(Boolean))
    throw new AnalysisError(`none of the parameters (${params.map((p) => p.path).join(', ')}) changes an observed value; nothing can be fitted`);
  params.forEach((p, j) => {
    if (flat[j]) out.push(`${p.path} does not change any observed value (flat objective); it stays at ${at[j]}`);
  });
  for (let a = 0; a < params.length; a++)
    for (let b = a + 1; b < params.length; b++) {
      if (flat[a] || flat[b]) continue;
      const ca = columns[a]!;
      const cb = columns[b]!;
      const cos = ca.reduce((s, x, i) => s + x * cb[i]!, 0) / (norm(ca) * norm(cb));
      if (Math.abs(cos) > 0.9999)
        out.push(`${params[a]!.path} and ${params[b]!.path} move the observed values the same way: only their combination is determined by these observations`);
    }
  params.forEach((p, j) => {
    if (flat[j]) return;
    const tol = p.integer ? 0 : 1e-3 * (p.hi - p.lo);
    if (at[j]! <= p.lo + tol) out.push(`${p.path} ended at its lower bound ${p.lo}; widen the bounds or question the model`);
    else if (at[j]! >= p.hi - tol) out.push(`${p.path} ended at its upper bound ${p.hi}; widen the bounds or question the model`);
  });
  return out;
}

/**
 * The calibrated scenario as a self-contained file (economy and policy inline, no overrides):
 * each fitted number carries `assumption: "fitted to FILE by pairsim calibrate …"` with the
 * metrics, its previous provenance moves to `note`, and the observations go in `observed`.
 */
export function calibratedScenario(
  scenario: ResolvedScenario,
  result: CalibrationResult,
  observedName: string,
  points: readonly ObservedPoint[],
): Record<string, unknown> {
  const s = structuredClone(scenario) as ResolvedScenario & { $schema?: string };
  delete s.$schema;
  const { before, after } = result.metrics;
  const metrics = `overall MAPE ${before.mape.toFixed(2)} % before, ${after.mape.toFixed(2)} % after`;
  for (const f of result.fitted) {
    const segs = f.path.split('/');
    const parentPath = segs.slice(0, -1).join('/');
    const parent = getByPointer(s, parentPath) as Record<string, unknown> | undefined;
    const last = unescapeSegment(segs[segs.length - 1]!) ?? '';
    if (!parent || typeof parent !== 'object') continue;
    parent[last] = f.after;
    if (last === 'value' && typeof parent.unit === 'string') {
      const was = [parent.source ? `source: ${String(parent.source)}` : '', parent.assumption ? `assumption: ${String(parent.assumption)}` : '']
        .filter(Boolean)
        .join('; ');
      parent.assumption = `fitted to ${observedName} by pairsim calibrate (was ${f.before}; bounds ${f.lo}:${f.hi}; ${metrics})`;
      delete parent.source;
      if (was) parent.note = `before calibration: ${was}`.slice(0, 4000);
    }
  }
  s.observed = points.map((p) => ({ year: p.year, party: p.party, measure: p.measure, value: p.value, unit: p.unit, source: p.source }));
  s.description = {
    zh: `${s.description.zh}（已由 pairsim calibrate 按 ${observedName} 校准：MAPE ${before.mape.toFixed(2)}% → ${after.mape.toFixed(2)}%）`.slice(0, 4000),
    en: `${s.description.en} (calibrated to ${observedName} by pairsim calibrate: MAPE ${before.mape.toFixed(2)} % → ${after.mape.toFixed(2)} %)`.slice(0, 4000),
  };
  return s as unknown as Record<string, unknown>;
}
