// The page's handle on the engine worker (comlink). Bundled by vite as a module worker.
import * as Comlink from 'comlink';
import type { EngineApi } from './protocol.js';

export type Engine = Comlink.Remote<EngineApi>;

export function startEngine(): Engine {
  const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'pairing-engine' });
  return Comlink.wrap<EngineApi>(worker);
}
