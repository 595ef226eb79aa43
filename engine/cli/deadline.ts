// The CLI's hard deadline on sharing-rule evaluation: which commands run their work in a
// worker thread, the --timeout option, and the layout of the memory the worker shares with
// the main thread to say which rule it is evaluating. A leaf module (no engine imports): the
// main thread loads it at start-up.
import { UsageError } from './exit.js';

/** Commands whose work (loading, compiling, evaluating rules, simulating) runs in a worker thread. */
export const ISOLATED: ReadonlySet<string> = new Set(['validate', 'run', 'compare', 'sweep', 'bargain', 'sensitivity', 'evaluate', 'calibrate']);

/** Default hard deadline for evaluating one sharing rule for one project (all its years), in seconds. */
export const DEFAULT_TIMEOUT_S = 30;
/** The longest deadline --timeout accepts (a day); 0 turns the deadline off. */
export const MAX_TIMEOUT_S = 86_400;

export const TIMEOUT_HELP = `--timeout SECONDS: hard deadline for evaluating one sharing rule (default ${DEFAULT_TIMEOUT_S}; 0 = none); past it the evaluating thread is stopped and the command exits 1 naming the rule`;

/**
 * Takes `--timeout S` (or `--timeout=S`) out of a command's arguments (before a `--`).
 * Returns the deadline in milliseconds (0 = none) and the other arguments.
 */
export function splitTimeout(args: readonly string[]): { timeoutMs: number; rest: string[] } {
  const rest: string[] = [];
  let value: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') {
      rest.push(...args.slice(i));
      break;
    }
    if (a === '--timeout') {
      if (i + 1 >= args.length) throw new UsageError('--timeout needs a number of seconds');
      value = args[++i];
    } else if (a.startsWith('--timeout=')) value = a.slice('--timeout='.length);
    else rest.push(a);
  }
  if (value === undefined) return { timeoutMs: DEFAULT_TIMEOUT_S * 1000, rest };
  const s = Number(value);
  if (value.trim() === '' || !Number.isFinite(s) || s < 0 || s > MAX_TIMEOUT_S)
    throw new UsageError(`--timeout must be a number of seconds from 0 (no deadline) to ${MAX_TIMEOUT_S}; got "${value}"`);
  return { timeoutMs: Math.round(s * 1000), rest };
}

/**
 * Shared memory of the watch: Int32 [0] sequence number of the rule evaluation (it changes
 * whenever one starts), [1] 1 while a rule is being evaluated, [2] byte length of its JSON
 * Pointer; then the pointer's UTF-8 bytes.
 */
export const WATCH_POINTER_BYTES = 2048;
export const watchBuffer = () => new SharedArrayBuffer(16 + WATCH_POINTER_BYTES);
export const watchViews = (shared: SharedArrayBuffer) => ({ state: new Int32Array(shared, 0, 4), bytes: new Uint8Array(shared, 16, WATCH_POINTER_BYTES) });
