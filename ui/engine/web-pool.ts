// The browser's pool of Monte Carlo workers behind the engine's Evaluator interface: module
// web workers (started from the engine worker) wrapped as WorkerPorts for PoolEvaluator.
import { PoolEvaluator, type WorkerPort, type WorkerReply } from '../../engine/index.js';

function webPort(): WorkerPort {
  const worker = new Worker(new URL('../mc-worker.ts', import.meta.url), { type: 'module', name: 'pairing-montecarlo' });
  let onMessage: (msg: WorkerReply) => void = () => {};
  let onError: (err: Error) => void = () => {};
  worker.addEventListener('message', (e: MessageEvent<WorkerReply>) => onMessage(e.data));
  worker.addEventListener('error', (e) => {
    e.preventDefault();
    onError(new Error(e.message || 'Monte Carlo worker failed'));
  });
  return {
    post: (msg) => worker.postMessage(msg),
    onMessage: (h) => void (onMessage = h),
    onError: (h) => void (onError = h),
    terminate: () => {
      onError = () => {};
      worker.terminate();
    },
  };
}

/** Whether this environment can start module workers (browsers; not Node, where the tests run in-thread). */
export function canPool(): boolean {
  return typeof Worker !== 'undefined';
}

/** Leave one core for the page and the engine worker; at most four Monte Carlo workers. */
export function webPool(): PoolEvaluator {
  const cores = typeof navigator !== 'undefined' && navigator.hardwareConcurrency ? navigator.hardwareConcurrency : 2;
  return new PoolEvaluator(webPort, Math.max(1, Math.min(4, cores - 1)), 'web-workers');
}
