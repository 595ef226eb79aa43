// Report: a simulation result as tidy rows ({year, party, ...fields}) and the JSON
// document `pairsim run` prints. Plot, CSV and the CLI all read these rows.
import type { ResolvedScenario } from '../schema/scenario.js';
import { UNITS } from '../schema/scenario.js';
import { REPORT_FIELDS, type FieldsOf } from './fields.js';
import type { SimulationResult, Summary, WorldResult } from './simulate.js';
import { evaluateTargets, type TargetsReport } from './targets.js';
import { baselinePaths, type BaselineForecastInfo } from '../forecast/baseline.js';
import { instrumentReports, type InstrumentReport } from './instruments/report.js';
import { scenarioModes, type ModeSummary } from './modes.js';
import { dealPlacement } from './compile.js';

/** The reported fields (engine/model/fields.ts lists every field once). */
export { REPORT_FIELDS } from './fields.js';
export type ReportField = FieldsOf<'report'>;

export type FlowRow = { year: number; party: string } & Record<ReportField, number>;

/** Units of every reported field and summary measure. */
export const REPORT_UNITS: Record<ReportField | 'employmentCumulative' | 'discounted', string> = {
  output: UNITS.moneyPerYear,
  outputCredited: UNITS.moneyPerYear,
  gdp: UNITS.moneyPerYear,
  gdpCredited: UNITS.moneyPerYear,
  taxCollected: UNITS.moneyPerYear,
  taxLocal: UNITS.moneyPerYear,
  taxRetained: UNITS.moneyPerYear,
  taxOwnBudget: UNITS.moneyPerYear,
  transfer: UNITS.moneyPerYear,
  employment: UNITS.persons,
  cost: UNITS.moneyPerYear,
  outputIndirect: UNITS.moneyPerYear,
  employmentIndirect: UNITS.persons,
  localRevenue: UNITS.moneyPerYear,
  employmentTotal: UNITS.persons,
  employmentCumulative: 'person-years',
  discounted: `${UNITS.money} (present value at the first simulated year)`,
};

export function flowRows(result: SimulationResult, world: WorldResult): FlowRow[] {
  const Y = result.years;
  const rows: FlowRow[] = [];
  for (let y = 0; y < Y; y++) {
    result.parties.forEach((p, n) => {
      const k = n * Y + y;
      const row = { year: result.firstYear + y, party: p.id } as FlowRow;
      for (const f of REPORT_FIELDS) row[f] = world[f][k]!;
      rows.push(row);
    });
  }
  return rows;
}

export interface RunReport {
  scenario: { id: string; title: { zh: string; en: string }; economy: string; policy: string; mode: string };
  units: typeof REPORT_UNITS;
  years: { from: number; to: number };
  parties: { id: string; name: { zh: string; en: string }; tier: string }[];
  flows: FlowRow[];
  noDeal: FlowRow[];
  summary: Summary;
  /** Round targets checked year by year (present when the policy's rounds have targets). */
  targets?: TargetsReport;
  /** Baseline GDP forecasts of parties with an observed history (party.baseline). */
  baselineForecasts?: BaselineForecastInfo[];
  /** Pairing mode of each project from its geometry under the deal, and the policy's mode as their summary. */
  modes: ModeSummary;
  /** Money each policy instrument moves, per component, party and year (deal world; its net is in `cost`). */
  instruments?: InstrumentReport[];
}

export function runReport(s: ResolvedScenario, result: SimulationResult): RunReport {
  const forecasts = baselinePaths(s);
  return {
    scenario: { id: s.id, title: s.title, economy: s.economy.id, policy: s.policy.id, mode: s.policy.mode },
    units: REPORT_UNITS,
    years: { from: result.firstYear, to: result.firstYear + result.years - 1 },
    parties: result.parties.map((p) => ({ id: p.id, name: p.name, tier: p.tier })),
    flows: flowRows(result, result.deal),
    noDeal: flowRows(result, result.noDeal),
    summary: result.summary,
    ...((s.policy.rounds ?? []).some((r) => r.targets?.length) ? { targets: evaluateTargets(s.policy, result) } : {}),
    ...(forecasts ? { baselineForecasts: forecasts.info } : {}),
    modes: scenarioModes(s, (p) => dealPlacement(s, p)),
    ...(result.deal.instruments?.length
      ? { instruments: instrumentReports(s, result.firstYear, result.years, result.parties, result.deal.instruments) }
      : {}),
  };
}
