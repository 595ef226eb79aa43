// Shared plumbing of the CLI commands: argument parsing, loading, exit codes.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { loadDocument } from '../schema/resolve.js';
import { ScenarioError } from '../schema/validate.js';
import type { ResolvedScenario } from '../schema/scenario.js';
import { readDocument } from './read.js';

export const EXIT = { ok: 0, invalidInput: 1, usage: 2, internal: 3 } as const;

/** A usage mistake: the message and exit code 2. */
export class UsageError extends Error {}
/** A bad input file or value: the message and exit code 1. */
export class InputError extends Error {}

export interface Command {
  name: string;
  usage: string;
  summary: string;
  run(argv: string[], io: Io): Promise<number>;
}

export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** True when stderr is a terminal (progress bars only then). */
  errIsTty: boolean;
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
  try {
    const doc = await loadDocument(path, readDocument);
    return doc.kind === 'scenario' ? [doc.scenario] : doc.scenarios;
  } catch (err) {
    if (err instanceof ScenarioError)
      throw new InputError(err.issues.map((i) => `${path}: ${i.path || '/'}: ${i.message}`).join('\n'));
    throw new InputError(`${path}: ${(err as Error).message}`);
  }
}

export async function loadOne(path: string): Promise<ResolvedScenario> {
  const all = await loadScenarios(path);
  if (all.length !== 1) throw new UsageError(`${path} is a comparison; give a scenario file`);
  return all[0]!;
}

export async function compiledFrom<T>(path: string, f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (err) {
    if (err instanceof ScenarioError)
      throw new InputError(err.issues.map((i) => `${path}: ${i.path || '/'}: ${i.message}`).join('\n'));
    throw err;
  }
}
