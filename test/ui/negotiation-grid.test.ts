// Fair points at (nearly) the same lever value are grouped, so the view can draw them side by side.
import { describe, expect, test } from 'vitest';
import { clusterPoints, labelRows } from '../../ui/negotiation-grid.js';

describe('clusterPoints', () => {
  test('three fair points at 0.419 and one at 0.6 make two groups', () => {
    expect(clusterPoints([0.419, 0.6, 0.419, 0.4195], 0.02)).toEqual([[0, 2, 3], [1]]);
  });
  test('points further apart than the tolerance stay alone; chains join', () => {
    expect(clusterPoints([0.1, 0.2, 0.3], 0.05)).toEqual([[0], [1], [2]]);
    expect(clusterPoints([0.1, 0.14, 0.18], 0.05)).toEqual([[0, 1, 2]]);
    expect(clusterPoints([], 0.1)).toEqual([]);
  });
});

describe('labelRows', () => {
  test('overlapping labels go to further rows; a label that fits beside goes back to the first', () => {
    expect(labelRows([{ from: 0, to: 100 }, { from: 50, to: 150 }, { from: 120, to: 200 }, { from: 210, to: 260 }])).toEqual([0, 1, 0, 0]);
    expect(labelRows([{ from: 0, to: 100 }, { from: 10, to: 90 }, { from: 20, to: 80 }])).toEqual([0, 1, 2]);
    expect(labelRows([{ from: 300, to: 400 }, { from: 0, to: 100 }])).toEqual([0, 0]);
  });
});
