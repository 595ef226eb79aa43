// Baseline GDP paths from observed series (party.baseline): the forecast that replaces
// base × (1 + growth)^t when a party carries a history. Evaluated once, at compile time.
import type { BaselineMethod, ResolvedScenario } from '../schema/scenario.js';
import { gm11, gm11Value, type Gm11Grade } from './gm11.js';
import { constantGrowth, logLinear } from './trend.js';

export interface BaselineForecastInfo {
  party: string;
  method: BaselineMethod;
  history: { from: number; to: number };
  /** Growth per year implied by the fit (for gm11: e^{−a} − 1). */
  growth: number;
  /** Plausibility warnings: growth above the ceiling (maxGrowth, default 15 %/yr), an exactly geometric (interpolated?) history. */
  warnings?: string[];
  /** GM(1,1) parameters and accuracy checks (method gm11 only). */
  gm11?: {
    a: number;
    b: number;
    meanRelativeError: number;
    posteriorVarianceRatio: number;
    smallErrorProbability: number;
    grade: Gm11Grade;
  };
}

export interface BaselinePaths {
  /** [n*Y + y] forecast GDP for simulated year y; NaN for a party without a history. */
  gdp: Float64Array;
  /** [n] forecast GDP in the economy base year (NaN without a history), for revenue scaling. */
  atBaseYear: Float64Array;
  info: BaselineForecastInfo[];
}

/**
 * Model values of every party's baseline forecast for the simulated years and the base year.
 * The model's own values are used throughout (fitted in-sample, forecast after), so the
 * path has no jump at the last observed year. Returns null when no party has a history.
 */
export function baselinePaths(s: ResolvedScenario): BaselinePaths | null {
  const parties = s.economy.parties;
  if (!parties.some((p) => p.baseline)) return null;
  const N = parties.length;
  const Y = s.years.to - s.years.from + 1;
  const gdp = new Float64Array(N * Y).fill(NaN);
  const atBaseYear = new Float64Array(N).fill(NaN);
  const info: BaselineForecastInfo[] = [];
  parties.forEach((p, n) => {
    const b = p.baseline;
    if (!b) return;
    const { years, gdp: series } = b.history;
    const first = years[0]!;
    const last = years[years.length - 1]!;
    let growth: number;
    let extra: BaselineForecastInfo['gm11'];
    // The model's value t years after the first observation (yearly values; gaps in the
    // history allowed). Years before the history are back-cast at the fit's growth.
    let modelAt: (t: number) => number;
    if (b.method === 'gm11') {
      const r = gm11(series, 0, years);
      growth = Math.expm1(-r.a);
      modelAt = (t) => (t < 0 ? series[0]! * Math.pow(1 + growth, t) : gm11Value(series[0]!, r.a, r.b, t));
      extra = {
        a: r.a,
        b: r.b,
        meanRelativeError: r.meanRelativeError,
        posteriorVarianceRatio: r.posteriorVarianceRatio,
        smallErrorProbability: r.smallErrorProbability,
        grade: r.grade,
      };
    } else {
      const r = (b.method === 'logLinear' ? logLinear : constantGrowth)(series, 0, years);
      growth = r.growth;
      modelAt = (t) => r.level0 * Math.pow(1 + r.growth, t);
    }
    const valueAt = (year: number) => modelAt(year - first);
    const warnings = forecastWarnings(series, years, growth, b.maxGrowth?.value ?? DEFAULT_MAX_GROWTH);
    for (let y = 0; y < Y; y++) gdp[n * Y + y] = valueAt(s.years.from + y);
    atBaseYear[n] = valueAt(s.economy.baseYear);
    info.push({
      party: p.id,
      method: b.method,
      history: { from: first, to: last },
      growth,
      ...(warnings.length ? { warnings } : {}),
      ...(extra ? { gm11: extra } : {}),
    });
  });
  return { gdp, atBaseYear, info };
}

/** Growth per year above which a baseline forecast is flagged, unless the history states its own maxGrowth. */
export const DEFAULT_MAX_GROWTH = 0.15;

/**
 * Plausibility of a fitted history: growth above the ceiling (a forecast that compounds 21 %/yr
 * for twenty years is rarely meant), and a history that is an exact geometric series, which is
 * what interpolated years look like: every fit then grades itself perfect, which says nothing
 * about how well it forecasts. Give the observed years only; gaps are allowed.
 */
export function forecastWarnings(series: readonly number[], years: readonly number[], growth: number, maxGrowth: number): string[] {
  const out: string[] = [];
  if (growth > maxGrowth)
    out.push(`the fitted growth ${(100 * growth).toFixed(1)} %/yr is above the plausible ceiling of ${(100 * maxGrowth).toFixed(1)} %/yr; check the history or state maxGrowth`);
  if (series.length >= 3) {
    const t = years.map((y) => y - years[0]!);
    const logs = series.map(Math.log);
    const slope = (logs[logs.length - 1]! - logs[0]!) / t[t.length - 1]!;
    const worst = Math.max(...logs.map((v, k) => Math.abs(v - (logs[0]! + slope * t[k]!))));
    if (worst < 1e-9)
      out.push('the history is an exact geometric series (interpolated years?); its fit statistics and grade say nothing about forecast accuracy: give the observed years only (gaps are allowed)');
  }
  return out;
}
