// The Leontief inverse L = (I − A)⁻¹ of an input–output coefficient matrix, with the
// productivity checks that make L meaningful (every entry ≥ 0, multipliers ≥ 1).
import { abs, det, eigs, identity, inv, lusolve, multiply, subtract } from '../math.js';

/** Why a coefficient matrix has no meaningful Leontief inverse. */
export type LeontiefProblem = 'shape' | 'negative' | 'singular' | 'notProductive';

export class LeontiefError extends Error {
  constructor(
    public readonly problem: LeontiefProblem,
    message: string,
    /** Row and column of the offending entry, when one entry is to blame. */
    public readonly at: [number, number] | null = null,
  ) {
    super(message);
    this.name = 'LeontiefError';
  }
}

/**
 * Spectral radius (largest |eigenvalue|) of a square matrix: mathjs eigs, and when its QR
 * iteration does not converge (defective or periodic matrices), Gelfand's formula
 * ρ = lim ‖A^k‖^(1/k) evaluated by 60 normalised squarings (k = 2^60).
 */
export function spectralRadius(A: readonly (readonly number[])[]): number {
  if (A.length === 0) return 0;
  try {
    const { values } = eigs(A.map((r) => [...r]));
    const list = (Array.isArray(values) ? values : (values as { toArray(): unknown[] }).toArray()) as unknown[];
    const rho = Math.max(...list.map((v) => Number(abs(v as number))));
    if (Number.isFinite(rho)) return rho;
  } catch {
    // fall through to Gelfand's formula
  }
  return gelfand(A);
}

function gelfand(A: readonly (readonly number[])[]): number {
  const n = A.length;
  let B = A.map((r) => [...r]);
  // log ρ ≈ Σ_i 2^(−i)·log c_i, where c_i is the 1-norm of the i-th normalised square.
  let logRho = 0;
  let weight = 1;
  for (let i = 0; i < 60; i++) {
    let c = 0;
    for (let j = 0; j < n; j++) c = Math.max(c, B.reduce((s, r) => s + Math.abs(r[j]!), 0));
    if (c === 0) return 0;
    logRho += weight * Math.log(c);
    weight /= 2;
    const N = B.map((r) => r.map((v) => v / c));
    B = multiply(N, N) as number[][];
  }
  return Math.exp(logRho);
}

/**
 * L = (I − A)⁻¹ for a square technical-coefficient matrix A (A[i][j]: input bought from
 * sector/region i per unit of output of j).
 *
 * What is checked, in order, each with its own error:
 * 1. shape and entries: square, finite, every a_ij ≥ 0 (a coefficient is a purchase);
 * 2. singular: det(I − A) ≈ 0 (|det| < 1e-12), so no inverse exists;
 * 3. productive: the spectral radius ρ(A) < 1. For A ≥ 0 this is equivalent to
 *    (I − A)⁻¹ existing and being entrywise ≥ 0 (Perron–Frobenius), which is also checked
 *    directly so a numerical eigenvalue problem cannot let a bad matrix through.
 * Column sums below 1 (each unit of output buys less than one unit of inputs from the
 * system) are sufficient for productivity but not necessary, so they are not required;
 * when ρ(A) ≥ 1 the message names the columns whose sums reach 1, the usual culprit.
 */
export function leontiefInverse(A: readonly (readonly number[])[]): number[][] {
  const n = A.length;
  if (n === 0) throw new LeontiefError('shape', 'the coefficient matrix is empty; expected an n×n matrix with n ≥ 1');
  A.forEach((row, i) => {
    if (!Array.isArray(row) || row.length !== n)
      throw new LeontiefError('shape', `row ${i} has ${Array.isArray(row) ? row.length : 'no'} entries; expected a square ${n}×${n} matrix`);
    row.forEach((v, j) => {
      if (typeof v !== 'number' || !Number.isFinite(v))
        throw new LeontiefError('shape', `coefficient a[${i}][${j}] is ${String(v)}; expected a finite number`, [i, j]);
      if (v < 0) throw new LeontiefError('negative', `coefficient a[${i}][${j}] is ${v}; expected ≥ 0 (an input purchase cannot be negative)`, [i, j]);
    });
  });
  const IminusA = subtract(identity(n, 'dense').valueOf() as number[][], A.map((r) => [...r])) as number[][];
  const d = det(IminusA);
  const rho = spectralRadius(A);
  const columnSums = Array.from({ length: n }, (_, j) => A.reduce((s, r) => s + r[j]!, 0));
  const heavy = columnSums.map((s, j) => (s >= 1 ? `column ${j} sums to ${round(s)}` : '')).filter(Boolean);
  const why = `spectral radius ρ(A) = ${Number.isNaN(rho) ? 'not computable' : round(rho)}, expected < 1${heavy.length ? `; ${heavy.join(', ')} (each column should sum below 1)` : ''}`;
  if (!Number.isFinite(d) || Math.abs(d) < 1e-12)
    throw new LeontiefError('singular', `I − A is singular (det = ${round(d)}): no Leontief inverse exists; ${why}`);
  if (!(rho < 1)) throw new LeontiefError('notProductive', `the coefficient matrix is not productive: ${why}`);
  const L = inv(IminusA) as number[][];
  // Perron–Frobenius cross-check: for A ≥ 0, ρ(A) < 1 ⇔ (I − A)⁻¹ ≥ 0.
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++)
      if (L[i]![j]! < -1e-9) throw new LeontiefError('notProductive', `the coefficient matrix is not productive: (I − A)⁻¹ has a negative entry at [${i}][${j}]; ${why}`);
  return L;
}

/** Solve (I − A)·x = f for total output x given final demand f (mathjs LU, no explicit inverse). */
export function totalOutput(A: readonly (readonly number[])[], finalDemand: readonly number[]): number[] {
  leontiefInverse(A); // the same checks
  const n = A.length;
  const IminusA = subtract(identity(n, 'dense').valueOf() as number[][], A.map((r) => [...r])) as number[][];
  return (lusolve(IminusA, [...finalDemand]) as number[][]).map((r) => r[0]!);
}

/** Output multipliers: column sums of L (total output in the system per unit of final demand for j). */
export function outputMultipliers(L: readonly (readonly number[])[]): number[] {
  return L.map((_, j) => L.reduce((s, r) => s + r[j]!, 0));
}

const round = (v: number) => (Number.isFinite(v) ? Number(v.toPrecision(6)) : v);
