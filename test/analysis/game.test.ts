// Textbook cases for the bargaining and coalition-game solutions (derivations in comments).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bisect, coreCheck, kalaiSmorodinsky, maximize1d, nashBargaining, shapley } from '../../engine/analysis/game.js';

describe('nashBargaining', () => {
  it('splits a pie of 1 equally between two risk-neutral players', () => {
    // u1 = x, u2 = 1 − x, d = (0, 0): max x(1 − x) → 1 − 2x = 0 → x = 1/2.
    const r = nashBargaining((x) => [x, 1 - x], 0, 1)!;
    expect(r.x).toBeCloseTo(0.5, 7);
    expect(r.product).toBeCloseTo(0.25, 10);
  });

  it('gives more to the player with the better outside option', () => {
    // d = (0.2, 0): max (x − 0.2)(1 − x) → 1.2 − 2x = 0 → x = 0.6, surplus 0.4 · 0.4 = 0.16.
    const r = nashBargaining((x) => [x, 1 - x], 0, 1, { disagreement: [0.2, 0] })!;
    expect(r.x).toBeCloseTo(0.6, 7); // a flat maximum: x is known to about √ε
    expect(r.product).toBeCloseTo(0.16, 10);
  });

  it('gives less to a risk-averse player (Osborne–Rubinstein)', () => {
    // u1 = x, u2 = √(1 − x): max x√(1 − x) → √(1−x) − x / (2√(1−x)) = 0 → 2(1 − x) = x → x = 2/3.
    const r = nashBargaining((x) => [x, Math.sqrt(1 - x)], 0, 1)!;
    expect(r.x).toBeCloseTo(2 / 3, 7);
  });

  it('is null when no point makes both players gain', () => {
    // u1 = x − 1 ≤ 0 on [0, 1]: player 1 never gains.
    expect(nashBargaining((x) => [x - 1, 1 - x], 0, 1)).toBeNull();
  });
});

describe('kalaiSmorodinsky', () => {
  it('equalises the fractions of the ideal gains', () => {
    // u1 = x, u2 = √(1 − x) on [0, 1]: ideals (1, 1), so x = √(1 − x) → x² + x − 1 = 0 → x = (√5 − 1)/2.
    const r = kalaiSmorodinsky((x) => [x, Math.sqrt(1 - x)], 0, 1)!;
    expect(r.ideal[0]).toBeCloseTo(1, 9);
    expect(r.ideal[1]).toBeCloseTo(1, 9);
    expect(r.x).toBeCloseTo((Math.sqrt(5) - 1) / 2, 7);
  });

  it('differs from Nash when the ideals differ', () => {
    // u1 = 2x, u2 = 1 − x: ideals (2, 1); KS: 2x/2 = (1 − x)/1 → x = 1/2.
    // Nash: max 2x(1 − x) → x = 1/2 as well; shift d = (0.5, 0): KS ideals (1.5, 0.75) relative to d,
    // (2x − 0.5)/1.5 = (1 − x)/0.75 → 1.5x − 0.375 = 1.5 − 1.5x → x = 0.625.
    const r = kalaiSmorodinsky((x) => [2 * x, 1 - x], 0, 1, { disagreement: [0.5, 0] })!;
    expect(r.x).toBeCloseTo(0.625, 7);
  });
});

describe('shapley', () => {
  it('glove game: one left glove, two right gloves', () => {
    // v(S) = 1 if S holds the left glove (player 0) and a right glove (1 or 2), else 0.
    // Orders (6): player 0 is pivotal when it comes after at least one right glove: 4 of 6 → 2/3.
    // Player 1 is pivotal only in order (0, 1, 2): 1/6; same for player 2.
    const worth = (m: number) => ((m & 1) && (m & 6) ? 1 : 0);
    const phi = shapley(3, worth);
    expect(phi[0]).toBeCloseTo(2 / 3, 12);
    expect(phi[1]).toBeCloseTo(1 / 6, 12);
    expect(phi[2]).toBeCloseTo(1 / 6, 12);
    // The core is {(1, 0, 0)}: the Shapley value is not in it, (1, 0, 0) is.
    expect(coreCheck(3, worth, phi).inCore).toBe(false);
    expect(coreCheck(3, worth, [1, 0, 0]).inCore).toBe(true);
  });

  it('three-player majority game: symmetric, empty core', () => {
    // v(S) = 1 if |S| ≥ 2: by symmetry and efficiency φ = (1/3, 1/3, 1/3);
    // every pair gets 2/3 < 1, so the core is empty and (1/3,1/3,1/3) is blocked by all three pairs.
    const worth = (m: number) => (((m & 1) + ((m >> 1) & 1) + ((m >> 2) & 1)) >= 2 ? 1 : 0);
    const phi = shapley(3, worth);
    phi.forEach((v) => expect(v).toBeCloseTo(1 / 3, 12));
    const c = coreCheck(3, worth, phi);
    expect(c.inCore).toBe(false);
    expect(c.blocking).toHaveLength(3);
  });

  it('airport game: costs split by runway segments', () => {
    // Costs 1, 2, 4 (player i needs runway c_i), v(S) = −max_{i∈S} c_i.
    // Littlechild–Owen: segment 1 shared by 3, segment 2 (length 1) by 2, segment 3 (length 2) by 1:
    // φ = −(1/3, 1/3 + 1/2, 1/3 + 1/2 + 2) = −(1/3, 5/6, 17/6).
    const c = [1, 2, 4];
    const worth = (m: number) => -Math.max(0, ...c.filter((_, i) => m & (1 << i)));
    const phi = shapley(3, worth);
    expect(phi[0]).toBeCloseTo(-1 / 3, 12);
    expect(phi[1]).toBeCloseTo(-5 / 6, 12);
    expect(phi[2]).toBeCloseTo(-17 / 6, 12);
  });

  it('is efficient, symmetric and additive for random games', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: 64, maxLength: 64 }), (n, table) => {
        const worth = (m: number) => table[m]!;
        const phi = shapley(n, worth);
        const grand = (1 << n) - 1;
        expect(phi.reduce((a, b) => a + b, 0)).toBeCloseTo(table[grand]!, 8);
        // Additivity: φ(v + w) = φ(v) + φ(w) with w(S) = |S|² (φ_i(w) = n by symmetry and efficiency).
        const w = (m: number) => {
          let k = 0;
          for (let i = 0; i < n; i++) if (m & (1 << i)) k++;
          return k * k;
        };
        const sum = shapley(n, (m) => worth(m) + w(m));
        sum.forEach((v, i) => expect(v).toBeCloseTo(phi[i]! + n, 8));
      }),
      { seed: 4242, numRuns: 60 },
    );
  });
});

describe('1-D search helpers', () => {
  it('maximize1d finds the peak of a concave function between grid points', () => {
    const r = maximize1d((x) => -((x - 0.3137) ** 2), 0, 1, 11);
    expect(r.x).toBeCloseTo(0.3137, 8);
  });
  it('bisect finds the root of a monotone function', () => {
    expect(bisect((x) => x * x - 2, 0, 2)).toBeCloseTo(Math.SQRT2, 10);
  });
});
