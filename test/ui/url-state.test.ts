// Shareable views: the hash round-trips, and malformed or hostile hashes give null or are trimmed.
import { describe, expect, test } from 'vitest';
import LZString from 'lz-string';
import { decodeView, encodeView, type ViewState } from '../../ui/url-state.js';

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
});
