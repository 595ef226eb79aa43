// The view in the URL hash, so any view can be shared: which columns (library path and
// comparison position, or the scenario text itself for files opened from disk and edited
// scenarios), lever values that differ, each column's view, reference, difference, language
// and workshop mode. Compressed with lz-string; the link is kept within URL_LIMIT characters.
// The hash is untrusted input: decode checks its shape; the worker validates every scenario
// text and lever value before use.
import LZString from 'lz-string';
import type { LeverValues } from './protocol.js';

export type ColumnViewName = 'charts' | 'negotiation' | 'uncertainty';
const VIEWS: readonly ColumnViewName[] = ['charts', 'negotiation', 'uncertainty'];

export interface ViewColumn {
  /** A built-in library file… */
  path?: string;
  index?: number;
  /** …or a scenario's own text (opened from disk or edited), with its file name. */
  text?: string;
  name?: string;
  levers: LeverValues;
  view?: ColumnViewName;
  /** The lever the negotiation view bargains over (a JSON pointer; checked against the column's choices). */
  bargain?: string;
}

export interface ViewState {
  columns: ViewColumn[];
  reference: number;
  difference: boolean;
  lang?: 'en' | 'zh-CN';
  workshop?: boolean;
  /** Workshop year cursor. */
  cursor?: number;
}

const PREFIX = '#v=';
const MAX_COLUMNS = 4;
/** Longest hash we put in a link (characters); longer views leave their scenario texts out. */
export const URL_LIMIT = 8000;

export function encodeView(view: ViewState): string {
  const compact = {
    c: view.columns.map((c) => ({
      ...(c.path !== undefined ? { p: c.path } : {}),
      ...(c.index !== undefined ? { i: c.index } : {}),
      ...(c.text !== undefined ? { t: c.text, n: c.name ?? 'scenario.json' } : {}),
      l: c.levers,
      ...(c.view && c.view !== 'charts' ? { v: c.view } : {}),
      ...(c.bargain ? { b: c.bargain } : {}),
    })),
    r: view.reference,
    d: view.difference ? 1 : 0,
    ...(view.lang ? { g: view.lang } : {}),
    ...(view.workshop ? { w: 1 } : {}),
    ...(view.cursor !== undefined ? { y: view.cursor } : {}),
  };
  return PREFIX + LZString.compressToEncodedURIComponent(JSON.stringify(compact));
}

/**
 * Encode within the URL limit: when the full view is too long, columns that carry their
 * scenario text are left out (the caller explains and offers the file export instead).
 */
export function encodeViewWithin(view: ViewState, limit = URL_LIMIT): { hash: string; dropped: number } {
  const full = encodeView(view);
  if (full.length <= limit) return { hash: full, dropped: 0 };
  const kept = view.columns.filter((c) => c.text === undefined);
  const dropped = view.columns.length - kept.length;
  const ref = view.columns[view.reference];
  const reference = Math.max(0, ref ? kept.indexOf(ref) : 0);
  const hash = encodeView({ ...view, columns: kept, reference });
  return { hash: hash.length <= limit ? hash : '', dropped: hash.length <= limit ? dropped : view.columns.length };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The view in a hash, or null when there is none or it is malformed. */
export function decodeView(hash: string): ViewState | null {
  if (!hash.startsWith(PREFIX)) return null;
  // A link is untrusted: lz-string output can expand roughly with the square of its input,
  // so refuse anything longer than the links we write before decompressing it.
  if (hash.length > PREFIX.length + URL_LIMIT) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(LZString.decompressFromEncodedURIComponent(hash.slice(PREFIX.length)) ?? '');
  } catch {
    return null;
  }
  if (!isRecord(raw) || !Array.isArray(raw.c)) return null;
  const columns: ViewColumn[] = [];
  for (const c of raw.c.slice(0, MAX_COLUMNS)) {
    if (!isRecord(c) || !isRecord(c.l)) return null;
    const hasPath = typeof c.p === 'string';
    const hasText = typeof c.t === 'string';
    if (hasPath === hasText) return null;
    const levers: LeverValues = {};
    for (const [k, v] of Object.entries(c.l)) if (typeof v === 'number' || typeof v === 'string') levers[k] = v;
    const index = typeof c.i === 'number' && Number.isInteger(c.i) && c.i >= 0 && c.i < MAX_COLUMNS ? c.i : undefined;
    const view = VIEWS.find((v) => v === c.v);
    columns.push({
      ...(hasPath ? { path: c.p as string } : {}),
      ...(index !== undefined ? { index } : {}),
      ...(hasText ? { text: c.t as string, name: typeof c.n === 'string' ? c.n : 'scenario.json' } : {}),
      levers,
      ...(view && view !== 'charts' ? { view } : {}),
      ...(typeof c.b === 'string' && c.b.startsWith('/') ? { bargain: c.b } : {}),
    });
  }
  const reference = typeof raw.r === 'number' && Number.isInteger(raw.r) && raw.r >= 0 && raw.r < columns.length ? raw.r : 0;
  return {
    columns,
    reference,
    difference: raw.d === 1,
    ...(raw.g === 'en' || raw.g === 'zh-CN' ? { lang: raw.g } : {}),
    ...(raw.w === 1 ? { workshop: true } : {}),
    ...(typeof raw.y === 'number' && Number.isInteger(raw.y) && raw.y > 1000 && raw.y < 3000 ? { cursor: raw.y } : {}),
  };
}
