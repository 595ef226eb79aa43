// The CLI's hard deadline on sharing-rule evaluation: which commands run their work in a
// worker thread, the --timeout option, and the layout of the memory the worker shares with
// the main thread to say which rule it is evaluating. A leaf module (no engine imports): the
// main thread loads it at start-up.
import { UsageError } from './exit.js';

/** Commands whose work (loading, compiling, evaluating rules, simulating) runs in a worker thread. */
export const ISOLATED: ReadonlySet<string> = new Set(['validate', 'run', 'compare', 'sweep', 'bargain', 'sensitivity', 'evaluate', 'calibrate', 'montecarlo']);

/** What a command says when Ctrl-C stops it (`pairsim CMD: …`); "interrupted" unless listed. */
export const INTERRUPTED: Readonly<Record<string, string>> = { montecarlo: 'cancelled (Ctrl-C); nothing was written' };

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
 * Shared memory of one watch (one per thread that evaluates rules: the command's worker, and
 * each Monte Carlo pool worker it starts): Int32 [0] sequence number of the rule evaluation
 * (it changes whenever one starts), [1] 1 while a rule is being evaluated, [2] byte length of
 * its JSON Pointer, [3] byte length of the file it comes from; then the pointer's UTF-8 bytes,
 * then the file's.
 */
export const WATCH_POINTER_BYTES = 2048;
export const WATCH_FILE_BYTES = 4096;
export const watchBuffer = () => new SharedArrayBuffer(16 + WATCH_POINTER_BYTES + WATCH_FILE_BYTES);
export const watchViews = (shared: SharedArrayBuffer) => ({
  state: new Int32Array(shared, 0, 4),
  bytes: new Uint8Array(shared, 16, WATCH_POINTER_BYTES),
  fileBytes: new Uint8Array(shared, 16 + WATCH_POINTER_BYTES, WATCH_FILE_BYTES),
});

/**
 * The writing side of a watch buffer (structurally an engine/model/watch.ts RuleWatch): a rule
 * starts (its pointer and, when known, its file) or ends (null). A file of null leaves the file
 * already in the buffer (a pool worker's buffer comes with the file of its study).
 */
export function watchWriter(shared: SharedArrayBuffer): { rule(path: string | null, file?: string | null): void; file(file: string): void } {
  const { state, bytes, fileBytes } = watchViews(shared);
  const encoder = new TextEncoder();
  const writeFile = (file: string) => Atomics.store(state, 3, encoder.encodeInto(file, fileBytes).written);
  return {
    rule(path, file) {
      if (path === null) {
        Atomics.store(state, 1, 0);
        return;
      }
      if (file != null) writeFile(file);
      Atomics.store(state, 2, encoder.encodeInto(path, bytes).written);
      Atomics.add(state, 0, 1);
      Atomics.store(state, 1, 1);
    },
    file: writeFile,
  };
}

/** The reading side: the rule being evaluated and its file ('' when not reported). */
export function watchRead(shared: SharedArrayBuffer): { pointer: string; file: string } {
  const { state, bytes, fileBytes } = watchViews(shared);
  const decoder = new TextDecoder();
  return { pointer: decoder.decode(bytes.slice(0, Atomics.load(state, 2))), file: decoder.decode(fileBytes.slice(0, Atomics.load(state, 3))) };
}
