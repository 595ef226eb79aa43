// The CLI's exit codes, its two error kinds and the command interface: a leaf module with no
// engine imports, so the entry (main.ts) can load it without loading the engine.

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
  /**
   * When stdout has more queued than it wants (a slow pipe), a promise that resolves once it
   * has drained; undefined otherwise. Streaming commands wait on it, so memory stays bounded.
   */
  drain?(): Promise<void> | undefined;
  /**
   * A temporary output file was created (path) or moved into place / removed (null). A
   * command run in a worker thread reports it, so the main thread can remove the file if it
   * has to stop the worker (deadline, Ctrl-C).
   */
  temporary?(path: string | null): void;
  err(text: string): void;
  /** True when stderr is a terminal (progress bars only then). */
  errIsTty: boolean;
  /** Width of the terminal for help text (80 when not a terminal). */
  columns?: number;
  /** Environment variables (scheduler indices for --shard auto); process.env when absent. */
  env?: Record<string, string | undefined>;
}
