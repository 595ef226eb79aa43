// The run's rows cross from the engine worker to the page packed into typed arrays
// (ui/packed-rows.ts): what the page unpacks must be exactly the rows the session made.
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { packRows, packRun, packedBuffers, unpackRows, unpackRun } from '../../ui/packed-rows.js';
import type { RunResult, TidyRow } from '../../ui/protocol.js';

const row: fc.Arbitrary<TidyRow> = fc.record({
  year: fc.integer({ min: 1900, max: 2300 }),
  party: fc.constantFrom('JN', 'PZ', '*', '天府新区', ''),
  world: fc.constantFrom('deal', 'noDeal', 'gain'),
  measure: fc.constantFrom('output', 'taxRetained', 'netFiscal', 'theil', 'transfer'),
  value: fc.double(), // NaN, ±Infinity and -0 included
});

describe('packed rows', () => {
  test('unpack(pack(rows)) gives the same rows in the same order, value for value (NaN and -0 kept)', () => {
    fc.assert(
      fc.property(fc.array(row, { maxLength: 300 }), (rows) => {
        const back = unpackRows(packRows(rows));
        expect(back).toHaveLength(rows.length);
        back.forEach((r, i) => {
          const o = rows[i]!;
          expect([r.year, r.party, r.world, r.measure]).toEqual([o.year, o.party, o.world, o.measure]);
          expect(Object.is(r.value, o.value)).toBe(true);
        });
      }),
    );
  });

  test('names are listed once; the columns are typed arrays on their own buffers (transferable)', () => {
    const rows: TidyRow[] = [
      { year: 2025, party: 'JN', world: 'deal', measure: 'output', value: 1.5 },
      { year: 2025, party: 'PZ', world: 'gain', measure: 'output', value: -2 },
      { year: 2026, party: 'JN', world: 'noDeal', measure: 'theil', value: 0.004 },
    ];
    const p = packRows(rows);
    expect(p.parties).toEqual(['JN', 'PZ']);
    expect(p.measures).toEqual(['output', 'theil']);
    expect([...p.world]).toEqual([0, 2, 1]);
    expect(new Set(packedBuffers(p)).size).toBe(5);
  });

  test('a run answer keeps every other field; a refused run passes through', () => {
    const ok: RunResult = { ok: true, handle: 'h1', rows: [{ year: 2030, party: 'A', world: 'gain', measure: 'netFiscal', value: 3 }], summary: { x: 1 } as never, indirect: true, modes: [] };
    const wire = packRun(ok);
    expect('rows' in wire).toBe(false);
    expect(unpackRun(wire)).toEqual(ok);
    const refused: RunResult = { ok: false, handle: 'h1', issues: [{ path: '/policy', message: 'bad' }] };
    expect(unpackRun(packRun(refused))).toEqual(refused);
  });

  test('a row that cannot be packed (unknown world, fractional year) is an error, not a silent change', () => {
    expect(() => packRows([{ year: 2025.5, party: 'A', world: 'deal', measure: 'output', value: 1 }])).toThrow(/row 0/);
    expect(() => packRows([{ year: 2025, party: 'A', world: 'other' as never, measure: 'output', value: 1 }])).toThrow(/row 0/);
  });
});
