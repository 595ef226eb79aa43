// Refill both worlds after the project parameters change (a Monte Carlo draw, a sensitivity
// run): the same tables as fillWorld(deal) + fillWorld(noDeal) with rowCosts: false, bit for
// bit, at a fraction of the cost. Two savings:
// - a project's ramp-up and growth path depends on the project, not on the row: it is computed
//   once per project (one Math.pow) and read by all its rows in both worlds (a project has one
//   deal row and up to three no-deal rows), instead of once per row;
// - rows of projects that did not change since the last refill (no uncertainty acts on them)
//   keep their level and kept-base tables; only the per-world cost totals are summed again,
//   over every row in row order, so their floating-point sums are the same as fillWorld's.
// fillWorld (compile.ts) stays the reference: test/analysis/refill.test.ts checks that both
// give identical tables and results for random scenarios, draws and sets of changed projects,
// so a formula changed in one and not the other fails there.
import { ROW_KIND, type CompiledScenario, type World } from './compiled.js';
import { growthFactor as taperedGrowth } from './taper.js';
import { rowCostWeight, rowLevelWeight, rowStart, rowSteady } from './compile.js';

/** Rows of one world grouped by project (CSR): rows of project p are order[first[p] .. first[p+1]-1]. */
interface RowsByProject {
  /** The world's project column this grouping was made from (a new row layout makes a new grouping). */
  project: Int32Array;
  first: Int32Array;
  order: Int32Array;
}

function groupRows(world: World, projects: number): RowsByProject {
  const first = new Int32Array(projects + 1);
  for (let r = 0; r < world.rows; r++) first[world.project[r]! + 1]!++;
  for (let p = 0; p < projects; p++) first[p + 1]! += first[p]!;
  const next = first.slice(0, projects);
  const order = new Int32Array(world.rows);
  for (let r = 0; r < world.rows; r++) order[next[world.project[r]!]!++] = r;
  return { project: world.project, first, order };
}

/** Refills the level, kept-base, first-active-year and cost-total tables of a compiled scenario's two worlds. */
export class WorldRefiller {
  /** [y] the ramp-up fraction and the growth factor of the project (or row) being filled. */
  private readonly ramp: Float64Array;
  private readonly growth: Float64Array;
  private deal: RowsByProject | null = null;
  private noDeal: RowsByProject | null = null;
  /** Whether ramp/growth hold the current project's own path. */
  private shaped = false;

  constructor(readonly compiled: CompiledScenario) {
    this.ramp = new Float64Array(compiled.years);
    this.growth = new Float64Array(compiled.years);
  }

  /**
   * Refill both worlds. With `changed` (one flag per project), only the rows of flagged
   * projects get new levels: the caller promises the others' parameters are those of the last
   * refill (or fillWorld) of these same tables. Without it every row is refilled.
   */
  refill(changed?: Uint8Array): void {
    const c = this.compiled;
    const P = c.projects.count;
    if (this.deal?.project !== c.deal.project) this.deal = groupRows(c.deal, P);
    if (this.noDeal?.project !== c.noDeal.project) this.noDeal = groupRows(c.noDeal, P);
    for (let p = 0; p < P; p++) {
      if (changed && changed[p] === 0) continue;
      // The project's own path (rows without an instrument's start shift read it).
      this.shaped = false;
      this.fillProject(c.deal, this.deal, p, false);
      this.fillProject(c.noDeal, this.noDeal, p, true);
    }
    this.costTotals(c.deal, false);
    this.costTotals(c.noDeal, true);
  }

  /** Rows of project p in one world, from its path (or, for a row an instrument starts earlier, the row's own path). */
  private fillProject(world: World, rows: RowsByProject, p: number, counterfactual: boolean): void {
    const start = this.compiled.projects.start[p]!;
    for (let k = rows.first[p]!; k < rows.first[p + 1]!; k++) {
      const r = rows.order[k]!;
      const shift = world.startShift ? world.startShift[r]! : 0;
      if (shift !== 0) {
        this.shape(start - shift, p);
        this.shaped = false;
      } else if (!this.shaped) {
        this.shape(start, p);
        this.shaped = true;
      }
      this.fillRow(world, r, counterfactual);
    }
  }

  /** The ramp fraction and growth factor per year from the first active year (as fillWorld computes them per row). */
  private shape(start: number, p: number): void {
    const c = this.compiled;
    const pa = c.projects;
    const Y = c.years;
    const ramp = pa.ramp[p]!;
    const growthFactor = 1 + pa.growth[p]!;
    const halfLife = pa.growthHalfLife ? pa.growthHalfLife[p]! : 0;
    const steadyFrom = start + ramp - 1;
    const invRamp = ramp > 0 ? 1 / ramp : 0;
    let g = 0;
    for (let y = Math.min(Y, Math.max(0, Math.floor(start - c.firstYear))); y < Y; y++) {
      const year = c.firstYear + y;
      const x = year - start + 1;
      if (year > steadyFrom)
        g = halfLife > 0 ? taperedGrowth(growthFactor - 1, year - steadyFrom, halfLife) : g === 0 ? Math.pow(growthFactor, year - steadyFrom) : g * growthFactor;
      this.ramp[y] = ramp > 0 ? Math.min(1, x * invRamp) : 1;
      this.growth[y] = year > steadyFrom ? g : 1;
    }
  }

  /** One row's levels and kept base from the current path: fillWorld's first loop for row r. */
  private fillRow(world: World, r: number, counterfactual: boolean): void {
    const c = this.compiled;
    const Y = c.years;
    const pa = c.projects;
    const { level, keep, activeFrom, rowScale } = world;
    const rampOf = this.ramp;
    const growthOf = this.growth;
    const p = world.project[r]!;
    const kind = world.kind[r]!;
    const w = rowLevelWeight(world, pa, r, counterfactual);
    const base = pa.base[p]!;
    const steady = rowSteady(world, pa, r);
    const scale = kind === ROW_KIND.atOrigin ? pa.originScale[p]! : 1;
    const start = rowStart(world, pa, r);
    const keeps = world.incrementBasis[r] === 1;
    const keepFrom = world.keepFrom[r]!;
    const keepTo = world.keepTo[r]!;
    const kept = w * base;
    const firstActive = Math.min(Y, Math.max(0, Math.floor(start - c.firstYear)));
    const row = r * Y;
    for (let y = 0; y < firstActive; y++) {
      level[row + y] = 0;
      keep[row + y] = 0;
    }
    // One loop per kind of row (the same expressions as fillWorld's, with the kind's branch taken).
    let active = Y;
    if (kind === ROW_KIND.baseLeaves) {
      const v0 = -w * base;
      for (let y = firstActive; y < Y; y++) {
        const i = row + y;
        const v = rowScale ? v0 * rowScale[i]! : v0;
        level[i] = v;
        if (v !== 0 && active === Y) active = y;
        keep[i] = keeps && y >= keepFrom && y <= keepTo ? Math.min(v, kept) : 0;
      }
    } else {
      const ws = kind === ROW_KIND.atOrigin ? w * scale : w;
      const atOrigin = kind === ROW_KIND.atOrigin;
      const span = steady - base;
      for (let y = firstActive; y < Y; y++) {
        const i = row + y;
        const L = (base + span * rampOf[y]!) * growthOf[y]!;
        const u = atOrigin ? ws * (L - base) : ws * L;
        const v = rowScale ? u * rowScale[i]! : u;
        level[i] = v;
        if (v !== 0 && active === Y) active = y;
        keep[i] = keeps && y >= keepFrom && y <= keepTo ? Math.min(v, kept) : 0;
      }
    }
    activeFrom[r] = active;
  }

  /** The world's cost per party and year, summed over all rows in row order (fillWorld's second loop, without the per-row table). */
  private costTotals(world: World, counterfactual: boolean): void {
    const c = this.compiled;
    const Y = c.years;
    const N = c.parties.length;
    const pa = c.projects;
    const { costFlow } = world;
    costFlow.fill(0);
    for (let r = 0; r < world.rows; r++) {
      const kind = world.kind[r]!;
      if (kind === ROW_KIND.baseLeaves) continue;
      const p = world.project[r]!;
      const w = rowCostWeight(world, pa, r, counterfactual);
      if (w === 0) continue;
      const start = Math.round(rowStart(world, pa, r));
      const host = world.host[r]!;
      for (let it = pa.itemStart[p]!; it < pa.itemStart[p + 1]!; it++) {
        const perYear = (pa.itemAmount[it]! / pa.itemYears[it]!) * w;
        const from = start + pa.itemOffset[it]! - c.firstYear;
        const to = Math.min(Y, from + pa.itemYears[it]!);
        if (kind === ROW_KIND.deal)
          for (let y = Math.max(0, from); y < to; y++) for (let n = 0; n < N; n++) costFlow[n * Y + y]! += perYear * pa.itemShare[it * N + n]!;
        else for (let y = Math.max(0, from); y < to; y++) costFlow[host * Y + y]! += perYear;
      }
    }
  }
}
