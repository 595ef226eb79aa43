// `npm run -s bench [-- --quick]`: every benchmark of benchmarks/README.md, one JSON document
// on stdout, saved to benchmarks/results/YYYY-MM-DD.json (quick runs: YYYY-MM-DD-quick.json).
// Progress goes to stderr. Figures are medians of repeated samples after a warm-up.
// Single-threaded figures are CPU milliseconds of this process (process.cpuUsage): the
// machine is shared, and wall time then counts the time other processes held the cores.
// Wall-clock medians are reported beside them.
import { writeFileSync, mkdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { cpus, totalmem, platform, arch, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import * as engine from '../engine/index.js';
import { compileScenario, fillWorld } from '../engine/model/compile.js';
import { simulate, runWorldResult, allocateWorldResult } from '../engine/model/simulate.js';
import type { CompiledScenario } from '../engine/model/compiled.js';
import { loadBench, rowYears, type BenchScenario } from './load.js';
import { DEFAULTS } from './generate.js';
import { allocateReference, referenceRun } from './reference.js';
import { naiveRun } from './naive.js';
import { buildPeer, runPeer } from './peer.js';
import { time, timeAsync, timeInterleaved, calibrate, ms, type Timing } from './timing.js';
import { benchSweep, benchMonteCarlo } from './analysis.js';
import { benchBrowser } from './browser.js';
import { benchCli, buildApps } from './cli.js';

const quick = process.argv.includes('--quick');
const started = performance.now();
const log = (msg: string) => process.stderr.write(`[bench ${((performance.now() - started) / 1000).toFixed(1)}s] ${msg}\n`);
const r3 = (x: number) => Number(x.toPrecision(4));
const round = (t: Timing) => ({
  cpuMedianMs: r3(t.cpuMedianMs ?? NaN),
  wallMedianMs: r3(t.medianMs),
  wallMinMs: r3(t.minMs),
  wallMaxMs: r3(t.maxMs),
  samples: t.samples,
  callsPerSample: t.callsPerSample,
});

/** Kernel figures for one compiled scenario: simulate, runWorld alone and the reference loop, interleaved. */
function kernelFigures(c: CompiledScenario, samples: number) {
  const N = c.parties.length;
  const deal = allocateWorldResult(N, c.years);
  const noDeal = allocateWorldResult(N, c.years);
  const ref = allocateReference(c);
  const { timings, cpuRatioToFirst, ratioToFirst } = timeInterleaved(
    {
      reference: () => referenceRun(c, ref),
      simulate: () => simulate(c),
      runWorld: () => {
        runWorldResult(c, 'deal', deal);
        return runWorldResult(c, 'noDeal', noDeal);
      },
    },
    { samples, sampleMs: quick ? 10 : 20, warmupMs: quick ? 100 : 300 },
  );
  const ry = rowYears(c);
  return {
    rowYears: ry,
    simulateMs: ms(timings.simulate),
    simulateWallMs: timings.simulate.medianMs,
    runWorldMs: ms(timings.runWorld),
    referenceMs: ms(timings.reference),
    projectYearsPerSec: ry / (ms(timings.simulate) / 1000),
    projectYearsPerWallSec: ry / (timings.simulate.medianMs / 1000),
    runWorldProjectYearsPerSec: ry / (ms(timings.runWorld) / 1000),
    referenceLoopProjectYearsPerSec: ry / (ms(timings.reference) / 1000),
    // reference time / simulate time: the median of per-sample ratios (same load for both).
    ratioToReference: 1 / cpuRatioToFirst.simulate,
    ratioToReferenceWall: 1 / ratioToFirst.simulate,
    runWorldRatioToReference: 1 / cpuRatioToFirst.runWorld,
    timings: { simulate: round(timings.simulate), runWorld: round(timings.runWorld), reference: round(timings.reference) },
  };
}

async function compileTiming(b: BenchScenario, samples: number): Promise<Timing> {
  return timeAsync(() => compileScenario(b.resolved), { samples, sampleMs: quick ? 20 : 50, warmupMs: quick ? 100 : 300 });
}

function gitCommit(): string | null {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    return null;
  }
}

async function main() {
  const samples = quick ? 7 : 21;
  const loadAtStart = loadavg()[0]!;
  const yardstick = calibrate();
  log('cli: build/ (as npm ci makes it), then pairsim start-up, memory and worker boot');
  const cliFig = await benchCli(quick);
  log(`${quick ? 'quick' : 'full'} run; generating and compiling the ${DEFAULTS.projects}-project scenarios`);
  const bench2 = await loadBench({ parties: 2 });
  const bench4 = await loadBench({ parties: 4 });
  const c = bench2.compiled;
  const P = c.projects.count;
  const Y = c.years;

  log('kernel: simulate vs the reference loop');
  const k2 = kernelFigures(c, samples);
  const k4 = kernelFigures(bench4.compiled, samples);

  log('scenario: compile');
  const compile2 = await compileTiming(bench2, quick ? 5 : 11);
  const fill = time(
    () => {
      fillWorld(c.deal, c);
      fillWorld(c.noDeal, c);
    },
    { samples: quick ? 7 : 15, sampleMs: 20, warmupMs: 100 },
  );

  log('scenario: sweep');
  const sweepFig = await benchSweep(engine as unknown as Record<string, unknown>, bench2, quick);
  log(quick ? 'scenario: Monte Carlo (skipped in quick runs)' : 'scenario: Monte Carlo (child process, worker pool)');
  const mc = await benchMonteCarlo(engine as unknown as Record<string, unknown>, quick);

  log('naive: mathjs per row-year');
  const naive = timeInterleaved(
    {
      simulateAndFill: () => {
        fillWorld(c.deal, c);
        fillWorld(c.noDeal, c);
        return simulate(c);
      },
      naive: () => naiveRun(c),
    },
    { samples: quick ? 3 : 7, sampleMs: 50, warmupMs: quick ? 300 : 1000 },
  );
  const naiveMs = ms(naive.timings.naive);

  // The peer at full size takes over a second per run; quick runs use the generator's first
  // 30 projects (same seed) in both.
  const peerProjects = quick ? 30 : P;
  log(`peer: simulation package, ${peerProjects} projects`);
  const peerBench = peerProjects === P ? bench2 : await loadBench({ parties: 2, projects: peerProjects });
  const tBuild = performance.now();
  const peer = buildPeer(peerBench.compiled);
  const peerBuildMs = performance.now() - tBuild;
  const peerRun = time(() => runPeer(peer), { samples: quick ? 3 : 5, sampleMs: 0, warmupMs: quick ? 500 : 3000 });
  const oursOnPeer = time(() => simulate(peerBench.compiled), { samples: 15, sampleMs: 20, warmupMs: 200 });
  const oursCompileOnPeer = await timeAsync(() => compileScenario(peerBench.resolved), { samples: 7, sampleMs: 20, warmupMs: 100 });

  log('app: vite build (dist/, bundle sizes) and the benchmark build (dist-bench/)');
  let apps: Awaited<ReturnType<typeof buildApps>> | null = null;
  try {
    apps = await buildApps();
  } catch (err) {
    log(`app build failed: ${(err as Error).message.split('\n')[0]}`);
  }
  log('browser: slider → chart in the built app');
  let browser: Awaited<ReturnType<typeof benchBrowser>>;
  try {
    // Slider and Monte Carlo on the benchmark build; the first load on the app as shipped (dist/).
    browser = await benchBrowser(quick, apps?.benchDist ?? 'dist', 'dist');
  } catch (err) {
    browser = { p50Ms: null, p95Ms: null, note: `browser benchmark failed: ${(err as Error).message.split('\n')[0]}` };
  }

  const scalingSizes = quick ? [50, 200, 1000] : [50, 200, 1000, 5000];
  const scaling: Record<string, unknown>[] = [];
  for (const parties of [2, 4])
    for (const projects of scalingSizes) {
      log(`scaling: ${projects} projects, ${parties} parties`);
      let b: BenchScenario;
      try {
        b = projects === P ? (parties === 2 ? bench2 : bench4) : await loadBench({ parties, projects });
      } catch (err) {
        scaling.push({ projects, parties, error: (err as Error).message.split('\n')[0] });
        continue;
      }
      const k = kernelFigures(b.compiled, quick ? 5 : 11);
      const comp = await compileTiming(b, quick ? 3 : 5);
      scaling.push({
        projects,
        parties,
        years: b.compiled.years,
        rows: b.compiled.deal.rows + b.compiled.noDeal.rows,
        rowYears: k.rowYears,
        simulateMs: r3(k.simulateMs),
        compileMs: r3(ms(comp)),
        projectYearsPerSec: r3(k.projectYearsPerSec),
        referenceLoopProjectYearsPerSec: r3(k.referenceLoopProjectYearsPerSec),
        ratioToReference: r3(k.ratioToReference),
      });
    }

  const ry = k2.rowYears;
  const peerSpeedup = ms(peerRun) / ms(oursOnPeer);
  const result = {
    date: new Date().toISOString(),
    quick,
    commit: gitCommit(),
    machine: {
      node: process.version,
      platform: `${platform()} ${arch()}`,
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? null,
      totalMemMB: Math.round(totalmem() / 2 ** 20),
      loadAverage1m: { atStart: r3(loadAtStart), atEnd: r3(loadavg()[0]!) },
      ...yardstick,
      note: 'shared with other processes. Single-threaded figures use CPU time of this process (median of samples after warm-up; wall-clock medians beside them); Monte Carlo and browser figures are wall clock. sumNsPerElement: a plain Float64Array sum, a yardstick of this machine.',
    },
    scenario: {
      generator: { seed: DEFAULTS.seed, projects: P, parties: 2, years: Y },
      counting:
        'A project-year is one (row, year) cell the kernel visits. Each simulate() runs both worlds: the deal world has one row per project plus one per relocated firm (its base leaving the origin); the no-deal world splits a project into as-planned, at-origin and leaves-the-region rows by their probabilities. rowYears = (deal rows + no-deal rows) × years.',
      rows: { deal: c.deal.rows, noDeal: c.noDeal.rows },
      rowYears: ry,
      economyProjectYears: P * Y,
      simulateMs: r3(k2.simulateMs),
      simulateWallMs: r3(k2.simulateWallMs),
      compileMs: r3(ms(compile2)),
      compileWallMs: r3(compile2.medianMs),
      fillWorldMs: r3(ms(fill)),
      ...sweepFig,
      ...mc,
    },
    kernel: {
      projectYearsPerSec: r3(k2.projectYearsPerSec),
      referenceLoopProjectYearsPerSec: r3(k2.referenceLoopProjectYearsPerSec),
      ratioToReference: r3(k2.ratioToReference),
      projectYearsPerWallSec: r3(k2.projectYearsPerWallSec),
      ratioToReferenceWall: r3(k2.ratioToReferenceWall),
      runWorldProjectYearsPerSec: r3(k2.runWorldProjectYearsPerSec),
      runWorldRatioToReference: r3(k2.runWorldRatioToReference),
      economyProjectYearsPerSec: r3((P * Y) / (k2.simulateMs / 1000)),
      note: 'projectYearsPerSec = rowYears / CPU time of simulate() (both worlds, result allocation, spillover step, GDP and the summary); runWorld = the two kernel passes (runWorldResult) alone into preallocated buffers; economyProjectYearsPerSec counts projects × years instead of rows.',
      timings: k2.timings,
      fourParties: {
        rowYears: k4.rowYears,
        simulateMs: r3(k4.simulateMs),
        projectYearsPerSec: r3(k4.projectYearsPerSec),
        referenceLoopProjectYearsPerSec: r3(k4.referenceLoopProjectYearsPerSec),
        ratioToReference: r3(k4.ratioToReference),
      },
    },
    naive: {
      what: 'one mathjs expression (math.compile once) evaluated per row-year with a fresh scope object: output ramp, kept base, taxes; per-party accumulation in JS',
      ms: r3(naiveMs),
      projectYearsPerSec: r3(ry / (naiveMs / 1000)),
      oursSimulateAndFillMs: r3(ms(naive.timings.simulateAndFill)),
      // Same work: the naive evaluator computes the output ramp too, so ours includes fillWorld for both worlds.
      speedup: r3(naive.cpuRatioToFirst.naive),
      speedupKernelOnly: r3(naiveMs / k2.simulateMs),
      timings: { naive: round(naive.timings.naive), simulateAndFill: round(naive.timings.simulateAndFill) },
    },
    peer: {
      package: 'simulation@9 (Insight Maker engine), Euler, dt = 1 year',
      projects: peerProjects,
      subset: peerProjects !== P ? `quick run: the generator's first ${peerProjects} projects, in both` : null,
      primitives: peer.primitives,
      buildMs: r3(peerBuildMs),
      msPerRun: r3(ms(peerRun)),
      oursMsPerRun: r3(ms(oursOnPeer)),
      oursCompileMs: r3(ms(oursCompileOnPeer)),
      speedup: r3(peerSpeedup),
      speedupIncludingCompile: r3(ms(peerRun) / (ms(oursOnPeer) + ms(oursCompileOnPeer))),
      note: 'msPerRun is Model.simulate() (it parses the equations on every run); ours is simulate() on the compiled scenario, and with compileScenario() added. benchmarks/README.md says what the peer model contains.',
      timings: { peer: round(peerRun), ours: round(oursOnPeer) },
    },
    browser,
    cli: cliFig.cli,
    montecarlo: {
      workerBootMs: cliFig.workerBootMs,
      workerBootNote: cliFig.workerBootNote,
      warm10k: { wallMs: mc.montecarlo10kMs, peakMB: mc.montecarlo10kPeakMB, workers: mc.montecarloWorkers, note: 'scenario.montecarlo: the pool already started (median after a warm-up)' },
      coldCli10k: cliFig.montecarloColdCli,
      browser10k: (browser as { montecarlo?: unknown }).montecarlo ?? null,
    },
    bundles: apps?.sizes ?? null,
    scaling,
    targets: {
      'kernel.ratioToReference': { target: '>= 0.5', value: r3(k2.ratioToReference), met: k2.ratioToReference >= 0.5 },
      'kernel.projectYearsPerSec': { target: '>= 5e7', value: r3(k2.projectYearsPerSec), met: k2.projectYearsPerSec >= 5e7 },
      'scenario.simulateMs': { target: '<= 0.2', value: r3(k2.simulateMs), met: k2.simulateMs <= 0.2 },
      'scenario.sweep101Ms': { target: '<= 20', value: sweepFig.sweep101Ms, met: sweepFig.sweep101Ms === null ? null : sweepFig.sweep101Ms <= 20 },
      'scenario.montecarlo10kMs': {
        target: '<= 2000 with <= 300 MB',
        value: mc.montecarlo10kMs,
        peakMB: mc.montecarlo10kPeakMB,
        met: mc.montecarlo10kMs === null ? null : mc.montecarlo10kMs <= 2000 && (mc.montecarlo10kPeakMB ?? Infinity) <= 300,
      },
      'cli.helpCpuMs': { target: '<= 300', value: cliFig.cli.helpCpuMs, met: cliFig.cli.helpCpuMs <= 300 },
      'cli.runCpuMs': { target: '<= 800', value: cliFig.cli.runCpuMs, met: cliFig.cli.runCpuMs <= 800 },
      'cli.rejectCpuMs': { target: '<= 1000', value: cliFig.cli.rejectCpuMs, met: cliFig.cli.rejectCpuMs <= 1000 },
      'montecarlo.workerBootMs': { target: '<= 150', value: cliFig.workerBootMs, met: cliFig.workerBootMs <= 150 },
      'montecarlo.10k2Workers': {
        target: '<= 1000 ms wall and <= 200 MB peak on 2 workers (warm pool; the cold CLI figure beside it)',
        value: mc.montecarlo10kMs,
        peakMB: mc.montecarlo10kPeakMB,
        coldCliWallMs: cliFig.montecarloColdCli.wallMs,
        coldCliPeakMB: cliFig.montecarloColdCli.peakMB,
        met: mc.montecarlo10kMs === null ? null : mc.montecarlo10kMs <= 1000 && (mc.montecarlo10kPeakMB ?? Infinity) <= 200,
      },
      'browser.montecarlo10kMs': (() => {
        const m = (browser as { montecarlo?: { wallMs: number; evaluator: string | null } | null }).montecarlo;
        return { target: '<= 2000 with navigator.hardwareConcurrency − 1 workers', value: m ? m.wallMs : null, evaluator: m ? m.evaluator : null, met: m ? m.wallMs <= 2000 : null };
      })(),
      'bundles.engineWorkerGzipKB': {
        target: '<= 250',
        value: apps?.sizes.engineWorkerGzipKB ?? null,
        met: apps?.sizes.engineWorkerGzipKB == null ? null : apps.sizes.engineWorkerGzipKB <= 250,
      },
      'naive.speedup': { target: '>= 100', value: r3(naive.cpuRatioToFirst.naive), met: naive.cpuRatioToFirst.naive >= 100 },
      'peer.speedup': { target: '>= 1000', value: r3(peerSpeedup), met: peerSpeedup >= 1000 },
      'browser.p95Ms': { target: '<= 33 with four columns (issue 17; was <= 50)', value: browser.p95Ms, met: typeof browser.p95Ms === 'number' ? browser.p95Ms <= 33 : null },
      'browser.longTasksDuringDrag': (() => {
        const n = (browser as { longTasksDuringDrag?: number | null }).longTasksDuringDrag ?? null;
        return { target: 'no long task over 50 ms during a dragged slider (60 inputs 16 ms apart)', value: n, met: n === null ? null : n === 0 };
      })(),
      'browser.firstChartMs': (() => {
        const v = (browser as { firstChartMs?: number | null }).firstChartMs ?? null;
        return { target: '<= 2000 (first load of the bare URL, fresh context)', value: v, met: v === null ? null : v <= 2000 };
      })(),
      'browser.montecarloLongTasks': (() => {
        const mc = (browser as { montecarlo?: { longTasks: { count: number; maxMs: number } } | null }).montecarlo;
        return { target: 'no long task over 50 ms during a 10,000-draw Monte Carlo', value: mc ? mc.longTasks.count : null, maxMs: mc ? mc.longTasks.maxMs : null, met: mc ? mc.longTasks.count === 0 : null };
      })(),
    },
    elapsedSec: 0,
  };
  result.elapsedSec = r3((performance.now() - started) / 1000);
  const json = JSON.stringify(result, null, 2);
  process.stdout.write(json + '\n');
  mkdirSync('benchmarks/results', { recursive: true });
  const file = `benchmarks/results/${result.date.slice(0, 10)}${quick ? '-quick' : ''}.json`;
  writeFileSync(file, json + '\n');
  log(`saved ${file}`);
}

await main();
