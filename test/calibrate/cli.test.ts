// pairsim run --observed and pairsim calibrate as a user runs them: exit codes, messages that
// name the CSV line, the documented JSON, and a written scenario that validates and reproduces
// the fitted metrics.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../engine/cli/main.js';

async function pairsim(...args: string[]) {
  let out = '';
  let err = '';
  const code = await main(args, { out: (t) => void (out += t), err: (t) => void (err += t), errIsTty: false });
  return { code, out, err };
}

const dir = mkdtempSync(join(tmpdir(), 'pairsim-calibrate-'));
const fixture = 'test/fixtures/two-project.json';
const HEADER = 'year,party,measure,value,unit,source';
function csv(name: string, ...rows: string[]): string {
  const path = join(dir, name);
  writeFileSync(path, [HEADER, ...rows].join('\n') + '\n');
  return path;
}

// The fixture's deal world: output of B is 100, 130, 140 in 2025–2027 (P1: 100 from 2025;
// P2: 40 × 1.5 synergy uplift, ramped over two years from 2026).
const figures = csv('b-output.csv', '2025,B,output,110,CNY_1e8/yr,test bulletin', '2027,B,output,150,CNY_1e8/yr,test bulletin');

describe('pairsim run --observed', { timeout: 60_000 }, () => {
  it('adds an observed section with residuals and metrics', async () => {
    const r = await pairsim('run', fixture, '--observed', figures);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out);
    const flows = report.flows as { year: number; party: string; output: number }[];
    const sim = (y: number) => flows.find((f) => f.year === y && f.party === 'B')!.output;
    expect(report.observed.file).toBe(figures);
    expect(report.observed.points.map((p: any) => [p.year, p.observed, p.simulated, p.residual])).toEqual([
      [2025, 110, sim(2025), sim(2025) - 110],
      [2027, 150, sim(2027), sim(2027) - 150],
    ]);
    const mape = (100 * (Math.abs(sim(2025) - 110) / 110 + Math.abs(sim(2027) - 150) / 150)) / 2;
    expect(report.observed.overall.mape).toBeCloseTo(mape, 10);
    expect(report.observed.series).toHaveLength(1);
  });

  it('exits 1 naming the CSV line for a unit mismatch, an unknown party or measure, and an empty file', async () => {
    const cases: [string, RegExp][] = [
      [csv('unit.csv', '2025,B,output,110,CNY_1e8/yr,x', '2026,B,employment,9,CNY_1e8/yr,x'), /unit.csv: line 3: unit "CNY_1e8\/yr" does not match measure employment, which is in person/],
      [csv('party.csv', '2025,Z,output,110,CNY_1e8/yr,x'), /party.csv: line 2: unknown party "Z"; expected one of A, B/],
      [csv('measure.csv', '2025,B,GDP,110,CNY_1e8/yr,x'), /measure.csv: line 2: unknown measure "GDP"/],
    ];
    const empty = join(dir, 'empty.csv');
    writeFileSync(empty, '');
    cases.push([empty, /empty.csv: line 1: the file is empty/]);
    for (const [file, message] of cases)
      for (const command of ['run', 'calibrate']) {
        const r = await pairsim(command, fixture, '--observed', file);
        expect(r.code, `${command} ${file}`).toBe(1);
        expect(r.err).toMatch(message);
        expect(r.err.trim().split('\n')).toHaveLength(1);
        expect(r.out).toBe('');
      }
  });
});

describe('pairsim run --observed on a hostile CSV', { timeout: 60_000 }, () => {
  it('quotes at most 64 characters of a cell and escapes control characters, one line per problem', async () => {
    const long = 'Z'.repeat(100_000);
    const r = await pairsim('run', fixture, '--observed', csv('hostile.csv', `2025,${long},output,1,CNY_1e8/yr,x`, '2026,B,"out\u001b[2Jput",1,CNY_1e8/yr,x'));
    expect(r.code).toBe(1);
    const lines = r.err.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(new RegExp(`line 2: unknown party "Z{64}…"`));
    expect(lines[0]!.length).toBeLessThan(400);
    expect(r.err).not.toContain('\u001b');
  });
});

describe('pairsim calibrate', { timeout: 120_000 }, () => {
  it('fits the default parameters, lowers MAPE, and writes a scenario that validates and reproduces the metrics', async () => {
    const out = join(dir, 'calibrated.json');
    const r = await pairsim('calibrate', fixture, '--observed', figures, '--write', out);
    expect(r.code).toBe(0);
    const result = JSON.parse(r.out);
    // Default: the steady output of the largest project hosted by B (P1, index 0); one observed
    // measure of B in two years, but P1 has no growth, so only its size.
    expect(result.fitted.map((f: any) => f.path)).toEqual(['/economy/projects/0/steadyOutput/value']);
    expect(result.fitted[0]).toMatchObject({ before: 100, lo: 25, hi: 400, integer: false });
    expect(result.metrics.after.mape).toBeLessThan(result.metrics.before.mape);
    expect(result.residuals).toHaveLength(2);
    expect(Object.keys(result.residuals[0]).sort()).toEqual(['measure', 'observed', 'party', 'simulated', 'simulatedBefore', 'unit', 'year']);
    expect(Array.isArray(result.warnings)).toBe(true);

    const written = JSON.parse(readFileSync(out, 'utf8'));
    const steady = written.economy.projects[0].steadyOutput;
    expect(steady.value).toBe(result.fitted[0].after);
    expect(steady.assumption).toMatch(/^fitted to b-output\.csv by pairsim calibrate/);
    expect(steady.source).toBeUndefined();
    expect((await pairsim('validate', out)).code).toBe(0);
    // The written file carries its observations: a plain run reports the fitted metrics.
    const again = JSON.parse((await pairsim('run', out)).out);
    expect(again.observed.overall.mape).toBeCloseTo(result.metrics.after.mape, 9);
    const withFile = JSON.parse((await pairsim('run', out, '--observed', figures)).out);
    expect(withFile.observed.overall.rmse).toBeCloseTo(result.metrics.after.rmse, 9);
  });

  it('fits a start year as a whole number within the given bounds', async () => {
    // P2 (index 1) starts in 2026. Output of B by P2's start: 2025 → 140, 140; 2026 → 130, 140;
    // 2027 → 100, 130 in 2026 and 2027. The figures 100 and 120 are nearest to a 2027 start.
    const file = csv('start.csv', '2026,B,output,100,CNY_1e8/yr,x', '2027,B,output,120,CNY_1e8/yr,x');
    const r = await pairsim('calibrate', fixture, '--observed', file, '--fit', '/economy/projects/1/startYear/value=2025:2027', '--format', 'json');
    expect(r.code).toBe(0);
    const result = JSON.parse(r.out);
    expect(result.fitted[0]).toMatchObject({ integer: true, lo: 2025, hi: 2027 });
    expect(result.fitted[0].after).toBe(2027);
  });

  it('prints residual rows as CSV', async () => {
    const r = await pairsim('calibrate', fixture, '--observed', figures, '--format', 'csv');
    expect(r.code).toBe(0);
    expect(r.out.split('\n')[0]).toBe('year,party,measure,unit,observed,simulatedBefore,simulated');
    expect(r.out.trim().split('\n')).toHaveLength(3);
  });

  it('rejects bad --fit options and missing observations', async () => {
    expect((await pairsim('calibrate', fixture, '--observed', figures, '--fit', '/economy/projects/0/steadyOutput/value=a:b')).code).toBe(2);
    const none = await pairsim('calibrate', fixture);
    expect(none.code).toBe(2);
    expect(none.err).toMatch(/no observations: give --observed/);
    const unknown = await pairsim('calibrate', fixture, '--observed', figures, '--fit', '/economy/projects/9/steadyOutput/value');
    expect(unknown.code).toBe(1);
    expect(unknown.err).toMatch(/\/economy\/projects\/9\/steadyOutput\/value/);
    const outside = await pairsim('calibrate', fixture, '--observed', figures, '--fit', '/economy/projects/0/steadyOutput/value=-5:10');
    expect(outside.code).toBe(1);
    expect(outside.err).toMatch(/cannot reach -5/);
  });
});

describe('the library example (scenarios/chengdu-ecosystem.json)', { timeout: 120_000 }, () => {
  it('calibrates to the seed figures: the hand-solved size and growth, MAPE down, a valid written scenario', async () => {
    const out = join(dir, 'chengdu-ecosystem-calibrated.json');
    const r = await pairsim('calibrate', 'scenarios/chengdu-ecosystem.json', '--observed', 'scenarios/observed/chengdu-ecosystem.csv', '--write', out);
    expect(r.code).toBe(0);
    const result = JSON.parse(r.out);
    // Output S·(1+g)^(t−2016): S(1+g)² = 650 and S(1+g)⁷ = 920, so (1+g)⁵ = 920/650.
    const g = Math.pow(920 / 650, 1 / 5) - 1;
    const S = 650 / (1 + g) ** 2;
    const [size, growth] = result.fitted;
    expect(size.path).toBe('/economy/projects/0/steadyOutput/value');
    expect(growth.path).toBe('/economy/projects/0/growth/value');
    expect(size.after).toBeCloseTo(S, 4);
    expect(growth.after).toBeCloseTo(g, 7);
    expect(result.metrics.before.mape).toBeGreaterThan(20);
    expect(result.metrics.after.mape).toBeLessThan(1e-4);
    expect((await pairsim('validate', out)).code).toBe(0);
  });
});
