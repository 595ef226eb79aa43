#!/usr/bin/env node
// Entry point of `npx pairsim`: runs the TypeScript CLI through tsx, so there is no build step.
import { register } from 'tsx/esm/api';

register();
const { main, processIo } = await import('../engine/cli/main.ts');
process.exitCode = await main(process.argv.slice(2), processIo);
