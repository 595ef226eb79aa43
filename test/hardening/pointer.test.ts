// Strict JSON Pointer (RFC 6901) for overrides, levers and error paths (engine/pointer.ts):
// array indices are digits without leading zeros within the list; `length` and prototype
// names are refused; escapes round-trip. A fuzz feeds hostile pointers to read and write.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeSegment, formatPointer, getByPointer, parsePointer, setByPointer, unescapeSegment } from '../../engine/pointer.js';
import { resolveScenario } from '../../engine/schema/resolve.js';
import { ScenarioError } from '../../engine/schema/validate.js';
import { readJson } from '../helpers.js';

const SEED = 18_2026_1201;

describe('JSON pointer: RFC 6901', () => {
  it('escapes and unescapes "~" and "/" in the right order', () => {
    expect(escapeSegment('a/b~c')).toBe('a~1b~0c');
    expect(unescapeSegment('~01')).toBe('~1'); // not "/": ~0 is decoded last
    expect(unescapeSegment('a~2')).toBeNull();
    expect(unescapeSegment('a~')).toBeNull();
    expect(parsePointer('')).toEqual({ ok: true, segments: [] });
    expect(parsePointer('/')).toEqual({ ok: true, segments: [''] });
    expect(parsePointer('a/b').ok).toBe(false);
    expect(parsePointer('/a~1b/~0')).toEqual({ ok: true, segments: ['a/b', '~'] });
  });

  it('round-trips any segments (fuzz)', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: fc.constantFrom('a', '/', '~', '0', '1', 'é', ' ') })), (segs) => {
        expect(parsePointer(formatPointer(segs))).toEqual({ ok: true, segments: segs });
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  const doc = () => ({ list: [10, 20, 30], obj: { 'a/b': 1, '~': 2, n: null as unknown } });

  it('reads only data: own keys, canonical indices within the list', () => {
    const d = doc();
    expect(getByPointer(d, '/list/0')).toBe(10);
    expect(getByPointer(d, '/list/2')).toBe(30);
    expect(getByPointer(d, '/obj/a~1b')).toBe(1);
    expect(getByPointer(d, '/obj/~0')).toBe(2);
    expect(getByPointer(d, '/obj/n')).toBeNull();
    for (const p of ['/list/length', '/list/3', '/list/-1', '/list/01', '/list/1e0', '/list/-', '/list/ 1', '/obj/toString', '/obj/__proto__', '/obj/constructor', '/list/0/x', '/obj/a~2b'])
      expect(getByPointer(d, p), p).toBeUndefined();
  });

  it('writes only where data is: `length`, out-of-range and non-canonical indices are refused with a reason', () => {
    const cases: [string, RegExp][] = [
      ['/list/length', /is a list: expected an index .* got "length"/],
      ['/list/-1', /expected an index/],
      ['/list/01', /expected an index/],
      ['/list/3', /has 3 items; no index 3/],
      ['/list/-', /expected an index/],
      ['/obj/__proto__', /forbidden path segment "__proto__"/],
      ['/constructor', /forbidden/],
      ['', /whole document/],
      ['list', /must be empty or start with/],
      ['/obj/x/y', /no value at "\/obj\/x"/],
    ];
    for (const [p, re] of cases) {
      const d = doc();
      expect(setByPointer(d, p, 0, { addKeys: true }), p).toMatch(re);
      expect(d).toEqual(doc());
    }
    const d = doc();
    expect(setByPointer(d, '/list/1', 7)).toBeNull();
    expect(setByPointer(d, '/obj/new', 1)).toMatch(/no value/);
    expect(setByPointer(d, '/obj/new', 1, { addKeys: true })).toBeNull();
    expect(d.list).toEqual([10, 7, 30]);
  });

  it('never writes outside the data for any pointer (fuzz): a write reads back at its pointer, a refusal changes nothing, Object.prototype is untouched', () => {
    const segment = fc.oneof(fc.constantFrom('list', 'obj', 'length', '0', '00', '2', '3', '-', '-1', '__proto__', 'constructor', 'prototype', 'a~1b', '~0', '~', 'toString', 'n', ''), fc.string({ maxLength: 4 }));
    fc.assert(
      fc.property(fc.array(segment, { maxLength: 4 }), fc.jsonValue(), (segs, value) => {
        const d = doc();
        const pointer = '/' + segs.join('/');
        const problem = setByPointer(d, pointer, value, { addKeys: true });
        expect(Object.keys(Object.prototype)).toEqual([]);
        if (problem !== null) expect(d).toEqual(doc());
        // A write lands exactly where the pointer reads back, as own data.
        else expect(getByPointer(d, pointer)).toEqual(value);
        // Nothing written below the list can change its length (`length` is not data).
        if (pointer.startsWith('/list/')) expect(d.list).toHaveLength(3);
      }),
      { seed: SEED + 1, numRuns: 500 },
    );
  });
});

describe('overrides use the strict pointer', () => {
  const library = (doc: unknown) => async () => doc;
  it.each([
    ['/economy/projects/length', 0, /"\/economy\/projects" is a list: expected an index/],
    ['/economy/projects/length', -1, /expected an index/],
    ['/economy/projects/01/steadyOutput/value', 1, /expected an index/],
    ['/economy/projects/99/steadyOutput/value', 1, /has 2 items; no index 99/],
    ['/policy/rules/a~1b', {}, /no value|key is not allowed/],
  ])('%s = %j is refused at the override with a reason', async (path, value, re) => {
    const doc = structuredClone((await readJson('test/fixtures/two-project.json')) as Record<string, unknown>);
    doc.overrides = [{ path, value }];
    const err = await resolveScenario(doc, 'x.json', library(null) as never).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ScenarioError);
    const issues = (err as ScenarioError).issues;
    expect(issues.map((i) => i.message).join('\n')).toMatch(re);
    expect(issues.every((i) => i.path.startsWith('/'))).toBe(true);
  });
});
