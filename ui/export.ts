// Export a column's tidy rows as CSV (papaparse), for researchers' own tables and charts.
import Papa from 'papaparse';
import type { TidyRow } from './protocol.js';

export function rowsToCsv(rows: readonly TidyRow[]): string {
  return Papa.unparse(
    rows.map((r) => ({ year: r.year, party: r.party, world: r.world, measure: r.measure, value: r.value })),
    { columns: ['year', 'party', 'world', 'measure', 'value'], newline: '\n' },
  );
}

/** A safe file name from a scenario id. */
export function csvFileName(id: string): string {
  return `${id.replace(/[^A-Za-z0-9_-]/g, '_') || 'scenario'}.csv`;
}

export function downloadCsv(rows: readonly TidyRow[], id: string): void {
  // A BOM so spreadsheet programs read the UTF-8 party names correctly.
  const blob = new Blob(['\ufeff', rowsToCsv(rows)], { type: 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = csvFileName(id);
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
