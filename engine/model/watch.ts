// A hook for a watchdog outside the engine. The CLI evaluates scenarios in a worker thread and
// its main thread stops that thread when one sharing rule takes longer than a hard deadline (a
// step inside JSONata cannot be interrupted from within). For that it must know which rule is
// being evaluated: evaluateShares reports it here. Without a watch installed (the browser, the
// library) this costs one null check per rule.

export interface RuleWatch {
  /** A rule (its JSON Pointer) starts being evaluated, or (null) the evaluation ended. */
  rule(path: string | null): void;
}

let current: RuleWatch | null = null;

/** Install (or with null, remove) the watch. */
export function setRuleWatch(watch: RuleWatch | null): void {
  current = watch;
}

/** Called by the engine around each rule's evaluation. */
export function watchRule(path: string | null): void {
  current?.rule(path);
}
