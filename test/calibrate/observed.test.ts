// Observed figures: CSV parsing with line numbers, checks against the report's fields and
// units, and the error metrics checked against hand computations.
import { describe, expect, it } from 'vitest';
import { ObservedError, observableMeasures, observedIssues, parseObservedCsv, readObservedCsv } from '../../engine/data/observed.js';
import { compareObserved } from '../../engine/analysis/calibrate.js';
import { REPORT_FIELDS, REPORT_UNITS } from '../../engine/model/report.js';

const HEADER = 'year,party,measure,value,unit,source';
const ctx = { parties: ['A', 'B'], years: { from: 2025, to: 2030 } };
const issuesOf = (text: string) => {
  try {
    readObservedCsv(text, ctx);
  } catch (err) {
    if (err instanceof ObservedError) return err.issues;
    throw err;
  }
  return [];
};

describe('observed CSV', () => {
  it('reads rows with their line numbers, skipping blank lines and quoted newlines', () => {
    const points = parseObservedCsv(`\ufeff${HEADER}\n2025,A,output,1.5,CNY_1e8/yr,"bulletin\nline two"\n\n2027,B,employment,1200,person,yearbook\r\n`);
    expect(points.map((p) => [p.where, p.year, p.party, p.measure, p.value])).toEqual([
      ['line 2', 2025, 'A', 'output', 1.5],
      ['line 5', 2027, 'B', 'employment', 1200],
    ]);
  });

  it('accepts columns in any order', () => {
    const [p] = parseObservedCsv('source,unit,value,measure,party,year\nx,person,3,employment,B,2026\n');
    expect(p).toMatchObject({ year: 2026, party: 'B', measure: 'employment', value: 3, unit: 'person', source: 'x' });
  });

  it('names the line of each problem', () => {
    expect(issuesOf('')).toEqual([{ where: 'line 1', message: expect.stringMatching(/^the file is empty/) }]);
    expect(issuesOf(`${HEADER}\n`)).toEqual([{ where: 'line 2', message: expect.stringMatching(/no observations after the header/) }]);
    expect(issuesOf('year,party,value\n2025,A,1\n')[0]).toEqual({ where: 'line 1', message: expect.stringMatching(/lacks columns measure, unit, source/) });
    const bad = issuesOf(
      [
        HEADER,
        '2025,A,output,10,CNY_1e8/yr,ok',
        '2026,A,output,10,CNY_1e4/yr,wrong unit',
        '2026,C,output,10,CNY_1e8/yr,unknown party',
        '2026,B,outputs,10,CNY_1e8/yr,unknown measure',
        '2040,B,output,10,CNY_1e8/yr,outside',
        '2025,A,output,11,CNY_1e8/yr,duplicate',
      ].join('\n'),
    );
    expect(bad.map((i) => i.where)).toEqual(['line 3', 'line 4', 'line 5', 'line 6', 'line 7']);
    expect(bad[0]!.message).toBe('unit "CNY_1e4/yr" does not match measure output, which is in CNY_1e8/yr');
    expect(bad[1]!.message).toMatch(/^unknown party "C"; expected one of A, B/);
    expect(bad[2]!.message).toMatch(/^unknown measure "outputs"; expected one of output, outputCredited/);
    expect(bad[3]!.message).toMatch(/^year 2040 is outside the simulated years 2025–2030/);
    expect(bad[4]!.message).toBe('output of A in 2025 is already observed at line 2');
    const shape = issuesOf(`${HEADER}\n2025.5,A,output,x,CNY_1e8/yr,\n`);
    expect(shape.map((i) => i.message)).toEqual([
      'year "2025.5" is not a whole number',
      'value "x" is not a number',
      'source is empty; say where the figure was published',
    ]);
  });

  it('takes its measures and units from the report fields', () => {
    const m = observableMeasures();
    expect(Object.keys(m)).toEqual([...REPORT_FIELDS]);
    for (const f of REPORT_FIELDS) expect(m[f]).toBe((REPORT_UNITS as Record<string, string>)[f]);
    expect(observedIssues([], ctx)).toEqual([{ where: 'observed', message: 'no observations; expected at least one' }]);
  });
});

describe('error metrics', () => {
  const point = (year: number, party: string, measure: string, value: number) => ({
    year, party, measure, value, unit: measure === 'employment' ? 'person' : 'CNY_1e8/yr', source: 's', where: 'x',
  });

  it('match a hand computation per series and overall', () => {
    // output of A: observed 100, 200; simulated 110, 180 → residuals +10, −20; relative +0.1, −0.1.
    // employment of B: observed 50; simulated 40 → residual −10, relative −0.2.
    const cmp = compareObserved([point(2025, 'A', 'output', 100), point(2026, 'A', 'output', 200), point(2025, 'B', 'employment', 50)], [110, 180, 40]);
    expect(cmp.points.map((p) => [p.residual, p.relative])).toEqual([
      [10, 0.1],
      [-20, -0.1],
      [-10, -0.2],
    ]);
    const [a, b] = cmp.series;
    expect(a).toMatchObject({ party: 'A', measure: 'output', unit: 'CNY_1e8/yr', n: 2 });
    expect(a!.mape).toBeCloseTo(10, 12);
    expect(a!.rmse).toBeCloseTo(Math.sqrt((100 + 400) / 2), 12);
    expect(a!.bias).toBeCloseTo(-5, 12);
    expect(b).toMatchObject({ party: 'B', measure: 'employment', unit: 'person', n: 1, rmse: 10, bias: -10 });
    expect(b!.mape).toBeCloseTo(20, 12);
    // Overall: relative residuals 0.1, −0.1, −0.2 in %.
    expect(cmp.overall.n).toBe(3);
    expect(cmp.overall.mape).toBeCloseTo(40 / 3, 12);
    expect(cmp.overall.rmse).toBeCloseTo(100 * Math.sqrt((0.01 + 0.01 + 0.04) / 3), 12);
    expect(cmp.overall.bias).toBeCloseTo((100 * -0.2) / 3, 12);
  });

  it('scales a zero observation by its series mean', () => {
    const cmp = compareObserved([point(2025, 'A', 'transfer', 0), point(2026, 'A', 'transfer', -4)], [1, -4]);
    expect(cmp.points[0]!.relative).toBeCloseTo(1 / 2, 12);
    expect(cmp.points[1]!.relative).toBe(0);
  });
});
