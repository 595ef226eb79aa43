// NODE-ONLY: a pool of Node worker threads behind the Evaluator interface (the browser uses
// the same PoolEvaluator with web workers). Workers run engine/analysis/node-worker.ts through
// tsx, like bin/pairsim.mjs, so there is no build step.
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { PoolEvaluator, type WorkerPort, type WorkerReply } from './evaluator.js';

const BOOT = new URL('./node-worker-boot.mjs', import.meta.url);

function nodePort(): WorkerPort {
  const worker = new Worker(BOOT);
  // An idle pool must not keep the process alive; a running study must.
  worker.unref();
  let onMessage: (msg: WorkerReply) => void = () => {};
  let onError: (err: Error) => void = () => {};
  worker.on('message', (m: WorkerReply) => onMessage(m));
  worker.on('error', (e: Error) => onError(e));
  worker.on('exit', (code) => {
    if (code !== 0) onError(new Error(`worker exited with code ${code}`));
  });
  return {
    post: (msg) => worker.postMessage(msg),
    onMessage: (h) => void (onMessage = h),
    onError: (h) => void (onError = h),
    setActive: (active) => void (active ? worker.ref() : worker.unref()),
    terminate: async () => {
      onError = () => {};
      await worker.terminate();
    },
  };
}

/** A pool of `size` worker threads (default: the machine's parallelism). Call close() when done. */
export function nodePool(size = availableParallelism()): PoolEvaluator {
  return new PoolEvaluator(nodePort, size, 'node-workers');
}
