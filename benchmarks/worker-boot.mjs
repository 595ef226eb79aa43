// Start-up of one Monte Carlo worker thread from the built code (build/node-worker.mjs), as the
// CLI's pool starts it: from `new Worker` to its first reply (a request it must refuse, so no
// study is prepared). Plain JavaScript run by plain node: no TypeScript loader anywhere.
// Prints {"bootMs": [...]} for REPEATS fresh workers, one after another.
import { Worker } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';

const repeats = Number(process.argv[2] ?? 7);
const entry = new URL('../build/node-worker.mjs', import.meta.url);
const bootMs = [];
for (let k = 0; k < repeats; k++) {
  const t = performance.now();
  const w = new Worker(entry);
  await new Promise((resolve, reject) => {
    w.once('message', resolve);
    w.once('error', reject);
    w.postMessage({ type: 'chunk', id: 1, from: 0, to: 1 });
  });
  bootMs.push(performance.now() - t);
  await w.terminate();
}
process.stdout.write(JSON.stringify({ bootMs }) + '\n');
