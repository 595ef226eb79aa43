// A hook for a watchdog outside the engine. The CLI evaluates scenarios in a worker thread and
// its main thread stops that thread when one sharing rule takes longer than a hard deadline (a
// step inside JSONata cannot be interrupted from within). For that it must know which rule is
// being evaluated, and from which file: evaluateShares reports the rule here, the CLI says
// which file it is working on (watchFile). Without a watch installed (the browser, the
// library) this costs one null check per rule.

export interface RuleWatch {
  /** A rule (its JSON Pointer) of `file` (null: not known here) starts being evaluated, or (path null) the evaluation ended. */
  rule(path: string | null, file?: string | null): void;
  /**
   * Optional: what a worker thread this thread starts to evaluate rules (a Monte Carlo pool
   * worker) needs to report to the same watchdog, passed as its workerData `watch`.
   */
  forWorker?(): unknown;
}

let current: RuleWatch | null = null;
let currentFile: string | null = null;

/** Install (or with null, remove) the watch. */
export function setRuleWatch(watch: RuleWatch | null): void {
  current = watch;
}

/** The file whose scenarios are being compiled from now on (the CLI says so per file it reads). */
export function watchFile(file: string | null): void {
  currentFile = file;
}

/** The file set by watchFile (null when none). */
export function watchedFile(): string | null {
  return currentFile;
}

/** Called by the engine around each rule's evaluation. */
export function watchRule(path: string | null): void {
  current?.rule(path, path === null ? null : currentFile);
}

/** What to give a worker thread that evaluates rules so the watchdog sees it too (null: no watch here). */
export function watchForWorker(): unknown {
  return current?.forWorker?.() ?? null;
}
