// The worker thread of an isolated pairsim command (engine/cli/deadline.ts ISOLATED): runs
// the command with main(), sends its output to the main thread (which writes it), and reports
// in shared memory which sharing rule it is evaluating, so the main thread can stop it past
// the hard deadline and name the rule. Output waits for the main thread's acknowledgements,
// so a fast producer and a slow stdout cannot pile up messages in memory.
import { parentPort, workerData } from 'node:worker_threads';
import { main } from './main.js';
import { setRuleWatch, watchedFile } from '../model/watch.js';
import { watchBuffer, watchWriter } from './deadline.js';
import type { Io } from './exit.js';

const { argv, errIsTty, errColumns, columns, shared } = workerData as { argv: string[]; errIsTty: boolean; errColumns?: number; columns?: number; shared: SharedArrayBuffer };
// A worker's stderr is a pipe to the main thread's: say when that one is a terminal, so the
// progress bar (cli-progress, which draws only on a TTY) still draws in place.
if (errIsTty) Object.assign(process.stderr, { isTTY: true, columns: errColumns });
const port = parentPort!;

const writer = watchWriter(shared);
setRuleWatch({
  rule: writer.rule,
  // A Monte Carlo pool worker (node-pool.ts) gets a watch buffer of its own, with the file of
  // its study already in it; the main thread watches it from the moment this message arrives
  // (before the worker has booted, let alone evaluated a rule).
  forWorker() {
    const child = watchBuffer();
    const file = watchedFile();
    if (file !== null) watchWriter(child).file(file);
    port.postMessage({ kind: 'watch', shared: child });
    return child;
  },
});

/** Output messages sent and not yet written by the main thread. */
let inFlight = 0;
let resume: (() => void) | null = null;
const HIGH = 8;
port.on('message', (m) => {
  if (m !== 'ack') return;
  inFlight--;
  if (resume && inFlight <= HIGH / 2) {
    const r = resume;
    resume = null;
    r();
  }
});

const io: Io = {
  out(text) {
    inFlight++;
    port.postMessage({ kind: 'out', text });
  },
  err: (text) => port.postMessage({ kind: 'err', text }),
  drain: () => (inFlight > HIGH ? new Promise<void>((r) => (resume = r)) : undefined),
  temporary: (path) => port.postMessage({ kind: 'temporary', text: path }),
  errIsTty,
  columns,
};

const code = await main(argv, io);
port.postMessage({ kind: 'done', code });
