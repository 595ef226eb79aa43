// Public API of the engine: pure TypeScript, no DOM and no Node-only imports, so the same
// code runs in Node (CLI, tests) and in a browser web worker.
export * from './schema/scenario.js';
export {
  validateDocument,
  validateScenario,
  ScenarioError,
  type ValidationIssue,
  type ValidationResult,
} from './schema/validate.js';
export { resolveScenario, loadDocument, joinPath, dirname, setByPointer, type DocumentReader } from './schema/resolve.js';
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
export { EXPRESSION_LIMITS } from './model/expressions.js';
