// Load the hand-computed fixture through the engine's own loader, optionally patched.
import { readFileSync } from 'node:fs';
import { loadDocument } from '../../engine/schema/resolve.js';
import type { ResolvedScenario } from '../../engine/schema/scenario.js';

export const FIXTURE = 'test/fixtures/two-project.json';

/** The fixture as a plain object, to patch before loading. */
export const fixtureJson = (): Record<string, any> => JSON.parse(readFileSync(FIXTURE, 'utf8'));

/** Load (validate and resolve) a scenario document given as an object. */
export async function loadScenarioObject(doc: unknown): Promise<ResolvedScenario> {
  const loaded = await loadDocument('inline.json', async () => doc);
  if (loaded.kind !== 'scenario') throw new Error('not a scenario');
  return loaded.scenario;
}

export const q = (value: number, unit: string) => ({ value, unit, assumption: 'test value' });
