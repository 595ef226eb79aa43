// Entry of a browser Monte Carlo web worker (started by the page's pool, ui/engine/analysis.ts):
// serves serve.ts's service over comlink on the worker's global scope, exactly as a Node
// worker thread (node-worker.ts) does on its parentPort.
import { serve } from './serve.js';

serve(self as unknown as Parameters<typeof serve>[0]);
