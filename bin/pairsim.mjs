#!/usr/bin/env node
// Entry point of `npx pairsim`: runs the built CLI (build/cli.mjs, JavaScript bundled by
// scripts/build-node.mjs at `npm ci`/`npm install`), so no TypeScript loader runs here.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// Anything that escapes main() (a failed import, an error thrown from a timer or a stray
// promise) still ends as one line and exit code 3, never a stack trace.
const internal = (err) => {
  const text = String(err?.message ?? err).split('\n')[0].replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
  process.stderr.write(`pairsim: internal error: ${text}\n`);
  process.exit(3);
};
process.on('uncaughtException', internal);
process.on('unhandledRejection', internal);
// A reader that stops early (`pairsim sweep … | head`) closes the pipe: that ends the command
// quietly with exit 0, as for any Unix filter, not as an internal error.
process.stdout.on('error', (err) => {
  if (err?.code === 'EPIPE') process.exit(0);
  internal(err);
});

const cli = new URL('../build/cli.mjs', import.meta.url);
if (!existsSync(fileURLToPath(cli))) {
  // A checkout installed without scripts (npm ci --ignore-scripts): build once, now.
  const script = fileURLToPath(new URL('../scripts/build-node.mjs', import.meta.url));
  const built = existsSync(script) && spawnSync(process.execPath, [script, '--no-types'], { stdio: ['ignore', 'ignore', 'inherit'] }).status === 0;
  if (!built) internal(new Error('build/cli.mjs is missing and could not be built; run `npm run build:node`'));
}
try {
  const { runCli } = await import(cli.href);
  process.exitCode = await runCli(process.argv.slice(2));
} catch (err) {
  internal(err);
}
