// JSON Pointer (RFC 6901), strict, in one place: overrides, levers, error paths, the UI.
// A pointer from a file or a link is untrusted, so reading and writing through one is
// stricter than plain property access: an array index is digits without leading zeros and
// within the array ("-", "01", "1e0", "length" are refused: writing `length` would silently
// remove every project), an object key must be an own property (or, when writing, a new
// key where the caller allows it), and prototype names are refused outright.

/** Segments no pointer may name, whatever the container. */
export const FORBIDDEN_SEGMENTS: ReadonlySet<string> = new Set(['__proto__', 'prototype', 'constructor']);

/** Escape one reference token: "~" → "~0", "/" → "~1". */
export const escapeSegment = (s: string): string => s.replace(/~/g, '~0').replace(/\//g, '~1');

/** Unescape one reference token; null when it has a "~" not followed by 0 or 1 (RFC 6901 §3). */
export function unescapeSegment(s: string): string | null {
  if (/~(?![01])/.test(s)) return null;
  return s.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** Build a pointer from unescaped segments. */
export const formatPointer = (segments: readonly (string | number)[]): string => segments.map((s) => `/${escapeSegment(String(s))}`).join('');

/** The unescaped segments of a pointer, or a reason it is not a pointer. */
export function parsePointer(pointer: string): { ok: true; segments: string[] } | { ok: false; problem: string } {
  if (pointer === '') return { ok: true, segments: [] };
  if (!pointer.startsWith('/')) return { ok: false, problem: 'a JSON Pointer must be empty or start with "/"' };
  const segments: string[] = [];
  for (const raw of pointer.slice(1).split('/')) {
    const seg = unescapeSegment(raw);
    if (seg === null) return { ok: false, problem: `"~" must be followed by 0 or 1 in "${raw.slice(0, 64)}"` };
    segments.push(seg);
  }
  return { ok: true, segments };
}

const ARRAY_INDEX = /^(0|[1-9][0-9]*)$/;

/** The key a segment names in a container, or why it names no data there. */
export function childKey(node: unknown, seg: string, at: string): { ok: true; key: string | number } | { ok: false; problem: string } {
  if (FORBIDDEN_SEGMENTS.has(seg)) return { ok: false, problem: `forbidden path segment "${seg}"` };
  if (Array.isArray(node)) {
    if (!ARRAY_INDEX.test(seg)) return { ok: false, problem: `"${at}" is a list: expected an index (digits, no leading zero), got "${seg.slice(0, 64)}"` };
    const i = Number(seg);
    if (i >= node.length) return { ok: false, problem: `"${at}" has ${node.length} items; no index ${seg}` };
    return { ok: true, key: i };
  }
  if (node === null || typeof node !== 'object') return { ok: false, problem: `no value at "${at}/${escapeSegment(seg)}"` };
  if (!Object.prototype.hasOwnProperty.call(node, seg)) return { ok: false, problem: `no value at "${at}/${escapeSegment(seg)}"` };
  return { ok: true, key: seg };
}

/** The value at a pointer, or undefined when it names no data (strictly, as above). */
export function getByPointer(root: unknown, pointer: string): unknown {
  const parsed = parsePointer(pointer);
  if (!parsed.ok) return undefined;
  let node = root;
  let at = '';
  for (const seg of parsed.segments) {
    const k = childKey(node, seg, at);
    if (!k.ok) return undefined;
    node = (node as Record<string | number, unknown>)[k.key];
    at += `/${escapeSegment(seg)}`;
  }
  return node;
}

/**
 * Set the value at a pointer; null on success, else why not. The parent must exist. With
 * `addKeys`, the last segment may add a new key to an object (never to a list), e.g. a
 * sunsetYear on a rule; callers validate the result again.
 */
export function setByPointer(root: unknown, pointer: string, value: unknown, options: { addKeys?: boolean } = {}): string | null {
  const parsed = parsePointer(pointer);
  if (!parsed.ok) return parsed.problem;
  const { segments } = parsed;
  if (!segments.length) return 'cannot replace the whole document';
  let node = root;
  let at = '';
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i]!;
    const last = i === segments.length - 1;
    let k = childKey(node, seg, at);
    if (!k.ok && last && options.addKeys && node !== null && typeof node === 'object' && !Array.isArray(node) && !FORBIDDEN_SEGMENTS.has(seg))
      k = { ok: true, key: seg };
    if (!k.ok) return k.problem;
    if (last) (node as Record<string | number, unknown>)[k.key] = value;
    else node = (node as Record<string | number, unknown>)[k.key];
    at += `/${escapeSegment(seg)}`;
  }
  return null;
}
