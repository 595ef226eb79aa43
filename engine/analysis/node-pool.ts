// NODE-ONLY: the pool's workers as Node worker threads (the browser uses the same
// PoolEvaluator with web workers). Each thread serves serve.ts over comlink through comlink's
// Node adapter (node-worker.ts). Workers run the built worker entry
// (build/node-worker.mjs, bundled by scripts/build-node.mjs): no TypeScript loader boots in
// each thread. Run from the TypeScript sources (tests, tsx scripts), the pool uses that built
// worker when it is at least as new as the engine sources, and otherwise falls back to
// booting the sources through tsx (a development dependency), so a stale build is never used.
import { Worker } from 'node:worker_threads';
import { availableParallelism, totalmem } from 'node:os';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
/// <reference path="./comlink-node-adapter.d.ts" />
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { PoolEvaluator, type WorkerHandle } from './pool.js';
import { watchForWorker } from '../model/watch.js';

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

/**
 * Start a worker thread on `entry` (by default the Monte Carlo worker) as a WorkerHandle: its
 * comlink endpoint, failure (an error or a non-zero exit) and life cycle. An idle worker does
 * not keep the process alive; setActive(true) makes it do so while a study runs.
 */
export function nodeWorker(entry: URL = workerEntry()): WorkerHandle {
  // Under the CLI's hard deadline (engine/cli/isolate.ts), the worker reports the rules it
  // evaluates to the same watchdog (node-worker.ts); elsewhere `watch` is null.
  const worker = new Worker(entry, { workerData: { watch: watchForWorker() } });
  worker.unref();
  let onFailure: (err: Error) => void = () => {};
  worker.on('error', (e: Error) => onFailure(e));
  worker.on('exit', (code) => {
    if (code !== 0) onFailure(new Error(`worker exited with code ${code}`));
  });
  return {
    endpoint: nodeEndpoint(worker),
    onFailure: (h) => void (onFailure = h),
    setActive: (active) => void (active ? worker.ref() : worker.unref()),
    terminate: async () => {
      onFailure = () => {};
      await worker.terminate();
    },
  };
}

/** A pool of `size` worker threads (default: the machine's parallelism). Call close() when done. */
export function nodePool(size = availableParallelism()): PoolEvaluator {
  return new PoolEvaluator(() => nodeWorker(), size, 'node-workers');
}

/**
 * Memory one worker thread needs, rounded up from measurements on this machine (33–45 MB for a
 * library scenario: the Node isolate, the engine bundle, its compiled copy of the scenario and
 * its accumulator).
 */
export const WORKER_MB = 50;

/** Memory this process may use: the machine's, or its control group's limit when lower. */
export function memoryLimitBytes(): number {
  const total = totalmem();
  const constrained = typeof process.constrainedMemory === 'function' ? process.constrainedMemory() : 0;
  return constrained > 0 && constrained < total ? constrained : total;
}

const gb = (bytes: number) => `${(bytes / 2 ** 30).toFixed(1)} GB`;

/**
 * Why a pool of `workers` threads cannot fit in memory (the arithmetic, for the message), or
 * null when it fits in half of `limitBytes` (the other half is left to the main thread, the
 * system and the rest of the machine). Checked before any worker starts.
 */
export function poolMemoryProblem(workers: number, limitBytes = memoryLimitBytes()): string | null {
  const need = workers * WORKER_MB * 2 ** 20;
  const budget = limitBytes / 2;
  if (need <= budget) return null;
  const most = Math.max(0, Math.floor(budget / (WORKER_MB * 2 ** 20)));
  return `${workers} workers × ${WORKER_MB} MB per worker thread = ${gb(need)}, more than half of the ${gb(limitBytes)} of memory here (${gb(budget)}); use at most ${most} (one per core is enough: ${availableParallelism()} here)`;
}
