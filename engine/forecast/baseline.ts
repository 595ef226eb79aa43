// Baseline GDP paths from observed series (party.baseline): the forecast that replaces
// base × (1 + growth)^t when a party carries a history. Evaluated once, at compile time.
import type { BaselineMethod, ResolvedScenario } from '../schema/scenario.js';
import { gm11, type Gm11Grade } from './gm11.js';
import { constantGrowth, logLinear } from './trend.js';

export interface BaselineForecastInfo {
  party: string;
  method: BaselineMethod;
  history: { from: number; to: number };
  /** Growth per year implied by the fit (for gm11: e^{−a} − 1). */
  growth: number;
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
    const horizon = Math.max(0, s.years.to - last, s.economy.baseYear - last);
    let fitted: number[];
    let forecast: number[];
    let growth: number;
    let extra: BaselineForecastInfo['gm11'];
    if (b.method === 'gm11') {
      const r = gm11(series, horizon);
      ({ fitted, forecast } = r);
      growth = Math.expm1(-r.a);
      extra = {
        a: r.a,
        b: r.b,
        meanRelativeError: r.meanRelativeError,
        posteriorVarianceRatio: r.posteriorVarianceRatio,
        smallErrorProbability: r.smallErrorProbability,
        grade: r.grade,
      };
    } else {
      const r = (b.method === 'logLinear' ? logLinear : constantGrowth)(series, horizon);
      ({ fitted, forecast, growth } = r);
    }
    // Years before the history (a scenario may start before it; the base year may not) are
    // back-cast from the first model value at the fit's growth.
    const valueAt = (year: number) => {
      const k = year - first;
      if (k < 0) return fitted[0]! * Math.pow(1 + growth, k);
      return k < fitted.length ? fitted[k]! : forecast[k - fitted.length]!;
    };
    for (let y = 0; y < Y; y++) gdp[n * Y + y] = valueAt(s.years.from + y);
    atBaseYear[n] = valueAt(s.economy.baseYear);
    info.push({ party: p.id, method: b.method, history: { from: first, to: last }, growth, ...(extra ? { gm11: extra } : {}) });
  });
  return { gdp, atBaseYear, info };
}
