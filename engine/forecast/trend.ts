// Simple trend forecasts for a party's baseline GDP: constant growth (CAGR) and a
// log-linear trend, the "time-series" companions of GM(1,1) in seed 002.
import { checkPositiveSeries, ForecastInputError, observationTimes } from './gm11.js';

export interface TrendResult {
  /** Growth per step implied by the fit (e.g. 0.07 = 7% a year). */
  growth: number;
  /** Fitted values for the observed steps. */
  fitted: number[];
  /** The next `horizon` values (yearly after the last observation). */
  forecast: number[];
  /** Model value at the first observation's year: the model is level0 · (1 + growth)^t. */
  level0: number;
}

function checkHorizon(horizon: number): void {
  if (!Number.isInteger(horizon) || horizon < 0) throw new ForecastInputError(`horizon must be a whole number ≥ 0; got ${horizon}`);
}

/**
 * Constant growth: the compound annual growth rate between the first and the last value,
 * g = (x_n / x_1)^(1/(t_n − t_1)) − 1 over the years between them (gaps allowed), continued
 * from the last value. Fitted values run from the first value at that rate (first and last exact).
 */
export function constantGrowth(series: readonly number[], horizon: number, years?: readonly number[]): TrendResult {
  checkPositiveSeries(series, 2, 'constant growth');
  checkHorizon(horizon);
  const n = series.length;
  const t = observationTimes(n, years);
  const first = series[0]!;
  const last = series[n - 1]!;
  const growth = Math.pow(last / first, 1 / t[n - 1]!) - 1;
  const fitted = t.map((tk) => first * Math.pow(1 + growth, tk));
  const forecast = Array.from({ length: horizon }, (_, h) => last * Math.pow(1 + growth, h + 1));
  return { growth, fitted, forecast, level0: first };
}

/**
 * Log-linear trend: ordinary least squares of ln x_k = α + β·t_k (t_k = years since the first
 * observation; 0..n−1 for consecutive years), so x̂(t) = exp(α + β·t) and growth = e^β − 1.
 * Uses every point, unlike constantGrowth. Forecasts are yearly after the last observation.
 */
export function logLinear(series: readonly number[], horizon: number, years?: readonly number[]): TrendResult {
  checkPositiveSeries(series, 3, 'log-linear trend');
  checkHorizon(horizon);
  const n = series.length;
  const t = observationTimes(n, years);
  const logs = series.map(Math.log);
  const tMean = t.reduce((a, v) => a + v, 0) / n;
  const yMean = logs.reduce((a, v) => a + v, 0) / n;
  let sxy = 0;
  let sxx = 0;
  logs.forEach((v, k) => {
    sxy += (t[k]! - tMean) * (v - yMean);
    sxx += (t[k]! - tMean) ** 2;
  });
  const beta = sxy / sxx;
  const alpha = yMean - beta * tMean;
  const at = (tk: number) => Math.exp(alpha + beta * tk);
  const tLast = t[n - 1]!;
  return {
    growth: Math.expm1(beta),
    fitted: t.map(at),
    forecast: Array.from({ length: horizon }, (_, h) => at(tLast + h + 1)),
    level0: Math.exp(alpha),
  };
}
