// Accounts beyond two parties: a special cooperation zone as its own statistical and fiscal
// account, three-way splits (byParty rules) and firms registered in a third party.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileScenario } from '../../engine/model/compile.js';
import { simulate, type WorldResult } from '../../engine/model/simulate.js';
import { validateScenario } from '../../engine/schema/validate.js';
import type { ResolvedScenario, ShareRule } from '../../engine/schema/scenario.js';
import { scenarioArb } from '../arbitraries.js';
import { at, loadFixture } from '../helpers.js';

const share = (value: number) => ({ value, unit: 'share' as const, assumption: 'generated' });
const unit = fc.double({ min: 0, max: 1, noNaN: true });
/** Three shares adding up to 1. */
const threeShares = fc.tuple(unit, unit, unit).map(([a, b, c]) => {
  const t = a + b + c || 1;
  return a + b + c ? [a / t, b / t, Math.max(0, 1 - a / t - b / t)] : [1, 0, 0];
});

function sums(w: WorldResult, f: 'output' | 'outputCredited' | 'gdp' | 'gdpCredited' | 'taxLocal' | 'taxRetained' | 'transfer', N: number, Y: number, y: number) {
  let sum = 0;
  let scale = 1;
  for (let n = 0; n < N; n++) {
    sum += w[f][n * Y + y]!;
    scale += Math.abs(w[f][n * Y + y]!);
  }
  return { sum, scale };
}

describe('three accounts', () => {
  it('generated three-account economies: the three ledgers add up every year (property)', async () => {
    const arb = fc.tuple(scenarioArb({ parties: 3 }), threeShares, threeShares, fc.array(fc.nat(2), { minLength: 8, maxLength: 8 }));
    await fc.assert(
      fc.asyncProperty(arb, async ([s, stat, tax, regs]) => {
        // The third party is a zone; every other category uses a three-way byParty split, and
        // some firms register in a party that is neither origin nor host.
        s.economy.parties[2]!.tier = 'zone';
        const byParty = (v: number[]): ShareRule => ({ kind: 'byParty', shares: ['a', 'b', 'c'].map((party, i) => ({ party, share: share(v[i]!) })) });
        Object.entries(s.policy.rules).forEach(([, r], i) => {
          if (i % 2 === 0) {
            r.statistics = byParty(stat);
            r.tax = byParty(tax);
            delete r.phases;
          }
        });
        s.economy.projects.forEach((p, i) => (p.registration = ['a', 'b', 'c'][regs[i]!]!));
        const v = validateScenario(s);
        if (!v.ok) throw new Error(JSON.stringify(v.errors.slice(0, 3)));
        const r = simulate(await compileScenario(v.value));
        const Y = r.years;
        for (const w of [r.deal, r.noDeal])
          for (let y = 0; y < Y; y++) {
            const out = sums(w, 'output', 3, Y, y);
            const cred = sums(w, 'outputCredited', 3, Y, y);
            expect(Math.abs(cred.sum - out.sum)).toBeLessThanOrEqual(1e-9 * (out.scale + cred.scale));
            const gdp = sums(w, 'gdp', 3, Y, y);
            const gdpC = sums(w, 'gdpCredited', 3, Y, y);
            expect(Math.abs(gdp.sum - gdpC.sum)).toBeLessThanOrEqual(1e-9 * (gdp.scale + gdpC.scale));
            const local = sums(w, 'taxLocal', 3, Y, y);
            const ret = sums(w, 'taxRetained', 3, Y, y);
            expect(Math.abs(ret.sum - local.sum)).toBeLessThanOrEqual(1e-9 * (local.scale + ret.scale));
            const tr = sums(w, 'transfer', 3, Y, y);
            expect(Math.abs(tr.sum)).toBeLessThanOrEqual(1e-9 * (local.scale + ret.scale));
          }
      }),
      { numRuns: 100, seed: 20261201 },
    );
  });

  /** The hand-computed fixture with a third party Z (a zone) and P1 registered in Z. */
  async function withZone(taxRule?: ShareRule): Promise<ResolvedScenario> {
    const s = await loadFixture('test/fixtures/two-project.json');
    const zone = structuredClone(s.economy.parties[1]!);
    zone.id = 'Z';
    zone.name = { zh: '合作区', en: 'Zone' };
    zone.tier = 'zone';
    s.economy.parties.push(zone);
    s.economy.projects[0]!.registration = 'Z';
    if (taxRule) s.policy.rules[s.economy.projects[0]!.category]!.tax = taxRule;
    const v = validateScenario(s);
    if (!v.ok) throw new Error(JSON.stringify(v.errors));
    return v.value;
  }

  it('a firm registered in a third party pays tax there, and that party keeps what the origin does not get', async () => {
    // P1: local tax 2.97 (same tax assignment in Z as in B), collected in Z; rule 4:6 → A 1.188, Z 1.782, host B none.
    const r = simulate(await compileScenario(await withZone()));
    const Y = 3;
    expect(at(r.deal.taxLocal, Y, 2, 0)).toBeCloseTo(2.97, 10);
    expect(at(r.deal.taxRetained, Y, 0, 0)).toBeCloseTo(1.188, 10);
    expect(at(r.deal.taxRetained, Y, 2, 0)).toBeCloseTo(1.782, 10);
    expect(at(r.deal.taxRetained, Y, 1, 0)).toBeCloseTo(0, 10);
    // Output is still produced (territorially) in B.
    expect(at(r.deal.gdp, Y, 1, 0)).toBeCloseTo(330, 10);
  });

  it('a three-way split gives each account its named share', async () => {
    const rule: ShareRule = {
      kind: 'byParty',
      shares: [
        { party: 'A', share: share(0.25) },
        { party: 'B', share: share(0.25) },
        { party: 'Z', share: share(0.5) },
      ],
    };
    const r = simulate(await compileScenario(await withZone(rule)));
    const Y = 3;
    expect(at(r.deal.taxRetained, Y, 0, 0)).toBeCloseTo(0.25 * 2.97, 10);
    expect(at(r.deal.taxRetained, Y, 1, 0)).toBeCloseTo(0.25 * 2.97, 10);
    expect(at(r.deal.taxRetained, Y, 2, 0)).toBeCloseTo(0.5 * 2.97, 10);
    expect(at(r.deal.transfer, Y, 2, 0)).toBeCloseTo(-0.5 * 2.97, 10);
  });

  it('rejects a byParty split that does not add up to 1 or names an unknown party', async () => {
    const s = await withZone();
    s.policy.rules['*'] = {
      statistics: { kind: 'byParty', shares: [{ party: 'A', share: share(0.5) }, { party: 'Q', share: share(0.4) }] },
      tax: { kind: 'none' },
      basis: 'all',
    };
    const v = validateScenario(s);
    expect(v.ok).toBe(false);
    if (!v.ok) {
      expect(v.errors).toContainEqual({ path: '/policy/rules/*/statistics/shares', message: 'shares add up to 0.9; expected 1' });
      expect(v.errors.map((e) => e.path)).toContain('/policy/rules/*/statistics/shares/1/party');
    }
  });
});
