// Observed figures for the CLI: an --observed CSV file, else the scenario's `observed` block.
// Problems end as one line each, "FILE: line N: message", and exit code 1.
import type { ResolvedScenario } from '../schema/scenario.js';
import { ObservedError, observedFromBlock, readObservedCsv, type ObservedPoint } from '../data/observed.js';
import { InputError, oneLine } from './common.js';
import { readText } from './read.js';

export interface ObservedInput {
  /** The CSV file name, or "the scenario's observed block". */
  name: string;
  points: ObservedPoint[];
}

/** Party (and account) ids an observation may name. */
export function observableParties(s: ResolvedScenario): string[] {
  return s.economy.parties.map((p) => p.id);
}

export async function loadObserved(file: string | undefined, s: ResolvedScenario): Promise<ObservedInput | null> {
  if (file === undefined) return s.observed?.length ? { name: "the scenario's observed block", points: observedFromBlock(s.observed) } : null;
  let text: string;
  try {
    text = await readText(file);
  } catch (err) {
    throw new InputError(oneLine(`${file}: ${(err as Error).message}`));
  }
  try {
    return { name: file, points: readObservedCsv(text, { parties: observableParties(s), years: s.years }) };
  } catch (err) {
    if (err instanceof ObservedError) throw new InputError(err.issues.map((i) => oneLine(`${file}: ${i.where}: ${i.message}`)).join('\n'));
    throw err;
  }
}
