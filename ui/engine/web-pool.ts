// The browser's pool of Monte Carlo workers behind the engine's Evaluator interface: module
// web workers (started from the engine worker) in the engine's web pool.
import { webPool as enginePool, type PoolEvaluator } from '../../engine/index.js';

const startWorker = () => new Worker(new URL('../mc-worker.ts', import.meta.url), { type: 'module', name: 'pairing-montecarlo' });

/** Whether this environment can start module workers (browsers; not Node, where the tests run in-thread). */
export function canPool(): boolean {
  return typeof Worker !== 'undefined';
}

/** Leave one core for the page and the engine worker; at most four Monte Carlo workers. */
export function webPool(): PoolEvaluator {
  const cores = typeof navigator !== 'undefined' && navigator.hardwareConcurrency ? navigator.hardwareConcurrency : 2;
  return enginePool(startWorker, Math.max(1, Math.min(4, cores - 1)));
}
