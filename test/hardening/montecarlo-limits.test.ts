// Monte Carlo limits at their maximum (issue 18, item 5): `--draws 1e10 --chunk 1` runs in
// constant memory (no list of draws or chunks), Ctrl-C stops it promptly with one line and exit
// 130 (in-thread and with worker threads), an abort is seen inside a chunk of any size, and a
// combination that cannot fit is refused up front with the arithmetic in the message.
// Bounds on waiting are the test harness's generous limits for a behaviour, not timings.
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { InThreadEvaluator } from '../../engine/analysis/evaluator.js';
import { MonteCarloAccumulator } from '../../engine/analysis/montecarlo.js';
import { poolMemoryProblem, WORKER_MB } from '../../engine/analysis/node-pool.js';
import { CancelledError } from '../../engine/analysis/errors.js';
import { withUncertainties } from '../analysis/helpers.js';

const SCENARIO = 'scenarios/jinniu-pengzhou.json';
const GiB = 2 ** 30;

interface Interrupted {
  code: number | null;
  signal: NodeJS.Signals | null;
  err: string;
  out: string;
  /** From SIGINT to the process's exit, measured here. */
  exitMs: number;
}

/**
 * Start a maximum-size run of the built CLI in a small heap (a list of 10¹⁰ draws or chunks
 * would not fit), wait until it says it is drawing (its long-run notice), send SIGINT.
 */
function interruptMaximumRun(extra: string[]): Promise<Interrupted> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--max-old-space-size=160', 'bin/pairsim.mjs', 'montecarlo', SCENARIO, '--draws', '1e10', '--chunk', '1', ...extra]);
    let err = '';
    let out = '';
    let sent = 0;
    const giveUp = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no long-run notice within 90 s; stderr: ${err}`));
    }, 90_000);
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => {
      err += d;
      if (!sent && /Ctrl-C stops the run/.test(err)) {
        sent = performance.now();
        child.kill('SIGINT');
      }
    });
    child.on('exit', (code, signal) => {
      clearTimeout(giveUp);
      resolve({ code, signal, err, out, exitMs: sent ? performance.now() - sent : Number.NaN });
    });
  });
}

function expectCleanCancel(r: Interrupted) {
  expect(r.signal).toBeNull(); // it ended itself, not killed by the signal
  expect(r.code).toBe(130);
  expect(r.out).toBe('');
  const lines = r.err.trim().split('\n');
  // The notice names the size and the rate; the last line says it was cancelled.
  expect(lines[0]).toMatch(/^pairsim montecarlo: 10000000000 draws at \d+ draws\/s on .* take about .* more; Ctrl-C stops the run; --shard i\/n splits/);
  expect(lines.at(-1)).toBe('pairsim montecarlo: cancelled (Ctrl-C); nothing was written');
  expect(lines).toHaveLength(2);
  expect(r.err).not.toMatch(/\n\s+at |FATAL|heap/i);
  // Within 1 s on an idle machine; 5 s leaves room for a loaded one.
  expect(r.exitMs).toBeLessThan(5000);
}

describe('montecarlo at its maximum: --draws 1e10 --chunk 1', () => {
  it('in this thread, in a 160 MB heap, stops on Ctrl-C with one line and exit 130', async () => {
    expectCleanCancel(await interruptMaximumRun([]));
  }, 120_000);

  it('with two worker threads, stops on Ctrl-C with one line and exit 130', async () => {
    expectCleanCancel(await interruptMaximumRun(['--workers', '2']));
  }, 120_000);
});

describe('in-thread evaluator: abort inside one huge chunk', () => {
  it('sees an abort while a single chunk of 10⁹ draws runs (it yields every ~50 ms of work)', async () => {
    const controller = new AbortController();
    let progress = 0;
    let started = false;
    const run = new InThreadEvaluator().run(
      { kind: 'montecarlo', scenario: withUncertainties(), config: { draws: 1e9, seed: 1 } },
      {
        chunkSize: 1e9,
        signal: controller.signal,
        onProgress: () => progress++,
        onStarted: () => {
          started = true;
          setTimeout(() => controller.abort(), 200);
        },
      },
    );
    await expect(run).rejects.toBeInstanceOf(CancelledError);
    expect(started).toBe(true);
    expect(progress).toBe(0); // the chunk never finished: the abort was seen inside it
  }, 60_000);
});

describe('draw ranges stay short', () => {
  it('one-draw chunks in order coalesce into one range', () => {
    const acc = new MonteCarloAccumulator({
      scenario: { id: 's', fingerprint: 'f' },
      config: { draws: 1e10, seed: 1, sampling: 'random', alpha: 0.005 },
      parties: ['a'],
      firstYear: 2025,
      years: 1,
      dimensions: [],
    });
    for (let i = 0; i < 100_000; i++) acc.addRange(i, i + 1);
    expect(acc.ranges).toEqual([[0, 100_000]]);
    acc.addRange(200_000, 200_001);
    acc.addRange(100_000, 200_000);
    expect(acc.ranges).toEqual([[0, 200_001]]);
    expect(() => acc.addRange(5, 6)).toThrow(/overlap/);
  });
});

describe('refused up front, with the arithmetic', () => {
  it('a pool of worker threads that does not fit in half the memory', () => {
    const problem = poolMemoryProblem(256, 8 * GiB);
    expect(problem).toBe(`256 workers × ${WORKER_MB} MB per worker thread = ${((256 * WORKER_MB) / 1024).toFixed(1)} GB, more than half of the 8.0 GB of memory here (4.0 GB); use at most ${Math.floor((4 * 1024) / WORKER_MB)} (one per core is enough: ${problem!.match(/enough: (\d+)/)![1]} here)`);
    expect(poolMemoryProblem(81, 8 * GiB)).toBeNull(); // 81 × 50 MB = 3.96 GB ≤ 4 GB
    expect(poolMemoryProblem(82, 8 * GiB)).toMatch(/^82 workers × 50 MB per worker thread = 4\.0 GB/);
  });

  it('CLI: Latin hypercube beyond 2^31 draws names both numbers; beyond 1e10 draws names the maximum', async () => {
    const run = (args: string[]) =>
      new Promise<{ code: number | null; err: string }>((resolve) => {
        const child = spawn(process.execPath, ['bin/pairsim.mjs', 'montecarlo', SCENARIO, ...args]);
        let err = '';
        child.stderr.on('data', (d) => (err += d));
        child.on('exit', (code) => resolve({ code, err }));
      });
    const lhs = await run(['--draws', '1e10', '--sampling', 'lhs']);
    expect(lhs.code).toBe(1);
    expect(lhs.err.trim().split('\n')).toHaveLength(1);
    expect(lhs.err).toMatch(/at most 2\^31 = 2147483648 draws .*got 10000000000/);
    const over = await run(['--draws', '1e11']);
    expect(over.code).toBe(2);
    expect(over.err).toMatch(/--draws must be at most 10000000000; got 1e11/);
  }, 60_000);
});
