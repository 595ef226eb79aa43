// Shared plumbing of the CLI commands: argument parsing, loading, exit codes.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { loadDocument } from '../schema/resolve.js';
import { ScenarioError } from '../schema/validate.js';
import type { ResolvedScenario } from '../schema/scenario.js';
import { referenceReader } from './read.js';
import { safeText } from '../model/expressions.js';
import { UsageError, InputError } from './exit.js';
import { watchFile } from '../model/watch.js';

export { EXIT, UsageError, InputError, type Command, type Io } from './exit.js';

/**
 * One output line for one issue. Paths and messages can carry text from the file (field
 * names, ids, $error messages): control characters and newlines are escaped so a hostile
 * file can neither split a line nor send escape sequences to the terminal.
 */
export function issueLine(file: string, issue: { path: string; message: string }): string {
  return safeText(`${file}: ${issue.path || '/'}: ${issue.message}`);
}

/** The first line of a message, with control characters escaped. */
export function oneLine(text: string): string {
  return safeText(text.split('\n')[0] ?? '');
}

export function parse<T extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: T, usage: string) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError(`${(err as Error).message.split('\n')[0]}\nusage: ${usage}`);
  }
}

export function formatOption(value: string | undefined, allowed: readonly string[], fallback: string): string {
  const f = value ?? fallback;
  if (!allowed.includes(f)) throw new UsageError(`--format must be one of ${allowed.join(', ')}; got "${f}"`);
  return f;
}

/** Load every scenario a path names: a scenario file, or a comparison's scenarios. */
export async function loadScenarios(path: string): Promise<ResolvedScenario[]> {
  // Rules evaluated from now on come from this file (the hard deadline's message names it).
  watchFile(path);
  try {
    const doc = await loadDocument(path, referenceReader(path));
    return doc.kind === 'scenario' ? [doc.scenario] : doc.scenarios;
  } catch (err) {
    if (err instanceof ScenarioError)
      throw new InputError(err.issues.map((i) => issueLine(path, i)).join('\n'));
    throw new InputError(oneLine(`${path}: ${(err as Error)?.message ?? String(err)}`));
  }
}

export async function loadOne(path: string): Promise<ResolvedScenario> {
  const all = await loadScenarios(path);
  if (all.length !== 1) throw new UsageError(`${path} is a comparison; give a scenario file`);
  return all[0]!;
}

export async function compiledFrom<T>(path: string, f: () => Promise<T>): Promise<T> {
  watchFile(path);
  try {
    return await f();
  } catch (err) {
    if (err instanceof ScenarioError)
      throw new InputError(err.issues.map((i) => issueLine(path, i)).join('\n'));
    throw err;
  }
}
