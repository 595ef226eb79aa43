// NODE-ONLY part of the package API ('pairing-workbench/node'): reading scenario files from
// disk (with the CLI's size limit and JSON error positions) and a pool of worker threads.
import { loadDocument } from './schema/resolve.js';
import type { ResolvedScenario } from './schema/scenario.js';
import { readDocument } from './cli/read.js';

export { readDocument } from './cli/read.js';
export { nodePool } from './analysis/node-pool.js';

/** Load and resolve one scenario file (references to economy and policy files are followed). */
export async function loadScenarioFile(path: string): Promise<ResolvedScenario> {
  const doc = await loadDocument(path, readDocument);
  if (doc.kind !== 'scenario') throw new Error(`${path} is a comparison; use loadDocument for comparisons`);
  return doc.scenario;
}
