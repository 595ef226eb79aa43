// View-side reshaping: difference to the reference column and shared y-domains.
import { describe, expect, test } from 'vitest';
import { CHARTS, accumulated, chartRows, rowsByChart, differencePlan, differenceRows, measureUnit, roleKeys, sameDomains, sameRows, sharedDomains } from '../../ui/series.js';
import type { PartyInfo, TidyRow } from '../../ui/protocol.js';

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

const party = (id: string, tier: string): PartyInfo => ({ id, tier, name: { zh: id, en: id } });

describe('difference by party role', () => {
  const jinniu = [party('JN', 'core'), party('PZ', 'periphery')];
  const qingpu = [party('QP', 'core'), party('JS', 'periphery')];

  test('same parties meet by party; different pairs meet by role (core with core, periphery with periphery)', () => {
    expect(differencePlan(jinniu, jinniu).by).toBe('party');
    const plan = differencePlan(qingpu, jinniu);
    expect(plan.by).toBe('role');
    expect(plan.pairs).toEqual([
      { party: 'QP', reference: 'JN', role: 'core' },
      { party: 'JS', reference: 'PZ', role: 'periphery' },
    ]);
    // The order of the reference's parties does not matter, only their tiers.
    expect(differencePlan(qingpu, [...jinniu].reverse()).pairs.map((x) => x.reference)).toEqual(['JN', 'PZ']);
  });

  test('the rows subtract the counterpart of the same role and keep the column’s own party ids', () => {
    const plan = differencePlan(qingpu, jinniu);
    const col = [row('QP', 2025, 10), row('JS', 2025, 4), row('*', 2025, 0.3, 'theil')];
    const ref = [row('JN', 2025, 7), row('PZ', 2025, 5), row('*', 2025, 0.1, 'theil')];
    const diff = differenceRows(col, ref, plan);
    expect(diff.map((r) => [r.party, Number(r.value.toFixed(6))])).toEqual([['QP', 3], ['JS', -1], ['*', 0.2]]);
    // Without the plan nothing but the imbalance rows would meet: the empty charts of the issue.
    expect(differenceRows(col, ref).map((r) => r.party)).toEqual(['*']);
  });

  test('peers meet by their order; no common role gives no difference', () => {
    expect(roleKeys([party('A', 'peer'), party('B', 'peer')])).toEqual(new Map([['A', 'peer#1'], ['B', 'peer#2']]));
    expect(differencePlan([party('HH', 'peer'), party('BL', 'peer')], [party('X', 'peer'), party('Y', 'peer')]).pairs.map((x) => x.reference)).toEqual(['X', 'Y']);
    expect(differencePlan([party('HH', 'peer'), party('BL', 'peer')], jinniu)).toEqual({ by: 'none', pairs: [] });
  });
});

describe('measureUnit', () => {
  test('people, indices and money', () => {
    expect(measureUnit('employment')).toBe('persons');
    expect(measureUnit('employmentIndirect')).toBe('persons');
    expect(measureUnit('theil')).toBe('index');
    expect(measureUnit('taxRetained')).toBe('moneyPerYear');
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

  test('rows of a world a chart does not draw, and values that are not finite, leave its domain alone', () => {
    const d = sharedDomains([[row('A', 2025, 12), row('A', 2026, 900, 'taxRetained', 'gain'), row('A', 2027, Number.NaN), row('A', 2028, -40, 'netFiscal', 'deal')]]);
    expect(d.taxRetained).toEqual([0, 15]);
    // netFiscal is drawn in the gain world only: its deal row widens nothing.
    expect(d.netFiscalGain).toEqual([0, 1]);
    expect(sharedDomains([[row('A', 2028, -40, 'netFiscal', 'gain')]]).netFiscalGain).toEqual([-40, 0]);
  });
});

describe('rowsByChart', () => {
  test('gives every chart the rows chartRows gives it, in the same order', () => {
    const measures = [...new Set(CHARTS.map((c) => c.measure)), 'notCharted'];
    const worlds: TidyRow['world'][] = ['deal', 'noDeal', 'gain'];
    const rows = measures.flatMap((m, i) => worlds.flatMap((w, j) => [row('A', 2025 + j, i * 10 + j, m, w), row('B', 2026, -i, m, w)]));
    const byChart = rowsByChart(rows);
    for (const spec of CHARTS) {
      expect(byChart.get(spec.id)).toEqual(chartRows(rows, spec));
      expect(byChart.get(spec.id)!.length).toBe(2 * spec.worlds.length);
    }
  });
});

describe('chartRows', () => {
  test('takes the chart measure in the chart worlds only', () => {
    const spec = CHARTS.find((c) => c.id === 'netFiscalGain')!;
    const rows = [row('A', 2025, 1, 'netFiscal', 'gain'), row('A', 2025, 2, 'netFiscal', 'deal'), row('A', 2025, 3, 'gdp', 'gain')];
    expect(chartRows(rows, spec)).toEqual([rows[0]]);
  });
});

describe('accumulated', () => {
  test('sums one party’s gain rows up to the year (transfers from the deal rows)', () => {
    const rows = [
      row('A', 2025, 1, 'netFiscal', 'gain'),
      row('A', 2026, 2, 'netFiscal', 'gain'),
      row('A', 2027, 4, 'netFiscal', 'gain'),
      row('B', 2026, 100, 'netFiscal', 'gain'),
      row('A', 2026, 50, 'netFiscal', 'deal'),
      row('A', 2026, -3, 'transfer', 'deal'),
    ];
    expect(accumulated(rows, 'A', 'netFiscal', 2026)).toBe(3);
    expect(accumulated(rows, 'A', 'netFiscal', 2024)).toBe(0);
    expect(accumulated(rows, 'A', 'transfer', 2030)).toBe(-3);
  });
});

describe('sameRows and sameDomains (charts that did not change keep their arrays)', () => {
  const one = (value: number, year = 2030): TidyRow => row('A', year, value);
  test('equal by value, different on any value, key or length', () => {
    expect(sameRows([one(1), one(2)], [one(1), one(2)])).toBe(true);
    expect(sameRows([one(Number.NaN)], [one(Number.NaN)])).toBe(true);
    expect(sameRows([one(1), one(2)], [one(1), one(2.0000001)])).toBe(false);
    expect(sameRows([one(1)], [one(1, 2031)])).toBe(false);
    expect(sameRows([one(1)], [{ ...one(1), world: 'gain' }])).toBe(false);
    expect(sameRows([one(1)], [one(1), one(1)])).toBe(false);
    expect(sameDomains({ output: [0, 10] }, { output: [0, 10] })).toBe(true);
    expect(sameDomains({ output: [0, 10] }, { output: [0, 20] })).toBe(false);
    expect(sameDomains({ output: [0, 10] }, { output: [0, 10], gdpGain: [0, 1] })).toBe(false);
  });
});
