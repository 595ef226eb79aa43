// Targets and check-ups (体检—诊断—应对, seed 003): each quantitative target of a policy round
// is compared year by year with a linear path from the round-start value to the target.
import type { Bilingual, Policy, TargetMeasure } from '../schema/scenario.js';
import { UNITS } from '../schema/scenario.js';
import type { SimulationResult, WorldResult } from './simulate.js';

export type TargetStatus = 'green' | 'amber' | 'red';

/**
 * Status thresholds. The shortfall is (path − actual) as a share of the change the round
 * must deliver, |target − start value| (or |target| when the target only keeps the start
 * value, or 1 when both are 0):
 * green: actual on or above the path; amber: behind by at most `amber` of that change;
 * red: further behind. Targets are "at least" targets.
 */
export const TARGET_THRESHOLDS = { amber: 0.1 } as const;

export const TARGET_STATUS_LABELS: Record<TargetStatus, Bilingual> = {
  green: { zh: '按进度达标', en: 'on track' },
  amber: { zh: '略有滞后', en: 'slightly behind' },
  red: { zh: '明显滞后', en: 'behind' },
};

/** Bilingual names of the measures a target can be set on (for tables and charts). */
export const TARGET_MEASURE_LABELS: Record<TargetMeasure, Bilingual> = {
  output: { zh: '产值（生产地）', en: 'Output (where produced)' },
  outputCredited: { zh: '统计分算后产值', en: 'Output credited after the statistics split' },
  gdp: { zh: '地区生产总值（属地口径）', en: 'GDP, territorial (where produced)' },
  gdpCredited: { zh: '地区生产总值（考核口径，统计分算后）', en: 'GDP, credited (assessment figure after the statistics split)' },
  employment: { zh: '就业（工作地）', en: 'Employment (by workplace)' },
  taxLocal: { zh: '地方税收（征收地）', en: 'Local tax (where collected)' },
  taxRetained: { zh: '分成后留存税收', en: 'Tax retained after sharing' },
  outputIndirect: { zh: '间接产值（投入产出溢出）', en: 'Indirect output (input–output spillover)' },
  employmentIndirect: { zh: '间接就业', en: 'Indirect employment' },
};

export interface TargetYearCheck {
  year: number;
  /** Value on the linear path from the round start to the target. */
  planned: number;
  /** Simulated value with the deal. */
  actual: number;
  /** The same measure without the deal, for comparison. */
  noDeal: number;
  /** actual − planned (negative = behind). */
  gap: number;
  /** Shortfall as a share of the change the round must deliver (see TARGET_THRESHOLDS); ≤ 0 when on track. */
  shortfallShare: number;
  status: TargetStatus;
}

export interface QuantitativeTargetReport {
  kind: 'quantitative';
  round: string;
  id: string;
  label?: Bilingual;
  measure: TargetMeasure;
  scope: string;
  unit: string;
  year: number;
  target: number;
  source?: string;
  assumption?: string;
  /** First year of the path: the round start, or the first simulated year if later. */
  startYear: number | null;
  startValue: number | null;
  /** false when no year between the path start and the target year is simulated. */
  evaluated: boolean;
  checks: TargetYearCheck[];
  /** Status in the last checked year (the target year when it is simulated). */
  status: TargetStatus | null;
}

export interface QualitativeTargetReport {
  kind: 'qualitative';
  round: string;
  id: string;
  label: Bilingual;
  area?: Bilingual;
  source?: string;
  assumption?: string;
}

export interface TargetsReport {
  thresholds: typeof TARGET_THRESHOLDS;
  statusLabels: typeof TARGET_STATUS_LABELS;
  measureLabels: typeof TARGET_MEASURE_LABELS;
  quantitative: QuantitativeTargetReport[];
  qualitative: QualitativeTargetReport[];
}

/** Value of a measure in one world and year, for a party or the sum over all parties. */
export function measureValue(result: SimulationResult, world: WorldResult, measure: TargetMeasure, scope: string, y: number): number {
  const Y = result.years;
  const series = world[measure];
  if (scope === 'all') {
    let s = 0;
    for (let n = 0; n < result.parties.length; n++) s += series[n * Y + y]!;
    return s;
  }
  const n = result.parties.findIndex((p) => p.id === scope);
  return n < 0 ? NaN : series[n * Y + y]!;
}

export function targetStatus(shortfallShare: number): TargetStatus {
  if (shortfallShare <= 1e-9) return 'green';
  return shortfallShare <= TARGET_THRESHOLDS.amber ? 'amber' : 'red';
}

/** Check every target of every round of a policy against a simulation. */
export function evaluateTargets(policy: Policy, result: SimulationResult): TargetsReport {
  const quantitative: QuantitativeTargetReport[] = [];
  const qualitative: QualitativeTargetReport[] = [];
  const first = result.firstYear;
  const last = first + result.years - 1;
  for (const round of policy.rounds ?? []) {
    for (const t of round.targets ?? []) {
      if (t.kind === 'qualitative') {
        const provenance = {
          ...(t.source !== undefined ? { source: t.source } : {}),
          ...(t.assumption !== undefined ? { assumption: t.assumption } : {}),
        };
        qualitative.push({ kind: 'qualitative', round: round.id, id: t.id, label: t.label, ...(t.area ? { area: t.area } : {}), ...provenance });
        continue;
      }
      const startYear = Math.max(round.from, first);
      const endYear = Math.min(t.year, last);
      const target = t.value.value;
      const report: QuantitativeTargetReport = {
        kind: 'quantitative',
        round: round.id,
        id: t.id,
        ...(t.label ? { label: t.label } : {}),
        measure: t.measure,
        scope: t.scope,
        unit: t.measure === 'employment' || t.measure === 'employmentIndirect' ? UNITS.persons : UNITS.moneyPerYear,
        year: t.year,
        target,
        ...(t.value.source !== undefined ? { source: t.value.source } : {}),
        ...(t.value.assumption !== undefined ? { assumption: t.value.assumption } : {}),
        startYear: null,
        startValue: null,
        evaluated: false,
        checks: [],
        status: null,
      };
      if (startYear <= endYear && startYear <= t.year) {
        const v0 = measureValue(result, result.deal, t.measure, t.scope, startYear - first);
        const change = Math.abs(target - v0) || Math.abs(target) || 1;
        for (let year = startYear; year <= endYear; year++) {
          const y = year - first;
          const planned = t.year === startYear ? target : v0 + ((target - v0) * (year - startYear)) / (t.year - startYear);
          const actual = measureValue(result, result.deal, t.measure, t.scope, y);
          const shortfallShare = (planned - actual) / change;
          report.checks.push({
            year,
            planned,
            actual,
            noDeal: measureValue(result, result.noDeal, t.measure, t.scope, y),
            gap: actual - planned,
            shortfallShare,
            status: targetStatus(shortfallShare),
          });
        }
        report.startYear = startYear;
        report.startValue = v0;
        report.evaluated = true;
        report.status = report.checks[report.checks.length - 1]!.status;
      }
      quantitative.push(report);
    }
  }
  return { thresholds: TARGET_THRESHOLDS, statusLabels: TARGET_STATUS_LABELS, measureLabels: TARGET_MEASURE_LABELS, quantitative, qualitative };
}
