// A Monte Carlo worker of the browser pool: prepares a study once, then runs chunks of draws
// on request (the engine's environment-neutral workerHandler), like the Node worker threads.
import { workerHandler, type WorkerRequest } from '../engine/index.js';

const handle = workerHandler();
self.addEventListener('message', (e: MessageEvent<WorkerRequest>) => {
  void handle(e.data).then((reply) => self.postMessage(reply));
});
