// NODE-ONLY, development only: boots a worker thread from the TypeScript sources through tsx
// (a devDependency) when build/node-worker.mjs is missing or older than the sources (see
// node-pool.ts). Installed and packed code always uses the built worker.
import { register } from 'tsx/esm/api';

register();
await import('./node-worker.ts');
