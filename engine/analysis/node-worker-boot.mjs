// NODE-ONLY: boots a worker thread of the Node pool: registers tsx so the TypeScript engine
// loads without a build step, then starts the worker entry.
import { register } from 'tsx/esm/api';

register();
await import('./node-worker.ts');
