// Node-only: running one shard of a Monte Carlo study under an existing scheduler. The shard
// comes from the scheduler's own environment (SLURM job arrays, Kubernetes Indexed Jobs), the
// output is written atomically (a half-written file never has the final name), and a rerun
// with --resume skips a shard whose output is already there and valid. docs/scale-out.md.
import { randomBytes } from 'node:crypto';
import { readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { MonteCarloAccumulator, type MonteCarloStateJSON } from '../analysis/montecarlo.js';
import { parseJson } from './read.js';
import { UsageError } from './exit.js';

export type Env = Record<string, string | undefined>;

/** i/n, 1 ≤ i ≤ n. */
export function parseShard(value: string | undefined): [number, number] | null {
  if (value === undefined) return null;
  const m = /^(\d+)\/(\d+)$/.exec(value);
  if (!m) throw new UsageError(`--shard must look like i/n (e.g. 2/8) or auto; got "${value}"`);
  const i = Number(m[1]);
  const n = Number(m[2]);
  if (n < 1 || i < 1 || i > n) throw new UsageError(`--shard i/n needs 1 ≤ i ≤ n; got "${value}"`);
  return [i, n];
}

function whole(name: string, value: string): number {
  if (!/^\d+$/.test(value.trim())) throw new UsageError(`--shard auto: ${name} must be a whole number; got "${value}"`);
  return Number(value.trim());
}

/**
 * The shard to run: `--shard i/n`, or with `--shard auto` from the scheduler's environment:
 * - SLURM job array (sbatch --array=0-7 or 1-8): i = SLURM_ARRAY_TASK_ID − SLURM_ARRAY_TASK_MIN + 1,
 *   n = SLURM_ARRAY_TASK_COUNT (or --shards N). The array must be contiguous (no ":step").
 * - Kubernetes Indexed Job: i = JOB_COMPLETION_INDEX + 1 (it counts from 0), n = --shards N
 *   (the Job's `completions`, which Kubernetes does not put in the environment).
 */
export function resolveShard(shard: string | undefined, shards: string | undefined, env: Env): [number, number] | null {
  const count = shards === undefined ? undefined : whole('--shards', shards);
  if (shards !== undefined && shard !== 'auto') throw new UsageError('--shards N goes with --shard auto');
  if (shard !== 'auto') return parseShard(shard);
  if (count !== undefined && count < 1) throw new UsageError('--shards must be at least 1');
  let i: number;
  let n: number | undefined = count;
  let from: string;
  if (env.SLURM_ARRAY_TASK_ID !== undefined && env.SLURM_ARRAY_TASK_ID !== '') {
    const id = whole('SLURM_ARRAY_TASK_ID', env.SLURM_ARRAY_TASK_ID);
    const min = env.SLURM_ARRAY_TASK_MIN ? whole('SLURM_ARRAY_TASK_MIN', env.SLURM_ARRAY_TASK_MIN) : 0;
    i = id - min + 1;
    n ??= env.SLURM_ARRAY_TASK_COUNT ? whole('SLURM_ARRAY_TASK_COUNT', env.SLURM_ARRAY_TASK_COUNT) : undefined;
    from = `SLURM_ARRAY_TASK_ID=${id}, SLURM_ARRAY_TASK_MIN=${min}`;
    if (n === undefined) throw new UsageError('--shard auto: SLURM_ARRAY_TASK_COUNT is not set; give --shards N');
  } else if (env.JOB_COMPLETION_INDEX !== undefined && env.JOB_COMPLETION_INDEX !== '') {
    i = whole('JOB_COMPLETION_INDEX', env.JOB_COMPLETION_INDEX) + 1;
    from = `JOB_COMPLETION_INDEX=${env.JOB_COMPLETION_INDEX}`;
    if (n === undefined) throw new UsageError('--shard auto with JOB_COMPLETION_INDEX (Kubernetes Indexed Job) needs --shards N (the Job\'s completions)');
  } else {
    throw new UsageError('--shard auto needs SLURM_ARRAY_TASK_ID (a SLURM job array) or JOB_COMPLETION_INDEX with --shards N (a Kubernetes Indexed Job)');
  }
  if (i < 1 || i > n) throw new UsageError(`--shard auto: ${from} gives shard ${i} of ${n}; expected 1..${n} (is the array contiguous?)`);
  return [i, n];
}

/**
 * Write `text` to `path` atomically: a temporary file beside it, then rename (same file system).
 * `temporary` (Io.temporary) is told of the temporary file while it exists, so a command run in
 * a worker thread that is stopped half-way (deadline, Ctrl-C) leaves nothing behind.
 */
export async function writeAtomic(path: string, text: string, temporary?: (path: string | null) => void): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  temporary?.(tmp);
  try {
    await writeFile(tmp, text, { flag: 'wx' });
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  } finally {
    temporary?.(null);
  }
}

/**
 * Why an existing output cannot be kept for --resume, or null when it can: it must be a state of
 * this study (same scenario fingerprint and configuration) covering exactly `range`.
 */
export async function resumeProblem(path: string, expected: Pick<MonteCarloStateJSON, 'scenario' | 'config'>, range: [number, number]): Promise<string | null> {
  try {
    await stat(path);
  } catch {
    return 'no output yet';
  }
  try {
    const doc = parseJson(await readFile(path, 'utf8')) as { state?: MonteCarloStateJSON } | null;
    const state = doc?.state;
    if (!state) return 'it holds no Monte Carlo state';
    const acc = MonteCarloAccumulator.fromJSON(state);
    if (state.scenario?.fingerprint !== expected.scenario.fingerprint) return 'it is from another scenario or lever setting';
    if (JSON.stringify(acc.header.config) !== JSON.stringify(expected.config)) return 'it is from another configuration (draws, seed, sampling…)';
    if (JSON.stringify(acc.ranges) !== JSON.stringify(range[0] < range[1] ? [range] : [])) return `it covers draws ${JSON.stringify(acc.ranges)}, not ${JSON.stringify(range)}`;
    return null;
  } catch (err) {
    return `it is not a valid state (${(err as Error).message.split('\n')[0]})`;
  }
}
