// Simulate: run the kernel on both worlds (deal and no deal) and measure the difference:
// gains per party, present values, payback, synergy and the imbalance between parties.
import { allocateFlows, type CompiledScenario, type Flows } from './compiled.js';
import { fillWorld } from './compile.js';
import { runWorld, type OneHotRows } from './kernel.js';
import { applySpillover } from './spillover.js';
import { allocateInstrumentFlows, applyInstrumentFlows, type InstrumentFlows } from './instruments/index.js';
import { instrumentTotals, type InstrumentTotal } from './instruments/report.js';

export interface WorldResult extends Flows {
  /**
   * [n*Y + y] territorial GDP (属地口径): baseline GDP plus the value added produced in the
   * party (亿元/yr). This is what the party's statistics office counts (seed 001).
   */
  gdp: Float64Array;
  /**
   * [n*Y + y] credited GDP (考核口径): baseline GDP plus the value added credited to the party
   * after the statistics split, the figure noted for performance assessment (亿元/yr).
   */
  gdpCredited: Float64Array;
  /**
   * [n*Y + y] the part of the tax retained that reaches the party's own (district/county)
   * budget, after the province and prefecture-level city take their tier shares (亿元/yr).
   */
  taxOwnBudget: Float64Array;
  /**
   * [n*Y + y] local fiscal revenue of the party's own budget: the baseline (base.localRevenue,
   * read as own-budget revenue, growing with GDP) plus the projects' tax reaching its own
   * budget after the settlement (taxOwnBudget) (亿元/yr).
   */
  localRevenue: Float64Array;
  /**
   * [n*Y + y] total employment by workplace: the baseline (base.employment growing with
   * population) plus the projects' direct and indirect jobs (persons).
   */
  employmentTotal: Float64Array;
  /** [n*Y + y] indirect output produced in party n: row n of (L − I)·direct output (0 without economy.inputOutput). */
  outputIndirect: Float64Array;
  /** [n*Y + y] jobs of that indirect output, by workplace. */
  employmentIndirect: Float64Array;
  /** [n*Y + y] local tax of indirect output (already included in taxLocal and taxRetained; 0 unless taxIndirect). */
  taxIndirect: Float64Array;
  /** Flows of the policy instruments (deal world only; their net is already in `cost`). */
  instruments?: InstrumentFlows[];
}

export interface PartySummary {
  party: string;
  /** Sums over the horizon of deal minus no deal. */
  cumulativeGain: {
    output: number;
    outputCredited: number;
    /** Territorial GDP (where value added is produced). */
    gdp: number;
    /** Credited GDP (after the statistics split). */
    gdpCredited: number;
    taxLocal: number;
    taxRetained: number;
    /** Tax reaching the party's own budget (its tier share of what it retains). */
    taxOwnBudget: number;
    employment: number;
    cost: number;
    /** taxRetained gain minus cost gain: the party's fiscal balance of the deal (all its fiscal tiers). */
    netFiscal: number;
    /** taxOwnBudget gain minus cost gain: the same for the party's own budget, which bears its costs. */
    netFiscalOwnBudget: number;
    /** Indirect output produced in the party (input–output spillover). */
    outputIndirect: number;
    /** Indirect jobs in the party (person-years). */
    employmentIndirect: number;
    /** Local tax of indirect output (part of taxLocal and taxRetained). */
    taxIndirect: number;
  };
  /** Present values (first simulated year undiscounted) of the same gains. */
  discountedGain: {
    outputCredited: number;
    gdp: number;
    gdpCredited: number;
    taxRetained: number;
    taxOwnBudget: number;
    cost: number;
    netFiscal: number;
    netFiscalOwnBudget: number;
  };
  /** Sum of settlement transfers under the deal (received +, paid −). */
  transferTotal: number;
  /** First year from which the cumulative net fiscal gain stays at or above zero; null if never. */
  paybackYear: number | null;
}

export interface ImbalanceRow {
  year: number;
  /** Highest over lowest territorial GDP per person among the parties. */
  gdpPerCapitaRatio: number;
  /** Theil T index of territorial GDP per person, population-weighted (0 = equal). */
  theil: number;
  /** The same ratio on credited GDP (考核口径): what the assessment figures show. */
  gdpPerCapitaRatioCredited: number;
  /** The same Theil index on credited GDP. */
  theilCredited: number;
}

export const SYNERGY_MEASURES = ['output', 'gdp', 'taxLocal', 'employment', 'netFiscal'] as const;
export type SynergyMeasure = (typeof SYNERGY_MEASURES)[number];
export interface SynergyParts {
  uplift: number;
  locationRetention: number;
  costDifference: number;
}

export interface Summary {
  parties: PartySummary[];
  /** 1+1>2: joint outcome under the deal minus the sum of outcomes without it. */
  synergy: {
    output: number;
    /** Joint GDP gain; the same on both measures, as the statistics split only moves credit between parties. */
    gdp: number;
    taxLocal: number;
    employment: number;
    gdpDiscounted: number;
    /** Joint indirect output and jobs (input–output spillover), deal minus no deal. */
    outputIndirect: number;
    employmentIndirect: number;
    /** Joint local tax gain minus the joint extra cost of the deal (all tiers; the split cannot change it). */
    netFiscal: number;
    /**
     * Where the synergy comes from; per measure the parts add up to its total:
     * uplift = the deal's own productivity gain (the deal world minus the same world with every
     * synergyUplift at 0); locationRetention = that uplift-free deal world minus no deal, i.e.
     * projects that would go elsewhere, stay smaller at the origin or not happen without the
     * deal (this part rests on the withoutDeal probabilities); costDifference = minus the joint
     * extra cost of the deal (only in netFiscal).
     * Present only when asked for (simulate(c, { synergyParts: true }) or withSynergyParts):
     * it needs a third run of the deal world.
     */
    parts?: Record<SynergyMeasure, SynergyParts>;
  };
  imbalance: { deal: ImbalanceRow[]; noDeal: ImbalanceRow[] };
  /** Money moved by each policy instrument over the horizon, per party (present when the policy has instruments). */
  instruments?: InstrumentTotal[];
}

export interface SimulationResult {
  firstYear: number;
  years: number;
  parties: CompiledScenario['parties'];
  deal: WorldResult;
  noDeal: WorldResult;
  summary: Summary;
}

export function allocateWorldResult(N: number, Y: number): WorldResult {
  return {
    ...allocateFlows(N, Y),
    gdp: new Float64Array(N * Y),
    gdpCredited: new Float64Array(N * Y),
    taxOwnBudget: new Float64Array(N * Y),
    localRevenue: new Float64Array(N * Y),
    employmentTotal: new Float64Array(N * Y),
    outputIndirect: new Float64Array(N * Y),
    employmentIndirect: new Float64Array(N * Y),
    taxIndirect: new Float64Array(N * Y),
  };
}

/**
 * Run one world through the kernel and add the baseline to territorial and to credited value added.
 * `oneHot`: the world's one-hot rows, for a caller whose share tables do not change (see OneHotRows).
 */
export function runWorldResult(c: CompiledScenario, which: 'deal' | 'noDeal', into: WorldResult, oneHot?: OneHotRows): WorldResult {
  const N = c.parties.length;
  runWorld(c[which], c.years, N, c.vatLocalShare, c.citLocalShare, c.pitLocalShare, into, c.sharedTierShare, oneHot);
  if (which === 'deal' && c.instruments?.length) {
    if (into.instruments?.length !== c.instruments.length || into.instruments.some((f, i) => f.key !== c.instruments![i]!.key))
      into.instruments = allocateInstrumentFlows(c);
    applyInstrumentFlows(c, c.deal, into.instruments, into.cost);
  } else if (into.instruments) delete into.instruments;
  applySpillover(c, into);
  ownBudget(c, into);
  for (let k = 0; k < N * c.years; k++) {
    into.gdp[k] = c.baselineGdp[k]! + into.valueAdded[k]!;
    into.gdpCredited[k] = c.baselineGdp[k]! + into.valueAddedCredited[k]!;
    into.localRevenue[k] = c.baselineRevenue[k]! + into.taxOwnBudget[k]!;
    into.employmentTotal[k] = c.baselineEmployment[k]! + into.employment[k]! + into.employmentIndirect[k]!;
  }
  return into;
}

/** Highest/lowest GDP per person and the population-weighted Theil T index of one year. */
function inequality(c: CompiledScenario, gdp: Float64Array, y: number): { ratio: number; theil: number } {
  const N = c.parties.length;
  const Y = c.years;
  let totalGdp = 0;
  let totalPop = 0;
  let hi = -Infinity;
  let lo = Infinity;
  for (let n = 0; n < N; n++) {
    const g = Math.max(gdp[n * Y + y]!, 0);
    const p = c.population[n * Y + y]!;
    totalGdp += g;
    totalPop += p;
    const perCapita = p > 0 ? g / p : 0;
    hi = Math.max(hi, perCapita);
    lo = Math.min(lo, perCapita);
  }
  let theil = 0;
  for (let n = 0; n < N; n++) {
    const sg = totalGdp > 0 ? Math.max(gdp[n * Y + y]!, 0) / totalGdp : 0;
    const sp = totalPop > 0 ? c.population[n * Y + y]! / totalPop : 0;
    if (sg > 0 && sp > 0) theil += sg * Math.log(sg / sp);
  }
  return { ratio: lo > 0 ? hi / lo : 0, theil };
}

/**
 * Imbalance between the parties per year: on territorial GDP (where value added is produced,
 * the measure for inequality between places) and, as a second series, on credited GDP.
 */
/**
 * Revenue reaching each party's own budget. Of what party n retains, (1 − σₙ)·taxLocal stayed
 * with n's tiers outside the agreement (σₙ = sharedTierShare); the rest came through the
 * agreement's tiers and divides among them as n's own rules say, so its own tier gets dₙ/σₙ.
 */
export function ownBudget(c: CompiledScenario, w: Pick<WorldResult, 'taxLocal' | 'taxRetained' | 'taxOwnBudget'>): void {
  const Y = c.years;
  for (let n = 0; n < c.parties.length; n++) {
    const sigma = c.sharedTierShare[n]!;
    const own = c.ownTierShare[n]! / sigma;
    for (let k = n * Y; k < (n + 1) * Y; k++) w.taxOwnBudget[k] = (w.taxRetained[k]! - (1 - sigma) * w.taxLocal[k]!) * own;
  }
}

export function imbalanceRows(c: CompiledScenario, world: Pick<WorldResult, 'gdp' | 'gdpCredited'>): ImbalanceRow[] {
  const rows: ImbalanceRow[] = [];
  for (let y = 0; y < c.years; y++) {
    const territorial = inequality(c, world.gdp, y);
    const credited = inequality(c, world.gdpCredited, y);
    rows.push({
      year: c.firstYear + y,
      gdpPerCapitaRatio: territorial.ratio,
      theil: territorial.theil,
      gdpPerCapitaRatioCredited: credited.ratio,
      theilCredited: credited.theil,
    });
  }
  return rows;
}

/** Joint (all-party) totals of one world over the horizon, for the synergy decomposition. */
function jointTotals(w: WorldResult): Record<'output' | 'gdp' | 'taxLocal' | 'employment' | 'cost', number> {
  const t = { output: 0, gdp: 0, taxLocal: 0, employment: 0, cost: 0 };
  for (let k = 0; k < w.output.length; k++) {
    t.output += w.output[k]!;
    t.gdp += w.gdp[k]!;
    t.taxLocal += w.taxLocal[k]!;
    t.employment += w.employment[k]!;
    t.cost += w.cost[k]!;
  }
  return t;
}

/**
 * The synergy split into uplift, location and retention, and cost difference, given the deal
 * world run again with every synergy uplift at 0 (costs do not depend on the uplift).
 */
export function synergyParts(deal: WorldResult, noDeal: WorldResult, withoutUplift: WorldResult): Record<SynergyMeasure, SynergyParts> {
  const d = jointTotals(deal);
  const n = jointTotals(noDeal);
  const u = jointTotals(withoutUplift);
  const part = (m: 'output' | 'gdp' | 'taxLocal' | 'employment'): SynergyParts => ({
    uplift: d[m] - u[m],
    locationRetention: u[m] - n[m],
    costDifference: 0,
  });
  const tax = part('taxLocal');
  return {
    output: part('output'),
    gdp: part('gdp'),
    taxLocal: tax,
    employment: part('employment'),
    netFiscal: { uplift: tax.uplift, locationRetention: tax.locationRetention, costDifference: -(d.cost - n.cost) },
  };
}

/**
 * The deal world with every project's synergy uplift at 0, run on copies of the tables that
 * depend on it (levels, kept base), so the compiled scenario (and any lever patch in it) is
 * left untouched. Costs do not depend on the uplift and are not used by the decomposition.
 */
export function runDealWithoutUplift(c: CompiledScenario, into: WorldResult, deal: WorldResult): WorldResult {
  if (!hasUplift(c)) {
    for (const k of Object.keys(deal) as (keyof WorldResult)[]) {
      const v = deal[k];
      if (v instanceof Float64Array) (into[k] as Float64Array).set(v);
    }
    return into;
  }
  return runWithoutUpliftOn(c, scratchFor(c).tables, into);
}

function hasUplift(c: CompiledScenario): boolean {
  return c.projects.uplift.some((v) => v !== 0);
}

/** The tables the uplift-free deal world writes (fillWorld refills all of them: they can be reused). */
interface UpliftFreeTables {
  level: Float64Array;
  keep: Float64Array;
  costFlow: Float64Array;
  activeFrom: Int32Array;
  /** All zeros: the uplift of every project in the uplift-free world. */
  noUplift: Float64Array;
}

interface DecompositionScratch {
  tables: UpliftFreeTables;
  /** Filled only if the result is reduced to totals at once (synergyDecomposition), never handed out. */
  result: WorldResult;
}

// One scratch per deal world's level table (its row layout fixes the table sizes; lever patches
// and Monte Carlo draws copy the world object but keep that table): the decomposition of the
// same scenario, e.g. once per lever move in the workbench, allocates nothing after the first.
const scratches = new WeakMap<Float64Array, DecompositionScratch>();

function scratchFor(c: CompiledScenario): DecompositionScratch {
  const d = c.deal;
  let s = scratches.get(d.level);
  const N = c.parties.length;
  if (
    !s ||
    s.tables.level.length !== d.level.length ||
    s.tables.keep.length !== d.keep.length ||
    s.tables.costFlow.length !== d.costFlow.length ||
    s.tables.activeFrom.length !== d.activeFrom.length ||
    s.tables.noUplift.length !== c.projects.count ||
    s.result.output.length !== N * c.years
  ) {
    s = {
      tables: {
        level: new Float64Array(d.level.length),
        keep: new Float64Array(d.keep.length),
        costFlow: new Float64Array(d.costFlow.length),
        activeFrom: new Int32Array(d.activeFrom.length),
        noUplift: new Float64Array(c.projects.count),
      },
      result: allocateWorldResult(N, c.years),
    };
    scratches.set(d.level, s);
  }
  return s;
}

function runWithoutUpliftOn(c: CompiledScenario, t: UpliftFreeTables, into: WorldResult): WorldResult {
  const world = { ...c.deal, level: t.level, keep: t.keep, costFlow: t.costFlow, activeFrom: t.activeFrom };
  const view: CompiledScenario = { ...c, deal: world, projects: { ...c.projects, uplift: t.noUplift } };
  fillWorld(world, view, { rowCosts: false });
  return runWorldResult(view, 'deal', into);
}

/**
 * The synergy decomposition of a result already simulated from `c` (and `c` not patched since):
 * the deal world is run once more without uplift, on buffers kept per scenario. Only callers that
 * show the parts need it (`pairsim run`, the workbench's headline table); simulate() leaves it out
 * unless asked, so sweeps, check-up loops and dragged sliders do not pay for a third world.
 */
export function synergyDecomposition(c: CompiledScenario, result: Pick<SimulationResult, 'deal' | 'noDeal'>): Record<SynergyMeasure, SynergyParts> {
  if (!hasUplift(c)) return synergyParts(result.deal, result.noDeal, result.deal);
  const s = scratchFor(c);
  return synergyParts(result.deal, result.noDeal, runWithoutUpliftOn(c, s.tables, s.result));
}

/** Add the synergy decomposition to a result's summary (in place) and return the result. */
export function withSynergyParts<R extends Pick<SimulationResult, 'deal' | 'noDeal' | 'summary'>>(c: CompiledScenario, result: R): R {
  result.summary.synergy.parts = synergyDecomposition(c, result);
  return result;
}

/** The summary of both worlds; with the deal world without uplift, also the synergy decomposition. */
export function summarize(c: CompiledScenario, deal: WorldResult, noDeal: WorldResult, withoutUplift?: WorldResult): Summary {
  const Y = c.years;
  const discount = new Float64Array(Y);
  for (let y = 0; y < Y; y++) discount[y] = 1 / Math.pow(1 + c.discountRate, y);
  const synergy: Summary['synergy'] = {
    output: 0,
    gdp: 0,
    taxLocal: 0,
    employment: 0,
    gdpDiscounted: 0,
    outputIndirect: 0,
    employmentIndirect: 0,
    netFiscal: 0,
    ...(withoutUplift ? { parts: synergyParts(deal, noDeal, withoutUplift) } : {}),
  };
  let jointCost = 0;
  const parties: PartySummary[] = c.parties.map((party, n) => {
    const cg = {
      output: 0,
      outputCredited: 0,
      gdp: 0,
      gdpCredited: 0,
      taxLocal: 0,
      taxRetained: 0,
      taxOwnBudget: 0,
      employment: 0,
      cost: 0,
      netFiscal: 0,
      netFiscalOwnBudget: 0,
      outputIndirect: 0,
      employmentIndirect: 0,
      taxIndirect: 0,
    };
    const dg = { outputCredited: 0, gdp: 0, gdpCredited: 0, taxRetained: 0, taxOwnBudget: 0, cost: 0, netFiscal: 0, netFiscalOwnBudget: 0 };
    let transferTotal = 0;
    let paybackYear: number | null = null;
    let running = 0;
    for (let y = 0; y < Y; y++) {
      const k = n * Y + y;
      const d = discount[y]!;
      const outputCredited = deal.outputCredited[k]! - noDeal.outputCredited[k]!;
      const gdp = deal.gdp[k]! - noDeal.gdp[k]!;
      const gdpCredited = deal.gdpCredited[k]! - noDeal.gdpCredited[k]!;
      const taxRetained = deal.taxRetained[k]! - noDeal.taxRetained[k]!;
      const taxOwnBudget = deal.taxOwnBudget[k]! - noDeal.taxOwnBudget[k]!;
      const cost = deal.cost[k]! - noDeal.cost[k]!;
      cg.output += deal.output[k]! - noDeal.output[k]!;
      cg.outputCredited += outputCredited;
      cg.gdp += gdp;
      cg.gdpCredited += gdpCredited;
      cg.taxLocal += deal.taxLocal[k]! - noDeal.taxLocal[k]!;
      cg.taxRetained += taxRetained;
      cg.taxOwnBudget += taxOwnBudget;
      cg.employment += deal.employment[k]! - noDeal.employment[k]!;
      cg.cost += cost;
      cg.outputIndirect += deal.outputIndirect[k]! - noDeal.outputIndirect[k]!;
      cg.employmentIndirect += deal.employmentIndirect[k]! - noDeal.employmentIndirect[k]!;
      cg.taxIndirect += deal.taxIndirect[k]! - noDeal.taxIndirect[k]!;
      dg.outputCredited += outputCredited * d;
      dg.gdp += gdp * d;
      dg.gdpCredited += gdpCredited * d;
      dg.taxRetained += taxRetained * d;
      dg.taxOwnBudget += taxOwnBudget * d;
      dg.cost += cost * d;
      transferTotal += deal.transfer[k]!;
      synergy.gdpDiscounted += gdp * d;
      // Payback: the cumulative balance turns non-negative and never dips again.
      running += taxRetained - cost;
      if (running >= -1e-9) {
        if (paybackYear === null) paybackYear = c.firstYear + y;
      } else paybackYear = null;
    }
    cg.netFiscal = cg.taxRetained - cg.cost;
    dg.netFiscal = dg.taxRetained - dg.cost;
    cg.netFiscalOwnBudget = cg.taxOwnBudget - cg.cost;
    dg.netFiscalOwnBudget = dg.taxOwnBudget - dg.cost;
    synergy.output += cg.output;
    synergy.gdp += cg.gdp;
    synergy.taxLocal += cg.taxLocal;
    synergy.employment += cg.employment;
    synergy.outputIndirect += cg.outputIndirect;
    synergy.employmentIndirect += cg.employmentIndirect;
    jointCost += cg.cost;
    return { party: party.id, cumulativeGain: cg, discountedGain: dg, transferTotal, paybackYear };
  });
  synergy.netFiscal = synergy.taxLocal - jointCost;
  return {
    parties,
    synergy,
    imbalance: { deal: imbalanceRows(c, deal), noDeal: imbalanceRows(c, noDeal) },
    ...(deal.instruments?.length ? { instruments: instrumentTotals(c.parties, Y, deal.instruments) } : {}),
  };
}

export interface SimulateOptions {
  /** Also decompose the synergy (summary.synergy.parts): one more run of the deal world. */
  synergyParts?: boolean;
}

/** Simulate a compiled scenario: both worlds and their comparison. */
export function simulate(c: CompiledScenario, options: SimulateOptions = {}): SimulationResult {
  const N = c.parties.length;
  const deal = runWorldResult(c, 'deal', allocateWorldResult(N, c.years));
  const noDeal = runWorldResult(c, 'noDeal', allocateWorldResult(N, c.years));
  const result = { firstYear: c.firstYear, years: c.years, parties: c.parties, deal, noDeal, summary: summarize(c, deal, noDeal) };
  return options.synergyParts ? withSynergyParts(c, result) : result;
}
