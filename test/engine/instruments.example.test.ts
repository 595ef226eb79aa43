// Policy instruments on the hand-computed two-project case (test/fixtures/two-project.json).
// P1: origin A, produced and registered in B, 100 亿元/yr from 2025, value added 30, profit 10
// (CIT 25%), 10 jobs per 亿元, local tax 2.97 a year; public cost 30 over 2025–2027 shared 5:5
// (A 5, B 5 a year); tax rule 4:6 and statistics 5:5. P2: a relocation (20 → 40 from 2026, no
// costs). Every expected number is derived in the comments.
import { describe, expect, it } from 'vitest';
import { compileScenario } from '../../engine/model/compile.js';
import { simulate, type SimulationResult } from '../../engine/model/simulate.js';
import { validateScenario } from '../../engine/schema/validate.js';
import type { ResolvedScenario } from '../../engine/schema/scenario.js';
import { at, loadFixture } from '../helpers.js';

const A = 0;
const B = 1;
const Y = 3;
const q = (value: number, unit: string) => ({ value, unit, assumption: 'test value' });
const shares = (a: number, b: number) => [
  { party: 'A', share: q(a, 'share') },
  { party: 'B', share: q(b, 'share') },
];

async function withInstruments(instruments: object, rounds?: object[]): Promise<SimulationResult> {
  const base = await loadFixture('test/fixtures/two-project.json');
  const s = { ...base, policy: { ...base.policy, instruments, ...(rounds ? { rounds } : {}) } } as ResolvedScenario;
  const v = validateScenario(s);
  if (!v.ok) throw new Error(JSON.stringify(v.errors));
  return simulate(await compileScenario(v.value));
}
const flows = (r: SimulationResult, key: string) => r.deal.instruments!.find((f) => f.key === key)!;

describe('instruments, hand-computed', async () => {
  const plain = simulate(await compileScenario(await loadFixture('test/fixtures/two-project.json')));

  it('joint fund: cost relief, contributions and returns', async () => {
    // Coverage ½ of P1's 10 a year: relief A 2.5, B 2.5; the fund raises 5 + 1 (infrastructure)
    // in shares 0.8 / 0.2 → contributions A −4.8, B −1.2. Between parties: A 2.5 − 0.8×5 = −1.5,
    // B +1.5. Cost A 5 − 2.5 + 4.8 = 7.3, B 5 − 2.5 + 1.2 = 3.7 in 2025. 2026: returns 10% of the
    // capital put in (5) = 0.5, split by contributions so far 4.8 : 1.2 → A 0.4, B 0.1.
    const r = await withInstruments({
      jointFund: {
        projects: ['P1'],
        contributionBasis: 'fixed',
        contributionShares: shares(0.8, 0.2),
        costCoverage: q(0.5, 'share'),
        annualInfrastructure: q(1, 'CNY_1e8/yr'),
        returnRate: q(0.1, '1/yr'),
        assumption: 'test',
      },
    });
    const f = flows(r, 'jointFund');
    expect(at(f.components.costRelief!, Y, A, 0)).toBeCloseTo(2.5, 10);
    expect(at(f.components.contribution!, Y, A, 0)).toBeCloseTo(-4.8, 10);
    expect(at(f.components.contribution!, Y, B, 0)).toBeCloseTo(-1.2, 10);
    expect(at(f.transfer, Y, A, 0)).toBeCloseTo(-1.5, 10);
    expect(at(f.transfer, Y, B, 0)).toBeCloseTo(1.5, 10);
    expect(at(r.deal.cost, Y, A, 0)).toBeCloseTo(7.3, 10);
    expect(at(r.deal.cost, Y, B, 0)).toBeCloseTo(3.7, 10);
    expect(at(f.components.returns!, Y, A, 0)).toBe(0);
    expect(at(f.components.returns!, Y, A, 1)).toBeCloseTo(0.4, 10);
    expect(at(f.components.returns!, Y, B, 1)).toBeCloseTo(0.1, 10);
    expect(at(r.deal.cost, Y, A, 1)).toBeCloseTo(6.9, 10);
    // The fund moves money only: output and tax are those without it.
    expect(Array.from(r.deal.output)).toEqual(Array.from(plain.deal.output));
    expect(Array.from(r.deal.taxRetained)).toEqual(Array.from(plain.deal.taxRetained));
  });

  it('joint fund: contributions in proportion to baseline GDP (A 1000, B 300)', async () => {
    const r = await withInstruments({
      jointFund: { projects: ['P1'], contributionBasis: 'gdp', costCoverage: q(1, 'share'), assumption: 'test' },
    });
    // The fund pays all 10 of P1's yearly cost; A pays 10 × 1000/1300.
    expect(at(flows(r, 'jointFund').components.contribution!, Y, A, 0)).toBeCloseTo((-10 * 1000) / 1300, 10);
    expect(at(r.deal.cost, Y, B, 0)).toBeCloseTo((10 * 300) / 1300, 10);
  });

  it('land quota: half of P1 is built in A, which pays for the quota', async () => {
    // Need 1 亩 per 亿元 × 100 = 100 亩; quota 50 → half of P1 in A. Payment 50 × 20 万元 = 0.1 亿元 in 2025.
    const r = await withInstruments({
      landQuota: { seller: 'B', buyer: 'A', projects: ['P1'], quota: q(50, 'mu'), pricePerMu: q(20, 'CNY_1e4/mu'), landPerOutput: q(1, 'mu/(CNY_1e8/yr)'), assumption: 'test' },
    });
    expect(at(r.deal.output, Y, A, 0)).toBeCloseTo(50, 10);
    expect(at(r.deal.output, Y, B, 0)).toBeCloseTo(50, 10);
    expect(at(r.deal.employment, Y, A, 0)).toBeCloseTo(500, 8);
    // Statistics: A's half stays with A; B's half 5:5 → A 75, B 25.
    expect(at(r.deal.outputCredited, Y, A, 0)).toBeCloseTo(75, 10);
    // Tax (registered in B, 2.97): A's half all to A (the place of production is the origin), B's half 4:6 → A 1.485 + 0.594.
    expect(at(r.deal.taxRetained, Y, A, 0)).toBeCloseTo(2.079, 10);
    expect(at(r.deal.taxRetained, Y, B, 0)).toBeCloseTo(0.891, 10);
    const f = flows(r, 'landQuota');
    expect(at(f.components.quotaPayment!, Y, A, 0)).toBeCloseTo(-0.1, 12);
    expect(at(f.components.quotaPayment!, Y, B, 0)).toBeCloseTo(0.1, 12);
    expect(at(f.components.quotaPayment!, Y, A, 1)).toBe(0);
    expect(at(r.deal.cost, Y, A, 0)).toBeCloseTo(5.1, 10);
    expect(at(r.deal.cost, Y, B, 0)).toBeCloseTo(4.9, 10);
    // Total output and cost are unchanged: the quota moves where the project is, not its size.
    expect(at(r.deal.output, Y, A, 0) + at(r.deal.output, Y, B, 0)).toBeCloseTo(at(plain.deal.output, Y, B, 0), 10);
  });

  it('new-firm tax sharing: firms from the cut-off year share 7:3, older ones keep the rule', async () => {
    const on = await withInstruments({ newFirmTax: { cutoffYear: q(2025, 'year'), split: 'fixed', originShare: q(0.7, 'share'), assumption: 'test' } });
    // P1 starts 2025 ≥ cut-off: A 0.7 × 2.97 = 2.079 (P2 is a relocated, existing firm: no change).
    expect(at(on.deal.taxRetained, Y, A, 0)).toBeCloseTo(2.079, 10);
    expect(at(on.deal.taxRetained, Y, A, 1) - at(plain.deal.taxRetained, Y, A, 1)).toBeCloseTo(2.079 - 1.188, 10);
    const later = await withInstruments({ newFirmTax: { cutoffYear: q(2026, 'year'), split: 'fixed', originShare: q(0.7, 'share'), assumption: 'test' } });
    expect(at(later.deal.taxRetained, Y, A, 0)).toBeCloseTo(1.188, 10);
  });

  it('joint venture: equity 2:8 decides who pays P1 and who gets its dividends', async () => {
    // Cost shift A 10 × (0.5 − 0.2) = +3, B −3; dividends ½ × 10 × (1 − 0.25) = 3.75 → A 0.75, B 3.
    const r = await withInstruments({ jointVenture: { projects: ['P1'], equity: shares(0.2, 0.8), dividendPayout: q(0.5, 'share'), assumption: 'test' } });
    const f = flows(r, 'jointVenture');
    expect(at(f.components.costShift!, Y, A, 0)).toBeCloseTo(3, 10);
    expect(at(f.components.dividends!, Y, B, 0)).toBeCloseTo(3, 10);
    expect(at(r.deal.cost, Y, A, 0)).toBeCloseTo(1.25, 10);
    expect(at(r.deal.cost, Y, B, 0)).toBeCloseTo(5, 10);
  });

  it('joint promotion: 10% more output of P1, P2 a year earlier, cost 2 a year split 5:5', async () => {
    const r = await withInstruments({
      jointPromotion: { projects: ['P1'], annualCost: q(2, 'CNY_1e8/yr'), costShares: shares(0.5, 0.5), outputGain: q(0.1, 'share'), assumption: 'test' },
    });
    expect(at(r.deal.output, Y, B, 0)).toBeCloseTo(110, 10);
    expect(at(r.deal.cost, Y, A, 0)).toBeCloseTo(6, 10);
    // P2 a year earlier: 2025 is its first ramp year, 20 + (40 − 20)/2 = 30 in B, −20 at A.
    const early = await withInstruments({
      jointPromotion: { projects: ['P2'], annualCost: q(0, 'CNY_1e8/yr'), costShares: shares(0.5, 0.5), outputGain: q(0, 'share'), startEarlier: q(1, 'years'), assumption: 'test' },
    });
    expect(at(early.deal.output, Y, B, 0)).toBeCloseTo(130, 10);
    expect(at(early.deal.output, Y, A, 0)).toBeCloseTo(-20, 10);
    expect(at(plain.deal.output, Y, B, 0)).toBeCloseTo(100, 10);
  });

  it('a round switches an instrument off for its years', async () => {
    const fund = {
      projects: ['P1'],
      contributionBasis: 'fixed',
      contributionShares: shares(1, 0),
      costCoverage: q(1, 'share'),
      assumption: 'test',
    };
    const r = await withInstruments({ jointFund: fund }, [
      { id: 'r2', name: { zh: '二', en: 'two' }, from: 2026, to: 2027, assumption: 'test', instruments: { jointFund: { enabled: false } } },
    ]);
    // 2025: A pays all 10; 2026–2027 back to 5 each.
    expect(at(r.deal.cost, Y, A, 0)).toBeCloseTo(10, 10);
    expect(at(r.deal.cost, Y, B, 0)).toBeCloseTo(0, 10);
    expect(at(r.deal.cost, Y, A, 1)).toBeCloseTo(5, 10);
    expect(at(r.deal.cost, Y, B, 2)).toBeCloseTo(5, 10);
    // and a round can change a parameter: coverage ½ in 2026–2027
    const half = await withInstruments({ jointFund: fund }, [
      { id: 'r2', name: { zh: '二', en: 'two' }, from: 2026, to: 2027, assumption: 'test', instruments: { jointFund: { costCoverage: q(0.5, 'share') } } },
    ]);
    expect(at(half.deal.cost, Y, A, 1)).toBeCloseTo(7.5, 10);
  });

  it('rejects instruments that do not fit the economy, naming the pointer', async () => {
    const base = await loadFixture('test/fixtures/two-project.json');
    const s = {
      ...base,
      policy: {
        ...base.policy,
        instruments: { jointVenture: { equity: [{ party: 'Z', share: q(1, 'share') }], dividendPayout: q(0, 'share'), assumption: 't' } },
        rounds: [{ id: 'r', name: { zh: 'r', en: 'r' }, from: 2025, to: 2026, assumption: 't', instruments: { landQuota: { enabled: true } } }],
      },
    };
    const v = validateScenario(s);
    expect(v.ok).toBe(false);
    const paths = v.ok ? [] : v.errors.map((e) => e.path);
    expect(paths).toContain('/policy/instruments/jointVenture/equity/0/party');
    expect(paths).toContain('/policy/rounds/0/instruments/landQuota');
  });
});
