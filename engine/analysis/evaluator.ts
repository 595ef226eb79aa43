// Evaluators: one interface, two executors. A study is split into chunks of draws; an
// evaluator runs the chunks (in this thread here, or in a pool of workers: pool.ts) and merges
// their exact states, with progress callbacks and cancellation by AbortSignal.
import type { ResolvedScenario } from '../schema/scenario.js';
import { MonteCarloRunner, type MonteCarloAccumulator, type MonteCarloConfig } from './montecarlo.js';
import { CancelledError } from './errors.js';

/** A serialisable study: everything a worker needs to prepare its own runner. */
export interface StudyTask {
  kind: 'montecarlo';
  scenario: ResolvedScenario;
  config: Partial<MonteCarloConfig>;
}

export interface RunOptions {
  /** Draws [from, to) to run; the whole study by default (a shard passes its part). */
  range?: [number, number];
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
  /** Draws per chunk (the unit of progress, cancellation and work sharing). */
  chunkSize?: number;
  /**
   * Called once the study is prepared (its scenario compiled in this thread) and draws are about
   * to run: from then on an abort is seen within ~SLICE_MS of work. (The CLI takes over Ctrl-C
   * only then: a step that cannot be interrupted before it must stay killable by Ctrl-C.)
   */
  onStarted?: () => void;
}

export interface Evaluator {
  readonly name: string;
  run(task: StudyTask, options?: RunOptions): Promise<MonteCarloAccumulator>;
  close(): Promise<void>;
}

/** Default draws per chunk: enough chunks to balance and report progress, few enough that messages stay cheap. */
export function defaultChunk(total: number, parallel: number): number {
  return Math.max(16, Math.min(5000, Math.ceil(total / (parallel * 16))));
}

/**
 * In-thread work is cut into slices of about this many milliseconds; between slices the
 * evaluator yields to the event loop, so an abort (Ctrl-C, a cancelled page request) is seen
 * within ~SLICE_MS of work whatever the chunk size.
 */
export const SLICE_MS = 50;

const now = () => performance.now();
const yieldToEventLoop = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * Runs chunks one after another in this thread. Draws are run in steps sized so that the clock
 * is read about every millisecond; after SLICE_MS of work it yields to the event loop, so
 * cancellation (AbortSignal) and progress get through. Chunks are counted, never listed.
 */
export class InThreadEvaluator implements Evaluator {
  readonly name = 'in-thread';

  async run(task: StudyTask, options: RunOptions = {}): Promise<MonteCarloAccumulator> {
    const runner = await MonteCarloRunner.create(task.scenario, task.config);
    const [from, to] = options.range ?? [0, runner.header.config.draws];
    const acc = runner.newAccumulator();
    const total = to - from;
    const size = options.chunkSize ?? defaultChunk(total, 1);
    const signal = options.signal;
    options.onStarted?.();
    // Draws per step between clock readings, adapted to the draws' cost (starts small: a draw can be slow).
    let step = 1;
    let sliceStart = now();
    for (let f = from; f < to; ) {
      if (signal?.aborted) throw new CancelledError();
      const t = Math.min(to, f + size);
      for (let g = f; g < t; ) {
        const h = Math.min(t, g + step);
        const began = now();
        runner.runRange(g, h, acc);
        g = h;
        const end = now();
        // Aim at steps of about a millisecond: double while cheaper, halve while dearer.
        if (end - began < 0.5) step = Math.min(step * 2, 1 << 20);
        else if (end - began > 2 && step > 1) step = Math.max(1, step >> 1);
        if (end - sliceStart >= SLICE_MS) {
          await yieldToEventLoop();
          if (signal?.aborted) throw new CancelledError();
          sliceStart = now();
        }
      }
      options.onProgress?.(t - from, total);
      f = t;
    }
    return acc;
  }

  async close(): Promise<void> {}
}
