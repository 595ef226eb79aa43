// NODE-ONLY: entry of a Monte Carlo worker thread (bundled as build/node-worker.mjs). It serves
// serve.ts's service over comlink through comlink's Node adapter, exactly as a browser worker
// (analysis-worker.ts) does on its global scope.
import { parentPort } from 'node:worker_threads';
/// <reference path="./comlink-node-adapter.d.ts" />
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { serve } from './serve.js';

if (!parentPort) throw new Error('node-worker.ts runs only as a worker thread');
serve(nodeEndpoint(parentPort));
