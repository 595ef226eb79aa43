// Measures of one evaluation: each party's gains versus no deal, written into a flat
// Float64Array [party*M + measure] from preallocated world results (no allocation per call).
import type { CompiledScenario } from '../model/compiled.js';
import { allocateWorldResult, runWorldResult, type WorldResult } from '../model/simulate.js';
import type { OneHotRows } from '../model/kernel.js';

/** Gains versus no deal per party; "PV" = present value at the first simulated year (亿元). */
export const MEASURES = [
  'netFiscalPV',
  'netFiscal',
  'taxRetainedPV',
  'taxRetained',
  'outputCreditedPV',
  'outputCredited',
  'gdpPV',
  'employment',
  'costPV',
  'gdpCreditedPV',
  'taxOwnBudgetPV',
  'netFiscalOwnBudgetPV',
] as const;
export type Measure = (typeof MEASURES)[number];
export const M = MEASURES.length;
export const MEASURE_INDEX: Record<Measure, number> = Object.fromEntries(MEASURES.map((m, i) => [m, i])) as Record<Measure, number>;

export const MEASURE_LABELS: Record<Measure, string> = {
  netFiscalPV: 'net fiscal gain (tax retained minus cost), present value, 亿元',
  netFiscal: 'net fiscal gain, cumulative, 亿元',
  taxRetainedPV: 'tax retained gain, present value, 亿元',
  taxRetained: 'tax retained gain, cumulative, 亿元',
  outputCreditedPV: 'credited output gain, present value, 亿元',
  outputCredited: 'credited output gain, cumulative, 亿元',
  gdpPV: 'territorial GDP gain (where produced), present value, 亿元',
  employment: 'employment gain, person-years',
  costPV: 'extra cost borne, present value, 亿元',
  gdpCreditedPV: 'credited GDP gain (after the statistics split), present value, 亿元',
  taxOwnBudgetPV: "gain in tax reaching the party's own budget (its fiscal tier's share), present value, 亿元",
  netFiscalOwnBudgetPV: "net fiscal gain of the party's own budget (own-budget tax minus cost), present value, 亿元",
};

/** Reusable buffers for evaluating one compiled scenario shape (N parties, Y years). */
export class Evaluation {
  readonly deal: WorldResult;
  readonly noDeal: WorldResult;
  readonly discount: Float64Array;
  private discountRate = NaN;

  constructor(
    readonly N: number,
    readonly Y: number,
  ) {
    this.deal = allocateWorldResult(N, Y);
    this.noDeal = allocateWorldResult(N, Y);
    this.discount = new Float64Array(Y);
  }

  /**
   * Run both worlds (or only the deal, reusing the last no-deal run) and write the measures.
   * `oneHot`: both worlds' one-hot rows, for a compiled scenario whose shares stay fixed (Monte Carlo).
   */
  run(c: CompiledScenario, out: Float64Array, reuseNoDeal = false, oneHot?: { deal: OneHotRows; noDeal: OneHotRows }): Float64Array {
    runWorldResult(c, 'deal', this.deal, oneHot?.deal);
    if (!reuseNoDeal) runWorldResult(c, 'noDeal', this.noDeal, oneHot?.noDeal);
    this.measure(c.discountRate, out);
    return out;
  }

  /** The measures of the last run, at a discount rate. */
  measure(rate: number, out: Float64Array): void {
    const { N, Y, deal, noDeal, discount } = this;
    if (rate !== this.discountRate) {
      for (let y = 0; y < Y; y++) discount[y] = 1 / Math.pow(1 + rate, y);
      this.discountRate = rate;
    }
    for (let n = 0; n < N; n++) {
      let ownPV = 0, taxPV = 0, tax = 0, outPV = 0, outCum = 0, gdpPV = 0, gdpCreditedPV = 0, emp = 0, costPV = 0, cost = 0;
      for (let y = 0; y < Y; y++) {
        const k = n * Y + y;
        const d = discount[y]!;
        const t = deal.taxRetained[k]! - noDeal.taxRetained[k]!;
        const ob = deal.taxOwnBudget[k]! - noDeal.taxOwnBudget[k]!;
        ownPV += ob * d;
        const o = deal.outputCredited[k]! - noDeal.outputCredited[k]!;
        const c = deal.cost[k]! - noDeal.cost[k]!;
        tax += t;
        taxPV += t * d;
        outCum += o;
        outPV += o * d;
        gdpPV += (deal.gdp[k]! - noDeal.gdp[k]!) * d;
        gdpCreditedPV += (deal.gdpCredited[k]! - noDeal.gdpCredited[k]!) * d;
        emp += deal.employment[k]! - noDeal.employment[k]!;
        cost += c;
        costPV += c * d;
      }
      const b = n * M;
      out[b] = taxPV - costPV;
      out[b + 1] = tax - cost;
      out[b + 2] = taxPV;
      out[b + 3] = tax;
      out[b + 4] = outPV;
      out[b + 5] = outCum;
      out[b + 6] = gdpPV;
      out[b + 7] = emp;
      out[b + 8] = costPV;
      out[b + 9] = gdpCreditedPV;
      out[b + 10] = ownPV;
      out[b + 11] = ownPV - costPV;
    }
  }
}

/** Tidy object of one party's measures. */
export function partyMeasures(values: ArrayLike<number>, n: number): Record<Measure, number> {
  const o = {} as Record<Measure, number>;
  MEASURES.forEach((m, j) => (o[m] = values[n * M + j]!));
  return o;
}
