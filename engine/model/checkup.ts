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
 * The check-up loop's decisions, one pass at a time, apart from how a scenario is compiled (so
 * runScenario compiles each response year from scratch and a lever model rebuilds it from its
 * cached tables: engine/analysis/levers.ts). next(result) reads the targets of the run of
 * `current` and returns the scenario with the next response added as a round, or null when no
 * red year is left to answer.
 */
export class CheckupLoop {
  current: ResolvedScenario;
  readonly rows: CheckupRow[] = [];
  private readonly responses: CheckupResponse[];
  private answeredThrough: number;
  private pass = 0;

  constructor(private readonly s: ResolvedScenario) {
    this.current = s;
    this.responses = (s.policy.checkup?.responses ?? []) as CheckupResponse[];
    this.answeredThrough = s.years.from - 1;
  }

  next(result: SimulationResult): ResolvedScenario | null {
    const { s, responses, rows } = this;
    if (!responses.length) return null;
    const last = s.years.to;
    // Each pass answers the first red year after the last answered one: at most one pass a year.
    for (; this.pass < s.years.to - s.years.from + 1; this.pass++) {
      const report = evaluateTargets(this.current.policy, result);
      let found: { year: number; target: string; round: string; shortfall: number } | null = null;
      for (const t of report.quantitative)
        for (const c of t.checks)
          if (c.status === 'red' && c.year > this.answeredThrough && c.year < last && (!found || c.year < found.year) && responses.some((r) => !r.target || r.target === t.id))
            found = { year: c.year, target: t.id, round: t.round, shortfall: c.shortfallShare };
      if (!found) return null;
      this.answeredThrough = found.year;
      const patch: Record<string, Record<string, unknown>> = {};
      const y = found.year + 1 - s.years.from;
      for (const r of responses) {
        if (r.target && r.target !== found.target) continue;
        const params = yearlyParams<CommonParams & Record<string, { value: number } | undefined>>(this.current, r.instrument)[y];
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
      // Every response at its limit: the run is unchanged, look for the next red year in it.
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
      this.current = { ...this.current, policy: { ...this.current.policy, rounds: [...(this.current.policy.rounds ?? []), round as never] } };
      this.pass++;
      return this.current;
    }
    return null;
  }
}

/**
 * Simulate with the check-up loop; without a check-up block this is compile + simulate.
 * `compiled`, when given, is `s` already compiled (a cache hit): the first pass reuses it.
 * The options apply to the final result only (the synergy decomposition does not decide red years).
 */
export async function simulateWithCheckups(s: ResolvedScenario, compiled?: CompiledScenario, options: SimulateOptions = {}): Promise<CheckupRun> {
  let currentCompiled = compiled ? { ...compiled, discountRate: s.discountRate.value } : await compileScenario(s);
  let result = simulate(currentCompiled);
  const loop = new CheckupLoop(s);
  for (let next = loop.next(result); next; next = loop.next(result)) {
    currentCompiled = await compileScenario(next);
    result = simulate(currentCompiled);
  }
  return {
    scenario: loop.current,
    compiled: currentCompiled,
    result: options.synergyParts ? withSynergyParts(currentCompiled, result) : result,
    checkups: loop.rows,
  };
}

/**
 * The check-up loop with a synchronous compiler (a lever model's rebuild from cached expression
 * tables): `first` is `s` compiled. Sweeps and bargaining evaluate every lever value through it.
 */
export function checkupLoopSync(s: ResolvedScenario, first: CompiledScenario, compile: (s: ResolvedScenario) => CompiledScenario): { scenario: ResolvedScenario; compiled: CompiledScenario; checkups: CheckupRow[] } {
  let compiled = first;
  let result = simulate(compiled);
  const loop = new CheckupLoop(s);
  for (let next = loop.next(result); next; next = loop.next(result)) {
    compiled = compile(next);
    result = simulate(compiled);
  }
  return { scenario: loop.current, compiled, checkups: loop.rows };
}
