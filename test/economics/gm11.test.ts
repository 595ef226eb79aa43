// GM(1,1) against a published worked example, a hand derivation, and properties.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { gm11, ForecastInputError } from '../../engine/forecast/gm11.js';
import { constantGrowth, logLinear } from '../../engine/forecast/trend.js';
import { loadMath } from '../../engine/math.js';

// mathjs loads on demand (engine/math.ts); these tests call the functions that use it directly.
await loadMath();

/**
 * Independent hand derivation of a and b: the 2×2 normal equations of
 * x⁰(k) = −a·z(k) + b (k = 2..n) solved by Cramer's rule, without mathjs.
 */
function handAB(x: number[]): { a: number; b: number } {
  const x1: number[] = [];
  let s = 0;
  for (const v of x) x1.push((s += v));
  const z = x.slice(1).map((_, i) => (x1[i]! + x1[i + 1]!) / 2);
  const y = x.slice(1);
  const m = z.length;
  const Sz = z.reduce((t, v) => t + v, 0);
  const Szz = z.reduce((t, v) => t + v * v, 0);
  const Sy = y.reduce((t, v) => t + v, 0);
  const Szy = z.reduce((t, v, i) => t + v * y[i]!, 0);
  // [Szz  −Sz][a]   [−Szy]
  // [−Sz   m ][b] = [ Sy ]
  const det = Szz * m - Sz * Sz;
  return { a: (-Szy * m + Sz * Sy) / det, b: (Szz * Sy - Sz * Szy) / det };
}

describe('gm11: published example', () => {
  // 司守奎、孙兆亮《数学建模算法与应用》(第2版, 国防工业出版社, 2015), grey-systems chapter,
  // road-traffic noise example (average sound level of a northern city, 1986–1992, dB):
  // the book reports a = 0.0023, b = 72.6573 and the model values
  // 71.1, 72.4057, 72.2362, 72.0671, 71.8984, 71.7301, 71.5622.
  const noise = [71.1, 72.4, 72.4, 72.1, 71.4, 72.0, 71.6];
  const r = gm11(noise, 1);

  it('reproduces the published parameters to the printed digits', () => {
    expect(r.a).toBeCloseTo(0.0023, 4);
    expect(r.b).toBeCloseTo(72.6573, 4);
  });

  it('reproduces the published model values to the printed digits', () => {
    const published = [71.1, 72.4057, 72.2362, 72.0671, 71.8984, 71.7301, 71.5622];
    r.fitted.forEach((v, k) => expect(v).toBeCloseTo(published[k]!, 4));
  });

  it('agrees with the hand derivation (Cramer) to machine precision', () => {
    const h = handAB(noise);
    expect(r.a).toBeCloseTo(h.a, 12);
    expect(r.b).toBeCloseTo(h.b, 9);
    // One-step forecast from the time response, written out: (1 − eᵃ)(x⁰(1) − b/a)·e^{−7a}.
    const next = (1 - Math.exp(h.a)) * (noise[0]! - h.b / h.a) * Math.exp(-7 * h.a);
    expect(r.forecast[0]).toBeCloseTo(next, 9);
  });

  it('computes the accuracy checks as defined (C, P, mean relative error, grade)', () => {
    // Residuals from the published model values: 0, −0.0057, 0.1638, 0.0329, −0.4984, 0.2699, 0.0378.
    const mean = noise.reduce((s, v) => s + v, 0) / noise.length;
    const s1 = Math.sqrt(noise.reduce((s, v) => s + (v - mean) ** 2, 0) / noise.length);
    const eMean = r.residuals.reduce((s, v) => s + v, 0) / noise.length;
    const s2 = Math.sqrt(r.residuals.reduce((s, v) => s + (v - eMean) ** 2, 0) / noise.length);
    expect(r.posteriorVarianceRatio).toBeCloseTo(s2 / s1, 12);
    expect(r.posteriorVarianceRatio).toBeCloseTo(0.4807, 3);
    // 0.6745·S₁ ≈ 0.3036: only the −0.4984 residual (1994 → 1990 value 71.4) is outside.
    expect(r.smallErrorProbability).toBeCloseTo(6 / 7, 12);
    expect(r.meanRelativeError).toBeCloseTo(0.00234, 5);
    // C ≤ 0.5 and P ≥ 0.80 but C > 0.35: grade II.
    expect(r.grade).toBe('qualified');
  });
});

describe('gm11: textbook series derived by hand', () => {
  // The series x⁰ = (2.874, 3.278, 3.337, 3.390, 3.679) used in grey-systems textbooks
  // (Deng Julong; Liu Sifeng). Parameters derived here by Cramer's rule.
  const x = [2.874, 3.278, 3.337, 3.39, 3.679];
  it('matches the hand derivation and the time response', () => {
    const r = gm11(x, 2);
    const h = handAB(x);
    expect(r.a).toBeCloseTo(h.a, 12);
    expect(r.b).toBeCloseTo(h.b, 9);
    expect(r.a).toBeCloseTo(-0.0372044, 6);
    expect(r.b).toBeCloseTo(3.0653633, 6);
    const x1hat = (k: number) => (x[0]! - h.b / h.a) * Math.exp(-h.a * k) + h.b / h.a;
    for (let k = 1; k < 5; k++) expect(r.fitted[k]).toBeCloseTo(x1hat(k) - x1hat(k - 1), 9);
    expect(r.forecast[1]).toBeCloseTo(x1hat(6) - x1hat(5), 9);
    expect(r.fitted[0]).toBe(2.874);
  });
});

describe('gm11: properties', () => {
  it('is exact on a geometric series: the grey equation fits with zero residual, a = −2(r−1)/(r+1), b = 2c/(r+1)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.1, max: 1e6, noNaN: true }),
        fc.double({ min: 0.7, max: 1.4, noNaN: true }),
        fc.integer({ min: 4, max: 12 }),
        (c, ratio, n) => {
          const series = Array.from({ length: n }, (_, k) => c * ratio ** k);
          const r = gm11(series, 3);
          expect(r.a).toBeCloseTo((-2 * (ratio - 1)) / (ratio + 1), 9);
          expect(r.b / c).toBeCloseTo(2 / (ratio + 1), 9);
        },
      ),
    );
  });

  it('on a geometric series the fitted values follow e^{−a} per step, within the known trapezoid bias of classic GM(1,1)', () => {
    // Classic GM(1,1) is exact for the grey equation but not for the continuous time
    // response: its step ratio e^{−a} = e^{2(r−1)/(r+1)} differs from r by O((r−1)³).
    fc.assert(
      fc.property(fc.double({ min: 1, max: 1e4, noNaN: true }), fc.double({ min: 0.9, max: 1.1, noNaN: true }), (c, ratio) => {
        const series = Array.from({ length: 6 }, (_, k) => c * ratio ** k);
        const r = gm11(series, 4);
        for (let k = 2; k < 6; k++) expect(r.fitted[k]! / r.fitted[k - 1]!).toBeCloseTo(Math.exp(-r.a), 12);
        // |ln e^{−a} − ln r| ≤ |r−1|³/12 + … ; for r in [0.9, 1.1] that is under 1e-4 a step, so
        // over the 10 fitted and forecast values the relative error stays below 2e-3.
        const all = [...r.fitted, ...r.forecast];
        all.forEach((v, k) => expect(Math.abs(v / (c * ratio ** k) - 1)).toBeLessThan(2e-3));
        expect(r.meanRelativeError).toBeLessThan(2e-3);
      }),
    );
  });

  it('reproduces a constant series exactly (a = 0 limit of the time response)', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.01, max: 1e6, noNaN: true }), fc.integer({ min: 4, max: 10 }), (c, n) => {
        const r = gm11(Array(n).fill(c), 2);
        [...r.fitted, ...r.forecast].forEach((v) => expect(v / c).toBeCloseTo(1, 9));
        expect(r.grade).toBe('good');
      }),
    );
  });
});

describe('gm11: bad input', () => {
  it('needs at least 4 values', () => {
    expect(() => gm11([1, 2, 3], 1)).toThrow(ForecastInputError);
    expect(() => gm11([1, 2, 3], 1)).toThrow(/at least 4 values; got 3/);
  });
  it('needs positive finite values and names the bad one', () => {
    expect(() => gm11([1, 2, 0, 4], 1)).toThrow(/value 2 is 0/);
    expect(() => gm11([1, -2, 3, 4], 1)).toThrow(/positive/);
    expect(() => gm11([1, 2, NaN, 4], 1)).toThrow(/value 2 is NaN/);
  });
  it('needs a whole-number horizon', () => {
    expect(() => gm11([1, 2, 3, 4], -1)).toThrow(/horizon/);
  });
});

describe('trend forecasts', () => {
  it('constant growth continues the compound rate between first and last values', () => {
    // 100 → 121 over two steps: 10% a year; next two values 133.1, 146.41.
    const r = constantGrowth([100, 105, 121], 2);
    expect(r.growth).toBeCloseTo(0.1, 12);
    expect(r.forecast[0]).toBeCloseTo(133.1, 9);
    expect(r.forecast[1]).toBeCloseTo(146.41, 9);
  });
  it('log-linear trend fits ln x by least squares (hand-computed)', () => {
    // ln x = (0, 1, 3) at k = 0, 1, 2 → slope β = 1.5, intercept α = 4/3 − 1.5 = −1/6.
    const r = logLinear([1, Math.E, Math.E ** 3], 1);
    expect(Math.log1p(r.growth)).toBeCloseTo(1.5, 12);
    expect(Math.log(r.fitted[0]!)).toBeCloseTo(-1 / 6, 12);
    expect(Math.log(r.forecast[0]!)).toBeCloseTo(-1 / 6 + 1.5 * 3, 12);
  });
  it('both are exact on a geometric series', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.1, max: 1e5, noNaN: true }), fc.double({ min: 0.8, max: 1.3, noNaN: true }), (c, q) => {
        const s = Array.from({ length: 5 }, (_, k) => c * q ** k);
        for (const r of [constantGrowth(s, 3), logLinear(s, 3)]) {
          expect(r.growth).toBeCloseTo(q - 1, 9);
          r.forecast.forEach((v, h) => expect(v / (c * q ** (5 + h))).toBeCloseTo(1, 9));
        }
      }),
    );
  });
  it('rejects non-positive values', () => {
    expect(() => logLinear([1, 0, 2], 1)).toThrow(/value 1 is 0/);
    expect(() => constantGrowth([3], 1)).toThrow(/at least 2/);
  });
});
