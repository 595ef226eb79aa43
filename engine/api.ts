// The package's public API (`import … from 'pairing-workbench'`): the few entry points a
// program needs to load, check, simulate and analyse scenarios, with their types. Everything
// else (kernel, compiled tables, sketches, worker protocol) is internal and may change; the
// workbench itself imports engine/index.ts. No Node-only imports: this runs in browsers too
// (file reading and worker threads are in 'pairing-workbench/node').
//
//   resolve   → loadDocument(path, read) / resolveScenario(doc, path, read)
//   validate  → validateDocument(doc) (issues with JSON pointers), validateScenario
//   compile   → compileScenario(resolved)
//   simulate  → simulate(compiled, { synergyParts? }), runReport(resolved, result) (the `pairsim run` JSON)
//   sweep     → sweep(await LeverModel.create(resolved, [pointer]), axes)
//   bargain   → bargain(await LeverModel.create(resolved, [pointer]))
//   Monte Carlo → monteCarlo(resolved, { draws, seed }) (summary), MonteCarloAccumulator (shards)
//   sensitivity → sensitivity(resolved, options)

export { resolveScenario, loadDocument, type DocumentReader } from './schema/resolve.js';
export { validateDocument, validateScenario, ScenarioError, type ValidationIssue, type ValidationResult } from './schema/validate.js';
// validateDocument and validateScenario are synchronous; a document with an input–output block
// or a baseline history that did not come through loadDocument/resolveScenario needs
// `await loadMathFor(doc)` first (mathjs is loaded on demand).
export { loadMath, loadMathFor } from './math.js';
export type { ResolvedScenario, Scenario, Economy, Policy, Comparison, Bilingual } from './schema/scenario.js';
export { compileScenario } from './model/compile.js';
export type { CompiledScenario } from './model/compiled.js';
export { simulate, type SimulationResult, type Summary, type PartySummary } from './model/simulate.js';
export { runReport, type RunReport, type FlowRow } from './model/report.js';
export { LeverModel, withLevers, describeLever, type Lever } from './analysis/levers.js';
export { sweep, sweepRows, type SweepAxis, type SweepResult } from './analysis/sweep.js';
export { MEASURES, MEASURE_LABELS, type Measure } from './analysis/measures.js';
export { bargain, type BargainResult, type BargainOptions } from './analysis/bargain.js';
export {
  MonteCarloAccumulator,
  summarizeMonteCarlo,
  shardRange,
  type MonteCarloConfig,
  type MonteCarloSummary,
  type MonteCarloStateJSON,
} from './analysis/montecarlo.js';
export { InThreadEvaluator, type Evaluator, type RunOptions } from './analysis/evaluator.js';
export { sensitivity, type SensitivityOptions, type SensitivityResult } from './analysis/sensitivity.js';
export { AnalysisError, CancelledError } from './analysis/errors.js';

import type { ResolvedScenario } from './schema/scenario.js';
import type { MonteCarloConfig, MonteCarloSummary } from './analysis/montecarlo.js';
import { summarizeMonteCarlo } from './analysis/montecarlo.js';
import { InThreadEvaluator, type Evaluator, type RunOptions } from './analysis/evaluator.js';

/**
 * A Monte Carlo study over the scenario's uncertainties: quantiles, loss probabilities and fan
 * data per party. In this thread by default; pass an evaluator (e.g. nodePool(k) from
 * 'pairing-workbench/node') to use workers. The same seed gives the same result either way.
 */
export async function monteCarlo(
  scenario: ResolvedScenario,
  config: Partial<MonteCarloConfig>,
  options: RunOptions & { evaluator?: Evaluator } = {},
): Promise<MonteCarloSummary> {
  const { evaluator, ...run } = options;
  const e = evaluator ?? new InThreadEvaluator();
  const acc = await e.run({ kind: 'montecarlo', scenario, config }, run);
  return summarizeMonteCarlo(acc);
}
