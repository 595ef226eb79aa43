// Monte Carlo: reproducible by seed, independent of chunking, workers and shards; exact
// merging; the sketch's stated accuracy; Latin hypercube strata; cancellation.
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as Comlink from 'comlink';
import { InThreadEvaluator } from '../../engine/analysis/evaluator.js';
import { PoolEvaluator, webPool, webWorkerHandle, type WorkerHandle } from '../../engine/analysis/pool.js';
import { remoteError, serve } from '../../engine/analysis/serve.js';
import { nodePool } from '../../engine/analysis/node-pool.js';
import { MonteCarloAccumulator, MonteCarloRunner, mergeStates, shardRange, stateDigest, summarizeMonteCarlo, type MonteCarloStateJSON } from '../../engine/analysis/montecarlo.js';
import { ExactSum, QuantileSketch } from '../../engine/analysis/sketch.js';
import { distributionQuantile, drawStream, normalQuantile, permute } from '../../engine/analysis/random.js';
import { AnalysisError, CancelledError } from '../../engine/analysis/errors.js';
import { withUncertainties } from './helpers.js';

const scenario = withUncertainties();
const task = (draws: number, seed: number, sampling: 'random' | 'lhs' = 'random') => ({
  kind: 'montecarlo' as const,
  scenario,
  config: { draws, seed, sampling },
});
const summaryOf = async (draws: number, seed: number, chunkSize?: number, sampling: 'random' | 'lhs' = 'random') =>
  summarizeMonteCarlo(await new InThreadEvaluator().run(task(draws, seed, sampling), chunkSize ? { chunkSize } : {}));

describe('random numbers', () => {
  it('draw streams depend on (seed, index) only', () => {
    const a = drawStream(7, 123_456);
    const b = drawStream(7, 123_456);
    const c = drawStream(7, 123_457);
    const xs = [a.next(), a.next(), a.next()];
    expect([b.next(), b.next(), b.next()]).toEqual(xs);
    expect(c.next()).not.toBe(xs[0]);
    for (const x of xs) expect(x > 0 && x < 1).toBe(true);
  });

  it('permute is a bijection of 0..n−1 for any key', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3000 }), fc.integer({ min: 0, max: 0xffffffff }), (n, key) => {
        const seen = new Uint8Array(n);
        for (let i = 0; i < n; i++) seen[permute(i, n, key)]!++;
        expect(seen.every((v) => v === 1)).toBe(true);
      }),
      { seed: 99, numRuns: 40 },
    );
  });

  it('inverse distribution functions hit known quantiles', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 8);
    expect(normalQuantile(0.5)).toBeCloseTo(0, 12);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232306167813, 7);
    // Triangular(0, 1, 4): F(1) = 1/4, so the 0.25 quantile is the mode; median: 4 − √(0.5·4·3) = 4 − √6.
    expect(distributionQuantile({ kind: 'triangular', min: 0, mode: 1, max: 4 }, 0.25)).toBeCloseTo(1, 12);
    expect(distributionQuantile({ kind: 'triangular', min: 0, mode: 1, max: 4 }, 0.5)).toBeCloseTo(4 - Math.sqrt(6), 12);
    expect(distributionQuantile({ kind: 'lognormal', mu: 1, sigma: 0.5 }, 0.5)).toBeCloseTo(Math.E, 10);
    expect(distributionQuantile({ kind: 'uniform', min: 2, max: 6 }, 0.25)).toBe(3);
  });
});

describe('exact merging statistics', () => {
  it('ExactSum is the same in any order and grouping', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e12, max: 1e12, noNaN: true }), { minLength: 1, maxLength: 200 }), fc.integer({ min: 0, max: 200 }), (xs, cut) => {
        const all = new ExactSum();
        xs.forEach((x) => all.add(x));
        const left = new ExactSum();
        const right = new ExactSum();
        xs.slice(0, cut).forEach((x) => left.add(x));
        xs.slice(cut).reverse().forEach((x) => right.add(x));
        right.merge(left);
        expect(right.value()).toBe(all.value());
      }),
      { seed: 7, numRuns: 100 },
    );
    // A case where naive summation fails: 1e16 + 1 − 1e16 = 1.
    const s = new ExactSum();
    [1e16, 1, -1e16].forEach((x) => s.add(x));
    expect(s.value()).toBe(1);
  });

  it('sketch quantiles are within α of the exact order statistic, and merge exactly', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 400 }), (xs) => {
        const alpha = 0.005;
        const sk = new QuantileSketch(alpha);
        xs.forEach((x) => sk.add(x));
        const sorted = [...xs].sort((a, b) => a - b);
        for (const q of [0.05, 0.5, 0.95]) {
          const exact = sorted[Math.floor(q * (xs.length - 1))]!;
          expect(Math.abs(sk.quantile(q) - exact)).toBeLessThanOrEqual(alpha * Math.abs(exact) + 1e-12);
        }
        const a = new QuantileSketch(alpha);
        const b = new QuantileSketch(alpha);
        xs.forEach((x, i) => (i % 3 ? a : b).add(x));
        b.merge(a);
        expect(b.toJSON()).toEqual(sk.toJSON());
        expect(sk.below0).toBe(xs.filter((x) => x < 0).length);
      }),
      { seed: 11, numRuns: 80 },
    );
  });
});

describe('Monte Carlo', () => {
  it('is reproducible by seed and changes with it', async () => {
    const a = await summaryOf(300, 42);
    const b = await summaryOf(300, 42);
    const c = await summaryOf(300, 43);
    expect(b).toEqual(a);
    expect(c.parties[0]!.measures.netFiscalPV.mean).not.toBe(a.parties[0]!.measures.netFiscalPV.mean);
    expect(a.draws).toBe(300);
    expect(a.complete).toBe(true);
    // The uncertainties matter: the gain is spread out.
    const m = a.parties[1]!.measures.netFiscalPV;
    expect(m.p95 - m.p5).toBeGreaterThan(1);
    expect(m.p5).toBeLessThanOrEqual(m.p50);
    expect(m.p50).toBeLessThanOrEqual(m.p95);
  });

  it('does not depend on the chunk size', async () => {
    expect(await summaryOf(257, 3, 10)).toEqual(await summaryOf(257, 3, 1000));
    expect(await summaryOf(257, 3, 7, 'lhs')).toEqual(await summaryOf(257, 3, 300, 'lhs'));
  });

  it('merged shards equal one run, in any merge order', async () => {
    const one = await summaryOf(301, 9, undefined, 'lhs');
    const shards = [];
    for (let i = 1; i <= 3; i++)
      shards.push(await new InThreadEvaluator().run(task(301, 9, 'lhs'), { range: shardRange(301, i, 3) }));
    const json = shards.map((s) => JSON.parse(JSON.stringify(s.toJSON())));
    const merged = MonteCarloAccumulator.fromJSON(json[2]);
    merged.merge(MonteCarloAccumulator.fromJSON(json[0]));
    expect(summarizeMonteCarlo(merged).complete).toBe(false);
    merged.merge(MonteCarloAccumulator.fromJSON(json[1]));
    expect(summarizeMonteCarlo(merged)).toEqual(one);
    expect(summarizeMonteCarlo(mergeStates([json[1], json[0], json[2]]))).toEqual(one);
    // Counting the same draws twice is refused.
    expect(() => merged.merge(MonteCarloAccumulator.fromJSON(json[1]))).toThrow(/overlap/);
  });

  it('refuses to merge different studies', async () => {
    const a = await new InThreadEvaluator().run(task(20, 1), { range: [0, 10] });
    const b = await new InThreadEvaluator().run(task(20, 2), { range: [10, 20] });
    expect(() => a.merge(b)).toThrow(/different settings/);
  });

  it('Latin hypercube puts exactly one draw in each stratum of every dimension', async () => {
    const runner = await MonteCarloRunner.create(scenario, { draws: 50, seed: 5, sampling: 'lhs' });
    const D = runner.header.dimensions.length;
    const u = new Float64Array(D);
    const strata = Array.from({ length: D }, () => new Uint8Array(50));
    for (let i = 0; i < 50; i++) {
      runner.uniforms(i, u);
      for (let d = 0; d < D; d++) strata[d]![Math.floor(u[d]! * 50)]!++;
    }
    for (const s of strata) expect(s.every((c) => c === 1)).toBe(true);
  });

  it('with every uncertainty at its neutral value, reproduces the plain simulation', async () => {
    const runner = await MonteCarloRunner.create(scenario, { draws: 1, seed: 1 });
    runner.applier.reset();
    const { simulate } = await import('../../engine/model/simulate.js');
    const { compileScenario } = await import('../../engine/model/compile.js');
    const direct = simulate(await compileScenario(scenario)).summary;
    const plain = simulate(runner.compiled).summary;
    expect(plain.parties[0]!.discountedGain.netFiscal).toBeCloseTo(direct.parties[0]!.discountedGain.netFiscal, 10);
  });

  it('in-thread evaluator stops when cancelled', async () => {
    const controller = new AbortController();
    let chunks = 0;
    const run = new InThreadEvaluator().run(task(200, 1), {
      chunkSize: 10,
      signal: controller.signal,
      onProgress: () => {
        if (++chunks === 2) controller.abort();
      },
    });
    await expect(run).rejects.toBeInstanceOf(CancelledError);
    expect(chunks).toBe(2);
  });
});

/**
 * An in-process "worker": the serving module on one end of a MessageChannel, the pool on the
 * other, exactly as over a browser Worker or a Node worker thread (same comlink messages, no
 * thread): tests the pool logic quickly.
 */
const opened: MessagePort[] = [];
function inProcessWorker() {
  const { port1, port2 } = new MessageChannel();
  serve(port2 as unknown as Comlink.Endpoint);
  opened.push(port1, port2);
  return Object.assign(port1, {
    terminate: () => {
      port1.close();
      port2.close();
    },
  }) as unknown as Parameters<typeof webWorkerHandle>[0];
}
const inProcessHandle = (): WorkerHandle => webWorkerHandle(inProcessWorker());

describe('pool evaluator (over MessageChannel ports, as a browser would use Workers)', () => {
  afterAll(() => {
    for (const p of opened) p.close();
  });

  it('gives the in-thread result with 1 and 3 in-process workers', async () => {
    const one = await summaryOf(200, 4);
    for (const size of [1, 3]) {
      const pool = new PoolEvaluator(inProcessHandle, size);
      expect(summarizeMonteCarlo(await pool.run(task(200, 4), { chunkSize: 17 }))).toEqual(one);
      await pool.close();
    }
  });

  it('gives the in-thread result with one-draw chunks interleaved over 3 workers (states collected mid-run), and for a shard', async () => {
    const pool = webPool(inProcessWorker, 3);
    const progress: number[] = [];
    const acc = await pool.run(task(300, 6, 'lhs'), { chunkSize: 1, onProgress: (d) => progress.push(d) });
    expect(acc.ranges).toEqual([[0, 300]]);
    expect(progress).toHaveLength(300);
    expect(progress.at(-1)).toBe(300);
    expect(summarizeMonteCarlo(acc)).toEqual(await summaryOf(300, 6, undefined, 'lhs'));
    // A shard's range on the pool summarises as the same range run in-thread (the exact sums'
    // partials may differ by order; the values they read out do not).
    const shard = await pool.run(task(300, 6, 'lhs'), { range: [100, 200], chunkSize: 7 });
    const alone = await new InThreadEvaluator().run(task(300, 6, 'lhs'), { range: [100, 200] });
    expect(shard.ranges).toEqual([[100, 200]]);
    expect(summarizeMonteCarlo(shard)).toEqual(summarizeMonteCarlo(alone));
    await pool.close();
  });

  it('is cancelled through its AbortSignal', async () => {
    const pool = new PoolEvaluator(inProcessHandle, 2);
    const controller = new AbortController();
    let progress = 0;
    const run = pool.run(task(400, 1), { chunkSize: 10, signal: controller.signal, onProgress: () => ++progress === 3 && controller.abort() });
    await expect(run).rejects.toBeInstanceOf(CancelledError);
    expect(progress).toBeLessThan(40);
    await pool.close();
  });

  it('refuses an invalid study with its input error and ends the workers that were starting', async () => {
    let started = 0;
    let ended = 0;
    const pool = new PoolEvaluator(() => {
      started++;
      const h = inProcessHandle();
      return { ...h, terminate: async () => void (ended++, await h.terminate()) };
    }, 2);
    const bad = structuredClone(scenario);
    bad.economy.uncertainties![1]!.projects = ['NOPE'];
    await expect(pool.run({ kind: 'montecarlo', scenario: bad, config: { draws: 50, seed: 1 } })).rejects.toThrow(/unknown project "NOPE"/);
    expect(started).toBe(2);
    expect(ended).toBe(2);
    // The pool is usable again: a valid study starts fresh workers and gives the in-thread result.
    expect(summarizeMonteCarlo(await pool.run(task(60, 2)))).toEqual(await summaryOf(60, 2));
    expect(started).toBe(4);
    await pool.close();
  });

  it('fails the run when a worker dies, instead of waiting for its answer', async () => {
    const handles: { fail: (e: Error) => void }[] = [];
    const pool = new PoolEvaluator(() => {
      const h = inProcessHandle();
      let onFailure: (e: Error) => void = () => {};
      handles.push({ fail: (e) => onFailure(e) });
      // A worker that never answers: its messages go nowhere.
      const { port1 } = new MessageChannel();
      opened.push(port1);
      return { ...h, endpoint: port1 as unknown as Comlink.Endpoint, onFailure: (f) => void (onFailure = f) };
    }, 2);
    const run = pool.run(task(50, 1));
    await new Promise((r) => setTimeout(r, 20));
    handles[1]!.fail(new Error('out of memory'));
    await expect(run).rejects.toThrow(/worker failed: out of memory/);
  });
});

describe('serving module', () => {
  it("delivers a worker's input errors as AnalysisError and others as plain errors", async () => {
    const { port1, port2 } = new MessageChannel();
    opened.push(port1, port2);
    serve(port2 as unknown as Comlink.Endpoint, {
      bad: () => {
        throw new AnalysisError('uncertainty "u" makes draw 3 NaN');
      },
      bug: () => {
        throw new TypeError('x is undefined');
      },
      twice: (x: number) => 2 * x,
    });
    const api = Comlink.wrap<{ bad(): void; bug(): void; twice(x: number): number }>(port1 as unknown as Comlink.Endpoint);
    expect(await api.twice(21)).toBe(42);
    const bad = await api.bad().catch(remoteError);
    expect(bad).toBeInstanceOf(AnalysisError);
    expect((bad as Error).message).toBe('uncertainty "u" makes draw 3 NaN');
    const bug = await api.bug().catch(remoteError);
    expect(bug).not.toBeInstanceOf(AnalysisError);
    expect((bug as Error).message).toBe('x is undefined');
  });
});

describe('node worker-thread pool', () => {
  const pools: PoolEvaluator[] = [];
  afterAll(async () => {
    for (const p of pools) await p.close();
  });
  it('gives identical results with 1 and 2 worker threads, and in-thread', async () => {
    const inThread = await summaryOf(400, 21, undefined, 'lhs');
    const results = [];
    for (const size of [1, 2]) {
      const pool = nodePool(size);
      pools.push(pool);
      const progress: number[] = [];
      const acc = await pool.run(task(400, 21, 'lhs'), { chunkSize: 50, onProgress: (d) => progress.push(d) });
      expect(progress.at(-1)).toBe(400);
      results.push(summarizeMonteCarlo(acc));
    }
    expect(results[0]).toEqual(inThread);
    expect(results[1]).toEqual(inThread);
  }, 120_000);
});

describe('probability that every party gains', () => {
  it('counts exactly the draws where all discounted net fiscal gains are ≥ 0', async () => {
    const runner = await MonteCarloRunner.create(scenario, { draws: 120, seed: 8 });
    const acc = runner.newAccumulator();
    runner.runRange(0, 120, acc);
    // Recount by evaluating each draw one at a time into its own accumulator.
    let count = 0;
    for (let i = 0; i < 120; i++) {
      const one = runner.newAccumulator();
      runner.runRange(i, i + 1, one);
      const s = summarizeMonteCarlo(one);
      if (s.parties.every((p) => p.measures.netFiscalPV.min >= 0)) count++;
    }
    expect(acc.allGain).toBe(count);
    const p = summarizeMonteCarlo(acc).probAllGain;
    expect(p).toBe(count / 120);
    // Both parties must gain, so it cannot exceed either party's chance of not losing.
    for (const party of summarizeMonteCarlo(acc).parties) expect(p).toBeLessThanOrEqual(1 - party.measures.netFiscalPV.probLoss + 1e-12);
    expect(p).toBeGreaterThan(0);
    expect(p).toBeLessThan(1);
  });
});

describe('reading states', () => {
  it('refuses malformed sketches and ranges with an error instead of allocating', async () => {
    const acc = await new InThreadEvaluator().run(task(20, 1));
    const good = acc.toJSON();
    expect(summarizeMonteCarlo(MonteCarloAccumulator.fromJSON(JSON.parse(JSON.stringify(good))))).toEqual(summarizeMonteCarlo(acc));
    // Re-signed (digest recomputed), as a forger would: the structural checks still refuse.
    const signed = (j: MonteCarloStateJSON) => ({ ...j, digest: stateDigest(j) });
    const huge = JSON.parse(JSON.stringify(good));
    huge.sketches[0].pos.push([1e9, 1]);
    expect(() => MonteCarloAccumulator.fromJSON(signed(huge))).toThrow(/malformed/);
    const ranges = JSON.parse(JSON.stringify(good));
    ranges.ranges = [[0, 1e12]];
    expect(() => MonteCarloAccumulator.fromJSON(signed(ranges))).toThrow(/draw ranges/);
  });
});

describe('merge integrity: tampered states are refused with a one-line reason', () => {
  const sign = (j: MonteCarloStateJSON) => ({ ...j, digest: stateDigest(j) });
  const shard = async (i: number, n: number, seed = 5) => {
    const [from, to] = shardRange(40, i, n);
    const runner = await MonteCarloRunner.create(scenario, { draws: 40, seed });
    const acc = runner.newAccumulator();
    runner.runRange(from, to, acc);
    return JSON.parse(JSON.stringify(acc.toJSON())) as MonteCarloStateJSON;
  };
  const tamper: [string, (j: MonteCarloStateJSON) => void, RegExp][] = [
    ['sums ×1.5', (j) => (j.sums = j.sums.map((p) => p.map((v) => v * 1.5))), /mean of .* outside its values/],
    ['sums ×1e6', (j) => (j.sums = j.sums.map((p) => p.map((v) => v * 1e6))), /mean of .* outside its values/],
    ['allGain = 1000', (j) => (j.allGain = 1000), /allGain 1000 is not between 0 and its 20 draws/],
    ['ranges claim every draw', (j) => (j.ranges = [[0, 40]]), /counts 20 values for 40 draws/],
    ['a sketch count changed', (j) => (j.sketches[0]!.count += 1), /sketch count 21 is not the 20 values/],
    ['a bucket beyond the maximum', (j) => j.sketches[0]!.pos.push([Math.ceil(Math.log(j.sketches[0]!.max! * 10 + 10) / Math.log((1 + 0.005) / (1 - 0.005))) + 50, 1]), /sketch|above the maximum/],
    ['an infinite sum', (j) => (j.sums[0] = [1e308, 1e308]), /not finite|mean/],
  ];
  it.each(tamper)('%s: refused by the digest, and by the consistency checks when re-signed', async (_name, change, reason) => {
    const j = await shard(1, 2);
    change(j);
    expect(() => MonteCarloAccumulator.fromJSON(j)).toThrow(/does not match its digest/);
    const forged = sign(j);
    // sums ×1.5 can stay inside [min, max]: then only the digest catches it (SECURITY.md says so).
    if (_name === 'sums ×1.5') {
      try {
        MonteCarloAccumulator.fromJSON(forged);
      } catch (err) {
        expect(String(err)).toMatch(reason);
      }
      return;
    }
    expect(() => MonteCarloAccumulator.fromJSON(forged)).toThrow(reason);
  });

  it('refuses a shard of another scenario with a copied header', async () => {
    const a = await shard(1, 2);
    const other = await MonteCarloRunner.create(withUncertainties(), { draws: 40, seed: 5 });
    const b = (() => {
      const acc = other.newAccumulator();
      other.runRange(20, 40, acc);
      return JSON.parse(JSON.stringify(acc.toJSON())) as MonteCarloStateJSON;
    })();
    // Same scenario here (the helper builds the same one): copy a different fingerprint onto it instead.
    b.scenario = { ...a.scenario, fingerprint: 'ffffffffffffffff' };
    expect(() => MonteCarloAccumulator.fromJSON(b)).toThrow(/digest/);
    const forged = MonteCarloAccumulator.fromJSON(sign(b));
    expect(() => MonteCarloAccumulator.fromJSON(a).merge(forged)).toThrow(/different scenarios/);
  });

  it('merges untouched shards exactly as before', async () => {
    const merged = MonteCarloAccumulator.fromJSON(await shard(1, 2));
    merged.merge(MonteCarloAccumulator.fromJSON(await shard(2, 2)));
    const runner = await MonteCarloRunner.create(scenario, { draws: 40, seed: 5 });
    const whole = runner.newAccumulator();
    runner.runRange(0, 40, whole);
    expect(summarizeMonteCarlo(merged)).toEqual(summarizeMonteCarlo(whole));
  });

  it('fuzz: any change to a field of a state is refused (digest), and never crashes or allocates by what it claims', async () => {
    const base = await shard(2, 2);
    const leafPaths: (string | number)[][] = [];
    const walk = (v: unknown, at: (string | number)[]) => {
      if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...at, i]));
      else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, [...at, k]);
      else if (at[0] !== 'digest') leafPaths.push(at);
    };
    walk(base, []);
    fc.assert(
      fc.property(fc.nat(), fc.oneof(fc.integer(), fc.double(), fc.constant(1e9), fc.constant(-1), fc.constant(null), fc.string({ maxLength: 3 })), fc.boolean(), (n, value, resign) => {
        const j = JSON.parse(JSON.stringify(base));
        const path = leafPaths[n % leafPaths.length]!;
        let node = j;
        for (const seg of path.slice(0, -1)) node = node[seg];
        if (Object.is(node[path.at(-1)!], value)) return;
        node[path.at(-1)!] = value;
        try {
          MonteCarloAccumulator.fromJSON(resign ? sign(j) : j);
          // Accepted only when re-signed and still consistent (e.g. a bucket count moved within range).
          expect(resign).toBe(true);
        } catch (err) {
          expect((err as Error).name).toMatch(/AnalysisError|RangeError/);
          expect(String((err as Error).message)).not.toContain('\n');
        }
      }),
      { seed: 18_2026_1203, numRuns: 300 },
    );
  });

  it('sketch memory follows the data, not the bucket indices a state claims', () => {
    const sk = new QuantileSketch();
    // Two values 300 orders of magnitude apart: a dense store would hold ~140,000 counters.
    const j = { ...new QuantileSketch().toJSON() };
    const lo = Math.ceil(Math.log(1e-11) / Math.log(sk.gamma));
    const hi = Math.ceil(Math.log(1e300) / Math.log(sk.gamma));
    const wide = QuantileSketch.fromJSON({ ...j, count: 2, min: 1e-11, max: 1e300, pos: [[lo, 1], [hi, 1]] });
    const stores = wide as unknown as { pos: { footprint: number } };
    expect(stores.pos.footprint).toBeLessThanOrEqual(2 * 64);
    expect(wide.quantile(0)).toBe(1e-11);
    expect(wide.quantile(1)).toBe(1e300);
    // Adding draws spread the same way stays small too.
    for (let i = 0; i < 1000; i++) sk.add(i % 2 ? 1e-11 * (1 + i) : 1e300 / (1 + i));
    expect((sk as unknown as { pos: { footprint: number } }).pos.footprint).toBeLessThan(10 * 1000);
  });
});

describe('standard deviation', () => {
  it('matches a direct computation over the same draws', async () => {
    const runner = await MonteCarloRunner.create(scenario, { draws: 50, seed: 31 });
    const values: number[] = [];
    for (let i = 0; i < 50; i++) {
      const one = runner.newAccumulator();
      runner.runRange(i, i + 1, one);
      values.push(summarizeMonteCarlo(one).parties[1]!.measures.netFiscalPV.mean);
    }
    const all = runner.newAccumulator();
    runner.runRange(0, 50, all);
    const m = summarizeMonteCarlo(all).parties[1]!.measures.netFiscalPV;
    const mean = values.reduce((a, b) => a + b, 0) / 50;
    const sd = Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / 50);
    expect(m.mean).toBeCloseTo(mean, 12);
    expect(m.sd).toBeCloseTo(sd, 9);
    expect(m.meanStdError).toBeCloseTo(sd / Math.sqrt(50), 9);
  });
});
