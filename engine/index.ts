// Public API of the engine: pure TypeScript, no DOM and no Node-only imports, so the same
// code runs in Node (CLI, tests) and in a browser web worker.
export * from './schema/scenario.js';
export {
  validateDocument,
  validateScenario,
  validatePolicyChange,
  validateUntrusted,
  prepareValidator,
  loadPrecompiledValidators,
  compiledValidators,
  ScenarioError,
  type CheckOptions,
  type ValidationIssue,
  type ValidationResult,
} from './schema/validate.js';
export { untrustedShapeIssues, UNTRUSTED_LIMITS } from './schema/untrusted.js';
export { loadMath, loadMathFor, needsMath } from './math.js';
export { resolveScenario, loadDocument, joinPath, dirname, setByPointer, type DocumentReader, type LoadOptions } from './schema/resolve.js';
export { compileScenario, buildCompiled, evaluateExpressionRules, fillWorld, fillBaseline, ruleFor } from './model/compile.js';
export type { CompiledScenario, World, Flows, ProjectArrays, PartyInfo } from './model/compiled.js';
export { ROW_KIND, FLOW_FIELDS, allocateFlows } from './model/compiled.js';
export { runWorld } from './model/kernel.js';
export {
  simulate,
  summarize,
  runWorldResult,
  allocateWorldResult,
  imbalanceRows,
  type SimulationResult,
  type WorldResult,
  type Summary,
  type PartySummary,
  type ImbalanceRow,
} from './model/simulate.js';
export { flowRows, runReport, REPORT_FIELDS, REPORT_UNITS, type FlowRow, type RunReport, type ReportField } from './model/report.js';
export { EXPRESSION_LIMITS, DISABLED_FUNCTIONS, safeText } from './model/expressions.js';
export { gm11, GM11_GRADE_TABLE, GM11_GRADE_LABELS, ForecastInputError, type Gm11Result, type Gm11Grade } from './forecast/gm11.js';
export { constantGrowth, logLinear, type TrendResult } from './forecast/trend.js';
export { baselinePaths, type BaselineForecastInfo, type BaselinePaths } from './forecast/baseline.js';
export { leontiefInverse, totalOutput, outputMultipliers, spectralRadius, LeontiefError, type LeontiefProblem } from './io/leontief.js';
export { applySpillover, compileInputOutput, type SpilloverFlows } from './model/spillover.js';
export type { CompiledInputOutput } from './model/compiled.js';
export {
  evaluateTargets,
  measureValue,
  targetStatus,
  TARGET_THRESHOLDS,
  TARGET_STATUS_LABELS,
  TARGET_MEASURE_LABELS,
  type TargetsReport,
  type TargetStatus,
  type TargetYearCheck,
  type QuantitativeTargetReport,
  type QualitativeTargetReport,
} from './model/targets.js';

// Analysis: levers, sweeps, bargaining, Monte Carlo, sensitivity (engine/analysis/README.md).
export {
  LeverModel,
  describeLever,
  defaultLever,
  getByPointer,
  leverRegistry,
  setLever,
  setLevers,
  withLevers,
  type Lever,
  type CompiledTouch,
} from './analysis/levers.js';
export { checkLeverValue, shareRatio, LEVER_GROUP_NAMES, type LeverDef, type LeverGroup, type LeverKind, type NumericLever } from './model/lever.js';
export { sweep, sweepRows, gridValues, type SweepAxis, type SweepResult, type SweepPoint } from './analysis/sweep.js';
export { MEASURES, MEASURE_LABELS, Evaluation, type Measure } from './analysis/measures.js';
export { shapley, nashBargaining, kalaiSmorodinsky, coreCheck, maximize1d, type BargainPoint, type CoreCheck } from './analysis/game.js';
export { bargain, findZopa, coalitionGame, gainFunction, type BargainResult, type ZopaInterval } from './analysis/bargain.js';
export {
  MonteCarloRunner,
  MonteCarloAccumulator,
  summarizeMonteCarlo,
  mergeStates,
  shardRange,
  FAN_MEASURES,
  type MonteCarloConfig,
  type MonteCarloStateJSON,
  type MonteCarloSummary,
} from './analysis/montecarlo.js';
export { InThreadEvaluator, type Evaluator, type StudyTask, type RunOptions } from './analysis/evaluator.js';
export { PoolEvaluator, webPool, webWorkerHandle, type WorkerHandle, type WebWorkerLike } from './analysis/pool.js';
export { serve, monteCarloService, type MonteCarloService } from './analysis/serve.js';
export { dimensions, UncertaintyApplier, NEUTRAL, type Dimension } from './analysis/uncertainty.js';
export { sensitivity, type SensitivityResult, type SensitivityOptions, type TornadoBar, type SobolIndex } from './analysis/sensitivity.js';
export { robustZopa, type RobustZopa } from './analysis/robust.js';
export { AnalysisError, CancelledError } from './analysis/errors.js';
