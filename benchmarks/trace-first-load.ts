// Where the first load's time goes, per thread (page main thread, engine worker): a Chromium
// trace (playwright-core `startTracing` with the V8 sampling profiler) of opening the bare URL
// of a build, until the first column shows a chart. Prints, per run, the time of the first
// chart and a phase table: for each thread the sampled CPU time by phase (a sample belongs to
// the first phase of PHASES with a function on its stack, e.g. ajv's compile under validate counts
// as "schema compile"), and the wall-clock span of each phase since navigation start.
//
//   npx tsx benchmarks/trace-first-load.ts [dir=dist-profile] [runs=3] [--build] [--plain]
//
// --plain: no trace, only the times (as benchmarks/browser.ts measures firstChartMs), with
// their median; tracing itself slows the page down.
// --build makes an unminified build (dist-profile/, as profile-page.ts does) so function names
// are readable; minified builds work too, with fewer phases recognised.
import { writeFileSync } from 'node:fs';
import { readFirstChart, watchFirstChart } from './first-chart.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const DIR = args[0] ?? 'dist-profile';
const RUNS = Number(args[1] ?? 3);
const PLAIN = process.argv.includes('--plain');

interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  id?: string;
  args?: Record<string, any>;
}
interface CallFrame {
  functionName: string;
  url: string;
  lineNumber?: number;
}
interface ProfileNode {
  id: number;
  parent?: number;
  callFrame: CallFrame;
}

/** Phases, matched on function names anywhere on a stack: the first phase of this list that matches wins. */
const PHASES: [string, RegExp][] = [
  ['schema compile (ajv)', /^(compileSchema|_compileSchemaEnv|compile|_compileMetaSchema|getSchema|_addSchema)$/],
  ['schema validate', /^(validateDocument|schemaErrors|validateScenario|validateUntrusted|validatePolicyChange)$/],
  ['mathjs load', /^(loadMathFor|loadMath|createMath|create)$/],
  ['compile scenario', /^(compileScenario)$/],
  ['simulate', /^(simulate|runScenario)$/],
  ['tidy rows', /^(tidyRows)$/],
  ['levers', /^(leverRegistry|defaultLever|LeverModel)$/],
  ['Plot render', /^(plot|figure|render$)/],
];

function phaseOf(stack: CallFrame[]): string {
  for (const [phase, re] of PHASES) if (stack.some((f) => re.test(f.functionName))) return phase;
  const top = stack[stack.length - 1];
  if (!top) return 'idle';
  if (top.functionName === '(garbage collector)') return 'GC';
  if (top.functionName === '(program)') return '(program: parse/compile/native)';
  if (top.functionName === '(idle)') return 'idle';
  return 'other JS';
}

/** Sampled CPU ms by phase per thread, plus first/last sample time of each phase (ms after navigation). */
function attribute(events: TraceEvent[], navTs: number, endTs: number) {
  const threadNames = new Map<string, string>();
  for (const e of events) if (e.ph === 'M' && e.name === 'thread_name') threadNames.set(`${e.pid}:${e.tid}`, e.args?.name);
  // Profile chunks: per profile id, nodes and samples with time deltas.
  const profiles = new Map<string, { thread: string; start: number; nodes: Map<number, ProfileNode>; samples: number[]; deltas: number[] }>();
  for (const e of events) {
    if (e.name === 'Profile') {
      profiles.set(`${e.pid}:${e.id}`, { thread: threadNames.get(`${e.pid}:${e.tid}`) ?? `${e.pid}:${e.tid}`, start: e.args?.data?.startTime ?? e.ts, nodes: new Map(), samples: [], deltas: [] });
    } else if (e.name === 'ProfileChunk') {
      const p = profiles.get(`${e.pid}:${e.id}`);
      if (!p) continue;
      const d = e.args?.data?.cpuProfile ?? {};
      for (const n of d.nodes ?? []) p.nodes.set(n.id, n);
      p.samples.push(...(d.samples ?? []));
      p.deltas.push(...(e.args?.data?.timeDeltas ?? []));
    }
  }
  const out: Record<string, { cpuMs: Record<string, number>; spans: Record<string, [number, number]>; self: Record<string, number> }> = {};
  for (const p of profiles.values()) {
    const stackOf = new Map<number, CallFrame[]>();
    const stack = (id: number): CallFrame[] => {
      const hit = stackOf.get(id);
      if (hit) return hit;
      const n = p.nodes.get(id);
      const s = n ? (n.parent !== undefined ? [...stack(n.parent), n.callFrame] : [n.callFrame]) : [];
      stackOf.set(id, s);
      return s;
    };
    const t = (out[p.thread] ??= { cpuMs: {}, spans: {}, self: {} });
    let ts = p.start;
    for (let i = 0; i < p.samples.length; i++) {
      const prev = ts;
      ts += p.deltas[i] ?? 0;
      if (ts > endTs) break;
      const phase = phaseOf(stack(p.samples[i]!));
      if (phase === 'idle') continue;
      const dt = (ts - prev) / 1000;
      t.cpuMs[phase] = (t.cpuMs[phase] ?? 0) + dt;
      const top = stack(p.samples[i]!).at(-1)!;
      const key = `${top.functionName || '(anonymous)'} ${(top.url ?? '').split('/').pop()}:${(top.lineNumber ?? 0) + 1}`;
      t.self[key] = (t.self[key] ?? 0) + dt;
      const at = (ts - navTs) / 1000;
      const span = (t.spans[phase] ??= [at, at]);
      span[1] = at;
    }
  }
  for (const t of Object.values(out)) for (const k of Object.keys(t.cpuMs)) t.cpuMs[k] = Math.round(t.cpuMs[k]!);
  for (const t of Object.values(out))
    t.self = Object.fromEntries(Object.entries(t.self).sort((a, b) => b[1] - a[1]).slice(0, 12).map(([k, v]) => [k, Math.round(v)]));
  for (const t of Object.values(out)) for (const k of Object.keys(t.spans)) t.spans[k] = t.spans[k]!.map((x) => Math.round(x)) as [number, number];
  return out;
}

if (process.argv.includes('--build')) {
  const { build } = await import('vite');
  await build({ logLevel: 'warn', build: { outDir: DIR, emptyOutDir: true, minify: false } });
}
const { chromium } = await import('playwright-core');
const { serveStatic } = await import('../test/browser/static-server.js');
// Several builds (comma-separated) are measured in turn, run by run (A/B on a shared machine).
const DIRS = DIR.split(',');
const served = await Promise.all(DIRS.map((d) => serveStatic(d, '/t/')));
const times: Record<string, number[]> = Object.fromEntries(DIRS.map((d) => [d, []]));
const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'] });
try {
  for (let k = 0; k < RUNS * DIRS.length; k++) {
    const run = Math.floor(k / DIRS.length);
    const dir = DIRS[k % DIRS.length]!;
    const url = served[k % DIRS.length]!.url;
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    const page = await context.newPage();
    await watchFirstChart(page);
    if (!PLAIN) await browser.startTracing(page, {
      categories: ['devtools.timeline', 'v8.execute', 'blink.user_timing', 'loading', 'disabled-by-default-v8.cpu_profiler', 'disabled-by-default-devtools.timeline'],
    });
    await page.goto(url);
    const m = await readFirstChart(page);
    if (PLAIN) {
      times[dir]!.push(m.firstChartMs!);
      console.log(dir, JSON.stringify(Object.fromEntries(Object.entries(m).map(([k, v]) => [k, Math.round(v)]))));
      await context.close();
      continue;
    }
    const buffer = await browser.stopTracing();
    const trace = JSON.parse(buffer.toString()) as { traceEvents: TraceEvent[] };
    writeFileSync(`/tmp/first-load-${run}.trace.json`, buffer);
    const nav = trace.traceEvents.find((e) => e.name === 'navigationStart' && e.args?.data?.isLoadingMainFrame)
      ?? trace.traceEvents.find((e) => e.name === 'navigationStart');
    const navTs = nav?.ts ?? 0;
    const byThread = attribute(trace.traceEvents, navTs, navTs + m.firstChartMs! * 1000);
    // Network: when each script finished loading.
    const fetched = trace.traceEvents
      .filter((e) => e.name === 'ResourceFinish' || e.name === 'ResourceReceiveResponse')
      .map((e) => `${e.name === 'ResourceFinish' ? 'done' : 'resp'} ${Math.round((e.ts - navTs) / 1000)}`);
    const workerStart = trace.traceEvents.filter((e) => /Worker/.test(e.name) && e.ph !== 'M').map((e) => `${e.name}@${Math.round((e.ts - navTs) / 1000)}`);
    console.log(JSON.stringify({ run, dir, ...Object.fromEntries(Object.entries(m).map(([k, v]) => [k, Math.round(v)])), byThread, fetched: fetched.slice(0, 20), worker: [...new Set(workerStart)].slice(0, 12) }, null, 1));
    await context.close();
  }
  if (PLAIN)
    for (const [dir, list] of Object.entries(times)) {
      const sorted = [...list].sort((a, b) => a - b);
      console.log(JSON.stringify({ dir, medianMs: Math.round(sorted[Math.floor((sorted.length - 1) / 2)]!), runs: sorted.map(Math.round) }));
    }
} finally {
  await browser.close();
  for (const s of served) s.server.close();
}
