// Browser pool: PoolEvaluator over web workers (anything with postMessage/onmessage), and the
// worker side that serves the same protocol. No Node imports; the UI creates the workers
// (e.g. new Worker(new URL('./analysis-worker.ts', import.meta.url), { type: 'module' })).
import { PoolEvaluator, workerHandler, type WorkerPort, type WorkerReply, type WorkerRequest } from './evaluator.js';

/** The part of a Worker (or MessagePort) the pool uses. */
export interface WorkerLike {
  postMessage(msg: unknown): void;
  onmessage: ((ev: MessageEvent) => unknown) | null;
  onerror?: ((ev: ErrorEvent) => unknown) | null;
  terminate?(): void;
  close?(): void;
}

export function webWorkerPort(worker: WorkerLike): WorkerPort {
  let onMessage: (msg: WorkerReply) => void = () => {};
  let onError: (err: Error) => void = () => {};
  worker.onmessage = (ev) => onMessage(ev.data as WorkerReply);
  worker.onerror = (ev) => {
    // Handled here: the pool reports it; the page should not also log an uncaught error.
    ev.preventDefault?.();
    onError(new Error(ev.message || 'worker error'));
  };
  return {
    post: (msg) => worker.postMessage(msg),
    onMessage: (h) => void (onMessage = h),
    onError: (h) => void (onError = h),
    terminate: () => {
      onError = () => {};
      worker.onmessage = null;
      if (worker.terminate) worker.terminate();
      else worker.close?.();
    },
  };
}

/** A pool of `size` web workers made by createWorker. */
export function webPool(createWorker: () => WorkerLike, size: number): PoolEvaluator {
  return new PoolEvaluator(() => webWorkerPort(createWorker()), size, 'web-workers');
}

/** Worker side: answer pool requests on a worker global scope (self) or a MessagePort, one at a time. */
export function serveAnalysisRequests(scope: WorkerLike): void {
  const handle = workerHandler();
  let queue: Promise<void> = Promise.resolve();
  scope.onmessage = (ev) => {
    const msg = ev.data as WorkerRequest;
    queue = queue.then(async () => scope.postMessage(await handle(msg)));
  };
}
