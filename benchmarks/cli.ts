// Start-up figures of the built CLI and worker (issue: "starts in a blink"): CPU time and peak
// memory of whole `pairsim` processes, worker-thread boot, and gzip sizes of the app bundles.
// CPU figures are single-threaded processes' own CPU time (user + system, from process start),
// measured by a preloaded hook, so the load of other processes on the machine does not count.
import { spawnSync, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { performance } from 'node:perf_hooks';
import { median } from './timing.js';

const HOOK = new URL('./usage-hook.mjs', import.meta.url).href;
const r3 = (x: number) => Number(x.toPrecision(4));

/** CPU ms and peak MB of `node bin/pairsim.mjs ...args`, median over `repeats` fresh processes. */
function pairsimUsage(args: string[], repeats: number, expectCode: number) {
  const out = join(mkdtempSync(join(tmpdir(), 'pw-bench-cli-')), 'usage.json');
  const cpu: number[] = [];
  const rss: number[] = [];
  const wall: number[] = [];
  for (let k = 0; k < repeats; k++) {
    const t = performance.now();
    const r = spawnSync(process.execPath, ['--import', HOOK, 'bin/pairsim.mjs', ...args], {
      env: { ...process.env, BENCH_USAGE_OUT: out, NODE_OPTIONS: '' },
      stdio: ['ignore', 'ignore', 'pipe'],
      encoding: 'utf8',
    });
    wall.push(performance.now() - t);
    if (r.status !== expectCode) throw new Error(`pairsim ${args[0]} exited ${r.status}, expected ${expectCode}: ${r.stderr.split('\n')[0]}`);
    const u = JSON.parse(readFileSync(out, 'utf8')) as { cpuMs: number; maxRssMB: number };
    cpu.push(u.cpuMs);
    rss.push(u.maxRssMB);
  }
  return { cpuMs: r3(median(cpu)), wallMs: r3(median(wall)), peakMB: r3(Math.max(...rss)), samples: repeats };
}

/** gzip sizes (KB) of the built app's assets: the engine worker and the whole app. */
function bundleSizes(dist: string) {
  const assets = join(dist, 'assets');
  const files = readdirSync(assets).filter((f) => /\.(js|css)$/.test(f));
  const gz = (f: string) => gzipSync(readFileSync(join(assets, f)), { level: 9 }).length / 1024;
  // The engine worker is the asset named after ui/worker.ts; the Monte Carlo web worker after engine/analysis/analysis-worker.ts.
  const worker = files.filter((f) => /^worker-/.test(f));
  const mcWorker = files.filter((f) => /^analysis-worker-/.test(f));
  return {
    engineWorkerGzipKB: worker.length ? r3(worker.reduce((a, f) => a + gz(f), 0)) : null,
    montecarloWorkerGzipKB: mcWorker.length ? r3(mcWorker.reduce((a, f) => a + gz(f), 0)) : null,
    appGzipKB: r3(files.reduce((a, f) => a + gz(f), 0)),
    appRawKB: r3(files.reduce((a, f) => a + statSync(join(assets, f)).size, 0) / 1024),
    files: Object.fromEntries(files.map((f) => [f, r3(gz(f))])),
  };
}

export async function benchCli(quick: boolean) {
  // The CLI and worker as `npm ci` builds them, from the current sources.
  // @ts-expect-error plain JavaScript build script without types
  const { buildNode } = (await import('../scripts/build-node.mjs')) as { buildNode(o: { types: boolean }): Promise<unknown> };
  await buildNode({ types: false });
  const repeats = quick ? 3 : 7;
  const dir = mkdtempSync(join(tmpdir(), 'pw-bench-reject-'));
  // A 10 MB hostile file: one huge string value (over the 5 MB file limit, so refused unread).
  const big = join(dir, 'big.json');
  writeFileSync(big, `{"kind":"scenario","id":"x","title":"${'x'.repeat(10 * 2 ** 20)}"}`);
  const help = pairsimUsage(['--help'], repeats, 0);
  const version = pairsimUsage(['--version'], repeats, 0);
  const run = pairsimUsage(['run', 'scenarios/jinniu-pengzhou.json'], repeats, 0);
  const reject = pairsimUsage(['validate', big], repeats, 1);
  // A 4.9 MB invalid file under the limit: parsed and validated before it is refused.
  const under = join(dir, 'under.json');
  writeFileSync(under, `{"kind":"scenario","id":"x","title":{"zh":"${'x'.repeat(4_900_000)}","en":"x"}}`);
  const rejectParsed = pairsimUsage(['validate', under], repeats, 1);
  // Monte Carlo from a cold CLI: process start, two worker threads booting, 10,000 draws, exit.
  const mcCold = pairsimUsage(['montecarlo', 'scenarios/bench/bench-2p-200x30.json', '--draws', '10000', '--seed', '1', '--workers', '2'], quick ? 1 : 3, 0);
  const boot = JSON.parse(execFileSync(process.execPath, ['benchmarks/worker-boot.mjs', String(repeats)], { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } })) as { bootMs: number[] };
  return {
    cli: {
      helpCpuMs: help.cpuMs,
      versionCpuMs: version.cpuMs,
      runCpuMs: run.cpuMs,
      rejectCpuMs: reject.cpuMs,
      rejectParsedCpuMs: rejectParsed.cpuMs,
      peakMB: run.peakMB,
      helpPeakMB: help.peakMB,
      samples: repeats,
      note: 'node bin/pairsim.mjs (the built CLI, no TypeScript loader) in fresh processes; CPU = user + system of the whole process from start to exit (median), peakMB = maxRSS of `run`. run: scenarios/jinniu-pengzhou.json (JSON report). reject: `validate` of a 10 MB file (over the 5 MB limit: refused unread); rejectParsed: a 4.9 MB invalid file that is parsed and schema-checked.',
    },
    montecarloColdCli: {
      draws: 10_000,
      workers: 2,
      wallMs: mcCold.wallMs,
      cpuMs: mcCold.cpuMs,
      peakMB: mcCold.peakMB,
      samples: mcCold.samples,
      note: 'pairsim montecarlo scenarios/bench/bench-2p-200x30.json --draws 10000 --seed 1 --workers 2 as a fresh process: start-up, loading and checking the file, booting two worker threads, the draws and the output; wall = median, peakMB = maxRSS of the process (all threads)',
    },
    workerBootMs: r3(median(boot.bootMs)),
    workerBootNote: `new Worker(build/node-worker.mjs) to its first reply, median of ${boot.bootMs.length} fresh workers started one after another in a plain node process`,
  };
}

/**
 * Build the app as `npm run build` does (into dist/) and report gzip sizes; then the benchmark
 * build with the generated scenarios in its library (dist-bench/) for the browser figures.
 */
export async function buildApps() {
  const { build } = await import('vite');
  await build({ logLevel: 'warn' });
  const sizes = bundleSizes('dist');
  process.env.VITE_BENCH_LIBRARY = '1';
  try {
    await build({ logLevel: 'warn', build: { outDir: 'dist-bench', emptyOutDir: true } });
  } finally {
    delete process.env.VITE_BENCH_LIBRARY;
  }
  return { sizes, benchDist: existsSync('dist-bench/index.html') ? 'dist-bench' : null };
}
