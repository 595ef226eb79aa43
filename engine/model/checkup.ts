// Annual check-up and response (体检—诊断—应对, seed 003): each year the round targets are
// checked (engine/model/targets.ts); when a target is red in year t, the policy's declared
// response changes an instrument parameter from year t + 1 on, by a step and never past a
// limit. Responses are applied year by year in order: simulate, find the first red year not
// yet answered, add the response as a round patch from the next year, simulate again.
import type { ResolvedScenario } from '../schema/scenario.js';
import { compileScenario } from './compile.js';
import type { CompiledScenario } from './compiled.js';
import { simulate, withSynergyParts, type SimulateOptions, type SimulationResult } from './simulate.js';
import { evaluateTargets } from './targets.js';
import { yearlyParams, type CommonParams } from './instruments/common.js';

export interface CheckupResponse {
  target?: string;
  instrument: string;
  parameter: string;
  step: number;
  limit: number;
  note?: string;
}

export interface CheckupRow {
  /** Year of the red check. */
  year: number;
  target: string;
  round: string;
  /** Shortfall as a share of the change the round must deliver. */
  shortfallShare: number;
  instrument: string;
  parameter: string;
  /** First year the response applies (year + 1). */
  from: number;
  previous: number;
  value: number;
  /** True when the parameter was already at its limit (no change). */
  atLimit: boolean;
}

export interface CheckupRun {
  /** The scenario with each response added as a round (`checkup<year>`). */
  scenario: ResolvedScenario;
  /** Its compiled form (the last one simulated), so a caller can re-simulate at another discount rate. */
  compiled: CompiledScenario;
  result: SimulationResult;
  checkups: CheckupRow[];
}

/**
 * Simulate with the check-up loop; without a check-up block this is compile + simulate.
 * `compiled`, when given, is `s` already compiled (a cache hit): the first pass reuses it.
 * The options apply to the final result only (the synergy decomposition does not decide red years).
 */
export async function simulateWithCheckups(s: ResolvedScenario, compiled?: CompiledScenario, options: SimulateOptions = {}): Promise<CheckupRun> {
  let current = s;
  let currentCompiled = compiled ? { ...compiled, discountRate: s.discountRate.value } : await compileScenario(current);
  let result = simulate(currentCompiled);
  const responses = (s.policy.checkup?.responses ?? []) as CheckupResponse[];
  const rows: CheckupRow[] = [];
  const done = (): CheckupRun => ({
    scenario: current,
    compiled: currentCompiled,
    result: options.synergyParts ? withSynergyParts(currentCompiled, result) : result,
    checkups: rows,
  });
  if (!responses.length) return done();
  const last = s.years.to;
  let answeredThrough = s.years.from - 1;
  // Each pass answers the first red year after the last answered one: at most one pass a year.
  for (let pass = 0; pass < s.years.to - s.years.from + 1; pass++) {
    const report = evaluateTargets(current.policy, result);
    let found: { year: number; target: string; round: string; shortfall: number } | null = null;
    for (const t of report.quantitative)
      for (const c of t.checks)
        if (c.status === 'red' && c.year > answeredThrough && c.year < last && (!found || c.year < found.year) && responses.some((r) => !r.target || r.target === t.id))
          found = { year: c.year, target: t.id, round: t.round, shortfall: c.shortfallShare };
    if (!found) break;
    answeredThrough = found.year;
    const patch: Record<string, Record<string, unknown>> = {};
    const y = found.year + 1 - s.years.from;
    for (const r of responses) {
      if (r.target && r.target !== found.target) continue;
      const params = yearlyParams<CommonParams & Record<string, { value: number } | undefined>>(current, r.instrument)[y];
      const q = params?.[r.parameter];
      if (!params || !q || typeof q.value !== 'number') continue;
      const previous = q.value;
      const value = r.step >= 0 ? Math.min(r.limit, previous + r.step) : Math.max(r.limit, previous + r.step);
      rows.push({
        year: found.year,
        target: found.target,
        round: found.round,
        shortfallShare: found.shortfall,
        instrument: r.instrument,
        parameter: r.parameter,
        from: found.year + 1,
        previous,
        value,
        atLimit: value === previous,
      });
      if (value !== previous) (patch[r.instrument] ??= {})[r.parameter] = { ...q, value, assumption: `check-up response to ${found.target} red in ${found.year}` };
    }
    if (!Object.keys(patch).length) continue;
    // The response as a round patch from the next year to the horizon end (later rounds win).
    const round = {
      id: `checkup${found.year}`,
      name: { zh: `${found.year}年体检应对`, en: `Check-up response ${found.year}` },
      from: found.year + 1,
      to: last,
      assumption: 'check-up response (engine/model/checkup.ts)',
      instruments: patch,
    };
    current = { ...current, policy: { ...current.policy, rounds: [...(current.policy.rounds ?? []), round as never] } };
    currentCompiled = await compileScenario(current);
    result = simulate(currentCompiled);
  }
  return done();
}

