// Shareable views: the hash round-trips, and malformed or hostile hashes give null or are trimmed.
import { describe, expect, test, vi } from 'vitest';
import LZString from 'lz-string';
import { URL_LIMIT, decodeView, encodeView, encodeViewWithin, type ViewState } from '../../ui/url-state.js';

describe('view in the URL hash', () => {
  test('round-trips columns, comparison positions, lever values, reference and difference', () => {
    const view: ViewState = {
      columns: [
        { path: 'scenarios/a.json', levers: { '/policy/agreement/to': 2035 } },
        { path: 'scenarios/comparisons/c.json', index: 2, levers: { '/policy/rules/x/basis': 'increment' } },
      ],
      reference: 1,
      difference: true,
    };
    expect(decodeView(encodeView(view))).toEqual(view);
  });

  test('rejects what is not a view and drops values that are neither numbers nor strings', () => {
    expect(decodeView('')).toBeNull();
    expect(decodeView('#v=not-lz')).toBeNull();
    const hostile = '#v=' + LZString.compressToEncodedURIComponent(JSON.stringify({ c: [{ p: 'x', l: { a: { nested: 1 }, b: 2 } }], r: 9 }));
    expect(decodeView(hostile)).toEqual({ columns: [{ path: 'x', levers: { b: 2 } }], reference: 0, difference: false });
    const tooMany = '#v=' + LZString.compressToEncodedURIComponent(JSON.stringify({ c: Array(9).fill({ p: 'x', l: {} }) }));
    expect(decodeView(tooMany)!.columns).toHaveLength(4);
  });

  test('a link from before cost splits keyed the project cost share by its first item; it still opens on the split lever', () => {
    const old = '#v=' + LZString.compressToEncodedURIComponent(JSON.stringify({ c: [{ p: 'x', l: { '/economy/projects/3/costs/0/shares/0/share/value': 0.3, '/economy/projects/3/costs/1/shares/0/share/value': 0.2 } }], r: 0 }));
    expect(decodeView(old)!.columns[0]!.levers).toEqual({ '/economy/projects/3/costs': 0.3, '/economy/projects/3/costs/1/shares/0/share/value': 0.2 });
  });

  test('refuses a link longer than the links it writes, before decompressing it', () => {
    // A valid view padded with a long (ignored) field: decodable when short, refused when long.
    const view = (pad: number) =>
      '#v=' + LZString.compressToEncodedURIComponent(JSON.stringify({ c: [{ p: 'x', l: {} }], z: 'q'.repeat(pad).split('').map((_, i) => i).join(',') }));
    const short = view(100);
    expect(short.length).toBeLessThan(URL_LIMIT);
    expect(decodeView(short)).not.toBeNull();
    const long = view(20_000);
    expect(long.length).toBeGreaterThan(URL_LIMIT + 3);
    expect(decodeView(long)).toBeNull();
  });

  test('round-trips scenario texts, column views, language, workshop mode and the year cursor', () => {
    const view: ViewState = {
      columns: [
        { path: 'scenarios/a.json', levers: {}, view: 'negotiation', bargain: '/policy/rules/*/statistics/originShare/value' },
        { text: '{"kind":"scenario"}', name: 'mine.json', levers: { '/discountRate/value': 0.03 }, view: 'uncertainty' },
      ],
      reference: 0,
      difference: false,
      lang: 'en',
      workshop: true,
      cursor: 2030,
    };
    expect(decodeView(encodeView(view))).toEqual(view);
  });

  test('a column must name a library file or carry a text, not both; unknown views and odd cursors are dropped', () => {
    const both = '#v=' + LZString.compressToEncodedURIComponent(JSON.stringify({ c: [{ p: 'x', t: '{}', l: {} }] }));
    expect(decodeView(both)).toBeNull();
    const odd = '#v=' + LZString.compressToEncodedURIComponent(JSON.stringify({ c: [{ p: 'x', l: {}, v: '<script>' }], g: 'fr', y: 'soon', w: 2 }));
    expect(decodeView(odd)).toEqual({ columns: [{ path: 'x', levers: {} }], reference: 0, difference: false });
  });

  test('a view longer than the URL limit leaves its scenario texts out and says how many', () => {
    // Incompressible text: random characters.
    let seed = 7;
    const noise = Array.from({ length: 20000 }, () => String.fromCharCode(33 + ((seed = (seed * 48271) % 2147483647) % 90))).join('');
    const view: ViewState = {
      columns: [
        { path: 'scenarios/a.json', levers: {} },
        { text: noise, name: 'big.json', levers: {} },
      ],
      reference: 1,
      difference: false,
    };
    expect(encodeView(view).length).toBeGreaterThan(URL_LIMIT);
    const { hash, dropped } = encodeViewWithin(view);
    expect(dropped).toBe(1);
    expect(hash.length).toBeLessThanOrEqual(URL_LIMIT);
    expect(decodeView(hash)).toEqual({ columns: [{ path: 'scenarios/a.json', levers: {} }], reference: 0, difference: false });
    const small = encodeViewWithin({ ...view, columns: [view.columns[0]!] });
    expect(small.dropped).toBe(0);
  });

  test('a text too long for any link is not compressed again when only a lever moves', () => {
    let seed = 11;
    const noise = Array.from({ length: 30000 }, () => String.fromCharCode(33 + ((seed = (seed * 48271) % 2147483647) % 90))).join('');
    const at = (x: number): ViewState => ({ columns: [{ text: noise, name: 'big.json', levers: { '/a': x } }, { path: 'scenarios/a.json', levers: {} }], reference: 0, difference: false });
    expect(encodeViewWithin(at(0.1)).dropped).toBe(1);
    const compress = vi.spyOn(LZString, 'compressToEncodedURIComponent');
    try {
      const moved = encodeViewWithin(at(0.2));
      expect(moved.dropped).toBe(1);
      expect(decodeView(moved.hash)).toEqual({ columns: [{ path: 'scenarios/a.json', levers: {} }], reference: 0, difference: false });
      // Only the short view without the text was compressed: never the 30,000-character text.
      expect(compress).toHaveBeenCalledTimes(1);
      expect(compress.mock.calls.every(([input]) => input.length < 1000)).toBe(true);
    } finally {
      compress.mockRestore();
    }
  });
});
