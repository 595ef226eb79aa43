// The compiled form of a scenario: flat typed arrays the kernel loops over.
// Structure of arrays, indexed by row (a project placement in one world), year and party.
import { FLOW_FIELDS as FLOW_FIELD_NAMES } from './fields.js';

/**
 * One world (with the deal, or the no-deal counterfactual) as rows. A row is one
 * placement of a project with an expected-value weight folded into its level: under
 * no deal a project may be split into "as planned", "at origin" and "leaves" rows.
 */
export interface World {
  rows: number;
  /** Index of the economy project a row comes from. */
  project: Int32Array;
  /** How the row's level follows from its project (see ROW_KIND). */
  kind: Uint8Array;
  /** Expected-value weight of the row (a no-deal probability, or 1). */
  weight: Float64Array;
  /** 1 when the base of a relocated firm stays with the origin (basis "increment"). */
  incrementBasis: Uint8Array;
  /** Year indices [keepFrom, keepTo] in which sharing, and so the kept base, applies. */
  keepFrom: Int32Array;
  keepTo: Int32Array;
  origin: Int32Array;
  /** Party where production and jobs are (workplace). */
  host: Int32Array;
  /** Party where the firm pays tax. */
  registration: Int32Array;
  valueAddedRate: Float64Array;
  profitMargin: Float64Array;
  jobsPerOutput: Float64Array;
  /** Average wage in 亿元 per person per year (the schema's 万元 × 1e-4). */
  wage: Float64Array;
  vatRate: Float64Array;
  citRate: Float64Array;
  pitRate: Float64Array;
  /** [row*Y + y] gross output increment over the baseline (亿元/yr), weight included; may be negative (a firm leaving). */
  level: Float64Array;
  /** [row*Y + y] part of the output that stays credited to the origin (存量不动 base), 0 when the basis is "all". */
  keep: Float64Array;
  /** [(row*Y + y)*N + n] share of the statistics ledger credited to party n. */
  statisticsShare: Float64Array;
  /** [(row*Y + y)*N + n] share of the (shared part of the) local tax retained by party n. */
  taxShare: Float64Array;
  /** [(row*Y + y)*N + n] cost borne by party n (亿元). */
  cost: Float64Array;
  /** [n*Y + y] the world's total cost per party and year: derived from `cost` (deriveWorldTotals), as costs do not depend on anything the kernel computes. */
  costFlow: Float64Array;
  /** [row] first year index with a non-zero level (Y when none): the kernel skips the years before. */
  activeFrom: Int32Array;
  /** [row] years by which an instrument brings the row's start forward (joint promotion); absent when none does. */
  startShift?: Float64Array;
  /** [row*Y + y] output multiplier an instrument puts on the row (fund infrastructure, promotion); absent when none does. */
  rowScale?: Float64Array;
}

/** How a row's output follows from its project's parameters. */
export const ROW_KIND = {
  /** The project under the deal: planned output with the synergy uplift, at the deal's placement. */
  deal: 0,
  /** A relocated firm's base output leaving the origin (negative). */
  baseLeaves: 1,
  /** No deal, the project happens anyway as planned (no uplift, no sharing). */
  asPlanned: 2,
  /** No deal, the project's growth stays at the origin, limited by the origin's land (originScale). */
  atOrigin: 3,
} as const;

/** Per-project parameters (structure of arrays, index = project) that uncertainties act on. */
export interface ProjectArrays {
  count: number;
  ids: string[];
  start: Float64Array;
  ramp: Float64Array;
  steady: Float64Array;
  /** Output of a relocated firm before the move (0 for a new project). */
  base: Float64Array;
  growth: Float64Array;
  /** Half-life of the growth rate in years (engine/model/taper.ts); 0 = constant growth. Absent: all 0. */
  growthHalfLife?: Float64Array;
  uplift: Float64Array;
  originScale: Float64Array;
  /** Multiplier on steady output (1 unless an uncertainty draws it). */
  outputScale: Float64Array;
  /** Probability the project happens at all (1 unless an uncertainty draws it). */
  survival: Float64Array;
  /** Multiplier on the no-deal probabilities (withoutDeal) of the project (1 unless an uncertainty draws it). */
  counterfactualScale: Float64Array;
  /** Sum of the project's no-deal probabilities as written (asPlanned + atOrigin + leavesRegion), to cap the scale. */
  withoutDealTotal: Float64Array;
  /** Cost items, flattened: item i belongs to project itemProject[i]. */
  itemProject: Int32Array;
  /** Items of project p are itemStart[p] .. itemStart[p+1]-1. */
  itemStart: Int32Array;
  itemAmount: Float64Array;
  itemOffset: Int32Array;
  itemYears: Int32Array;
  /** [i*N + n] share of item i paid by party n under the deal. */
  itemShare: Float64Array;
}

export interface PartyInfo {
  id: string;
  name: { zh: string; en: string };
  tier: string;
}

export interface CompiledScenario {
  id: string;
  title: { zh: string; en: string };
  /** First simulated year; year index y is the calendar year firstYear + y. */
  firstYear: number;
  /** Number of years Y. */
  years: number;
  /** Number of parties N. */
  parties: PartyInfo[];
  discountRate: number;
  /** [n] local share of VAT, CIT, PIT for taxes paid in party n. */
  vatLocalShare: Float64Array;
  citLocalShare: Float64Array;
  pitLocalShare: Float64Array;
  /**
   * [n] fiscal tiers of tax collected in party n (party.fiscalTiers, economy.fiscalAgreement):
   * the share of its local part held by the tiers that are party to the sharing agreement
   * (only this part is settled; the rest stays with n's other tiers), and the share that
   * reaches n's own district/county budget. Both 1 without tiers.
   */
  sharedTierShare: Float64Array;
  ownTierShare: Float64Array;
  /** [n*Y + y] baseline GDP (亿元/yr) and population, without any project of the file. */
  baselineGdp: Float64Array;
  population: Float64Array;
  /** [n*Y + y] baseline local fiscal revenue (亿元/yr). */
  baselineRevenue: Float64Array;
  /** [n*Y + y] baseline employment (persons): base-year employment growing with population. */
  baselineEmployment: Float64Array;
  /** [n] base-year values and growth the baseline is built from. */
  baseYear: number;
  gdp0: Float64Array;
  gdpGrowth: Float64Array;
  /** [n] half-life of baseline GDP growth in years (0 = constant growth). Absent: all 0. */
  gdpHalfLife?: Float64Array;
  revenue0: Float64Array;
  population0: Float64Array;
  populationGrowth: Float64Array;
  employment0: Float64Array;
  projects: ProjectArrays;
  deal: World;
  noDeal: World;
  /**
   * [n*Y + y] baseline GDP forecast from a party's observed history (party.baseline);
   * NaN for a party without one. When present, fillBaseline uses it instead of gdp0 × growth.
   */
  baselineGdpPath?: Float64Array;
  /** [n] the same forecast in the base year, to scale revenue (NaN without a history). */
  baselineGdpPathBase?: Float64Array;
  /** Inter-regional input–output block (economy.inputOutput), applied after the kernel. */
  inputOutput?: CompiledInputOutput;
  /** Policy instruments' compiled data (engine/model/instruments), in registry order. */
  instruments?: CompiledInstrument[];
}

/** One instrument's compiled data (plain typed arrays, read by its flows step). */
export interface CompiledInstrument {
  key: string;
  data: unknown;
}

/** The compiled input–output block (engine/model/spillover.ts). */
export interface CompiledInputOutput {
  /** [i*N + j] (L − I)[i][j]: indirect output in party i per 亿元 of direct output in party j. */
  leontiefMinusI: Float64Array;
  /** [n] indirect jobs per 亿元 of indirect output in party n. */
  jobsPerOutput: Float64Array;
  /** [n] local tax per 亿元 of indirect output in party n. */
  localTaxPerOutput: Float64Array;
  /** Whether indirect output pays local tax (added to taxLocal and taxRetained). */
  taxIndirect: boolean;
}

/** Flows of one world: each field is [n*Y + y]. */
export interface Flows {
  output: Float64Array;
  outputCredited: Float64Array;
  /** Value added where it is produced (属地口径, the host's statistics office counts it). */
  valueAdded: Float64Array;
  /** Value added after the statistics split (考核口径: the assessment figure). */
  valueAddedCredited: Float64Array;
  taxCollected: Float64Array;
  taxLocal: Float64Array;
  taxRetained: Float64Array;
  transfer: Float64Array;
  employment: Float64Array;
  cost: Float64Array;
}

/** The kernel's flows (engine/model/fields.ts lists every field once). */
export const FLOW_FIELDS: readonly (keyof Flows)[] = FLOW_FIELD_NAMES;

export function allocateFlows(parties: number, years: number): Flows {
  const f = {} as Flows;
  for (const k of FLOW_FIELDS) f[k] = new Float64Array(parties * years);
  return f;
}
