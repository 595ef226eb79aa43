// View-side reshaping: difference to the reference column and shared y-domains.
import { describe, expect, test } from 'vitest';
import { CHARTS, chartRows, differenceRows, sharedDomains } from '../../ui/series.js';
import type { TidyRow } from '../../ui/protocol.js';

const row = (party: string, year: number, value: number, measure = 'taxRetained', world: TidyRow['world'] = 'deal'): TidyRow => ({
  year,
  party,
  world,
  measure,
  value,
});

describe('differenceRows', () => {
  test('subtracts the matching reference row and drops rows the reference lacks', () => {
    const col = [row('A', 2025, 5), row('B', 2025, 3), row('C', 2025, 9)];
    const ref = [row('A', 2025, 2), row('B', 2025, 3), row('A', 2025, 100, 'taxRetained', 'noDeal')];
    expect(differenceRows(col, ref)).toEqual([row('A', 2025, 3), row('B', 2025, 0)]);
  });
});

describe('sharedDomains', () => {
  test('one domain per chart over all columns, always including zero', () => {
    const d = sharedDomains([[row('A', 2025, 5)], [row('B', 2025, 12), row('B', 2025, -3, 'transfer')]]);
    expect(d.taxRetained).toEqual([0, 15]); // 12 widened to a multiple of 5
    expect(d.transfer).toEqual([-3, 0]); // already a multiple of 0.5
    expect(d.employment).toEqual([0, 1]);
  });

  test('small moves of the data leave the shared domain unchanged', () => {
    const a = sharedDomains([[row('A', 2025, 151)], [row('B', 2025, 40)]]);
    const b = sharedDomains([[row('A', 2025, 163)], [row('B', 2025, 40)]]);
    expect(a.taxRetained).toEqual([0, 200]);
    expect(b.taxRetained).toEqual(a.taxRetained);
    // …but a move past the bound widens it.
    expect(sharedDomains([[row('A', 2025, 201)]]).taxRetained).toEqual([0, 250]);
  });
});

describe('chartRows', () => {
  test('takes the chart measure in the chart worlds only', () => {
    const spec = CHARTS.find((c) => c.id === 'netFiscalGain')!;
    const rows = [row('A', 2025, 1, 'netFiscal', 'gain'), row('A', 2025, 2, 'netFiscal', 'deal'), row('A', 2025, 3, 'gdp', 'gain')];
    expect(chartRows(rows, spec)).toEqual([rows[0]]);
  });
});
