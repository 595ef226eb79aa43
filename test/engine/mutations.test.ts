// Tests written to kill three mutations that slipped past the others (issue 18 item 8):
// the sharing window ending one year early, payback requiring a strictly positive balance,
// and jobs counted at the registration party instead of the host. Each expected number is
// derived in the comments from the hand-computed fixture (test/fixtures/two-project.json).
import { describe, expect, it } from 'vitest';
import { compileScenario } from '../../engine/model/compile.js';
import { simulate } from '../../engine/model/simulate.js';
import type { ResolvedScenario } from '../../engine/schema/scenario.js';
import { at, loadFixture } from '../helpers.js';

const A = 0;
const B = 1;
const Y = 3; // 2025, 2026, 2027

/** The fixture with P1 only (origin A, plant and registration in B, 100 亿元/yr from 2025, statistics 5:5). */
async function p1Only(): Promise<ResolvedScenario> {
  const s = structuredClone(await loadFixture('test/fixtures/two-project.json'));
  s.economy.projects = s.economy.projects.filter((p) => p.id === 'P1');
  return s;
}

describe('the sharing window includes both of its edge years', () => {
  // With sharing, A is credited 50 of P1's 100 (statistics 5:5); without, nothing (host keeps it).
  it('agreement 2025–2026: shared in 2026 (its last year), not in 2027', async () => {
    const s = await p1Only();
    s.policy.agreement = { ...s.policy.agreement, from: 2025, to: 2026 };
    const deal = simulate(await compileScenario(s)).deal;
    expect([0, 1, 2].map((y) => at(deal.outputCredited, Y, A, y))).toEqual([50, 50, 0]);
    expect([0, 1, 2].map((y) => at(deal.outputCredited, Y, B, y))).toEqual([50, 50, 100]);
  });

  it('agreement from 2026: not shared in 2025, shared from its first year 2026', async () => {
    const s = await p1Only();
    s.policy.agreement = { ...s.policy.agreement, from: 2026, to: 2030 };
    const deal = simulate(await compileScenario(s)).deal;
    expect([0, 1, 2].map((y) => at(deal.outputCredited, Y, A, y))).toEqual([0, 50, 50]);
  });

  it('a sunset year is the last shared year', async () => {
    const s = await p1Only();
    (s.policy.rules.joint as { sunsetYear?: number }).sunsetYear = 2025;
    const deal = simulate(await compileScenario(s)).deal;
    expect([0, 1, 2].map((y) => at(deal.outputCredited, Y, A, y))).toEqual([50, 0, 0]);
  });

  it('a JSONata rule sees agreementYear 1 in the first year of the window and is applied in its last', async () => {
    const s = await p1Only();
    s.policy.agreement = { ...s.policy.agreement, from: 2025, to: 2026 };
    s.policy.rules.joint!.statistics = { kind: 'expression', jsonata: 'agreementYear = 1 ? 0.3 : 0.6', assumption: 'test' } as never;
    const deal = simulate(await compileScenario(s)).deal;
    // 2025: 0.3 × 100; 2026 (last year of the window): 0.6 × 100; 2027: outside, nothing.
    expect([0, 1, 2].map((y) => at(deal.outputCredited, Y, A, y))).toEqual([30, 60, 0]);
  });
});

describe('payback counts a balance of exactly zero as paid back', () => {
  it('an uninvolved third party (no projects, no costs) is paid back in the first year', async () => {
    const s = structuredClone(await loadFixture('test/fixtures/two-project.json'));
    const c = structuredClone(s.economy.parties[B]!);
    c.id = 'C';
    c.name = { zh: '丙县', en: 'County C' };
    s.economy.parties.push(c);
    const summary = simulate(await compileScenario(s)).summary;
    const third = summary.parties.find((p) => p.party === 'C')!;
    expect(third.cumulativeGain.netFiscal).toBe(0);
    expect(third.paybackYear).toBe(2025);
    // The involved parties are not affected by the third.
    expect(summary.parties.find((p) => p.party === 'A')!.paybackYear).not.toBe(2025);
  });
});

describe('jobs are counted where the plant is (host), not where the firm is registered', () => {
  it('P1 registered at its origin A but producing in B: 1,000 jobs in B, none in A', async () => {
    const s = await p1Only();
    s.economy.projects[0]!.registration = 'A';
    const deal = simulate(await compileScenario(s)).deal;
    // 100 亿元/yr × 10 persons per 亿元/yr = 1,000 jobs at the plant in B, every year.
    expect([0, 1, 2].map((y) => at(deal.employment, Y, B, y))).toEqual([1000, 1000, 1000]);
    expect([0, 1, 2].map((y) => at(deal.employment, Y, A, y))).toEqual([0, 0, 0]);
    // Tax is collected at the registration party A (VAT 3.9 + CIT 2.5 + PIT 0.05 = 6.45).
    expect(at(deal.taxCollected, Y, A, 0)).toBeCloseTo(6.45, 10);
    expect(at(deal.taxCollected, Y, B, 0)).toBeCloseTo(0, 10);
  });
});
