// Start-up of one Monte Carlo worker thread from the built code (build/node-worker.mjs), as the
// CLI's pool starts it: from `new Worker` to its first reply (a comlink call of the served
// ping(), so no study is prepared). Plain JavaScript run by plain node: no TypeScript loader anywhere.
// Prints {"bootMs": [...]} for REPEATS fresh workers, one after another.
import { Worker } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import * as Comlink from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';

const repeats = Number(process.argv[2] ?? 7);
const entry = new URL('../build/node-worker.mjs', import.meta.url);
const bootMs = [];
for (let k = 0; k < repeats; k++) {
  const t = performance.now();
  const w = new Worker(entry);
  await new Promise((resolve, reject) => {
    w.once('error', reject);
    Comlink.wrap(nodeEndpoint(w)).ping().then(resolve, reject);
  });
  bootMs.push(performance.now() - t);
  await w.terminate();
}
process.stdout.write(JSON.stringify({ bootMs }) + '\n');
