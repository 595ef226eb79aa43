// Tapering growth: the documented alternative to compound growth for ever. The instantaneous
// growth rate starts at ln(1 + g) and halves every H years, so after τ years the level is
//   G(τ) = exp(ln(1 + g) · (H / ln 2) · (1 − 2^(−τ/H)))
// times its starting value (a Gompertz curve): about (1 + g)^τ early on, tending to the
// ceiling (1 + g)^(H / ln 2). H = ∞ (no half-life) is constant growth, G(τ) = (1 + g)^τ.
// τ may be negative (back-casting before the base year) or fractional (Monte Carlo delays).

/** Growth factor after τ years at starting growth g with half-life H (0 or ∞: constant growth). */
export function growthFactor(g: number, tau: number, halfLife: number): number {
  if (!(halfLife > 0) || !Number.isFinite(halfLife)) return Math.pow(1 + g, tau);
  return Math.exp(Math.log1p(g) * (halfLife / Math.LN2) * -Math.expm1(-(tau / halfLife) * Math.LN2));
}

/** The level the factor tends to as τ → ∞ (Infinity for constant positive growth). */
export function growthCeiling(g: number, halfLife: number): number {
  if (!(halfLife > 0) || !Number.isFinite(halfLife)) return g > 0 ? Infinity : g === 0 ? 1 : 0;
  return Math.exp(Math.log1p(g) * (halfLife / Math.LN2));
}
