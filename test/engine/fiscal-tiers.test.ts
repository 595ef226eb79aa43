// Fiscal tiers: the local part of a tax is divided among province, prefecture-level city and
// the party's own budget; the sharing settlement applies to the tiers party to the agreement.
// Expected values are derived by hand from test/fixtures/two-project.json (see example.test.ts).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileScenario } from '../../engine/model/compile.js';
import { simulate } from '../../engine/model/simulate.js';
import { validateScenario } from '../../engine/schema/validate.js';
import type { Party, ResolvedScenario, SharedTiers } from '../../engine/schema/scenario.js';
import { at, loadFixture } from '../helpers.js';
import { scenarioArb } from '../arbitraries.js';

const A = 0;
const B = 1;
const Y = 3;
const share = (value: number) => ({ value, unit: 'share' as const, assumption: 'test value' });
const tiers = (province: number, prefecture: number, own: number): Party['fiscalTiers'] => ({
  province: share(province),
  prefecture: share(prefecture),
  own: share(own),
});

async function withTiers(sharedTiers: SharedTiers): Promise<ResolvedScenario> {
  const s = await loadFixture('test/fixtures/two-project.json');
  s.economy.parties[A]!.fiscalTiers = tiers(0.2, 0.3, 0.5);
  s.economy.parties[B]!.fiscalTiers = tiers(0.2, 0.2, 0.6);
  s.economy.fiscalAgreement = { sharedTiers, assumption: 'test' };
  const v = validateScenario(s);
  if (!v.ok) throw new Error(JSON.stringify(v.errors));
  return v.value;
}

describe('fiscal tiers', () => {
  // P1 in 2025: local tax 2.97 collected in B, tax rule 4:6 (origin A gets 0.4).
  it('a deal between two districts of one city shares only the district tier', async () => {
    const r = simulate(await compileScenario(await withTiers('own')));
    // B's own tier holds 0.6 × 2.97 = 1.782 of it; only that is split: A 0.4 × 1.782 = 0.7128.
    expect(at(r.deal.taxLocal, Y, B, 0)).toBeCloseTo(2.97, 10);
    expect(at(r.deal.taxRetained, Y, A, 0)).toBeCloseTo(0.7128, 10);
    expect(at(r.deal.transfer, Y, A, 0)).toBeCloseTo(0.7128, 10);
    // B keeps the rest: its city and province parts (0.4 × 2.97 = 1.188) and 0.6 × 1.782 = 1.0692 of its own tier.
    expect(at(r.deal.taxRetained, Y, B, 0)).toBeCloseTo(2.97 - 0.7128, 10);
    expect(at(r.deal.taxOwnBudget, Y, B, 0)).toBeCloseTo(1.0692, 10);
    // What A receives is district-tier money: all of it reaches A's own budget.
    expect(at(r.deal.taxOwnBudget, Y, A, 0)).toBeCloseTo(0.7128, 10);
  });

  it('a cross-provincial deal shares the whole local part; each party’s tiers then divide what it receives', async () => {
    const r = simulate(await compileScenario(await withTiers('all')));
    expect(at(r.deal.taxRetained, Y, A, 0)).toBeCloseTo(0.4 * 2.97, 10);
    // A's own budget gets its own-tier share 0.5 of 1.188; B's 0.6 of 1.782.
    expect(at(r.deal.taxOwnBudget, Y, A, 0)).toBeCloseTo(0.5 * 1.188, 10);
    expect(at(r.deal.taxOwnBudget, Y, B, 0)).toBeCloseTo(0.6 * 1.782, 10);
  });

  it('with the city tier in the agreement, the pool is the city and district parts', async () => {
    const r = simulate(await compileScenario(await withTiers('ownAndPrefecture')));
    // Pool at B: (0.2 + 0.6) × 2.97 = 2.376; A gets 0.4 × 2.376 = 0.9504 through its city and
    // district tiers (0.3 + 0.5), of which its own budget takes 0.5 / 0.8.
    expect(at(r.deal.taxRetained, Y, A, 0)).toBeCloseTo(0.9504, 10);
    expect(at(r.deal.taxOwnBudget, Y, A, 0)).toBeCloseTo((0.9504 * 0.5) / 0.8, 10);
    expect(at(r.deal.taxOwnBudget, Y, B, 0)).toBeCloseTo(0.6 * 2.97 * 0.6, 10);
  });

  it('without sharing, the retained revenue reaching each party is its own-tier share of the local tax', async () => {
    const r = simulate(await compileScenario(await withTiers('own')));
    // No deal, 2027: only P2's growth at the origin A, local tax 10 × 0.018 collected in A.
    expect(at(r.noDeal.taxRetained, Y, A, 2)).toBeCloseTo(0.18, 10);
    expect(at(r.noDeal.taxOwnBudget, Y, A, 2)).toBeCloseTo(0.5 * 0.18, 10);
    // The own budget's net fiscal gain: own-budget tax minus the costs it bears.
    const a = r.summary.parties[A]!;
    expect(a.cumulativeGain.netFiscalOwnBudget).toBeCloseTo(a.cumulativeGain.taxOwnBudget - a.cumulativeGain.cost, 10);
    expect(a.cumulativeGain.netFiscal).toBeCloseTo(a.cumulativeGain.taxRetained - a.cumulativeGain.cost, 10);
  });

  it('without tiers the whole local part reaches the party (the own budget is the retained tax)', async () => {
    const r = simulate(await compileScenario(await loadFixture('test/fixtures/two-project.json')));
    r.deal.taxOwnBudget.forEach((v, k) => expect(v).toBeCloseTo(r.deal.taxRetained[k]!, 12));
  });

  it('rejects tier shares that do not add up to 1', async () => {
    const s = await loadFixture('test/fixtures/two-project.json');
    s.economy.parties[B]!.fiscalTiers = tiers(0.2, 0.2, 0.5);
    const v = validateScenario(s);
    expect(v.ok).toBe(false);
    if (!v.ok) expect(v.errors).toContainEqual({ path: '/economy/parties/1/fiscalTiers', message: 'tier shares add up to 0.9; expected 1' });
  });

  it('the ledgers still add up for any tiers, and without a deal each own budget is its tier share of local tax (property)', async () => {
    const tierArb = fc
      .tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0.05, max: 1, noNaN: true }))
      .map(([p, c, o]) => {
        const t = p + c + o;
        return [p / t, c / t, 1 - p / t - c / t] as const;
      });
    await fc.assert(
      fc.asyncProperty(scenarioArb(), fc.array(tierArb, { minLength: 4, maxLength: 4 }), fc.constantFrom<SharedTiers>('own', 'ownAndPrefecture', 'all'), async (s, ts, shared) => {
        s.economy.parties.forEach((p, n) => (p.fiscalTiers = tiers(...ts[n]!)));
        s.economy.fiscalAgreement = { sharedTiers: shared, assumption: 'generated' };
        const r = simulate(await compileScenario(s));
        const N = r.parties.length;
        const Yr = r.years;
        for (const w of [r.deal, r.noDeal])
          for (let y = 0; y < Yr; y++) {
            let local = 0;
            let retained = 0;
            let transfer = 0;
            let scale = 1;
            for (let n = 0; n < N; n++) {
              const k = n * Yr + y;
              local += w.taxLocal[k]!;
              retained += w.taxRetained[k]!;
              transfer += w.transfer[k]!;
              scale += Math.abs(w.taxLocal[k]!) + Math.abs(w.taxRetained[k]!);
            }
            expect(Math.abs(retained - local)).toBeLessThanOrEqual(1e-9 * scale);
            expect(Math.abs(transfer)).toBeLessThanOrEqual(1e-9 * scale);
          }
        // Without a deal nothing is shared: each party's own budget is its own-tier share of its local tax.
        for (let n = 0; n < N; n++)
          for (let y = 0; y < Yr; y++) {
            const k = n * Yr + y;
            expect(r.noDeal.taxOwnBudget[k]!).toBeCloseTo(ts[n]![2] * r.noDeal.taxLocal[k]!, 6);
          }
      }),
      { numRuns: 80, seed: 20261201 },
    );
  });
});
