// Leontief inverse against Miller & Blair's two-sector example, plus properties and errors.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { LeontiefError, leontiefInverse, outputMultipliers, spectralRadius, totalOutput } from '../../engine/io/leontief.js';
import { loadMath } from '../../engine/math.js';

// mathjs loads on demand (engine/math.ts); these tests call the functions that use it directly.
await loadMath();

describe('leontiefInverse: Miller & Blair two-sector example', () => {
  // R. E. Miller & P. D. Blair, Input–Output Analysis: Foundations and Extensions, 2nd ed.
  // (Cambridge University Press, 2009), §2.3: interindustry flows Z = [[150, 500], [200, 100]],
  // total outputs x = (1000, 2000), so A = Z·diag(x)⁻¹ = [[.15, .25], [.20, .05]];
  // the book prints L = [[1.254, .330], [.264, 1.122]] and, for new final demand
  // f = (600, 1500), x = (1247.52, 1841.58).
  const Z = [
    [150, 500],
    [200, 100],
  ];
  const x = [1000, 2000];
  const A = Z.map((row) => row.map((z, j) => z / x[j]!));

  it('derives A from the flow table', () => {
    expect(A[0]![0]).toBeCloseTo(0.15, 12);
    expect(A[0]![1]).toBeCloseTo(0.25, 12);
    expect(A[1]![0]).toBeCloseTo(0.2, 12);
    expect(A[1]![1]).toBeCloseTo(0.05, 12);
  });

  it('reproduces the printed Leontief inverse', () => {
    const L = leontiefInverse(A);
    const printed = [
      [1.254, 0.33],
      [0.264, 1.122],
    ];
    L.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(printed[i]![j]!, 3)));
    // By hand: det(I − A) = 0.85·0.95 − 0.25·0.20 = 0.7575; L = adj(I − A)/0.7575.
    expect(L[0]![0]).toBeCloseTo(0.95 / 0.7575, 12);
    expect(L[0]![1]).toBeCloseTo(0.25 / 0.7575, 12);
    expect(L[1]![0]).toBeCloseTo(0.2 / 0.7575, 12);
    expect(L[1]![1]).toBeCloseTo(0.85 / 0.7575, 12);
  });

  it('reproduces the printed total outputs for f = (600, 1500)', () => {
    const out = totalOutput(A, [600, 1500]);
    expect(out[0]).toBeCloseTo(1247.52, 2);
    expect(out[1]).toBeCloseTo(1841.58, 2);
    // and the original final demand f = x − Z·1 = (1000 − 650, 2000 − 300) = (350, 1700) gives back x.
    const back = totalOutput(A, [350, 1700]);
    expect(back[0]).toBeCloseTo(1000, 9);
    expect(back[1]).toBeCloseTo(2000, 9);
  });

  it('gives output multipliers as column sums (1.518, 1.452)', () => {
    const m = outputMultipliers(leontiefInverse(A));
    expect(m[0]).toBeCloseTo(1.5182, 4);
    expect(m[1]).toBeCloseTo(1.4521, 4);
  });
});

/** Random non-negative n×n matrices scaled so every column sums to at most `maxColumnSum` (< 1: productive). */
const productive = (maxColumnSum: number) =>
  fc.integer({ min: 1, max: 5 }).chain((n) =>
    fc
      .tuple(
        fc.array(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: n, maxLength: n }), { minLength: n, maxLength: n }),
        fc.double({ min: 0, max: maxColumnSum, noNaN: true }),
      )
      .map(([raw, target]) => {
        const sums = raw[0]!.map((_, j) => raw.reduce((s, r) => s + r[j]!, 0));
        return raw.map((r) => r.map((v, j) => (sums[j]! > 0 ? (v / sums[j]!) * target : 0)));
      }),
  );

describe('leontiefInverse: properties', () => {
  it('for productive matrices L ≥ I entrywise, so every output multiplier is ≥ 1', () => {
    fc.assert(
      fc.property(productive(0.95), (A) => {
        const L = leontiefInverse(A);
        L.forEach((row, i) => row.forEach((v, j) => expect(v).toBeGreaterThanOrEqual((i === j ? 1 : 0) - 1e-12)));
        outputMultipliers(L).forEach((m) => expect(m).toBeGreaterThanOrEqual(1 - 1e-12));
      }),
    );
  });

  it('L·(I − A) = I', () => {
    fc.assert(
      fc.property(productive(0.9), (A) => {
        const L = leontiefInverse(A);
        const n = A.length;
        for (let i = 0; i < n; i++)
          for (let j = 0; j < n; j++) {
            let s = 0;
            for (let k = 0; k < n; k++) s += L[i]![k]! * ((k === j ? 1 : 0) - A[k]![j]!);
            expect(s).toBeCloseTo(i === j ? 1 : 0, 8);
          }
      }),
    );
  });

  it('rejects every matrix whose columns all sum to at least 1 (then ρ(A) ≥ min column sum ≥ 1)', () => {
    const heavy = fc.integer({ min: 1, max: 5 }).chain((n) =>
      fc
        .tuple(
          fc.array(fc.array(fc.double({ min: 0.01, max: 1, noNaN: true }), { minLength: n, maxLength: n }), { minLength: n, maxLength: n }),
          fc.array(fc.double({ min: 1, max: 3, noNaN: true }), { minLength: n, maxLength: n }),
        )
        .map(([raw, colSums]) => raw.map((r) => r.map((v, j) => (v / raw.reduce((s, row) => s + row[j]!, 0)) * colSums[j]!))),
    );
    fc.assert(
      fc.property(heavy, (A) => {
        expect(() => leontiefInverse(A)).toThrow(LeontiefError);
        expect(spectralRadius(A)).toBeGreaterThanOrEqual(1 - 1e-9);
      }),
    );
  });

  it('spectralRadius is below 1 when every column sums below 1', () => {
    fc.assert(
      fc.property(productive(0.99), (A) => {
        expect(spectralRadius(A)).toBeLessThan(1);
      }),
    );
  });
});

describe('leontiefInverse: errors', () => {
  const problem = (A: number[][]) => {
    try {
      leontiefInverse(A);
    } catch (e) {
      return (e as LeontiefError).problem;
    }
    return 'ok';
  };

  it('singular I − A: a column of A summing exactly to 1 with the others idle', () => {
    expect(problem([[1, 0], [0, 0.2]])).toBe('singular');
    expect(() => leontiefInverse([[0.5, 0.5], [0.5, 0.5]])).toThrow(/singular/);
  });

  it('spectral radius ≥ 1 although I − A is invertible', () => {
    // ρ = √(2·0.6) ≈ 1.0954; column 1 sums to 2.
    expect(spectralRadius([[0, 2], [0.6, 0]])).toBeCloseTo(Math.sqrt(1.2), 9);
    expect(problem([[0, 2], [0.6, 0]])).toBe('notProductive');
    expect(() => leontiefInverse([[0, 2], [0.6, 0]])).toThrow(/ρ\(A\) = 1.09545, expected < 1; column 1 sums to 2/);
  });

  it('a productive matrix may have a column sum above 1 (the column condition is sufficient, not necessary)', () => {
    // Column 1 sums to 1.2 but ρ = √(0.2·1.0) ≈ 0.447.
    const L = leontiefInverse([[0, 0.2], [1.0, 0]]);
    expect(L[1]![0]).toBeCloseTo(1 / 0.8, 12);
  });

  it('negative coefficients and bad shapes name the entry', () => {
    expect(problem([[0.1, -0.2], [0, 0]])).toBe('negative');
    expect(() => leontiefInverse([[0.1, -0.2], [0, 0]])).toThrow(/a\[0\]\[1\] is -0.2; expected ≥ 0/);
    expect(() => leontiefInverse([[0.1, 0.2]])).toThrow(/square/);
    expect(() => leontiefInverse([])).toThrow(/empty/);
    expect(() => leontiefInverse([[NaN]])).toThrow(/finite/);
  });
});
