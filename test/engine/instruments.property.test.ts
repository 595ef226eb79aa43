// Property tests of the policy instruments over generated scenarios: the ledgers still add up
// and settlement transfers still sum to zero with every instrument on; each instrument's
// between-party flows sum to zero; and each instrument changes only the flows it should.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileScenario } from '../../engine/model/compile.js';
import { simulate, type SimulationResult, type WorldResult } from '../../engine/model/simulate.js';
import { validateScenario } from '../../engine/schema/validate.js';
import type { ResolvedScenario } from '../../engine/schema/scenario.js';
import { scenarioArb, type GenOptions } from '../arbitraries.js';

const RUNS = { numRuns: 40, seed: 20261201 };
const A = { assumption: 'generated' };
const q = (value: number, unit: string) => ({ value, unit, ...A });
// Integers scaled down: fc.double favours tiny magnitudes, which would leave the instruments idle.
const unit = fc.integer({ min: 0, max: 100 }).map((x) => x / 100);
const upTo = (max: number) => fc.integer({ min: 0, max: max * 100 }).map((x) => x / 100);

async function run(s: ResolvedScenario): Promise<SimulationResult> {
  const v = validateScenario(s);
  if (!v.ok) throw new Error(`generated scenario is invalid: ${JSON.stringify(v.errors.slice(0, 3))}`);
  return simulate(await compileScenario(v.value));
}

/** Shares over the parties from raw weights (adding up to 1 exactly enough for validation). */
function sharesOf(ids: string[], raw: number[]) {
  const w = ids.map((_, i) => raw[i % raw.length]! + 0.01);
  const t = w.reduce((a, b) => a + b, 0);
  const vals = w.map((x) => x / t);
  vals[vals.length - 1] = 1 - vals.slice(0, -1).reduce((a, b) => a + b, 0);
  return ids.map((party, i) => ({ party, share: q(Math.max(0, vals[i]!), 'share') }));
}

const paramsArb = fc.record({
  raw: fc.array(unit, { minLength: 4, maxLength: 4 }),
  coverage: unit,
  infra: upTo(20),
  returnRate: upTo(0.2),
  basis: fc.constantFrom('fixed', 'gdp', 'localRevenue'),
  uplift: unit,
  quota: upTo(2000),
  price: upTo(100),
  landPer: upTo(50),
  cutoff: fc.integer({ min: -3, max: 8 }),
  split: fc.constantFrom('fixed', 'costProportional'),
  newShare: unit,
  payout: unit,
  promoCost: upTo(10),
  gain: unit,
  earlier: fc.integer({ min: 0, max: 3 }),
  roundOff: fc.boolean(),
  /** Parties by role (origin, deal host) instead of by id. */
  roles: fc.boolean(),
});
type Params = typeof paramsArb extends fc.Arbitrary<infer T> ? T : never;

/** Every instrument at once (or the ones named), fitted to the scenario's parties. */
function instrumentsFor(s: ResolvedScenario, g: Params, only?: string[]) {
  const ids = s.economy.parties.map((p) => p.id);
  const all = {
    jointFund: {
      contributionBasis: g.basis,
      ...(g.basis === 'fixed' ? { contributionShares: sharesOf(ids, g.raw) } : {}),
      costCoverage: q(g.coverage, 'share'),
      annualInfrastructure: q(g.infra, 'CNY_1e8/yr'),
      outputUplift: q(g.uplift, 'share'),
      returnRate: q(g.returnRate, '1/yr'),
      ...A,
    },
    landQuota: { ...(g.roles ? {} : { seller: ids[1]!, buyer: ids[0]! }), quota: q(g.quota, 'mu'), pricePerMu: q(g.price, 'CNY_1e4/mu'), landPerOutput: q(g.landPer, 'mu/(CNY_1e8/yr)'), ...A },
    newFirmTax: { cutoffYear: q(s.years.from + g.cutoff, 'year'), split: g.split, originShare: q(g.newShare, 'share'), ...A },
    jointVenture: { ...(g.roles ? { originEquity: q(g.raw[0]!, 'share') } : { equity: sharesOf(ids, [...g.raw].reverse()) }), dividendPayout: q(g.payout, 'share'), ...A },
    jointPromotion: {
      annualCost: q(g.promoCost, 'CNY_1e8/yr'),
      ...(g.roles ? { originCostShare: q(g.raw[1]!, 'share') } : { costShares: sharesOf(ids, g.raw) }), outputGain: q(g.gain, 'share'), startEarlier: q(g.earlier, 'years'), ...A },
  } as Record<string, object>;
  return Object.fromEntries(Object.entries(all).filter(([k]) => !only || only.includes(k)));
}

/**
 * The generator's doubles are often vanishingly small; give every project a visible size and
 * cost so the instruments move money (otherwise a wrong sign would hide below the tolerance).
 */
function visible(s: ResolvedScenario): ResolvedScenario {
  const projects = s.economy.projects.map((p) => ({
    ...p,
    steadyOutput: { ...p.steadyOutput, value: 10 + Math.min(p.steadyOutput.value, 490) },
    costs: (p.costs ?? []).map((c) => ({ ...c, amount: { ...c.amount, value: 1 + Math.min(c.amount.value, 99) } })),
  }));
  return { ...s, economy: { ...s.economy, projects } };
}

function withInstruments(s: ResolvedScenario, g: Params, only?: string[]): ResolvedScenario {
  const rounds = g.roundOff
    ? [{ id: 'r', name: { zh: '轮', en: 'round' }, from: s.years.from + 1, to: s.years.from + 2, ...A, instruments: { jointFund: { enabled: false } } }]
    : [];
  const instruments = instrumentsFor(s, g, only);
  return { ...s, policy: { ...s.policy, instruments, rounds: 'jointFund' in instruments ? rounds : [] } } as ResolvedScenario;
}

function partySum(a: Float64Array, Y: number, N: number, y: number) {
  let sum = 0;
  let scale = 1;
  for (let n = 0; n < N; n++) {
    sum += a[n * Y + y]!;
    scale += Math.abs(a[n * Y + y]!);
  }
  return { sum, tol: 1e-9 * scale };
}

const close = (a: Float64Array, b: Float64Array) =>
  a.every((v, i) => Math.abs(v - b[i]!) <= 1e-9 * (1 + Math.abs(v) + Math.abs(b[i]!)));

/** The flows an instrument may change, and the ones it must leave alone. */
function changed(a: WorldResult, b: WorldResult, fields: (keyof WorldResult)[]) {
  return fields.filter((f) => !close(a[f] as Float64Array, b[f] as Float64Array));
}

// Origin = first party and host elsewhere, so the land-quota transfer (buyer a, seller b) finds projects.
const genOpts: GenOptions = { originIsFirstParty: true };

describe('instrument invariants', () => {
  it('with every instrument on, ledgers add up, settlements and instrument transfers sum to zero, costs net the instrument flows', async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb(genOpts).map(visible), paramsArb, async (s0, g) => {
        const s = withInstruments(s0, g);
        const r = await run(s);
        const N = r.parties.length;
        const Y = r.years;
        const w = r.deal;
        for (let y = 0; y < Y; y++) {
          const out = partySum(w.output, Y, N, y);
          const credited = partySum(w.outputCredited, Y, N, y);
          expect(Math.abs(credited.sum - out.sum)).toBeLessThanOrEqual(out.tol + credited.tol);
          const local = partySum(w.taxLocal, Y, N, y);
          const retained = partySum(w.taxRetained, Y, N, y);
          expect(Math.abs(retained.sum - local.sum)).toBeLessThanOrEqual(local.tol + retained.tol);
          const transfer = partySum(w.transfer, Y, N, y);
          expect(Math.abs(transfer.sum)).toBeLessThanOrEqual(transfer.tol + local.tol);
          for (const f of w.instruments ?? []) {
            const t = partySum(f.transfer, Y, N, y);
            expect(Math.abs(t.sum)).toBeLessThanOrEqual(t.tol);
            for (let n = 0; n < N; n++) {
              const k = n * Y + y;
              const parts = Object.values(f.components).reduce((a, c) => a + c[k]!, 0);
              expect(parts).toBeCloseTo(f.transfer[k]! + f.external[k]!, 9);
            }
          }
        }
        for (const v of w.cost) expect(Number.isFinite(v)).toBe(true);
      }),
      RUNS,
    );
  });

  it('switching the joint fund (no uplift) or the joint venture off changes costs only', async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb(genOpts).map(visible), paramsArb, fc.constantFrom('jointFund', 'jointVenture'), async (s0, g, key) => {
        const on = await run(withInstruments(s0, { ...g, uplift: 0, roundOff: false }, [key]));
        const off = await run(s0);
        expect(changed(on.deal, off.deal, ['output', 'outputCredited', 'taxLocal', 'taxRetained', 'transfer', 'employment', 'gdp'])).toEqual([]);
        expect(changed(on.noDeal, off.noDeal, ['output', 'cost', 'taxRetained'])).toEqual([]);
        // Between parties it is zero-sum; what remains is the money with the outside.
        const Y = on.years;
        const N = on.parties.length;
        const f = on.deal.instruments?.[0];
        for (let y = 0; y < Y; y++) {
          const dCost = partySum(on.deal.cost, Y, N, y).sum - partySum(off.deal.cost, Y, N, y).sum;
          const external = f ? partySum(f.external, Y, N, y).sum : 0;
          expect(dCost).toBeCloseTo(-external, 7);
        }
      }),
      RUNS,
    );
  });

  it('new-firm tax sharing changes who retains tax only; land quota changes where output is, not how much', async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb(genOpts).map(visible), paramsArb, async (s0, g) => {
        const off = await run(s0);
        const tax = await run(withInstruments(s0, g, ['newFirmTax']));
        expect(changed(tax.deal, off.deal, ['output', 'outputCredited', 'taxLocal', 'employment', 'cost'])).toEqual([]);
        const land = await run(withInstruments(s0, g, ['landQuota']));
        const Y = off.years;
        const N = off.parties.length;
        for (let y = 0; y < Y; y++)
          for (const f of ['output', 'employment'] as const) {
            const a = partySum(land.deal[f], Y, N, y);
            const b = partySum(off.deal[f], Y, N, y);
            expect(Math.abs(a.sum - b.sum)).toBeLessThanOrEqual(a.tol + b.tol);
          }
        // Output of the buyer can only rise (it gets production) and the seller's only fall.
        for (let y = 0; y < Y; y++) {
          expect(land.deal.output[y]!).toBeGreaterThanOrEqual(off.deal.output[y]! - 1e-9 * (1 + Math.abs(off.deal.output[y]!)));
        }
        expect(changed(land.noDeal, off.noDeal, ['output', 'cost'])).toEqual([]);
      }),
      RUNS,
    );
  });

  it('joint promotion with no earlier start scales the deal output of its projects by (1 + gain)', async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb({ noRelocation: true }).map(visible), paramsArb, async (s0, g) => {
        const off = await run(s0);
        const on = await run(withInstruments(s0, { ...g, earlier: 0 }, ['jointPromotion']));
        const Y = off.years;
        const N = off.parties.length;
        const from = s0.policy.agreement.from;
        const to = s0.policy.agreement.to;
        for (let y = 0; y < Y; y++) {
          const inForce = s0.years.from + y >= from && s0.years.from + y <= to;
          const a = partySum(on.deal.output, Y, N, y);
          const b = partySum(off.deal.output, Y, N, y);
          expect(Math.abs(a.sum - b.sum * (inForce ? 1 + g.gain : 1))).toBeLessThanOrEqual(a.tol + b.tol);
        }
      }),
      RUNS,
    );
  });
});
