// Documented limits at their maximum (issue 18, item 5): each either completes in bounded
// memory or is refused up front with the arithmetic in the message. Memory is asserted by
// running the real process under a small V8 heap (--max-old-space-size): output that was
// built as one string (a million-point sweep is gigabytes of JSON) cannot fit in it.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import Papa from 'papaparse';
import { main } from '../../engine/cli/main.js';
import { EXIT, type Io } from '../../engine/cli/common.js';
import { openOutput, writeCsvRows, writeJsonWithList } from '../../engine/cli/output.js';
import { LeverModel } from '../../engine/analysis/levers.js';
import { sweep, sweepRows } from '../../engine/analysis/sweep.js';
import { MEASURE_LABELS } from '../../engine/analysis/measures.js';
import { FIXTURE, fixture } from '../analysis/helpers.js';
import { validateScenario } from '../../engine/schema/validate.js';
import { LIMITS } from '../../engine/schema/scenario.js';
import { maximumScenario } from './max-scenario.js';
import { withUncertainties } from '../analysis/helpers.js';

async function cli(...argv: string[]) {
  let out = '';
  let err = '';
  const io: Io = { out: (t) => void (out += t), err: (t) => void (err += t), errIsTty: false };
  const code = await main(argv, io);
  return { code, out, err };
}

/** The built CLI in a child process with a V8 heap of `heapMb`; stdout is counted, not kept. */
function pairsimCounting(heapMb: number, args: string[]): Promise<{ code: number | null; bytes: number; lines: number; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [`--max-old-space-size=${heapMb}`, 'bin/pairsim.mjs', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let bytes = 0;
    let lines = 0;
    let err = '';
    child.stdout.on('data', (b: Buffer) => {
      bytes += b.length;
      for (let i = b.indexOf(10); i >= 0; i = b.indexOf(10, i + 1)) lines++;
    });
    child.stderr.on('data', (b: Buffer) => void (err += b.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, bytes, lines, err }));
  });
}

const SHARE = '/policy/rules/joint/tax/originShare/value';

describe('sweep output is streamed', () => {
  it('JSON and CSV are byte for byte what the whole result would print (one and two levers)', async () => {
    const s = validateScenario(fixture());
    if (!s.ok) throw new Error('fixture invalid');
    for (const axes of [
      [{ path: SHARE, from: 0, to: 1, steps: 7 }],
      [{ path: SHARE, from: 0.2, to: 0.8, steps: 3 }, { path: '/discountRate/value', from: 0, to: 0.1, steps: 4 }],
    ]) {
      const model = await LeverModel.create(s.value, axes.map((a) => a.path));
      const whole = sweep(model, axes);
      const args = ['sweep', FIXTURE, '--lever', axes[0]!.path, '--from', String(axes[0]!.from), '--to', String(axes[0]!.to), '--steps', String(axes[0]!.steps)];
      if (axes[1]) args.push('--lever2', axes[1].path, '--from2', String(axes[1].from), '--to2', String(axes[1].to), '--steps2', String(axes[1].steps));
      const json = await cli(...args);
      expect(json.code).toBe(EXIT.ok);
      expect(json.out).toBe(`${JSON.stringify({ scenario: s.value.id, units: MEASURE_LABELS, ...whole }, null, 2)}\n`);
      const csv = await cli(...args, '--format', 'csv');
      expect(csv.out).toBe(`${Papa.unparse(sweepRows(whole), { newline: '\n' })}\n`);
      expect(csv.out.trim().split('\n')).toHaveLength(1 + whole.points.length * 2);
    }
  });

  it('the JSON writer equals JSON.stringify(value, null, 2) for any head and list', async () => {
    const json = fc.jsonValue({ maxDepth: 3 });
    await fc.assert(
      fc.asyncProperty(fc.dictionary(fc.string().filter((k) => k !== 'list' && k !== '__proto__'), json, { maxKeys: 4 }), fc.array(json, { maxLength: 5 }), async (head, list) => {
        let text = '';
        const out = openOutput({ out: (t) => void (text += t), err: () => {}, errIsTty: false });
        await writeJsonWithList(out, head, 'list', list);
        out.end();
        expect(text).toBe(`${JSON.stringify({ ...head, list }, null, 2)}\n`);
      }),
      { seed: 18, numRuns: 200 },
    );
  });

  it('the CSV writer equals one Papa.unparse of all rows, however they are batched', async () => {
    const row = fc.record({ a: fc.oneof(fc.double({ noNaN: true }), fc.string()), b: fc.string(), c: fc.integer() });
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(row, { maxLength: 4 }), { minLength: 1, maxLength: 5 }), async (batches) => {
        const rows = batches.flat();
        fc.pre(rows.length > 0);
        let text = '';
        const out = openOutput({ out: (t) => void (text += t), err: () => {}, errIsTty: false });
        await writeCsvRows(out, batches);
        out.end();
        expect(text).toBe(`${Papa.unparse(rows, { newline: '\n' })}\n`);
      }),
      { seed: 18, numRuns: 200 },
    );
  });

  it('waits while stdout is behind (a slow pipe), so nothing piles up in memory', async () => {
    let writes = 0;
    let behind = false;
    let release: () => void = () => {};
    // Like process.stdout: after a write it is behind until the reader catches up ('drain').
    const io: Io = {
      out: () => {
        writes++;
        behind = true;
      },
      err: () => {},
      errIsTty: false,
      drain: () =>
        behind
          ? new Promise<void>((r) => {
              release = () => {
                behind = false;
                r();
              };
            })
          : undefined,
    };
    const out = openOutput(io);
    const big = Array.from({ length: 200 }, (_, i) => ({ i, text: 'x'.repeat(2000) }));
    const done = writeJsonWithList(out, { head: 1 }, 'list', big);
    const tick = () => new Promise((r) => setTimeout(r, 10));
    await tick();
    // One buffer went out, then the writer waits; each drain lets exactly one more out.
    expect(writes).toBe(1);
    release();
    await tick();
    expect(writes).toBe(2);
    while (writes < 6) {
      release();
      await tick();
    }
    release();
    await done;
    out.end();
    expect(writes).toBe(7); // 400,000 characters in 64 Ki buffers: six full ones and the rest
  });

  it('--out writes the same bytes to the file, atomically (no temporary file left)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pairsim-sweep-out-'));
    for (const format of ['json', 'csv']) {
      const args = ['sweep', FIXTURE, '--steps', '5', '--format', format];
      const printed = await cli(...args);
      const file = join(dir, `s.${format}`);
      const written = await cli(...args, '--out', file);
      expect(written).toMatchObject({ code: EXIT.ok, out: '', err: '' });
      expect(readFileSync(file, 'utf8')).toBe(printed.out);
    }
    expect(readdirSync(dir).sort()).toEqual(['s.csv', 's.json']);
    // A failed sweep leaves no file behind.
    const bad = await cli('sweep', FIXTURE, '--from', '0', '--to', '3', '--out', join(dir, 'bad.json'));
    expect(bad.code).toBe(EXIT.invalidInput);
    expect(readdirSync(dir).sort()).toEqual(['s.csv', 's.json']);
  });

  it('refuses a grid above a million points with the arithmetic', async () => {
    const r = await cli('sweep', FIXTURE, '--steps', '1001', '--lever2', '/discountRate/value', '--from2', '0', '--to2', '0.1', '--steps2', '1000');
    expect(r.code).toBe(EXIT.usage);
    expect(r.err).toMatch(/--steps 1001 × --steps2 1000 = 1001000 sweep points; at most 1000000/);
  });

  // The maximum: 1000 × 1000 points, 2,000,000 CSV rows (about 900 MB), in a 160 MB heap.
  it('runs a sweep at its maximum (a million points) in a 160 MB heap, CSV streamed through a pipe', { timeout: 600_000 }, async () => {
    const r = await pairsimCounting(160, ['sweep', FIXTURE, '--steps', '1000', '--lever2', '/discountRate/value', '--from2', '0', '--to2', '0.1', '--steps2', '1000', '--format', 'csv']);
    expect(r.err).toBe('');
    expect(r.code).toBe(EXIT.ok);
    expect(r.lines).toBe(1 + 1_000_000 * 2);
  });
});

describe('evaluate output is streamed', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pairsim-limits-'));
  /** A design of `rows` experiments over two levers, with an id column. */
  const design = (rows: number) => {
    const path = join(dir, `design-${rows}.csv`);
    const lines = ['id,/policy/rules/joint/tax/originShare/value,/discountRate/value'];
    for (let i = 0; i < rows; i++) lines.push(`e${i},${(i % 1000) / 1000},${Math.floor(i / 1000) / 10000}`);
    writeFileSync(path, `${lines.join('\n')}\n`);
    return path;
  };

  it('refuses a design of more than a million experiments, naming the limit', async () => {
    const r = await cli('evaluate', FIXTURE, '--design', design(1_000_001));
    expect(r.code).toBe(EXIT.invalidInput);
    expect(r.err).toMatch(/more than 1000000 experiments; the limit is 1000000/);
    expect(r.out).toBe('');
  });

  it('refuses a bad row before writing anything', async () => {
    const path = join(dir, 'bad.csv');
    writeFileSync(path, 'id,/policy/rules/joint/tax/originShare/value\na,0.5\nb,0.2\nc,1.5\n');
    const r = await cli('evaluate', FIXTURE, '--design', path);
    expect(r.code).toBe(EXIT.invalidInput);
    expect(r.err).toMatch(/row 4: .*originShare\/value: must be at most 1/);
    expect(r.out).toBe('');
  });

  // The maximum: a million experiments (was 5 GB resident for two parties; a 200 MB heap ran out).
  it('runs a design at its maximum (a million experiments) in a 200 MB heap', { timeout: 600_000 }, async () => {
    const r = await pairsimCounting(200, ['evaluate', FIXTURE, '--design', design(1_000_000)]);
    expect(r.err).toBe('');
    expect(r.code).toBe(EXIT.ok);
    expect(r.lines).toBe(1 + 1_000_000);
  });
});

describe('a scenario at every maximum of the format', () => {
  it(`validates and runs: ${LIMITS.parties} parties, ${LIMITS.projects} projects, ${LIMITS.years} years, ${LIMITS.categories} categories, ${LIMITS.uncertainties} uncertainties, under ${LIMITS.fileBytes} bytes`, { timeout: 300_000 }, async () => {
    const { doc, text } = maximumScenario();
    expect(doc.economy.parties).toHaveLength(LIMITS.parties);
    expect(doc.economy.projects).toHaveLength(LIMITS.projects);
    expect(doc.economy.categories).toHaveLength(LIMITS.categories);
    expect(doc.economy.uncertainties).toHaveLength(LIMITS.uncertainties);
    expect(doc.years.to - doc.years.from + 1).toBe(LIMITS.years);
    expect(text.length).toBeLessThanOrEqual(LIMITS.fileBytes);
    const dir = mkdtempSync(join(tmpdir(), 'pairsim-max-'));
    const path = join(dir, 'max.json');
    writeFileSync(path, text);
    const valid = await pairsimCounting(2048, ['validate', path]);
    expect(valid).toMatchObject({ code: EXIT.ok, err: '' });
    const run = await pairsimCounting(2048, ['run', path, '--format', 'csv']);
    expect(run.err).toBe('');
    expect(run.code).toBe(EXIT.ok);
    expect(run.lines).toBe(1 + 2 * LIMITS.years * LIMITS.parties); // both worlds, every year and party
  });
});

/**
 * Maxima that hold in constant memory but run for hours (--sobol 1e7 is 1e7 × (k + 2) runs;
 * bargain --draws 1e7 evaluates every grid value for each draw): run in a small heap for a
 * few seconds, then Ctrl-C. A run that materialised its samples up front would exhaust the
 * heap at once (exit 3 or a signal, not 130).
 */
describe('maxima that run for hours are bounded in memory and end on Ctrl-C', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pairsim-long-'));
  const UNC = join(dir, 'unc.json');
  writeFileSync(UNC, JSON.stringify(withUncertainties()));
  const interrupted = (args: string[]) =>
    new Promise<{ code: number | null; err: string }>((resolve, reject) => {
      const child = spawn(process.execPath, ['--max-old-space-size=100', 'bin/pairsim.mjs', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
      let err = '';
      child.stderr.on('data', (b: Buffer) => void (err += b.toString()));
      child.on('error', reject);
      setTimeout(() => child.kill('SIGINT'), 4000);
      child.on('close', (code) => resolve({ code, err }));
    });
  for (const args of [
    ['sensitivity', '--sobol', '10000000', '--seed', '1'],
    ['bargain', '--draws', '10000000', '--seed', '1', '--grid', '100000'],
  ])
    it(`${args.join(' ')}`, { timeout: 60_000 }, async () => {
      const r = await interrupted([args[0]!, UNC, ...args.slice(1)]);
      expect(r.err).toBe(`pairsim ${args[0]}: interrupted\n`);
      expect(r.code).toBe(130);
    });
});

describe('option maxima', () => {
  it('refuses one past each documented option maximum, naming it (exit 2)', async () => {
    const UNC = join(mkdtempSync(join(tmpdir(), 'pairsim-opt-')), 'unc.json');
    writeFileSync(UNC, JSON.stringify(withUncertainties()));
    const cases: [string[], RegExp][] = [
      [['sweep', FIXTURE, '--steps', '100001'], /--steps must be at most 100000; got 100001/],
      [['bargain', FIXTURE, '--grid', '100001'], /--grid must be at most 100000; got 100001/],
      [['bargain', FIXTURE, '--draws', '10000001'], /--draws must be at most 10000000; got 10000001/],
      [['sensitivity', UNC, '--sobol', '10000001'], /--sobol must be at most 10000000; got 10000001/],
    ];
    for (const [args, message] of cases) {
      const r = await cli(...args);
      expect(r.code, args.join(' ')).toBe(EXIT.usage);
      expect(r.err).toMatch(message);
    }
  });

  it('bargains over a grid at its maximum (100,000 values) in a 100 MB heap', { timeout: 300_000 }, async () => {
    const r = await pairsimCounting(100, ['bargain', FIXTURE, '--grid', '100000']);
    expect(r.err).toBe('');
    expect(r.code).toBe(EXIT.ok);
    expect(r.bytes).toBeGreaterThan(0);
  });
});
