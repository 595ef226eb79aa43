// Output formats of the CLI: JSON, CSV (papaparse) and plain-text tables for a terminal.
import Papa from 'papaparse';

export function toCsv(rows: Record<string, unknown>[]): string {
  return Papa.unparse(rows, { newline: '\n' }) + '\n';
}

/** Round for display only; JSON and CSV keep full precision. */
export function fmt(v: unknown): string {
  if (v === null || v === undefined) return '—';
  if (typeof v !== 'number') return String(v);
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a !== 0 && a < 0.01) return v.toExponential(2);
  return v.toLocaleString('en-US', { maximumFractionDigits: a >= 100 ? 0 : 2 });
}

/** A fixed-width table: first column left-aligned, others right-aligned. */
export function table(header: string[], rows: unknown[][]): string {
  const cells = [header, ...rows.map((r) => r.map(fmt))];
  const width = header.map((_, j) => Math.max(...cells.map((r) => [...(r[j] ?? '')].length)));
  const line = (r: string[]) =>
    r.map((c, j) => (j === 0 ? c.padEnd(width[j]!) : c.padStart(width[j]!))).join('  ').trimEnd();
  return [line(cells[0]!), width.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n') + '\n';
}
