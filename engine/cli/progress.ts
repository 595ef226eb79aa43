// Node-only: a cli-progress bar on stderr for long analysis runs, shown only when stderr is a
// terminal and the run is still going after a moment (short runs print nothing).
import cliProgress from 'cli-progress';
import type { Io } from './common.js';

export interface Progress {
  update(done: number, total: number): void;
  stop(): void;
}

export function progressBar(io: Io, label: string, delayMs = 700): Progress {
  if (!io.errIsTty) return { update() {}, stop() {} };
  const started = Date.now();
  let bar: cliProgress.SingleBar | null = null;
  return {
    update(done, total) {
      if (!bar) {
        if (Date.now() - started < delayMs || done >= total) return;
        bar = new cliProgress.SingleBar(
          { format: `${label} [{bar}] {percentage}% | {value}/{total} | eta {eta_formatted}`, stream: process.stderr, clearOnComplete: true, hideCursor: true },
          cliProgress.Presets.shades_classic,
        );
        bar.start(total, done);
      } else bar.update(done);
    },
    stop() {
      bar?.stop();
      bar = null;
    },
  };
}
