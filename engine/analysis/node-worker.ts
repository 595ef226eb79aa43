// NODE-ONLY: worker-thread entry of the Node pool; answers WorkerRequest messages with workerHandler.
import { parentPort } from 'node:worker_threads';
import { workerHandler, type WorkerRequest } from './evaluator.js';

const handle = workerHandler();
// Requests are handled one at a time, in order.
let queue: Promise<void> = Promise.resolve();
parentPort!.on('message', (msg: WorkerRequest) => {
  queue = queue.then(async () => parentPort!.postMessage(await handle(msg)));
});
