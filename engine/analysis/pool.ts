// The one pool of analysis workers, used by the CLI (Node worker threads, node-pool.ts) and the
// page (web workers started from the engine worker, ui/engine/analysis.ts). Each worker serves
// serve.ts's MonteCarloService over comlink; the pool only needs a way to start a worker and
// reach its comlink endpoint (WorkerHandle). Environment-neutral: no Node or DOM imports.
import * as Comlink from 'comlink';
import { MonteCarloAccumulator, MonteCarloRunner, checkConfig } from './montecarlo.js';
import { AnalysisError, CancelledError } from './errors.js';
import { defaultChunk, type Evaluator, type RunOptions, type StudyTask } from './evaluator.js';
import { remoteError, type MonteCarloService } from './serve.js';

/** A started worker as the pool sees it: a comlink endpoint and its life cycle. */
export interface WorkerHandle {
  /** The worker's endpoint (a Worker, or a Node Worker through comlink's nodeEndpoint). */
  endpoint: Comlink.Endpoint;
  /** Set the handler for a worker that dies (uncaught error, exit): its calls will never answer. */
  onFailure(handler: (err: Error) => void): void;
  terminate(): Promise<void>;
  /** Optional: whether the worker should keep its host alive (Node: ref while a study runs, unref when idle). */
  setActive?(active: boolean): void;
}

/**
 * A worker may run at most this many chunks before its state is collected: the state lists
 * the draw ranges it ran, and chunks handed out in turn to k workers do not join up, so
 * collecting now and then keeps every list (and the merge) short whatever the chunk size.
 */
const COLLECT_EVERY = 64;

interface PoolWorker {
  handle: WorkerHandle;
  api: Comlink.Remote<MonteCarloService>;
}

/**
 * A pool of workers behind the Evaluator interface. Each worker prepares the study once, then
 * takes chunks from a shared cursor (no list of chunks is made, so any number of draws and any
 * chunk size fit) and runs them into its own accumulator; states are collected and merged
 * exactly, so the result does not depend on which worker ran which chunk. Cancelling (or a
 * failing worker) terminates the workers; they are started again on the next run.
 */
export class PoolEvaluator implements Evaluator {
  readonly name: string;
  private workers: PoolWorker[] = [];

  constructor(
    private readonly startWorker: () => WorkerHandle,
    readonly size: number,
    name = 'pool',
  ) {
    if (!Number.isInteger(size) || size < 1) throw new AnalysisError(`workers must be a whole number ≥ 1; got ${size}`);
    this.name = `${name}(${size})`;
  }

  async run(task: StudyTask, options: RunOptions = {}): Promise<MonteCarloAccumulator> {
    const config = checkConfig(task.config);
    const [from, to] = options.range ?? [0, config.draws];
    if (!(Number.isInteger(from) && Number.isInteger(to) && 0 <= from && from <= to && to <= config.draws))
      throw new AnalysisError(`draw range ${from}..${to} is outside the study`);
    const total = to - from;
    const size = options.chunkSize ?? defaultChunk(total, this.size);
    const signal = options.signal;
    if (signal?.aborted) throw new CancelledError();

    // Start the workers first: they boot (load the engine) and compile their copy of the study
    // while this thread compiles its own, which checks the study and owns the merge.
    while (total && this.workers.length < Math.min(this.size, Math.ceil(total / size))) {
      const handle = this.startWorker();
      this.workers.push({ handle, api: Comlink.wrap<MonteCarloService>(handle.endpoint) });
    }
    const workers = this.workers;
    let stopped: Error | null = null;
    // Rejects when the run is cancelled or a worker dies; the workers' own calls would never settle then.
    let stop: (err: Error) => void = () => {};
    const stoppedEarly = new Promise<never>((_, reject) => {
      stop = (err) => {
        stopped ??= err;
        reject(stopped);
      };
    });
    stoppedEarly.catch(() => {});
    const onAbort = () => stop(new CancelledError());
    signal?.addEventListener('abort', onAbort, { once: true });
    for (const w of workers) {
      w.handle.setActive?.(true);
      w.handle.onFailure((err) => stop(new Error(`worker failed: ${err.message}`)));
    }
    const preparing = workers.map((w) => w.api.prepare(task));
    for (const p of preparing) p.catch(() => {}); // awaited (and reported) below

    let cursor = from;
    let done = 0;
    // The next chunk is made when a worker asks for one: nothing the size of the study is listed.
    const takeChunk = (): [number, number] | null => {
      if (cursor >= to) return null;
      const f = cursor;
      cursor = Math.min(to, f + size);
      return [f, cursor];
    };
    try {
      const local = await MonteCarloRunner.create(task.scenario, task.config);
      const acc = local.newAccumulator();
      if (!total) return acc;
      options.onStarted?.();
      if (stopped) throw stopped;
      const serveChunks = async ({ api }: PoolWorker, k: number) => {
        await preparing[k];
        let since = 0;
        for (let chunk = takeChunk(); chunk && !stopped; chunk = takeChunk()) {
          const ran = await api.run(chunk[0], chunk[1]);
          done += ran; // (not `done += await …`: that would read `done` before the other workers' updates)
          if (stopped) return;
          options.onProgress?.(done, total);
          if (++since === COLLECT_EVERY) {
            since = 0;
            acc.merge(MonteCarloAccumulator.fromJSON(await api.collect()));
          }
        }
        if (!stopped) acc.merge(MonteCarloAccumulator.fromJSON(await api.collect()));
      };
      await Promise.race([Promise.all(workers.map((w, k) => serveChunks(w, k).catch((err) => stop(stopped ?? remoteError(err))))), stoppedEarly]);
      if (stopped) throw stopped;
      return acc;
    } catch (err) {
      // An invalid study, a cancelled or a failed run: end the workers (the next run starts new ones).
      await this.terminateAll();
      throw err;
    } finally {
      signal?.removeEventListener('abort', onAbort);
      for (const w of workers) w.handle.setActive?.(false);
    }
  }

  private async terminateAll(): Promise<void> {
    const workers = this.workers;
    this.workers = [];
    await Promise.all(workers.map((w) => w.handle.terminate()));
  }

  async close(): Promise<void> {
    await this.terminateAll();
  }
}

/** The part of a browser Worker (or a MessagePort standing in for one) the pool uses. */
export interface WebWorkerLike extends Comlink.Endpoint {
  onerror?: ((ev: ErrorEvent) => unknown) | null;
  terminate?(): void;
  close?(): void;
}

/** A browser web worker (serving analysis-worker.ts) as the pool's WorkerHandle. */
export function webWorkerHandle(worker: WebWorkerLike): WorkerHandle {
  let onFailure: (err: Error) => void = () => {};
  worker.onerror = (ev) => {
    // Handled here: the pool reports it; the page should not also log an uncaught error.
    ev.preventDefault?.();
    onFailure(new Error(ev.message || 'worker error'));
  };
  return {
    endpoint: worker,
    onFailure: (h) => void (onFailure = h),
    terminate: async () => {
      onFailure = () => {};
      if (worker.terminate) worker.terminate();
      else worker.close?.();
    },
  };
}

/** A pool of `size` web workers made by createWorker (each running engine/analysis/analysis-worker.ts). */
export function webPool(createWorker: () => WebWorkerLike, size: number): PoolEvaluator {
  return new PoolEvaluator(() => webWorkerHandle(createWorker()), size, 'web-workers');
}
