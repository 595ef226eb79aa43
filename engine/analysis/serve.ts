// The one serving module of the analysis workers: a service object exposed over comlink on
// whatever endpoint the worker has — a browser worker's global scope (analysis-worker.ts) or
// a Node worker thread's parentPort through comlink's Node adapter (node-worker.ts). The
// calling side (pool.ts) wraps the worker's endpoint with comlink and calls the same methods.
// Environment-neutral: no Node or DOM imports.
//
// To serve another service from a worker of your own (e.g. a killable rule evaluator):
//   serve(myService, endpoint)        // in the worker: any object of (async) functions
//   Comlink.wrap<MyService>(endpoint) // on the caller's side; errors arrive with their
//                                     // message and name (see remoteError)
import * as Comlink from 'comlink';
import { MonteCarloRunner, type MonteCarloAccumulator, type MonteCarloStateJSON } from './montecarlo.js';
import { AnalysisError } from './errors.js';
import type { StudyTask } from './evaluator.js';

/** What a Monte Carlo worker offers: prepare a study once, run chunks of draws into its own accumulator, hand the state over. */
export interface MonteCarloService {
  /** Compile the study's scenario (once per study) and start an empty accumulator. */
  prepare(task: StudyTask): Promise<void>;
  /** Run draws [from, to) into the worker's accumulator; returns how many draws that was. */
  run(from: number, to: number): number;
  /** The state of every draw run since prepare (or the last collect), then start afresh. */
  collect(): MonteCarloStateJSON;
  /** Answers as soon as the worker has loaded (start-up benchmarks, health checks). */
  ping(): true;
}

export function monteCarloService(): MonteCarloService {
  let runner: MonteCarloRunner | null = null;
  let acc: MonteCarloAccumulator | null = null;
  const prepared = () => {
    if (!runner || !acc) throw new Error('Monte Carlo worker: run before prepare');
    return { runner, acc };
  };
  return {
    async prepare(task) {
      runner = await MonteCarloRunner.create(task.scenario, task.config);
      acc = runner.newAccumulator();
    },
    run(from, to) {
      const p = prepared();
      p.runner.runRange(from, to, p.acc);
      return to - from;
    },
    collect() {
      const p = prepared();
      const state = p.acc.toJSON();
      acc = p.runner.newAccumulator();
      return state;
    },
    ping: () => true,
  };
}

/** Serve `service` (by default the Monte Carlo service) to whoever started this worker, over `endpoint`. */
export function serve(endpoint: Comlink.Endpoint, service: object = monteCarloService()): void {
  Comlink.expose(service, endpoint);
}

/**
 * An error thrown in a worker, as comlink delivers it (a plain Error carrying the original
 * message and name), turned back into the analysis layer's classes: input errors stay
 * AnalysisError (one line, exit code 1 in the CLI); anything else is an internal error.
 */
export function remoteError(err: unknown): Error {
  const e = err as { name?: unknown; message?: unknown } | null;
  const message = e && typeof e.message === 'string' ? e.message : String(err);
  return e && e.name === 'AnalysisError' ? new AnalysisError(message) : new Error(message);
}
