// Node-only, main thread: runs an isolated command (deadline.ts ISOLATED) in a worker thread
// and keeps the main thread free to enforce what the worker cannot enforce on itself:
// - a hard deadline on each sharing rule's evaluation (--timeout): a step inside JSONata
//   cannot be interrupted from its own thread, but a worker can be terminated from outside;
//   The command's worker reports in shared memory which rule (and file) it is evaluating, and so
//   does each Monte Carlo pool worker it starts (nested worker threads, node-pool.ts): every
//   such memory is watched, and terminating the command's worker ends its pool workers too;
// - Ctrl-C: the worker is terminated at once and the command exits 130.
// The worker's output arrives as messages; each is written to stdout, then acknowledged
// (after 'drain' when stdout is behind), so memory stays bounded however fast it produces.
import { rmSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { EXIT } from './exit.js';
import { DEFAULT_TIMEOUT_S, INTERRUPTED, watchBuffer, watchRead, watchViews } from './deadline.js';

const safe = (text: string) => text.replace(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

export function runIsolated(name: string, argv: string[], timeoutMs: number): Promise<number> {
  const shared = watchBuffer();
  /** Every watched thread's memory and what the main thread last saw of it. */
  const watched = [{ shared, state: watchViews(shared).state, seen: -1, since: 0 }];
  const worker = new Worker(new URL('./cli-worker.mjs', import.meta.url), {
    workerData: { argv: [name, ...argv], errIsTty: Boolean(process.stderr.isTTY), errColumns: process.stderr.columns, columns: process.stdout.columns, shared },
  });
  return new Promise<number>((resolve) => {
    let settled = false;
    let code: number | null = null;
    // A half-written --out file of the worker (output.ts): removed if the worker is stopped.
    let temporary: string | null = null;
    const finish = (exitCode: number, message?: string) => {
      if (settled) return;
      settled = true;
      clearInterval(timer);
      process.removeListener('SIGINT', onSigint);
      if (message) process.stderr.write(`${message}\n`);
      void worker.terminate().then(() => {
        if (temporary) rmSync(temporary, { force: true });
      });
      resolve(exitCode);
    };
    const onSigint = () => finish(130, `pairsim ${name}: ${INTERRUPTED[name] ?? 'interrupted'}`);
    process.once('SIGINT', onSigint);

    // The watchdog: a rule evaluation (identified by its thread and sequence number) that is
    // still running `timeoutMs` after the main thread first saw it is stopped.
    const every = timeoutMs > 0 ? Math.max(10, Math.min(100, timeoutMs / 4)) : 1000;
    const timer = setInterval(() => {
      if (timeoutMs <= 0) return;
      const now = Date.now();
      for (const w of watched) {
        const active = Atomics.load(w.state, 1) === 1;
        const seq = Atomics.load(w.state, 0);
        if (!active) {
          w.seen = -1;
          continue;
        }
        if (seq !== w.seen) {
          w.seen = seq;
          w.since = now;
        } else if (now - w.since >= timeoutMs) {
          const { pointer, file } = watchRead(w.shared);
          // The file the worker was working on; the first one given if it did not say.
          const named = file || (argv.find((a) => !a.startsWith('-')) ?? name);
          finish(
            EXIT.invalidInput,
            safe(`${named}: ${pointer || '/policy/rules'}: the sharing rule was still being evaluated after ${timeoutMs / 1000} s, the hard deadline (--timeout SECONDS, default ${DEFAULT_TIMEOUT_S}); its thread was stopped`),
          );
          return;
        }
      }
    }, every);

    worker.on('message', (m: { kind: string; text?: string; code?: number; shared?: SharedArrayBuffer }) => {
      if (settled) return;
      if (m.kind === 'out') {
        const ack = () => {
          if (!settled) worker.postMessage('ack');
        };
        if (process.stdout.write(m.text!)) ack();
        else process.stdout.once('drain', ack);
      } else if (m.kind === 'err') process.stderr.write(m.text!);
      else if (m.kind === 'temporary') temporary = m.text ?? null;
      else if (m.kind === 'watch' && m.shared) watched.push({ shared: m.shared, state: watchViews(m.shared).state, seen: -1, since: 0 });
      else if (m.kind === 'done') {
        code = m.code ?? EXIT.internal;
        finish(code);
      }
    });
    worker.on('error', (err) => {
      const text = String((err as Error)?.message ?? err).split('\n')[0] ?? '';
      finish(EXIT.internal, safe(`pairsim ${name}: internal error: ${text}`));
    });
    worker.on('exit', () => {
      if (code === null) finish(EXIT.internal, `pairsim ${name}: internal error: the worker thread ended without an answer`);
    });
  });
}
