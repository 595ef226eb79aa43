// The page's handle on the engine worker (comlink). Bundled by vite as a module worker.
// The host restarts the worker after a fault and tells the page, which reopens its columns.
import * as Comlink from 'comlink';
import type { EngineApi } from './protocol.js';

export type Engine = Comlink.Remote<EngineApi>;

/**
 * A plain wrapper around the comlink proxy for Lit bindings: a comlink proxy answers every
 * property lookup, so Lit would mistake it for a template or directive result.
 */
export interface EngineRef {
  readonly api: Engine;
}

/** Start the worker; onFailure hears about a worker that could not load or crashed. */
export function startEngine(onFailure: (message: string) => void = () => {}): Engine {
  return new EngineHost(onFailure).engine;
}

export class EngineHost {
  engine!: Engine;
  private worker!: Worker;
  /** Bumped on every restart, so answers of a dead worker can be recognised. */
  generation = 0;

  constructor(private readonly onFailure: (message: string) => void) {
    this.start();
  }

  private start() {
    this.worker?.terminate();
    this.worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'pairing-engine' });
    const gen = ++this.generation;
    this.worker.addEventListener('error', (e) => {
      e.preventDefault();
      if (gen === this.generation) this.fail(e.message || 'worker error');
    });
    this.engine = Comlink.wrap<EngineApi>(this.worker);
  }

  /** Replace a failed worker by a fresh one and report what happened. */
  fail(message: string) {
    const old = this.engine;
    this.start();
    old[Comlink.releaseProxy]();
    this.onFailure(message);
  }

  /** Test hooks: make the worker throw, or kill it outright. */
  drill(kind: 'throw' | 'terminate') {
    if (kind === 'throw') this.worker.postMessage({ pwFaultDrill: true });
    else this.fail('the engine worker was terminated');
  }
}
