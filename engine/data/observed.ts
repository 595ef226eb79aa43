// Observed series: published figures (year, party, measure, value, unit, source) to compare
// the model with, read from a CSV file or a scenario's `observed` block and checked against
// the report's own fields and units, so a figure in 万元 cannot be compared with one in 亿元.
import Papa from 'papaparse';
import { REPORT_FIELDS, REPORT_UNITS } from '../model/report.js';
import { LIMITS } from '../schema/scenario.js';

/** One observed figure. `where` says where it was read: "line 4" of a CSV, or a JSON Pointer. */
export interface ObservedPoint {
  year: number;
  party: string;
  measure: string;
  value: number;
  unit: string;
  source: string;
  where: string;
}

/** One problem with an observed file or block: where (CSV line or JSON Pointer) and what was expected. */
export interface ObservedIssue {
  where: string;
  message: string;
}

/** Thrown with every problem found; the CLI prints one line per issue and exits 1. */
export class ObservedError extends Error {
  constructor(readonly issues: ObservedIssue[]) {
    super(issues.map((i) => `${i.where}: ${i.message}`).join('; '));
    this.name = 'ObservedError';
  }
}

export const OBSERVED_COLUMNS = ['year', 'party', 'measure', 'value', 'unit', 'source'] as const;

/** At most this many observed points (a CSV is untrusted input, like a scenario). */
export const MAX_OBSERVED_POINTS = LIMITS.projects;

/**
 * Measures that can be observed, with their units: every field of the report's flow rows
 * (REPORT_FIELDS), read from the report module so fields added there (e.g. an account's
 * GDP) can be observed without a second list here.
 */
export function observableMeasures(): Record<string, string> {
  const units = REPORT_UNITS as Record<string, string>;
  return Object.fromEntries(REPORT_FIELDS.map((f) => [f, units[f] ?? '']));
}

/** A value from the file, quoted for a message: at most 64 characters (a CSV cell is untrusted). */
function quoted(v: string): string {
  return `"${v.length > 64 ? `${v.slice(0, 64)}…` : v}"`;
}

/** What observed points are checked against: party (or account) ids and the simulated years. */
export interface ObservedContext {
  parties: readonly string[];
  years: { from: number; to: number };
}

/**
 * Check points against a scenario: known party and measure, the measure's unit, a year the
 * scenario simulates, a finite value, a source, no duplicate (year, party, measure).
 */
export function observedIssues(points: readonly ObservedPoint[], ctx: ObservedContext): ObservedIssue[] {
  const measures = observableMeasures();
  const out: ObservedIssue[] = [];
  const seen = new Map<string, string>();
  if (!points.length) out.push({ where: 'observed', message: 'no observations; expected at least one' });
  for (const p of points) {
    if (!ctx.parties.includes(p.party))
      out.push({ where: p.where, message: `unknown party ${quoted(p.party)}; expected one of ${ctx.parties.join(', ')}` });
    const unit = measures[p.measure];
    if (unit === undefined)
      out.push({ where: p.where, message: `unknown measure ${quoted(p.measure)}; expected one of ${Object.keys(measures).join(', ')}` });
    else if (p.unit !== unit)
      out.push({ where: p.where, message: `unit ${quoted(p.unit)} does not match measure ${p.measure}, which is in ${unit}` });
    if (p.year < ctx.years.from || p.year > ctx.years.to)
      out.push({
        where: p.where,
        message: `year ${p.year} is outside the simulated years ${ctx.years.from}–${ctx.years.to}; extend the scenario's years (a scenario may start before the economy's base year)`,
      });
    const key = `${p.year}|${p.party}|${p.measure}`;
    const first = seen.get(key);
    if (first !== undefined) out.push({ where: p.where, message: `${p.measure} of ${p.party} in ${p.year} is already observed at ${first}` });
    else seen.set(key, p.where);
  }
  return out;
}

/** Line number (1-based) of a character offset. */
function lineAt(text: string, offset: number, from: { offset: number; line: number }): number {
  let line = from.line;
  for (let i = from.offset; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  from.offset = Math.min(offset, text.length);
  from.line = line;
  return line;
}

function numberCell(cell: string): number | null {
  const t = cell.trim();
  if (t === '') return null;
  const v = Number(t);
  return Number.isFinite(v) ? v : null;
}

/**
 * Parse an observed CSV (header year,party,measure,value,unit,source; columns in any order,
 * extra columns ignored). Syntax problems name the line; every row is checked for shape
 * (whole-number year, finite value, non-empty source). Throws ObservedError.
 */
export function parseObservedCsv(text: string): ObservedPoint[] {
  if (text.length > LIMITS.fileBytes) throw new ObservedError([{ where: 'line 1', message: `the file is more than ${LIMITS.fileBytes} characters` }]);
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const rows: { cells: string[]; line: number }[] = [];
  const issues: ObservedIssue[] = [];
  const cursor = { offset: 0, line: 1 };
  let start = 0;
  let tooMany = false;
  Papa.parse<string[]>(body, {
    header: false,
    delimiter: ',',
    skipEmptyLines: false,
    step: (result, parser) => {
      const line = lineAt(body, start, cursor);
      start = result.meta.cursor;
      // A row ends before its newline: skip it so the next row starts on the next line.
      if (body[start] === '\r') start++;
      if (body[start] === '\n') start++;
      for (const e of result.errors) issues.push({ where: `line ${line}`, message: `CSV syntax: ${e.message}` });
      const cells = result.data;
      if (cells.length === 1 && cells[0]!.trim() === '') return; // blank line
      if (rows.length > MAX_OBSERVED_POINTS) {
        tooMany = true;
        parser.abort();
        return;
      }
      rows.push({ cells, line });
    },
  });
  if (tooMany) throw new ObservedError([{ where: `line ${rows[rows.length - 1]!.line}`, message: `more than ${MAX_OBSERVED_POINTS} observations` }]);
  if (issues.length) throw new ObservedError(issues);
  const header = rows.shift();
  if (!header)
    throw new ObservedError([{ where: 'line 1', message: `the file is empty; expected a header ${OBSERVED_COLUMNS.join(',')} and at least one observation` }]);
  const names = header.cells.map((c) => c.trim());
  const column: Record<string, number> = {};
  const missing: string[] = [];
  for (const c of OBSERVED_COLUMNS) {
    const i = names.indexOf(c);
    if (i < 0) missing.push(c);
    else column[c] = i;
  }
  if (missing.length)
    throw new ObservedError([
      { where: `line ${header.line}`, message: `header lacks column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}; expected ${OBSERVED_COLUMNS.join(',')}` },
    ]);
  if (!rows.length)
    throw new ObservedError([{ where: `line ${header.line + 1}`, message: 'no observations after the header; expected at least one row' }]);
  const points: ObservedPoint[] = [];
  for (const { cells, line } of rows) {
    const where = `line ${line}`;
    const cell = (c: (typeof OBSERVED_COLUMNS)[number]) => (cells[column[c]!] ?? '').trim();
    if (cells.length < names.length) {
      issues.push({ where, message: `has ${cells.length} fields; the header has ${names.length}` });
      continue;
    }
    const year = numberCell(cell('year'));
    const value = numberCell(cell('value'));
    if (year === null || !Number.isInteger(year)) issues.push({ where, message: `year ${quoted(cell('year'))} is not a whole number` });
    if (value === null) issues.push({ where, message: `value ${quoted(cell('value'))} is not a number` });
    if (!cell('source')) issues.push({ where, message: 'source is empty; say where the figure was published' });
    if (year === null || value === null) continue;
    points.push({ year, party: cell('party'), measure: cell('measure'), value, unit: cell('unit'), source: cell('source'), where });
  }
  if (issues.length) throw new ObservedError(issues);
  return points;
}

/** The points of a scenario's `observed` block, located by JSON Pointer. */
export function observedFromBlock(block: readonly { year: number; party: string; measure: string; value: number; unit: string; source: string }[]): ObservedPoint[] {
  return block.map((p, i) => ({ year: p.year, party: p.party, measure: p.measure, value: p.value, unit: p.unit, source: p.source, where: `/observed/${i}` }));
}

/** Parse and check: the points, or an ObservedError naming each problem's line. */
export function readObservedCsv(text: string, ctx: ObservedContext): ObservedPoint[] {
  const points = parseObservedCsv(text);
  const issues = observedIssues(points, ctx);
  if (issues.length) throw new ObservedError(issues);
  return points;
}
