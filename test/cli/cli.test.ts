// The pairsim command line as a user runs it: output shape and exit codes (0 ok,
// 1 invalid input, 2 usage), one-line messages and never a stack trace.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

import { main } from '../../engine/cli/main.js';

/** The real process (bin/pairsim.mjs running the built CLI), for what only a process shows. */
function pairsimProcess(...args: string[]) {
  const r = spawnSync(process.execPath, ['bin/pairsim.mjs', ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** The same entry point in-process (fast): exit code and captured output. */
async function pairsim(...args: string[]) {
  let out = '';
  let err = '';
  const code = await main(args, { out: (t) => void (out += t), err: (t) => void (err += t), errIsTty: false });
  return { code, out, err };
}
const noStack = (text: string) => expect(text).not.toMatch(/\n\s+at .+:\d+:\d+/);

const dir = mkdtempSync(join(tmpdir(), 'pairsim-'));
const fixture = 'test/fixtures/two-project.json';

describe('pairsim', { timeout: 60_000 }, () => {
  it('run prints the documented JSON shape with the conservation invariants holding', () => {
    const r = pairsimProcess('run', fixture, '--format', 'json');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out);
    expect(report.scenario).toMatchObject({ id: 'hand-computed', title: { en: expect.any(String) } });
    expect(report.units.output).toBe('CNY_1e8/yr');
    expect(report.years).toEqual({ from: 2025, to: 2027 });
    expect(report.parties.map((p: any) => p.id)).toEqual(['A', 'B']);
    expect(report.flows).toHaveLength(6);
    expect(report.noDeal).toHaveLength(6);
    for (const f of ['output', 'outputCredited', 'taxCollected', 'taxLocal', 'taxRetained', 'transfer', 'employment', 'cost'])
      expect(report.flows[0]).toHaveProperty(f);
    for (const year of [2025, 2026, 2027]) {
      const rows = report.flows.filter((r: any) => r.year === year);
      const sum = (f: string) => rows.reduce((a: number, r: any) => a + r[f], 0);
      expect(sum('outputCredited')).toBeCloseTo(sum('output'), 9);
      expect(sum('taxRetained')).toBeCloseTo(sum('taxLocal'), 9);
      expect(sum('transfer')).toBeCloseTo(0, 9);
    }
    expect(report.summary.parties).toHaveLength(2);
  });

  it('run --format csv writes the flow rows of both worlds', async () => {
    const r = await pairsim('run', fixture, '--format', 'csv');
    expect(r.code).toBe(0);
    const lines = r.out.trim().split('\n');
    expect(lines[0]).toMatch(/^world,year,party,output,outputCredited,gdp,gdpCredited,taxCollected,taxLocal,taxRetained,taxOwnBudget,transfer,employment,cost\b/);
    expect(lines).toHaveLength(1 + 12);
    expect(lines[2]).toMatch(/^deal,2025,B,100,50,/);
  });

  it('validate exits 0 on a valid file and 1 with JSON-pointer lines on a broken one', async () => {
    expect(await pairsim('validate', fixture)).toMatchObject({ code: 0 });
    const doc = JSON.parse(readFileSync(fixture, 'utf8'));
    doc.economy.projects[0].host = 'Nowhere';
    delete doc.economy.projects[1].rampYears;
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, JSON.stringify(doc));
    const r = pairsimProcess('validate', broken);
    expect(r.code).toBe(1);
    const lines = r.err.trim().split('\n');
    expect(lines).toContain(`${broken}: /economy/projects/1: missing required field "rampYears"`);
    for (const line of lines) expect(line).toMatch(/^\S+: \/\S*: .+/);
    noStack(r.err);
  });

  it('validates the whole library with one glob, naming the schema file as skipped', async () => {
    const r = await pairsim('validate', 'scenarios/scenario.schema.json', 'scenarios/jinniu-pengzhou.json');
    expect(r.code).toBe(0);
    expect(r.out).toContain('scenarios/scenario.schema.json: skipped');
    expect(r.out).toContain('scenarios/jinniu-pengzhou.json: valid');
  });

  it('reports a JSON syntax error with line and column, exit 1', async () => {
    const bad = join(dir, 'syntax.json');
    writeFileSync(bad, '{\n  "kind": "scenario",\n  "id": oops\n}');
    for (const cmd of ['validate', 'run']) {
      const r = await pairsim(cmd, bad);
      expect(r.code).toBe(1);
      expect(r.err).toMatch(/not valid JSON at line 3, column \d+/);
      noStack(r.err);
    }
  });

  it('run on a missing file exits 1 with one line', async () => {
    const r = await pairsim('run', join(dir, 'absent.json'));
    expect(r.code).toBe(1);
    expect(r.err.trim().split('\n')).toHaveLength(1);
  });

  it('usage mistakes exit 2', async () => {
    expect((await pairsim()).code).toBe(2);
    expect((await pairsim('frobnicate')).code).toBe(2);
    expect((await pairsim('run')).code).toBe(2);
    const r = await pairsim('run', fixture, '--format', 'xml');
    expect(r.code).toBe(2);
    expect(r.err).toContain('--format must be one of json, csv');
    expect((await pairsim('run', fixture, '--colour')).code).toBe(2);
    expect((await pairsim('compare', fixture)).code).toBe(2);
  });

  it('compare puts scenarios side by side', async () => {
    const doc = JSON.parse(readFileSync(fixture, 'utf8'));
    doc.id = 'even-split';
    doc.policy.rules.joint.tax.originShare.value = 0.5;
    const other = join(dir, 'even.json');
    writeFileSync(other, JSON.stringify(doc));
    const table = await pairsim('compare', fixture, other);
    expect(table.code).toBe(0);
    expect(table.out.split('\n')[0]).toMatch(/hand-computed\s+even-split/);
    const json = JSON.parse((await pairsim('compare', fixture, other, '--format', 'json')).out);
    const taxA = json.scenarios.map((c: any) => c.summary.parties[0].cumulativeGain.taxRetained);
    // Moving P1's tax split from 4:6 to 5:5 gives A 0.1 × 2.97 more in each of three years.
    expect(taxA[1] - taxA[0]).toBeCloseTo(3 * 0.1 * 2.97, 9);
  });
});
