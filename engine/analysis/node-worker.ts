// NODE-ONLY: entry of a Monte Carlo worker thread (bundled as build/node-worker.mjs). It serves
// serve.ts's service over comlink through comlink's Node adapter, exactly as a browser worker
// (analysis-worker.ts) does on its global scope.
import { parentPort, workerData } from 'node:worker_threads';
/// <reference path="./comlink-node-adapter.d.ts" />
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { serve } from './serve.js';
import { setRuleWatch } from '../model/watch.js';
import { watchWriter } from '../cli/deadline.js';

if (!parentPort) throw new Error('node-worker.ts runs only as a worker thread');
// Started by a CLI command under the hard deadline (node-pool.ts): report the rules this
// thread evaluates in the memory the CLI's main thread watches, so it can stop the command
// when one of them runs past --timeout (a pool worker compiles its own copy of the study).
const watch = (workerData as { watch?: unknown } | null)?.watch;
if (watch instanceof SharedArrayBuffer) setRuleWatch(watchWriter(watch));
serve(nodeEndpoint(parentPort));
