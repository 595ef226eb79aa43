// Grey prediction GM(1,1) (灰色预测): the small-sample forecast seed 002 cites for Chengdu's
// 14th five-year estimate, with the usual accuracy checks (残差检验, 后验差检验).
import { lusolve, multiply, transpose } from '../math.js';

/** Accuracy grade of a GM(1,1) fit (精度等级). */
export type Gm11Grade = 'good' | 'qualified' | 'barely' | 'unqualified';

/** Bilingual names of the grades (一级 好 … 四级 不合格). */
export const GM11_GRADE_LABELS: Record<Gm11Grade, { zh: string; en: string }> = {
  good: { zh: '一级（好）', en: 'Grade I (good)' },
  qualified: { zh: '二级（合格）', en: 'Grade II (qualified)' },
  barely: { zh: '三级（勉强）', en: 'Grade III (barely acceptable)' },
  unqualified: { zh: '四级（不合格）', en: 'Grade IV (unqualified)' },
};

/**
 * The grade table (Liu Sifeng & Lin Yi, Grey Systems: Theory and Applications, Springer 2010,
 * chapter on GM(1,1) accuracy checking; the same thresholds are in most Chinese textbooks). A fit gets the
 * best grade whose three limits it meets: mean relative error at most `mre`, posterior
 * variance ratio C at most `c`, small-error probability P at least `p` (grade IV otherwise).
 */
export const GM11_GRADE_TABLE: readonly { grade: Gm11Grade; mre: number; c: number; p: number }[] = [
  { grade: 'good', mre: 0.01, c: 0.35, p: 0.95 },
  { grade: 'qualified', mre: 0.05, c: 0.5, p: 0.8 },
  { grade: 'barely', mre: 0.1, c: 0.65, p: 0.7 },
];

export interface Gm11Result {
  /** Development coefficient a (发展系数) of dx¹/dt + a·x¹ = b; growth when a < 0. */
  a: number;
  /** Grey input b (灰色作用量). */
  b: number;
  /** Fitted values x̂⁰(k), k = 1..n (the first equals the data by construction). */
  fitted: number[];
  /** The next `horizon` values x̂⁰(n+1) … x̂⁰(n+horizon). */
  forecast: number[];
  /** Residuals ε(k) = x⁰(k) − x̂⁰(k), k = 1..n. */
  residuals: number[];
  /** Mean of |ε(k)| / x⁰(k) over k = 2..n (k = 1 is fitted exactly, so it is left out). */
  meanRelativeError: number;
  /** C = S₂/S₁: standard deviation of the residuals over that of the data (后验差比值). */
  posteriorVarianceRatio: number;
  /** P = share of k with |ε(k) − ε̄| < 0.6745·S₁ (小误差概率). */
  smallErrorProbability: number;
  grade: Gm11Grade;
}

/** Thrown for a series a forecast method cannot model; `index` is the offending value, if one. */
export class ForecastInputError extends Error {
  constructor(
    message: string,
    public readonly index: number | null = null,
  ) {
    super(message);
    this.name = 'ForecastInputError';
  }
}

/** The checks every forecast method shares: enough points, finite, positive. */
export function checkPositiveSeries(series: readonly number[], minLength: number, method: string): void {
  if (!Array.isArray(series) || series.length < minLength)
    throw new ForecastInputError(`${method} needs at least ${minLength} values; got ${Array.isArray(series) ? series.length : 'no array'}`);
  series.forEach((v, i) => {
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0)
      throw new ForecastInputError(`${method} needs positive finite values; value ${i} is ${String(v)}`, i);
  });
}

/**
 * Observation times t_k (years since the first) of a series: its calendar years when given
 * (gaps allowed, strictly increasing), else 0, 1, 2, … (consecutive years).
 */
export function observationTimes(n: number, years?: readonly number[]): number[] {
  if (!years) return Array.from({ length: n }, (_, k) => k);
  if (years.length !== n) throw new ForecastInputError(`expected ${n} years, one per value; got ${years.length}`);
  for (let k = 1; k < n; k++)
    if (!(years[k]! > years[k - 1]!)) throw new ForecastInputError(`year ${years[k]} does not come after ${years[k - 1]}; expected increasing years`, k);
  return years.map((y) => y - years[0]!);
}

/** Population standard deviation (divide by n), as in the textbook accuracy checks. */
function sd(xs: readonly number[]): number {
  const mean = xs.reduce((s, v) => s + v, 0) / xs.length;
  return Math.sqrt(xs.reduce((s, v) => s + (v - mean) ** 2, 0) / xs.length);
}

/**
 * Annual value of a GM(1,1) model t years after its first observation, over the interval
 * (t − dt, t]: (x̂¹(t) − x̂¹(t − dt))/dt with x̂¹(t) = (x⁰(1) − b/a)·e^{−a·t} + b/a; t = 0 is x⁰(1).
 * Written with expm1 so a ≈ 0 (a constant series) stays exact.
 */
export function gm11Value(x0: number, a: number, b: number, t: number, dt = 1): number {
  if (t === 0) return x0;
  const em1 = Math.expm1(a * dt);
  const ratio = Math.abs(a) < 1e-12 ? dt : em1 / a;
  return ((-em1 * x0 + b * ratio) * Math.exp(-a * t)) / dt;
}

/**
 * Fit GM(1,1) to a positive series of at least 4 values and forecast `horizon` further years.
 *
 * Steps: accumulate x¹(k) = x¹(k−1) + x⁰(k)·Δt_k (Δt = 1 for consecutive years); background
 * values z(k) = (x¹(k) + x¹(k−1))/2; least squares of x⁰(k) = −a·z(k) + b for k = 2..n; time
 * response x̂¹(t) = (x⁰(1) − b/a)·e^{−a·t} + b/a. With `years` that leave gaps this is the
 * non-equidistant GM(1,1): each observation is the yearly rate over the interval before it, and
 * fitted values are interval averages (x̂¹(t_k) − x̂¹(t_{k−1}))/Δt_k; for consecutive years it is
 * the classic model, x̂⁰(k+1) = (1 − eᵃ)(x⁰(1) − b/a)·e^{−a·k}, which tends to b as a → 0.
 *
 * Accuracy checks use all n residuals (ε(1) = 0) and population standard deviations.
 */
export function gm11(series: readonly number[], horizon: number, years?: readonly number[]): Gm11Result {
  checkPositiveSeries(series, 4, 'GM(1,1)');
  if (!Number.isInteger(horizon) || horizon < 0) throw new ForecastInputError(`horizon must be a whole number ≥ 0; got ${horizon}`);
  const n = series.length;
  const t = observationTimes(n, years);
  const x1: number[] = [series[0]!];
  for (let k = 1; k < n; k++) x1.push(x1[k - 1]! + series[k]! * (t[k]! - t[k - 1]!));
  const B: number[][] = [];
  const Yv: number[][] = [];
  for (let k = 1; k < n; k++) {
    B.push([-(x1[k]! + x1[k - 1]!) / 2, 1]);
    Yv.push([series[k]!]);
  }
  // Normal equations BᵀB·[a b]ᵀ = BᵀY; BᵀB is regular because z(k) strictly increases.
  const Bt = transpose(B);
  const sol = lusolve(multiply(Bt, B), multiply(Bt, Yv)) as number[][];
  const a = sol[0]![0]!;
  const b = sol[1]![0]!;

  const x0 = series[0]!;
  const fitted = t.map((tk, k) => (k === 0 ? x0 : gm11Value(x0, a, b, tk, tk - t[k - 1]!)));
  const tLast = t[n - 1]!;
  const forecast = Array.from({ length: horizon }, (_, h) => gm11Value(x0, a, b, tLast + h + 1));
  const residuals = series.map((v, k) => v - fitted[k]!);

  let mre = 0;
  for (let k = 1; k < n; k++) mre += Math.abs(residuals[k]!) / series[k]!;
  mre /= n - 1;
  // A constant series has S₁ = 0: rounding noise (relative 1e-12) counts as no error.
  const tol = 1e-12 * series.reduce((t, v) => t + v, 0) / n;
  const s1 = sd(series);
  const s2 = sd(residuals);
  const C = s1 > tol ? s2 / s1 : s2 <= tol ? 0 : Infinity;
  const meanResidual = residuals.reduce((s, v) => s + v, 0) / n;
  const small = Math.max(0.6745 * s1, tol);
  const P = residuals.filter((e) => Math.abs(e - meanResidual) < small).length / n;
  const row = GM11_GRADE_TABLE.find((g) => mre <= g.mre && C <= g.c && P >= g.p);
  return {
    a,
    b,
    fitted,
    forecast,
    residuals,
    meanRelativeError: mre,
    posteriorVarianceRatio: C,
    smallErrorProbability: P,
    grade: row?.grade ?? 'unqualified',
  };
}
