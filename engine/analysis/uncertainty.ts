// Uncertainties (the economy's `uncertainties`) as sampling dimensions acting on the compiled
// project arrays: a draw resets the arrays to the scenario's values, applies each dimension,
// and refills the level, keep and cost tables (no recompiling from JSON). Draw after draw only
// the rows of projects some dimension acts on are refilled (engine/model/refill.ts).
import type { ResolvedScenario, Uncertainty } from '../schema/scenario.js';
import type { CompiledScenario } from '../model/compiled.js';
import { fillBaseline, fillWorld } from '../model/compile.js';
import { WorldRefiller } from '../model/refill.js';
import { distributionQuantile, type Distribution } from './random.js';
import { AnalysisError } from './errors.js';

export type Target = Uncertainty['target'];

/** One sampled number: an uncertainty, drawn once for all its projects or once per project. */
export interface Dimension {
  /** Uncertainty id, with ":project" when drawn per project. */
  id: string;
  uncertainty: string;
  target: Target;
  distribution: Distribution;
  /** Project indices it acts on (empty for baselineGrowthShift). */
  projects: Int32Array;
}

/** The value of a target that leaves the scenario as written. */
export const NEUTRAL: Record<Target, number> = {
  outputScale: 1,
  rampScale: 1,
  startDelay: 0,
  growthShift: 0,
  survival: 1,
  baselineGrowthShift: 0,
  withoutDealScale: 1,
};

export function dimensions(s: ResolvedScenario): Dimension[] {
  const index = new Map(s.economy.projects.map((p, i) => [p.id, i]));
  const dims: Dimension[] = [];
  (s.economy.uncertainties ?? []).forEach((u, k) => {
    const dist = u.distribution;
    const bad =
      (dist.kind === 'uniform' && !(dist.max >= dist.min)) ||
      (dist.kind === 'triangular' && !(dist.min <= dist.mode && dist.mode <= dist.max));
    if (bad) throw new AnalysisError(`/economy/uncertainties/${k}/distribution: expected min ≤ (mode ≤) max`);
    if (u.target === 'baselineGrowthShift') {
      dims.push({ id: u.id, uncertainty: u.id, target: u.target, distribution: dist, projects: new Int32Array(0) });
      return;
    }
    const ids = u.projects ?? s.economy.projects.map((p) => p.id);
    const projects = ids.map((id, j) => {
      const p = index.get(id);
      if (p === undefined) throw new AnalysisError(`/economy/uncertainties/${k}/projects/${j}: unknown project "${id}"`);
      return p;
    });
    if (u.perProject)
      for (const p of projects)
        dims.push({ id: `${u.id}:${s.economy.projects[p]!.id}`, uncertainty: u.id, target: u.target, distribution: dist, projects: Int32Array.of(p) });
    else dims.push({ id: u.id, uncertainty: u.id, target: u.target, distribution: dist, projects: Int32Array.from(projects) });
  });
  return dims;
}

/**
 * Applies draws to one compiled scenario (which it owns and mutates). Values are clamped
 * where the model needs it: scales ≥ 0, survival in [0, 1] (an expected-value weight, as in
 * the compiled model: costs and output both scale with it).
 */
export class UncertaintyApplier {
  private readonly start: Float64Array;
  private readonly ramp: Float64Array;
  private readonly growth: Float64Array;
  private readonly outputScale: Float64Array;
  private readonly survival: Float64Array;
  private readonly counterfactualScale: Float64Array;
  private readonly refiller: WorldRefiller;
  /** [p] 1 when some dimension acts on project p: the only rows a draw can change. */
  private readonly touched: Uint8Array;
  /** The baseline growth shift the baseline tables were last filled with (NaN: not by this applier). */
  private baselineShift = NaN;

  constructor(
    readonly compiled: CompiledScenario,
    readonly dims: Dimension[],
  ) {
    const pa = compiled.projects;
    this.start = pa.start.slice();
    this.ramp = pa.ramp.slice();
    this.growth = pa.growth.slice();
    this.outputScale = pa.outputScale.slice();
    this.survival = pa.survival.slice();
    this.counterfactualScale = pa.counterfactualScale.slice();
    this.refiller = new WorldRefiller(compiled);
    this.touched = new Uint8Array(pa.count);
    for (const d of dims) for (const p of d.projects) this.touched[p] = 1;
  }

  /** Values of every dimension at probabilities u (one per dimension). */
  valuesAt(u: ArrayLike<number>, out: Float64Array): Float64Array {
    for (let d = 0; d < this.dims.length; d++) out[d] = distributionQuantile(this.dims[d]!.distribution, u[d]!);
    return out;
  }

  /**
   * Set the compiled scenario to these dimension values (NEUTRAL values give the scenario as
   * written). `sinceLastApply`: nothing but this applier has written to the compiled scenario
   * since its last apply, so rows of projects no dimension acts on, and the baseline when its
   * shift is unchanged, are left as they are (the Monte Carlo runner within a range of draws).
   */
  apply(values: ArrayLike<number>, sinceLastApply = false): void {
    const shift = this.setProjects(values);
    const c = this.compiled;
    if (!sinceLastApply || !Object.is(shift, this.baselineShift)) fillBaseline(c, shift);
    this.baselineShift = shift;
    // Draws feed the kernel only: the per-row cost table is not refilled (see fillWorld).
    this.refiller.refill(sinceLastApply ? this.touched : undefined);
  }

  /**
   * The definition apply() must match, kept for the tests: the same parameters, then the
   * baseline and both worlds refilled from scratch by fillWorld, row by row.
   */
  applyByFillWorld(values: ArrayLike<number>): void {
    const c = this.compiled;
    fillBaseline(c, this.setProjects(values));
    this.baselineShift = NaN;
    fillWorld(c.deal, c, { rowCosts: false });
    fillWorld(c.noDeal, c, { rowCosts: false });
  }

  /** Reset the project arrays to the scenario's values and apply each dimension; returns the baseline growth shift. */
  private setProjects(values: ArrayLike<number>): number {
    const c = this.compiled;
    const pa = c.projects;
    pa.start.set(this.start);
    pa.ramp.set(this.ramp);
    pa.growth.set(this.growth);
    pa.outputScale.set(this.outputScale);
    pa.survival.set(this.survival);
    pa.counterfactualScale.set(this.counterfactualScale);
    let baselineShift = 0;
    for (let d = 0; d < this.dims.length; d++) {
      const dim = this.dims[d]!;
      const v = values[d]!;
      const ps = dim.projects;
      switch (dim.target) {
        case 'outputScale':
          for (let k = 0; k < ps.length; k++) pa.outputScale[ps[k]!]! *= Math.max(0, v);
          break;
        case 'rampScale':
          for (let k = 0; k < ps.length; k++) pa.ramp[ps[k]!]! *= Math.max(0, v);
          break;
        case 'startDelay':
          for (let k = 0; k < ps.length; k++) pa.start[ps[k]!]! += v;
          break;
        case 'growthShift':
          for (let k = 0; k < ps.length; k++) pa.growth[ps[k]!]! += v;
          break;
        case 'survival':
          for (let k = 0; k < ps.length; k++) pa.survival[ps[k]!]! *= Math.min(1, Math.max(0, v));
          break;
        case 'baselineGrowthShift':
          baselineShift += v;
          break;
        case 'withoutDealScale':
          // Capped so the no-deal probabilities still add up to at most 1.
          for (let k = 0; k < ps.length; k++) {
            const p = ps[k]!;
            const cap = pa.withoutDealTotal[p]! > 0 ? 1 / pa.withoutDealTotal[p]! : 1;
            pa.counterfactualScale[p] = Math.min(cap, pa.counterfactualScale[p]! * Math.max(0, v));
          }
          break;
      }
    }
    return baselineShift;
  }

  /** Back to the scenario as written. */
  reset(): void {
    this.apply(this.dims.map((d) => NEUTRAL[d.target]));
  }
}

/**
 * A draw whose results are not finite is an input error (exit 1) naming the uncertainties and
 * the values drawn, never an internal error or a silent zero. Validation bounds the
 * uncertainties alone and together (engine/schema/validate.ts); this is the backstop.
 */
export function checkFiniteDraw(buf: Float64Array, dims: readonly Dimension[], values: ArrayLike<number>, what: string | number): void {
  for (let k = 0; k < buf.length; k++)
    if (!Number.isFinite(buf[k]!)) {
      const named = dims.map((d, i) => `${d.id} = ${values[i]}`).join(', ');
      throw new AnalysisError(
        `/economy/uncertainties: ${typeof what === 'number' ? `draw ${what}` : what} gives a result that is not a finite number with ${named.length > 300 ? `${named.slice(0, 300)}…` : named}; together these uncertainties take the model outside where it is defined`,
      );
    }
}
