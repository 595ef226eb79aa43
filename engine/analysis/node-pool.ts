// NODE-ONLY: a pool of Node worker threads behind the Evaluator interface (the browser uses
// the same PoolEvaluator with web workers). Workers run the built worker entry
// (build/node-worker.mjs, bundled by scripts/build-node.mjs): no TypeScript loader boots in
// each thread. Run from the TypeScript sources (tests, tsx scripts), the pool uses that built
// worker when it is at least as new as the engine sources, and otherwise falls back to
// booting the sources through tsx (a development dependency), so a stale build is never used.
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { PoolEvaluator, type WorkerPort, type WorkerReply } from './evaluator.js';

/** Newest modification time of the engine's TypeScript sources (only when run from them). */
function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

let workerUrl: URL | null = null;

/** The worker entry: beside this module when bundled; the built one or the tsx boot from sources. */
export function workerEntry(): URL {
  if (workerUrl) return workerUrl;
  if (!import.meta.url.endsWith('.ts')) return (workerUrl = new URL('./node-worker.mjs', import.meta.url));
  const built = new URL('../../build/node-worker.mjs', import.meta.url);
  const builtPath = fileURLToPath(built);
  const fresh = existsSync(builtPath) && statSync(builtPath).mtimeMs >= newestSource(fileURLToPath(new URL('..', import.meta.url)));
  return (workerUrl = fresh ? built : new URL('./node-worker-boot.mjs', import.meta.url));
}

function nodePort(): WorkerPort {
  const worker = new Worker(workerEntry());
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
