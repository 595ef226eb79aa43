// The view in the URL hash, so a view of library scenarios can be shared: which columns
// (library path, comparison position), lever values that differ, reference and difference.
// The hash is untrusted input: decode checks its shape; the worker checks every value.
import LZString from 'lz-string';
import type { LeverValues } from './protocol.js';

export interface ViewColumn {
  path: string;
  index?: number;
  levers: LeverValues;
}

export interface ViewState {
  columns: ViewColumn[];
  reference: number;
  difference: boolean;
}

const PREFIX = '#v=';
const MAX_COLUMNS = 4;

export function encodeView(view: ViewState): string {
  const compact = {
    c: view.columns.map((c) => ({ p: c.path, ...(c.index !== undefined ? { i: c.index } : {}), l: c.levers })),
    r: view.reference,
    d: view.difference ? 1 : 0,
  };
  return PREFIX + LZString.compressToEncodedURIComponent(JSON.stringify(compact));
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The view in a hash, or null when there is none or it is malformed. */
export function decodeView(hash: string): ViewState | null {
  if (!hash.startsWith(PREFIX)) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(LZString.decompressFromEncodedURIComponent(hash.slice(PREFIX.length)) ?? '');
  } catch {
    return null;
  }
  if (!isRecord(raw) || !Array.isArray(raw.c)) return null;
  const columns: ViewColumn[] = [];
  for (const c of raw.c.slice(0, MAX_COLUMNS)) {
    if (!isRecord(c) || typeof c.p !== 'string' || !isRecord(c.l)) return null;
    const levers: LeverValues = {};
    for (const [k, v] of Object.entries(c.l)) if (typeof v === 'number' || typeof v === 'string') levers[k] = v;
    const index = typeof c.i === 'number' && Number.isInteger(c.i) && c.i >= 0 && c.i < MAX_COLUMNS ? c.i : undefined;
    columns.push({ path: c.p, ...(index !== undefined ? { index } : {}), levers });
  }
  const reference = typeof raw.r === 'number' && Number.isInteger(raw.r) && raw.r >= 0 && raw.r < columns.length ? raw.r : 0;
  return { columns, reference, difference: raw.d === 1 };
}
