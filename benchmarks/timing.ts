// Timing harness: warm up, then time batches of calls and take the median per-call time.
// A batch runs a function enough times to last a few milliseconds, so timer resolution
// and one-off pauses (GC, the other processes on a shared machine) matter less.
import { performance } from 'node:perf_hooks';

export interface Timing {
  /** Median milliseconds per call over the samples. */
  medianMs: number;
  /** Fastest and slowest sample (per call), to show the noise. */
  minMs: number;
  maxMs: number;
  samples: number;
  callsPerSample: number;
  /** Median CPU milliseconds per call (process.cpuUsage, all threads of this process): less
   * sensitive than wall time to other processes on a shared machine. */
  cpuMedianMs?: number;
}

export interface TimingOptions {
  /** Samples after warm-up (the median is over these). */
  samples?: number;
  /** Target duration of one sample; calls per sample are chosen to reach it. */
  sampleMs?: number;
  /** Warm-up duration before measuring (lets the JIT optimise the hot code). */
  warmupMs?: number;
}

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** Milliseconds per call to report: CPU time when measured (see Timing.cpuMedianMs), else wall time. */
export const ms = (t: Timing): number => t.cpuMedianMs ?? t.medianMs;

/** Keeps results alive so the JIT cannot drop the work. */
export let sink: unknown = null;

export function time(fn: () => unknown, options: TimingOptions = {}): Timing {
  const { samples = 15, sampleMs = 20, warmupMs = 200 } = options;
  // Warm up, and find how many calls fill a sample.
  let calls = 0;
  const t0 = performance.now();
  let elapsed = 0;
  do {
    sink = fn();
    calls++;
    elapsed = performance.now() - t0;
  } while (elapsed < warmupMs || calls < 2);
  const perCall = elapsed / calls;
  const callsPerSample = Math.max(1, Math.round(sampleMs / Math.max(perCall, 1e-6)));
  const per: number[] = [];
  const cpu: number[] = [];
  for (let s = 0; s < samples; s++) {
    const u = process.cpuUsage();
    const a = performance.now();
    for (let k = 0; k < callsPerSample; k++) sink = fn();
    per.push((performance.now() - a) / callsPerSample);
    const du = process.cpuUsage(u);
    cpu.push((du.user + du.system) / 1000 / callsPerSample);
  }
  return { medianMs: median(per), minMs: Math.min(...per), maxMs: Math.max(...per), samples, callsPerSample, cpuMedianMs: median(cpu) };
}

/** Same for async functions (one await per call). */
export async function timeAsync(fn: () => Promise<unknown>, options: TimingOptions = {}): Promise<Timing> {
  const { samples = 9, sampleMs = 50, warmupMs = 200 } = options;
  let calls = 0;
  const t0 = performance.now();
  let elapsed = 0;
  do {
    sink = await fn();
    calls++;
    elapsed = performance.now() - t0;
  } while (elapsed < warmupMs || calls < 2);
  const callsPerSample = Math.max(1, Math.round(sampleMs / Math.max(elapsed / calls, 1e-6)));
  const per: number[] = [];
  const cpu: number[] = [];
  for (let s = 0; s < samples; s++) {
    const u = process.cpuUsage();
    const a = performance.now();
    for (let k = 0; k < callsPerSample; k++) sink = await fn();
    per.push((performance.now() - a) / callsPerSample);
    const du = process.cpuUsage(u);
    cpu.push((du.user + du.system) / 1000 / callsPerSample);
  }
  return { medianMs: median(per), minMs: Math.min(...per), maxMs: Math.max(...per), samples, callsPerSample, cpuMedianMs: median(cpu) };
}

/**
 * Time several functions with their samples interleaved (a, b, c, a, b, c, ...), so a burst
 * of load from other processes hits all of them alike and their ratios stay meaningful.
 * Also returns, per pair with the first function, the median of per-sample ratios.
 */
export function timeInterleaved<K extends string>(
  fns: Record<K, () => unknown>,
  options: TimingOptions = {},
): { timings: Record<K, Timing>; ratioToFirst: Record<K, number>; cpuRatioToFirst: Record<K, number> } {
  const { samples = 15, sampleMs = 20, warmupMs = 200 } = options;
  const keys = Object.keys(fns) as K[];
  const calls = {} as Record<K, number>;
  for (const k of keys) {
    let n = 0;
    const t0 = performance.now();
    let elapsed = 0;
    do {
      sink = fns[k]();
      n++;
      elapsed = performance.now() - t0;
    } while (elapsed < warmupMs || n < 2);
    calls[k] = Math.max(1, Math.round(sampleMs / Math.max(elapsed / n, 1e-6)));
  }
  const per = Object.fromEntries(keys.map((k) => [k, [] as number[]])) as Record<K, number[]>;
  const cpu = Object.fromEntries(keys.map((k) => [k, [] as number[]])) as Record<K, number[]>;
  for (let s = 0; s < samples; s++)
    for (const k of keys) {
      const f = fns[k];
      const u = process.cpuUsage();
      const a = performance.now();
      for (let i = 0; i < calls[k]; i++) sink = f();
      per[k].push((performance.now() - a) / calls[k]);
      const du = process.cpuUsage(u);
      cpu[k].push((du.user + du.system) / 1000 / calls[k]);
    }
  const timings = {} as Record<K, Timing>;
  const ratioToFirst = {} as Record<K, number>;
  const cpuRatioToFirst = {} as Record<K, number>;
  const first = per[keys[0]!];
  const firstCpu = cpu[keys[0]!];
  for (const k of keys) {
    const xs = per[k];
    timings[k] = { medianMs: median(xs), minMs: Math.min(...xs), maxMs: Math.max(...xs), samples, callsPerSample: calls[k], cpuMedianMs: median(cpu[k]) };
    ratioToFirst[k] = median(xs.map((x, i) => x / first[i]!));
    cpuRatioToFirst[k] = median(cpu[k].map((x, i) => x / firstCpu[i]!));
  }
  return { timings, ratioToFirst, cpuRatioToFirst };
}

/**
 * A yardstick for this machine: nanoseconds per element of a plain sum over a 1M-element
 * Float64Array, so figures from different machines (or loads) can be put side by side.
 */
export function calibrate(): { sumNsPerElement: number } {
  const a = new Float64Array(1 << 20);
  for (let i = 0; i < a.length; i++) a[i] = i % 7;
  const t = time(
    () => {
      let s = 0;
      for (let i = 0; i < a.length; i++) s += a[i]!;
      return s;
    },
    { samples: 9, sampleMs: 20, warmupMs: 100 },
  );
  return { sumNsPerElement: Number(((t.medianMs * 1e6) / a.length).toPrecision(3)) };
}
