// The library's observed CSV files (scenarios/observed/*.csv), bundled as text: a small module
// of its own, so the worker can tell whether a library scenario has figures without loading the
// calibration code (ui/engine/calibration.ts), which loads on first use.
import type { ObservedText } from '../protocol.js';

/** Observed CSV files bundled with the library (scenarios/observed/*.csv), by path from the repository root. */
const OBSERVED_FILES = new Map(
  Object.entries(import.meta.glob('../../scenarios/observed/*.csv', { eager: true, query: '?raw', import: 'default' }) as Record<string, string>).map(
    ([key, text]) => [key.replace(/^(\.\.\/)+/, ''), text],
  ),
);

/** The library's observed file of a library scenario: scenarios/X.json ↔ scenarios/observed/X.csv. */
export function libraryObserved(scenarioPath: string): ObservedText | null {
  const stem = scenarioPath.split('/').pop()?.replace(/\.json$/, '');
  const path = `scenarios/observed/${stem}.csv`;
  const text = OBSERVED_FILES.get(path);
  return text === undefined ? null : { name: path, text };
}
