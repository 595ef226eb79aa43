// Load a generated benchmark scenario through the engine's own validation and compiler.
import { resolveScenario } from '../engine/schema/resolve.js';
import { compileScenario } from '../engine/model/compile.js';
import type { ResolvedScenario, Scenario } from '../engine/schema/scenario.js';
import type { CompiledScenario } from '../engine/model/compiled.js';
import { generateScenario, type GenerateOptions } from './generate.js';

export interface BenchScenario {
  document: Scenario;
  resolved: ResolvedScenario;
  compiled: CompiledScenario;
}

const noReferences = async (path: string): Promise<unknown> => {
  throw new Error(`generated scenarios are self-contained; no file ${path}`);
};

/** Generate, validate (throws a ScenarioError if the generator drifts from the format) and compile. */
export async function loadBench(options: GenerateOptions = {}): Promise<BenchScenario> {
  const document = generateScenario(options);
  const resolved = await resolveScenario(document, 'benchmarks/generated.json', noReferences);
  return { document, resolved, compiled: await compileScenario(resolved) };
}

/** Row-years the kernel visits for one simulate() call: (deal rows + no-deal rows) × years. */
export const rowYears = (c: CompiledScenario): number => (c.deal.rows + c.noDeal.rows) * c.years;
