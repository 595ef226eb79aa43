// How many Monte Carlo web workers the page starts for a given navigator.hardwareConcurrency.
import { describe, expect, test } from 'vitest';
import { montecarloWorkers } from '../../ui/engine/analysis.js';

describe('Monte Carlo web workers', () => {
  test('every core on one or two cores, one left for the page from three, at most four', () => {
    expect([1, 2, 3, 4, 5, 8, 16].map(montecarloWorkers)).toEqual([1, 2, 2, 3, 4, 4, 4]);
  });
  test('an unknown core count (0, undefined, NaN) gives two', () => {
    expect(montecarloWorkers(0)).toBe(2);
    expect(montecarloWorkers(undefined as unknown as number)).toBe(2);
    expect(montecarloWorkers(Number.NaN)).toBe(2);
  });
});
