// Evaluators: one interface, several executors. A study is split into chunks of draws; an
// evaluator runs the chunks (in this thread, or in a pool of workers) and merges their
// exact states, with progress callbacks and cancellation by AbortSignal. Nothing here is
// Node-only: a pool only needs something that can post and receive messages (WorkerPort),
// so a browser web-worker pool plugs in with a different port factory.
import type { ResolvedScenario } from '../schema/scenario.js';
import { MonteCarloAccumulator, MonteCarloRunner, type MonteCarloConfig, type MonteCarloStateJSON } from './montecarlo.js';
import { AnalysisError, CancelledError } from './errors.js';

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
}

export interface Evaluator {
  readonly name: string;
  run(task: StudyTask, options?: RunOptions): Promise<MonteCarloAccumulator>;
  close(): Promise<void>;
}

export function chunks(from: number, to: number, size: number): [number, number][] {
  const out: [number, number][] = [];
  for (let f = from; f < to; f += size) out.push([f, Math.min(to, f + size)]);
  return out;
}

function defaultChunk(total: number, parallel: number): number {
  // Enough chunks to balance and report progress, few enough that messages stay cheap.
  return Math.max(16, Math.min(5000, Math.ceil(total / (parallel * 16))));
}

const nextTick = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** Runs chunks one after another in this thread, yielding between chunks so cancellation and progress get through. */
export class InThreadEvaluator implements Evaluator {
  readonly name = 'in-thread';

  async run(task: StudyTask, options: RunOptions = {}): Promise<MonteCarloAccumulator> {
    const runner = await MonteCarloRunner.create(task.scenario, task.config);
    const [from, to] = options.range ?? [0, runner.header.config.draws];
    const acc = runner.newAccumulator();
    const parts = chunks(from, to, options.chunkSize ?? defaultChunk(to - from, 1));
    let done = 0;
    for (const [f, t] of parts) {
      if (options.signal?.aborted) throw new CancelledError();
      runner.runRange(f, t, acc);
      done += t - f;
      options.onProgress?.(done, to - from);
      if (parts.length > 1) await nextTick();
    }
    return acc;
  }

  async close(): Promise<void> {}
}

// ------------------------------------------------------------------ worker protocol

export type WorkerRequest =
  | { type: 'prepare'; id: number; task: StudyTask }
  | { type: 'chunk'; id: number; from: number; to: number };

export type WorkerReply =
  | { type: 'prepared'; id: number }
  | { type: 'done'; id: number; state: MonteCarloStateJSON }
  | { type: 'error'; id: number; message: string; input: boolean };

/** The worker side: prepare a runner once per study, then run chunks on request. Environment-neutral. */
export function workerHandler(): (msg: WorkerRequest) => Promise<WorkerReply> {
  let runner: MonteCarloRunner | null = null;
  return async (msg) => {
    try {
      if (msg.type === 'prepare') {
        runner = await MonteCarloRunner.create(msg.task.scenario, msg.task.config);
        return { type: 'prepared', id: msg.id };
      }
      if (!runner) throw new Error('chunk before prepare');
      const acc = runner.newAccumulator();
      runner.runRange(msg.from, msg.to, acc);
      return { type: 'done', id: msg.id, state: acc.toJSON() };
    } catch (err) {
      return { type: 'error', id: msg.id, message: (err as Error).message, input: err instanceof AnalysisError };
    }
  };
}

/** Minimal view of a worker: a Node worker thread or a browser Worker wrapped to this shape. */
export interface WorkerPort {
  post(msg: WorkerRequest): void;
  /** Set the message handler (replacing any earlier one). */
  onMessage(handler: (msg: WorkerReply) => void): void;
  /** Set the error handler (replacing any earlier one). */
  onError(handler: (err: Error) => void): void;
  terminate(): Promise<void> | void;
  /** Optional: whether the worker should keep its host alive (Node: ref while a study runs, unref when idle). */
  setActive?(active: boolean): void;
}

/**
 * A pool of workers behind the Evaluator interface. Each worker prepares the study once, then
 * takes chunks from a shared queue; states are merged exactly, so the result does not depend
 * on which worker ran which chunk. Cancelling terminates the workers (they are re-created on
 * the next run).
 */
export class PoolEvaluator implements Evaluator {
  readonly name: string;
  private ports: WorkerPort[] = [];

  constructor(
    private readonly createPort: () => WorkerPort,
    readonly size: number,
    name = 'pool',
  ) {
    if (!Number.isInteger(size) || size < 1) throw new AnalysisError(`workers must be a whole number ≥ 1; got ${size}`);
    this.name = `${name}(${size})`;
  }

  async run(task: StudyTask, options: RunOptions = {}): Promise<MonteCarloAccumulator> {
    // The main thread prepares too: it checks the study (clear errors before any worker starts) and owns the merge.
    const local = await MonteCarloRunner.create(task.scenario, task.config);
    const [from, to] = options.range ?? [0, local.header.config.draws];
    if (!(0 <= from && from <= to && to <= local.header.config.draws)) throw new AnalysisError(`draw range ${from}..${to} is outside the study`);
    const acc = local.newAccumulator();
    const queue = chunks(from, to, options.chunkSize ?? defaultChunk(to - from, this.size));
    const total = to - from;
    if (!queue.length) return acc;
    while (this.ports.length < Math.min(this.size, queue.length)) this.ports.push(this.createPort());
    for (const p of this.ports) p.setActive?.(true);
    const idle = () => {
      for (const p of this.ports) p.setActive?.(false);
    };
    let done = 0;
    let nextId = 1;
    const signal = options.signal;

    return new Promise<MonteCarloAccumulator>((resolve, reject) => {
      let finished = false;
      let inFlight = 0;
      const fail = (err: Error) => {
        if (finished) return;
        finished = true;
        idle();
        void this.terminateAll();
        reject(err);
      };
      const onAbort = () => fail(new CancelledError());
      if (signal?.aborted) return fail(new CancelledError());
      signal?.addEventListener('abort', onAbort, { once: true });
      const dispatch = (port: WorkerPort) => {
        const next = queue.shift();
        if (!next) {
          if (inFlight === 0 && !finished) {
            finished = true;
            idle();
            signal?.removeEventListener('abort', onAbort);
            resolve(acc);
          }
          return;
        }
        inFlight++;
        port.post({ type: 'chunk', id: nextId++, from: next[0], to: next[1] });
      };
      for (const port of this.ports) {
        port.onError((err) => fail(new Error(`worker failed: ${err.message}`)));
        port.onMessage((msg) => {
          if (finished) return;
          if (msg.type === 'error') return fail(msg.input ? new AnalysisError(msg.message) : new Error(msg.message));
          if (msg.type === 'prepared') return dispatch(port);
          inFlight--;
          try {
            acc.merge(MonteCarloAccumulator.fromJSON(msg.state));
          } catch (err) {
            return fail(err as Error);
          }
          done += msg.state.ranges.reduce((a, [f, t]) => a + t - f, 0);
          options.onProgress?.(done, total);
          dispatch(port);
        });
        port.post({ type: 'prepare', id: nextId++, task });
      }
    });
  }

  private async terminateAll(): Promise<void> {
    const ports = this.ports;
    this.ports = [];
    await Promise.all(ports.map((p) => p.terminate()));
  }

  async close(): Promise<void> {
    await this.terminateAll();
  }
}

