// History before the horizon: project output and costs dated before the first simulated year
// (a project that started earlier, spending ahead of a start). The simulation window would
// drop them without a word; this accounts for them in a `history` section of the report.
import type { ResolvedScenario } from '../schema/scenario.js';
import { compileScenario } from './compile.js';
import { simulate } from './simulate.js';

export interface HistoryReport {
  /** Years before the first simulated year in which some project produced or spent. */
  years: { from: number; to: number };
  /** Projects with output or costs in those years. */
  projects: string[];
  /** Per party, sums over those years (亿元), under the deal and without it. */
  parties: { party: string; output: { deal: number; noDeal: number }; cost: { deal: number; noDeal: number; gain: number } }[];
  note: string;
}

/** First year in which a project produces or spends (costs run from the rounded start). */
function firstActiveYear(p: ResolvedScenario['economy']['projects'][number]): number {
  const offsets = (p.costs ?? []).map((c) => c.startOffset);
  return Math.min(Math.floor(p.startYear.value), Math.round(p.startYear.value) + Math.min(0, ...offsets));
}

/**
 * What happened before the horizon, simulated with the same model over the earlier years
 * (baselines back-cast): null when no project produces or spends before the first year.
 */
export async function historyBeforeHorizon(s: ResolvedScenario): Promise<HistoryReport | null> {
  const early = s.economy.projects.filter((p) => firstActiveYear(p) < s.years.from);
  if (!early.length) return null;
  const from = Math.min(...early.map(firstActiveYear));
  const to = s.years.from - 1;
  const result = simulate(await compileScenario({ ...s, years: { from, to } }));
  const Y = result.years;
  const sum = (a: Float64Array, n: number) => a.subarray(n * Y, (n + 1) * Y).reduce((t, v) => t + v, 0);
  return {
    years: { from, to },
    projects: early.map((p) => p.id),
    parties: result.parties.map((p, n) => {
      const deal = sum(result.deal.cost, n);
      const noDeal = sum(result.noDeal.cost, n);
      return { party: p.id, output: { deal: sum(result.deal.output, n), noDeal: sum(result.noDeal.output, n) }, cost: { deal, noDeal, gain: deal - noDeal } };
    }),
    note: 'Output and costs dated before the first simulated year, simulated with the same model. They are not in flows or summary (whose present values start at the first simulated year); start the scenario earlier to include them.',
  };
}
