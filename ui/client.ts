// The page's handle on the engine worker (comlink). Bundled by vite as a module worker.
// The host restarts the worker after a fault and tells the page, which reopens its columns.
//
// Watchdog: every request has a deadline. A worker that does not answer in time (a step
// that cannot be interrupted, a bug) is terminated and re-created, the request is rejected
// with an EngineTimeoutError saying so in the reader's language, and the page recovers its
// columns as after a crash. The timed-out request is remembered and refused at once if it
// comes again (recovery reopens every column with the same inputs), so a request that hangs
// the engine cannot hang it in a loop.
import * as Comlink from 'comlink';
import type { EngineApi, LoadResult } from './protocol.js';
import { t } from './i18n.js';
import { engineWorker, takePrestartedEngine } from './engine-worker.js';

export { prestartEngine } from './engine-worker.js';

export type Engine = Comlink.Remote<EngineApi>;

/**
 * A plain wrapper around the comlink proxy for Lit bindings: a comlink proxy answers every
 * property lookup, so Lit would mistake it for a template or directive result.
 */
export interface EngineRef {
  readonly api: Engine;
}

/**
 * Deadline per request, in ms: generous for the largest scenario the limits allow on a slow
 * machine. Analyses that report progress and can be cancelled get longer.
 */
export const REQUEST_DEADLINES_MS: Record<keyof EngineApi, number> = {
  library: 30_000,
  openBuiltin: 60_000,
  openText: 60_000,
  run: 60_000,
  close: 30_000,
  negotiate: 120_000,
  uncertainty: 600_000,
  cancel: 30_000,
  check: 60_000,
  inspect: 60_000,
  standalone: 60_000,
  sourceText: 30_000,
  libraryObserved: 30_000,
  observed: 60_000,
  calibrate: 600_000,
  cancelCalibration: 30_000,
};

/** A request the engine did not answer in time (the worker was re-created). */
export class EngineTimeoutError extends Error {
  constructor(readonly method: string, readonly seconds: number) {
    super(t('engineTimeout').replace('{s}', String(seconds)));
    this.name = 'EngineTimeoutError';
  }
  override toString(): string {
    return this.message;
  }
}

/** The answer of a worker that was replaced while the request was in flight. */
export class EngineRestartedError extends Error {
  constructor() {
    super(t('engineRestarted'));
    this.name = 'EngineRestartedError';
  }
  override toString(): string {
    return this.message;
  }
}

/** A short, cheap key of a request's arguments (texts can be megabytes: hashed, not kept). */
function fingerprint(value: unknown): string {
  const text = JSON.stringify(value) ?? 'undefined';
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return `${text.length}:${h.toString(16)}`;
}

interface Pending {
  reject: (err: Error) => void;
  timer: ReturnType<typeof setTimeout>;
}

export class EngineHost {
  /** The engine as the page uses it: every call goes through the watchdog. */
  engine!: Engine;
  private remote!: Engine;
  private worker!: Worker;
  /** Bumped on every restart, so answers of a dead worker can be recognised. */
  generation = 0;
  /** Test hook: a shorter deadline for the requests to the current worker (browser tests of the watchdog). */
  deadlineOverrideMs: number | null = null;
  private readonly pending = new Set<Pending>();
  /** Requests that timed out (method and fingerprint of their inputs): refused at once. */
  private readonly quarantine = new Set<string>();
  /** Where each open handle came from, so a request keyed by handle survives a restart. */
  private readonly origin = new Map<string, string>();

  constructor(private readonly onFailure: (message: string) => void) {
    this.start();
  }

  private start() {
    this.worker?.terminate();
    const early = takePrestartedEngine();
    this.worker = early?.worker ?? engineWorker();
    const gen = ++this.generation;
    this.worker.addEventListener('error', (e) => {
      e.preventDefault();
      if (gen === this.generation) this.fail(e.message || 'worker error');
    });
    // The prestarted worker failed before this host listened: restart it as after any fault.
    if (early?.error) queueMicrotask(() => gen === this.generation && this.fail(early.error!));
    this.remote = Comlink.wrap<EngineApi>(this.worker);
    this.engine = this.guarded(this.remote);
  }

  /** The remote with a deadline on every method call. */
  private guarded(remote: Engine): Engine {
    return new Proxy(remote, {
      get: (target, prop, receiver) => {
        if (typeof prop === 'string' && Object.prototype.hasOwnProperty.call(REQUEST_DEADLINES_MS, prop))
          return (...args: unknown[]) => this.call(target, prop as keyof EngineApi, args);
        return Reflect.get(target, prop, receiver);
      },
    });
  }

  /** A handle argument stands for the source it was opened from, which stays the same across restarts. */
  private key(method: keyof EngineApi, args: unknown[]): string {
    const stable = args.map((a, i) => (i === 0 && typeof a === 'string' && this.origin.has(a) ? { opened: this.origin.get(a) } : a));
    // Callbacks (progress) are not part of what a request asks for.
    return `${method}:${fingerprint(stable.filter((a) => typeof a !== 'function'))}`;
  }

  private call(remote: Engine, method: keyof EngineApi, args: unknown[]): Promise<unknown> {
    const ms = this.deadlineOverrideMs ?? REQUEST_DEADLINES_MS[method];
    const key = this.key(method, args);
    if (this.quarantine.has(key)) return Promise.reject(new EngineTimeoutError(method, Math.round(ms / 1000)));
    const gen = this.generation;
    return new Promise((resolve, reject) => {
      const entry: Pending = {
        reject,
        timer: setTimeout(() => {
          this.pending.delete(entry);
          if (gen !== this.generation) return reject(new EngineRestartedError());
          const err = new EngineTimeoutError(method, Math.round(ms / 1000));
          this.quarantine.add(key);
          reject(err);
          this.fail(err.message);
        }, ms),
      };
      this.pending.add(entry);
      const fn = (remote as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[method]!;
      fn(...args).then(
        (value) => {
          if (!this.pending.delete(entry)) return; // already timed out or restarted
          clearTimeout(entry.timer);
          if (method === 'openBuiltin' || method === 'openText') {
            const res = value as LoadResult;
            if (res.ok) for (const c of res.columns) this.origin.set(c.handle, `${key}#${c.id}`);
          }
          resolve(value);
        },
        (err: unknown) => {
          if (!this.pending.delete(entry)) return;
          clearTimeout(entry.timer);
          reject(err);
        },
      );
    });
  }

  /** Replace a failed worker by a fresh one and report what happened. */
  fail(message: string) {
    const old = this.remote;
    this.deadlineOverrideMs = null; // a drill's short deadline applies to the worker it hung only
    this.start();
    // Requests in flight on the old worker will never be answered.
    for (const p of this.pending) {
      clearTimeout(p.timer);
      p.reject(new EngineRestartedError());
    }
    this.pending.clear();
    old[Comlink.releaseProxy]();
    this.onFailure(message);
  }

  /** Test hooks: make the worker throw, kill it outright, or make it stop answering (with a shorter deadline). */
  drill(kind: 'throw' | 'terminate' | 'hang', deadlineMs?: number) {
    if (kind === 'throw') this.worker.postMessage({ pwFaultDrill: true });
    else if (kind === 'hang') {
      if (deadlineMs) this.deadlineOverrideMs = deadlineMs;
      this.worker.postMessage({ pwFaultDrill: 'hang' });
    } else this.fail('the engine worker was terminated');
  }
}
