// The first check at every door (file, URL, worker message, drag-and-drop): is this a plain
// JSON value of bounded size? One iterative walk, before the schema validator runs, so a
// ten-million-element array, a 10k-deep nesting, a cycle or a Map is refused quickly and
// without a stack overflow; the messages name the limit that was exceeded.
import { LIMITS } from './scenario.js';
import { escapeSegment } from '../pointer.js';
import type { ValidationIssue } from './issue.js';

export const UNTRUSTED_LIMITS = {
  /** Nesting depth of objects and arrays (a scenario file needs about 12). */
  depth: 32,
  /** Items in one array: the longest list of the format is an economy's projects. */
  arrayLength: LIMITS.projects,
  /** Fields of one object (the largest, a policy's rules, has at most categories + 1). */
  keysPerObject: 256,
  /** Length of a field name (every field name of the format, and every id, is shorter). */
  keyLength: LIMITS.idLength,
  /** Length of one string (the longest text field of the format). */
  stringLength: LIMITS.textLength,
  /** Values (objects, arrays, strings, numbers…) in the whole document. */
  nodes: 1_000_000,
  /** Characters in all strings and field names together (a file may have at most LIMITS.fileBytes bytes). */
  totalChars: LIMITS.fileBytes,
} as const;

const U = UNTRUSTED_LIMITS;

/**
 * Characters no scenario text needs and an attacker can use: C0/C1 controls other than tab
 * and line breaks (terminal escape sequences) and bidirectional overrides (text that reads
 * differently from what it says).
 */
// eslint-disable-next-line no-control-regex
const FORBIDDEN_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
const codePoint = (s: string) => {
  const c = FORBIDDEN_CHARS.exec(s)![0];
  return `U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
};
const escapeKey = escapeSegment;

interface Frame {
  value: unknown;
  depth: number;
  parent: Frame | null;
  key: string;
}

function pathOf(f: Frame, prefix: string): string {
  const parts: string[] = [];
  for (let x: Frame | null = f; x && x.parent; x = x.parent) parts.push(escapeKey(x.key.length > 80 ? `${x.key.slice(0, 80)}…` : x.key));
  return prefix + parts.reverse().map((p) => `/${p}`).join('');
}

function kindOf(value: object): string {
  const name = (Object.getPrototypeOf(value) as { constructor?: { name?: unknown } } | null)?.constructor?.name;
  return typeof name === 'string' && name ? name : 'non-plain object';
}

/**
 * Structural issues of an untrusted value: only null, booleans, finite numbers, strings
 * (without control or direction-override characters), arrays and plain objects, within
 * UNTRUSTED_LIMITS. Size problems stop the walk at once
 * (going on is the attack); non-finite numbers are collected (up to 50).
 * @param prefix JSON Pointer prepended to the paths.
 */
export function untrustedShapeIssues(value: unknown, prefix = ''): ValidationIssue[] {
  const out: ValidationIssue[] = [];
  const stack: Frame[] = [{ value, depth: 0, parent: null, key: '' }];
  let nodes = 0;
  let chars = 0;
  while (stack.length) {
    const f = stack.pop()!;
    const v = f.value;
    const fail = (message: string) => [...out, { path: pathOf(f, prefix), message }];
    if (++nodes > U.nodes) return fail(`the document has more than ${U.nodes} values (limit ${U.nodes})`);
    switch (typeof v) {
      case 'string':
        if (v.length > U.stringLength) return fail(`text of ${v.length} characters is longer than the limit of ${U.stringLength}`);
        if (FORBIDDEN_CHARS.test(v)) return fail(`text contains the control or direction-override character ${codePoint(v)}`);
        chars += v.length;
        if (chars > U.totalChars) return fail(`the document has more than ${U.totalChars} characters of text (limit ${U.totalChars})`);
        continue;
      case 'number':
        if (!Number.isFinite(v)) {
          out.push({ path: pathOf(f, prefix), message: 'expected a finite number' });
          if (out.length >= 50) return out;
        }
        continue;
      case 'boolean':
        continue;
      case 'object':
        break;
      default:
        return fail(`expected a JSON value (null, boolean, number, string, list or object); got ${typeof v}`);
    }
    if (v === null) continue;
    if (f.depth >= U.depth) return fail(`nesting deeper than ${U.depth} levels (limit ${U.depth}; a cycle also ends here)`);
    if (Array.isArray(v)) {
      if (v.length > U.arrayLength) return fail(`a list of ${v.length} items is longer than the limit of ${U.arrayLength}`);
      for (let i = v.length - 1; i >= 0; i--) {
        if (!(i in v)) return fail(`a list with a hole at index ${i} (expected a JSON value)`);
        stack.push({ value: v[i], depth: f.depth + 1, parent: f, key: String(i) });
      }
      continue;
    }
    const proto = Object.getPrototypeOf(v) as unknown;
    if (proto !== Object.prototype && proto !== null) return fail(`expected a plain JSON object; got a ${kindOf(v)}`);
    const keys = Object.keys(v);
    if (keys.length > U.keysPerObject) return fail(`an object with ${keys.length} fields exceeds the limit of ${U.keysPerObject}`);
    for (let i = keys.length - 1; i >= 0; i--) {
      const k = keys[i]!;
      if (k.length > U.keyLength) return fail(`a field name of ${k.length} characters is longer than the limit of ${U.keyLength}`);
      if (FORBIDDEN_CHARS.test(k)) return fail(`a field name contains the control or direction-override character ${codePoint(k)}`);
      chars += k.length;
      const child = (v as Record<string, unknown>)[k];
      // An undefined field is what JSON would drop: treat it as absent.
      if (child !== undefined) stack.push({ value: child, depth: f.depth + 1, parent: f, key: k });
    }
    if (chars > U.totalChars) return fail(`the document has more than ${U.totalChars} characters of text (limit ${U.totalChars})`);
  }
  return out;
}
