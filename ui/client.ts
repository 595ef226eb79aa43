// The page's handle on the engine worker (comlink). Bundled by vite as a module worker.
import * as Comlink from 'comlink';
import type { EngineApi } from './protocol.js';

export type Engine = Comlink.Remote<EngineApi>;

/** Start the worker; onFailure hears about a worker that could not load or crashed. */
export function startEngine(onFailure: (message: string) => void = () => {}): Engine {
  const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'pairing-engine' });
  worker.addEventListener('error', (e) => onFailure(e.message || 'worker error'));
  return Comlink.wrap<EngineApi>(worker);
}
