#!/usr/bin/env node
// Entry point of `npx pairsim`: runs the TypeScript CLI through tsx, so there is no build step.
import { register } from 'tsx/esm/api';

// Anything that escapes main() (a failed import, an error thrown from a timer or a stray
// promise) still ends as one line and exit code 3, never a stack trace.
const internal = (err) => {
  const text = String(err?.message ?? err).split('\n')[0].replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
  process.stderr.write(`pairsim: internal error: ${text}\n`);
  process.exit(3);
};
process.on('uncaughtException', internal);
process.on('unhandledRejection', internal);

register();
try {
  const { main, processIo } = await import('../engine/cli/main.ts');
  process.exitCode = await main(process.argv.slice(2), processIo);
} catch (err) {
  internal(err);
}
