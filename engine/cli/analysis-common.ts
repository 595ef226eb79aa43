// Shared plumbing of the analysis commands (sweep, bargain, montecarlo, sensitivity, merge):
// numeric options, analysis errors as one-line input errors, and output in JSON or CSV.
import { AnalysisError } from '../analysis/errors.js';
import { InputError, UsageError, type Io } from './common.js';
import { toCsv } from './format.js';
import { watchFile } from '../model/watch.js';

/** A number option; undefined when absent, a usage error when not a finite number. */
export function numberOption(name: string, value: string | undefined, opts: { integer?: boolean; min?: number; max?: number } = {}): number | undefined {
  if (value === undefined) return undefined;
  const v = Number(value);
  if (value.trim() === '' || !Number.isFinite(v)) throw new UsageError(`--${name} must be a number; got "${value}"`);
  if (opts.integer && !Number.isInteger(v)) throw new UsageError(`--${name} must be a whole number; got "${value}"`);
  if (opts.min !== undefined && v < opts.min) throw new UsageError(`--${name} must be at least ${opts.min}; got ${value}`);
  if (opts.max !== undefined && v > opts.max) throw new UsageError(`--${name} must be at most ${opts.max}; got ${value}`);
  return v;
}

/** Run analysis code, turning its input errors into the CLI's one-line input errors. */
export async function analysis<T>(path: string, f: () => T | Promise<T>): Promise<T> {
  // Rules evaluated from now on come from this file (the hard deadline's message names it).
  watchFile(path);
  try {
    return await f();
  } catch (err) {
    if (err instanceof AnalysisError) throw new InputError(`${path}: ${err.message}`);
    throw err;
  }
}

export function emit(io: Io, format: string, json: unknown, rows: () => Record<string, unknown>[]): void {
  if (format === 'json') io.out(JSON.stringify(json, null, 2) + '\n');
  else io.out(toCsv(rows()));
}

/** --set PATH=VALUE options (repeatable): levers fixed before the analysis. */
export function parseSets(values: string[] | undefined): { path: string; value: number }[] {
  return (values ?? []).map((v) => {
    const i = v.lastIndexOf('=');
    if (i <= 0) throw new UsageError(`--set must look like PATH=VALUE (e.g. /policy/rules/joint/tax/originShare/value=0.4); got "${v}"`);
    const value = Number(v.slice(i + 1));
    if (v.slice(i + 1).trim() === '' || !Number.isFinite(value)) throw new UsageError(`--set ${v}: the value must be a number`);
    return { path: v.slice(0, i), value };
  });
}
