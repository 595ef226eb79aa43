// Simulate: run the kernel on both worlds (deal and no deal) and measure the difference:
// gains per party, present values, payback, synergy and the imbalance between parties.
import { allocateFlows, type CompiledScenario, type Flows } from './compiled.js';
import { runWorld } from './kernel.js';
import { applySpillover } from './spillover.js';

export interface WorldResult extends Flows {
  /** [n*Y + y] baseline GDP plus the value added credited to the party (亿元/yr). */
  gdp: Float64Array;
  /** [n*Y + y] indirect output produced in party n: row n of (L − I)·direct output (0 without economy.inputOutput). */
  outputIndirect: Float64Array;
  /** [n*Y + y] jobs of that indirect output, by workplace. */
  employmentIndirect: Float64Array;
  /** [n*Y + y] local tax of indirect output (already included in taxLocal and taxRetained; 0 unless taxIndirect). */
  taxIndirect: Float64Array;
}

export interface PartySummary {
  party: string;
  /** Sums over the horizon of deal minus no deal. */
  cumulativeGain: {
    output: number;
    outputCredited: number;
    gdp: number;
    taxLocal: number;
    taxRetained: number;
    employment: number;
    cost: number;
    /** taxRetained gain minus cost gain: the party's fiscal balance of the deal. */
    netFiscal: number;
    /** Indirect output produced in the party (input–output spillover). */
    outputIndirect: number;
    /** Indirect jobs in the party (person-years). */
    employmentIndirect: number;
    /** Local tax of indirect output (part of taxLocal and taxRetained). */
    taxIndirect: number;
  };
  /** Present values (first simulated year undiscounted) of the same gains. */
  discountedGain: { outputCredited: number; gdp: number; taxRetained: number; cost: number; netFiscal: number };
  /** Sum of settlement transfers under the deal (received +, paid −). */
  transferTotal: number;
  /** First year from which the cumulative net fiscal gain stays at or above zero; null if never. */
  paybackYear: number | null;
}

export interface ImbalanceRow {
  year: number;
  /** Highest over lowest GDP per person among the parties (credited GDP). */
  gdpPerCapitaRatio: number;
  /** Theil T index of GDP per person, population-weighted (0 = equal). */
  theil: number;
}

export interface Summary {
  parties: PartySummary[];
  /** 1+1>2: joint outcome under the deal minus the sum of outcomes without it. */
  synergy: {
    output: number;
    gdp: number;
    taxLocal: number;
    employment: number;
    gdpDiscounted: number;
    /** Joint indirect output and jobs (input–output spillover), deal minus no deal. */
    outputIndirect: number;
    employmentIndirect: number;
  };
  imbalance: { deal: ImbalanceRow[]; noDeal: ImbalanceRow[] };
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
    outputIndirect: new Float64Array(N * Y),
    employmentIndirect: new Float64Array(N * Y),
    taxIndirect: new Float64Array(N * Y),
  };
}

/** Run one world through the kernel and add the baseline to credited value added. */
export function runWorldResult(c: CompiledScenario, which: 'deal' | 'noDeal', into: WorldResult): WorldResult {
  const N = c.parties.length;
  runWorld(c[which], c.years, N, c.vatLocalShare, c.citLocalShare, c.pitLocalShare, into);
  applySpillover(c, into);
  for (let k = 0; k < N * c.years; k++) into.gdp[k] = c.baselineGdp[k]! + into.valueAddedCredited[k]!;
  return into;
}

export function imbalanceRows(c: CompiledScenario, gdp: Float64Array): ImbalanceRow[] {
  const N = c.parties.length;
  const Y = c.years;
  const rows: ImbalanceRow[] = [];
  for (let y = 0; y < Y; y++) {
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
    rows.push({ year: c.firstYear + y, gdpPerCapitaRatio: lo > 0 ? hi / lo : 0, theil });
  }
  return rows;
}

export function summarize(c: CompiledScenario, deal: WorldResult, noDeal: WorldResult): Summary {
  const Y = c.years;
  const discount = new Float64Array(Y);
  for (let y = 0; y < Y; y++) discount[y] = 1 / Math.pow(1 + c.discountRate, y);
  const synergy = { output: 0, gdp: 0, taxLocal: 0, employment: 0, gdpDiscounted: 0, outputIndirect: 0, employmentIndirect: 0 };
  const parties: PartySummary[] = c.parties.map((party, n) => {
    const cg = {
      output: 0,
      outputCredited: 0,
      gdp: 0,
      taxLocal: 0,
      taxRetained: 0,
      employment: 0,
      cost: 0,
      netFiscal: 0,
      outputIndirect: 0,
      employmentIndirect: 0,
      taxIndirect: 0,
    };
    const dg = { outputCredited: 0, gdp: 0, taxRetained: 0, cost: 0, netFiscal: 0 };
    let transferTotal = 0;
    let paybackYear: number | null = null;
    let running = 0;
    for (let y = 0; y < Y; y++) {
      const k = n * Y + y;
      const d = discount[y]!;
      const outputCredited = deal.outputCredited[k]! - noDeal.outputCredited[k]!;
      const gdp = deal.gdp[k]! - noDeal.gdp[k]!;
      const taxRetained = deal.taxRetained[k]! - noDeal.taxRetained[k]!;
      const cost = deal.cost[k]! - noDeal.cost[k]!;
      cg.output += deal.output[k]! - noDeal.output[k]!;
      cg.outputCredited += outputCredited;
      cg.gdp += gdp;
      cg.taxLocal += deal.taxLocal[k]! - noDeal.taxLocal[k]!;
      cg.taxRetained += taxRetained;
      cg.employment += deal.employment[k]! - noDeal.employment[k]!;
      cg.cost += cost;
      cg.outputIndirect += deal.outputIndirect[k]! - noDeal.outputIndirect[k]!;
      cg.employmentIndirect += deal.employmentIndirect[k]! - noDeal.employmentIndirect[k]!;
      cg.taxIndirect += deal.taxIndirect[k]! - noDeal.taxIndirect[k]!;
      dg.outputCredited += outputCredited * d;
      dg.gdp += gdp * d;
      dg.taxRetained += taxRetained * d;
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
    synergy.output += cg.output;
    synergy.gdp += cg.gdp;
    synergy.taxLocal += cg.taxLocal;
    synergy.employment += cg.employment;
    synergy.outputIndirect += cg.outputIndirect;
    synergy.employmentIndirect += cg.employmentIndirect;
    return { party: party.id, cumulativeGain: cg, discountedGain: dg, transferTotal, paybackYear };
  });
  return {
    parties,
    synergy,
    imbalance: { deal: imbalanceRows(c, deal.gdp), noDeal: imbalanceRows(c, noDeal.gdp) },
  };
}

/** Simulate a compiled scenario: both worlds and their comparison. */
export function simulate(c: CompiledScenario): SimulationResult {
  const N = c.parties.length;
  const deal = runWorldResult(c, 'deal', allocateWorldResult(N, c.years));
  const noDeal = runWorldResult(c, 'noDeal', allocateWorldResult(N, c.years));
  return { firstYear: c.firstYear, years: c.years, parties: c.parties, deal, noDeal, summary: summarize(c, deal, noDeal) };
}
