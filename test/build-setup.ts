// Vitest global set-up: rebuild build/ (the bundled CLI and worker, scripts/build-node.mjs)
// from the current sources, so tests that spawn bin/pairsim.mjs or start worker threads run
// exactly the code under test. Declarations are kept from the last full build (npm ci).
// @ts-expect-error plain JavaScript build script without types
import { buildNode } from '../scripts/build-node.mjs';

export default async function setup(): Promise<void> {
  await buildNode({ types: false });
}
