// The run a scenario shows: `pairsim run`, `pairsim compare` and the page's charts, headline
// and overview all take it from runScenario, so they cannot diverge. With an annual check-up
// (policy.checkup) the declared responses are applied year by year (engine/model/checkup.ts);
// without one it is compile + simulate.
import type { ResolvedScenario } from '../schema/scenario.js';
import type { CompiledScenario } from './compiled.js';
import { simulateWithCheckups, type CheckupRow } from './checkup.js';
import { compileScenario } from './compile.js';
import { simulate, type SimulateOptions, type SimulationResult } from './simulate.js';

export interface ScenarioRun {
  /** The scenario as run: with a check-up, each response is a round `checkup<year>`. */
  scenario: ResolvedScenario;
  /** The compiled form of `scenario` (responses included); its discount rate is the scenario's. */
  compiled: CompiledScenario;
  result: SimulationResult;
  /** The check-up's responses year by year; absent when the policy has no check-up. */
  checkups?: CheckupRow[];
}

/**
 * Run a scenario as every view shows it. `compiled`, when given, is `s` already compiled (a
 * cache hit; its discount rate is replaced by the scenario's), so a lever move that hits the
 * cache does not recompile. Responses are recomputed on every call: they depend on every lever
 * that changes the flows. `options.synergyParts` adds the synergy decomposition (for views
 * that show it: `pairsim run`, the page's headline).
 */
export async function runScenario(s: ResolvedScenario, compiled?: CompiledScenario, options: SimulateOptions = {}): Promise<ScenarioRun> {
  if (s.policy.checkup) {
    const checked = await simulateWithCheckups(s, compiled, options);
    return { scenario: checked.scenario, compiled: checked.compiled, result: checked.result, checkups: checked.checkups };
  }
  const c = compiled ? { ...compiled, discountRate: s.discountRate.value } : await compileScenario(s);
  return { scenario: s, compiled: c, result: simulate(c, options) };
}
