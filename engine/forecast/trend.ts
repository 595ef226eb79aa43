// Simple trend forecasts for a party's baseline GDP: constant growth (CAGR) and a
// log-linear trend, the "time-series" companions of GM(1,1) in seed 002.
import { checkPositiveSeries, ForecastInputError } from './gm11.js';

export interface TrendResult {
  /** Growth per step implied by the fit (e.g. 0.07 = 7% a year). */
  growth: number;
  /** Fitted values for the observed steps. */
  fitted: number[];
  /** The next `horizon` values. */
  forecast: number[];
}

function checkHorizon(horizon: number): void {
  if (!Number.isInteger(horizon) || horizon < 0) throw new ForecastInputError(`horizon must be a whole number ≥ 0; got ${horizon}`);
}

/**
 * Constant growth: the compound annual growth rate between the first and the last value,
 * g = (x_n / x_1)^(1/(n−1)) − 1, continued from the last value. Fitted values run from the
 * first value at that rate (so first and last are exact).
 */
export function constantGrowth(series: readonly number[], horizon: number): TrendResult {
  checkPositiveSeries(series, 2, 'constant growth');
  checkHorizon(horizon);
  const n = series.length;
  const first = series[0]!;
  const last = series[n - 1]!;
  const growth = Math.pow(last / first, 1 / (n - 1)) - 1;
  const fitted = series.map((_, k) => first * Math.pow(1 + growth, k));
  const forecast = Array.from({ length: horizon }, (_, h) => last * Math.pow(1 + growth, h + 1));
  return { growth, fitted, forecast };
}

/**
 * Log-linear trend: ordinary least squares of ln x_k = α + β·k (k = 0..n−1), so
 * x̂_k = exp(α + β·k) and growth = e^β − 1. Uses every point, unlike constantGrowth.
 */
export function logLinear(series: readonly number[], horizon: number): TrendResult {
  checkPositiveSeries(series, 3, 'log-linear trend');
  checkHorizon(horizon);
  const n = series.length;
  const logs = series.map(Math.log);
  const kMean = (n - 1) / 2;
  const yMean = logs.reduce((s, v) => s + v, 0) / n;
  let sxy = 0;
  let sxx = 0;
  logs.forEach((v, k) => {
    sxy += (k - kMean) * (v - yMean);
    sxx += (k - kMean) ** 2;
  });
  const beta = sxy / sxx;
  const alpha = yMean - beta * kMean;
  const at = (k: number) => Math.exp(alpha + beta * k);
  return {
    growth: Math.expm1(beta),
    fitted: series.map((_, k) => at(k)),
    forecast: Array.from({ length: horizon }, (_, h) => at(n + h)),
  };
}
