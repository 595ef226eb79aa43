// Test helpers: load scenario files from disk through the engine's own loader.
import { readFileSync } from 'node:fs';
import { loadDocument } from '../engine/schema/resolve.js';
import type { ResolvedScenario } from '../engine/schema/scenario.js';

export const readJson = async (path: string): Promise<unknown> => JSON.parse(readFileSync(path, 'utf8'));

export async function loadFixture(path: string): Promise<ResolvedScenario> {
  const doc = await loadDocument(path, readJson);
  if (doc.kind !== 'scenario') throw new Error(`${path} is not a scenario`);
  return doc.scenario;
}

/** Value of field f for party index n in year index y of a [n*Y + y] array. */
export const at = (a: Float64Array, Y: number, n: number, y: number) => a[n * Y + y]!;
