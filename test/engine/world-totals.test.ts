// fillWorld keeps the kernel's per-world totals (cost per party-year, first active year)
// equal to what a separate pass over the row tables derives.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileScenario, deriveWorldTotals } from '../../engine/model/compile.js';
import { scenarioArb } from '../arbitraries.js';

describe('world totals', () => {
  it('fillWorld gives the same costFlow and activeFrom as deriveWorldTotals', async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb(), async (s) => {
        const c = await compileScenario(s);
        for (const w of [c.deal, c.noDeal]) {
          const costFlow = Float64Array.from(w.costFlow);
          const activeFrom = Int32Array.from(w.activeFrom);
          deriveWorldTotals(w, c.years, c.parties.length);
          costFlow.forEach((v, k) => expect(v).toBeCloseTo(w.costFlow[k]!, 9));
          expect([...activeFrom]).toEqual([...w.activeFrom]);
        }
      }),
      { numRuns: 100, seed: 7 },
    );
  });
});
