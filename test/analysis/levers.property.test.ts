// Properties of levers and bargaining over random lever values and scenario variants.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compileScenario } from '../../engine/model/compile.js';
import { simulate } from '../../engine/model/simulate.js';
import { setByPointer } from '../../engine/schema/resolve.js';
import { LeverModel, defaultLever } from '../../engine/analysis/levers.js';
import { bargain, gainFunction } from '../../engine/analysis/bargain.js';
import { Evaluation, M, MEASURE_INDEX } from '../../engine/analysis/measures.js';
import { twoPartyWithZopa } from './helpers.js';

const PATHS = [
  '/policy/rules/joint/tax/originShare/value',
  '/policy/rules/relocate/statistics/originShare/value',
  '/economy/projects/0/costs/0/shares/0/share/value',
  '/discountRate/value',
];

describe('lever model', () => {
  it('compiledAt(x) gives the same gains as compiling the scenario with x set', async () => {
    const s = twoPartyWithZopa();
    const models = await Promise.all(PATHS.map((p) => LeverModel.create(s, [p])));
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: PATHS.length - 1 }), fc.double({ min: 0, max: 1, noNaN: true }), async (k, x) => {
        const model = models[k]!;
        const copy = structuredClone(s);
        setByPointer(copy, PATHS[k]!, x);
        // A cost share lever moves the other party's share with it (the item still adds up to 1).
        if (k === 2) copy.economy.projects[0]!.costs![0]!.shares[1]!.share.value = 1 - x;
        expect(model.check([x])).toBeNull();
        const direct = simulate(await compileScenario(copy)).summary;
        const ev = new Evaluation(2, model.base.years);
        const buf = ev.run(model.compiledAt([x]), new Float64Array(2 * M));
        for (let n = 0; n < 2; n++) {
          expect(buf[n * M + MEASURE_INDEX.netFiscalPV]).toBeCloseTo(direct.parties[n]!.discountedGain.netFiscal, 9);
          expect(buf[n * M + MEASURE_INDEX.outputCredited]).toBeCloseTo(direct.parties[n]!.cumulativeGain.outputCredited, 9);
        }
      }),
      { seed: 2024, numRuns: 25 },
    );
  });
});

describe('ZOPA', () => {
  it('for random costs and horizons, interior bounds give the binding party zero gain and inside points make all gain', async () => {
    await fc.assert(
      fc.asyncProperty(fc.double({ min: 5, max: 60, noNaN: true }), fc.integer({ min: 2030, max: 2045 }), fc.double({ min: 0, max: 1, noNaN: true }), async (cost, to, t) => {
        const s = twoPartyWithZopa() as any;
        s.economy.projects[0].costs[0].amount.value = cost;
        s.years.to = to;
        s.policy.agreement.to = to;
        const model = await LeverModel.create(s, [defaultLever(s)]);
        const r = bargain(model, { grid: 41 });
        const { gains } = gainFunction(model);
        for (const iv of r.zopa?.intervals ?? []) {
          const scale = Math.max(1, ...gains(iv.from).map(Math.abs), ...gains(iv.to).map(Math.abs));
          if (iv.fromBinding) expect(Math.abs(gains(iv.from)[r.parties.indexOf(iv.fromBinding)]!)).toBeLessThan(1e-9 * scale);
          if (iv.toBinding) expect(Math.abs(gains(iv.to)[r.parties.indexOf(iv.toBinding)]!)).toBeLessThan(1e-9 * scale);
          const inside = iv.from + t * (iv.to - iv.from);
          for (const g of gains(inside)) expect(g).toBeGreaterThanOrEqual(-1e-9 * scale);
          if (r.nash) {
            // Nash gives every party a strictly positive gain and at least the product at the midpoint.
            const mid = gains((iv.from + iv.to) / 2);
            expect(r.nash.product).toBeGreaterThanOrEqual(mid[0]! * mid[1]! - 1e-9 * scale * scale);
          }
        }
        if (!r.zopa) expect(r.noZopa).toBeDefined();
      }),
      { seed: 77, numRuns: 15 },
    );
  });
});
