// The view in the URL hash, so any view can be shared: which columns (library path and
// comparison position, or the scenario text itself for files opened from disk and edited
// scenarios), lever values that differ, each column's view, reference, difference, language
// and workshop mode. Compressed with lz-string; the link is kept within URL_LIMIT characters.
// The hash is untrusted input: decode checks it against TypeBox schemas of the compact form; the worker validates every scenario
// text and lever value before use.
import LZString from 'lz-string';
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import type { LeverValues } from './protocol.js';

import type { ColumnViewName } from './events.js';
export type { ColumnViewName };
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
  // A text that cannot fit on its own is left out without compressing the whole view: a lever
  // moved on a column opened from a 1 MB file compressed that file again on every move (a
  // long task of the page's main thread).
  if (view.columns.some((c) => c.text !== undefined && !textCanFit(c.text, limit))) return withoutTexts(view, limit);
  const full = encodeView(view);
  if (full.length <= limit) return { hash: full, dropped: 0 };
  return withoutTexts(view, limit);
}

/**
 * False when a scenario text compressed alone is longer than `limit` (it cannot be in a link
 * whatever the rest of the view), remembered per text; true means "try the whole view".
 */
const textVerdicts = new Map<number, Map<string, boolean>>();
function textCanFit(text: string, limit: number): boolean {
  if (text.length <= limit) return true;
  const verdicts = textVerdicts.get(limit) ?? new Map<string, boolean>();
  textVerdicts.set(limit, verdicts);
  let fits = verdicts.get(text);
  if (fits === undefined) {
    fits = LZString.compressToEncodedURIComponent(text).length <= limit;
    if (verdicts.size >= 8) verdicts.clear();
    verdicts.set(text, fits);
  }
  return fits;
}

/** The view with the columns that carry their scenario text left out. */
function withoutTexts(view: ViewState, limit: number): { hash: string; dropped: number } {
  const kept = view.columns.filter((c) => c.text === undefined);
  const dropped = view.columns.length - kept.length;
  const ref = view.columns[view.reference];
  const reference = Math.max(0, ref ? kept.indexOf(ref) : 0);
  const hash = encodeView({ ...view, columns: kept, reference });
  return { hash: hash.length <= limit ? hash : '', dropped: hash.length <= limit ? dropped : view.columns.length };
}

/** Links written before a project's cost share became its cost-split lever (/economy/projects/P/costs) keyed it by the first item's pointer. */
const LEGACY_COST_SHARE = /^(\/economy\/projects\/\d+\/costs)\/0\/shares\/0\/share\/value$/;

// The compact form in the hash, as TypeBox schemas. A link is untrusted: the structure must
// match (else the link is malformed); optional fields that do not match their schema are
// dropped one by one, so a link from an older or newer version still opens what it can.
const CompactColumn = Type.Object({
  l: Type.Record(Type.String(), Type.Unknown()),
  p: Type.Optional(Type.String()),
  t: Type.Optional(Type.String()),
});
const CompactView = Type.Object({ c: Type.Array(Type.Unknown()) });
const LeverValue = Type.Union([Type.Number(), Type.String()]);
const Field = {
  index: Type.Integer({ minimum: 0, maximum: MAX_COLUMNS - 1 }),
  name: Type.String(),
  view: Type.Union(VIEWS.map((v) => Type.Literal(v))),
  bargain: Type.String({ pattern: '^/' }),
  lang: Type.Union([Type.Literal('en'), Type.Literal('zh-CN')]),
  flag: Type.Literal(1),
  cursor: Type.Integer({ exclusiveMinimum: 1000, exclusiveMaximum: 3000 }),
};
/** The value when it matches the field's schema, else undefined. */
const valid = <S extends TSchema>(schema: S, v: unknown): Static<S> | undefined => (Value.Check(schema, v) ? (v as Static<S>) : undefined);

/** Whether a link's hash is longer than any link we write: refused before decoding, at once. */
export function linkTooLong(hash: string): boolean {
  return hash.startsWith(PREFIX) && hash.length > PREFIX.length + URL_LIMIT;
}

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
  if (!Value.Check(CompactView, raw)) return null;
  const r = raw as Static<typeof CompactView> & Record<string, unknown>;
  const columns: ViewColumn[] = [];
  for (const column of r.c.slice(0, MAX_COLUMNS)) {
    if (!Value.Check(CompactColumn, column)) return null;
    const c = column as Static<typeof CompactColumn> & Record<string, unknown>;
    // Exactly one of a library path and a scenario text.
    if ((c.p === undefined) === (c.t === undefined)) return null;
    const levers: LeverValues = {};
    for (const [k, v] of Object.entries(c.l)) if (Value.Check(LeverValue, v)) levers[k.replace(LEGACY_COST_SHARE, '$1')] = v as number | string;
    const index = valid(Field.index, c.i);
    const view = valid(Field.view, c.v);
    const bargain = valid(Field.bargain, c.b);
    columns.push({
      ...(c.p !== undefined ? { path: c.p } : {}),
      ...(index !== undefined ? { index } : {}),
      ...(c.t !== undefined ? { text: c.t, name: valid(Field.name, c.n) ?? 'scenario.json' } : {}),
      levers,
      ...(view && view !== 'charts' ? { view } : {}),
      ...(bargain ? { bargain } : {}),
    });
  }
  const lang = valid(Field.lang, r.g);
  const cursor = valid(Field.cursor, r.y);
  const reference = valid(Type.Integer({ minimum: 0, maximum: columns.length - 1 }), r.r) ?? 0;
  return {
    columns,
    reference,
    difference: r.d === 1,
    ...(lang ? { lang } : {}),
    ...(valid(Field.flag, r.w) ? { workshop: true } : {}),
    ...(cursor !== undefined ? { cursor } : {}),
  };
}
