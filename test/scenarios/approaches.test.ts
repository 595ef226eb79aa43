// The Chengdu metropolitan approach and the Yangtze Delta approach (scenarios/policies) act
// through their instruments: on the same pair the two columns of comparisons/chengdu-vs-yrd.json
// differ in cost borne, employment and synergy, and switching one instrument off changes the
// flows that instrument moves and nothing else.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadDocument } from '../../engine/schema/resolve.js';
import { validateScenario } from '../../engine/schema/validate.js';
import { compileScenario } from '../../engine/model/compile.js';
import { simulate, type SimulationResult, type WorldResult } from '../../engine/model/simulate.js';
import type { ResolvedScenario } from '../../engine/schema/scenario.js';
import { readDocument } from '../../engine/cli/read.js';

const ROOT = fileURLToPath(new URL('../../scenarios/', import.meta.url));

async function load(rel: string): Promise<ResolvedScenario[]> {
  const doc = await loadDocument(join(ROOT, rel), readDocument);
  return doc.kind === 'scenario' ? [doc.scenario] : doc.kind === 'comparison' ? doc.scenarios : [];
}
async function run(s: ResolvedScenario): Promise<SimulationResult> {
  const v = validateScenario(s);
  if (!v.ok) throw new Error(JSON.stringify(v.errors.slice(0, 3)));
  return simulate(await compileScenario(v.value));
}
/** The scenario with one instrument switched off (as a round or an override would). */
function without(s: ResolvedScenario, key: string): ResolvedScenario {
  const c = structuredClone(s);
  (c.policy.instruments as Record<string, { enabled?: boolean }>)[key]!.enabled = false;
  return c;
}
const FIELDS = ['output', 'outputCredited', 'taxCollected', 'taxLocal', 'taxRetained', 'transfer', 'employment', 'cost'] as const;
type Field = (typeof FIELDS)[number];
const same = (a: Float64Array, b: Float64Array) => a.every((v, i) => Math.abs(v - b[i]!) <= 1e-9 * (1 + Math.abs(v)));
const changedFields = (a: WorldResult, b: WorldResult): Field[] => FIELDS.filter((f) => !same(a[f], b[f]));
/** Sum over parties of a field in year index y. */
const total = (w: WorldResult, f: Field, N: number, Y: number, y: number) => {
  let t = 0;
  for (let n = 0; n < N; n++) t += w[f][n * Y + y]!;
  return t;
};

describe('Chengdu vs Yangtze Delta through their instruments', async () => {
  const [jpMetro, jpYrd, qjMetro, qjYrd] = await load('comparisons/chengdu-vs-yrd.json');
  const pairs = [
    [jpMetro!, jpYrd!],
    [qjMetro!, qjYrd!],
  ] as const;

  it('each approach names its own instruments', () => {
    for (const [metro, yrd] of pairs) {
      expect(Object.keys(metro.policy.instruments ?? {}).sort()).toEqual(['jointPromotion', 'jointVenture']);
      expect(Object.keys(yrd.policy.instruments ?? {}).sort()).toEqual(['jointFund', 'landQuota', 'newFirmTax']);
      expect(metro.economy.id).toBe(yrd.economy.id);
    }
  });

  it('on each pair the columns differ in cost borne, employment and synergy, and the instruments moved money', async () => {
    for (const [metro, yrd] of pairs) {
      const a = await run(metro);
      const b = await run(yrd);
      for (const party of a.parties.map((p) => p.id)) {
        const ga = a.summary.parties.find((p) => p.party === party)!.cumulativeGain;
        const gb = b.summary.parties.find((p) => p.party === party)!.cumulativeGain;
        expect(Math.abs(ga.cost - gb.cost), `cost ${party}`).toBeGreaterThan(0.5);
        expect(Math.abs(ga.employment - gb.employment), `employment ${party}`).toBeGreaterThan(1000);
      }
      expect(Math.abs(a.summary.synergy.gdp - b.summary.synergy.gdp)).toBeGreaterThan(5);
      const moved = (r: SimulationResult, key: string) =>
        r.summary.instruments!.filter((t) => t.instrument === key).reduce((x, t) => x + Math.abs(t.net), 0);
      for (const key of ['jointVenture', 'jointPromotion']) expect(moved(a, key), key).toBeGreaterThan(0.5);
      for (const key of ['jointFund', 'landQuota']) expect(moved(b, key), key).toBeGreaterThan(0.5);
    }
  });

  it('switching the land-quota transfer off moves production back to the host and refunds the quota: totals unchanged', async () => {
    const s = qjYrd!;
    const on = await run(s);
    const off = await run(without(s, 'landQuota'));
    const N = on.parties.length;
    const Y = on.years;
    const QP = on.parties.findIndex((p) => p.id === 'QP');
    const quota = on.deal.instruments!.find((f) => f.key === 'landQuota')!;
    // Where production is (output, its statistics, jobs) and who pays; tax stays with the registration party under these rules.
    expect(changedFields(on.deal, off.deal).sort()).toEqual(['cost', 'employment', 'output', 'outputCredited']);
    let paid = 0;
    for (let y = 0; y < Y; y++) {
      for (const f of ['output', 'employment', 'cost', 'taxLocal'] as const) expect(total(on.deal, f, N, Y, y)).toBeCloseTo(total(off.deal, f, N, Y, y), 6);
      // Qingpu (buyer) produces more with the quota and pays for it.
      expect(on.deal.output[QP * Y + y]!).toBeGreaterThanOrEqual(off.deal.output[QP * Y + y]! - 1e-9);
      for (let n = 0; n < N; n++)
        expect(on.deal.cost[n * Y + y]! - off.deal.cost[n * Y + y]!).toBeCloseTo(-quota.transfer[n * Y + y]!, 9);
      paid -= quota.components.quotaPayment![QP * Y + y]!;
    }
    expect(paid).toBeGreaterThan(0);
    expect(changedFields(on.noDeal, off.noDeal)).toEqual([]);
  });

  it('switching new-firm tax sharing off changes who retains tax, nothing else', async () => {
    const s = qjYrd!;
    const on = await run(s);
    const off = await run(without(s, 'newFirmTax'));
    expect(changedFields(on.deal, off.deal).sort()).toEqual(['taxRetained', 'transfer']);
  });

  it('switching the joint fund off takes away its cost relief, contributions and infrastructure uplift', async () => {
    const s = qjYrd!;
    const on = await run(s);
    const off = await run(without(s, 'jointFund'));
    const N = on.parties.length;
    const Y = on.years;
    const fund = on.deal.instruments!.find((f) => f.key === 'jointFund')!;
    let uplift = 0;
    for (let y = 0; y < Y; y++) {
      uplift += total(on.deal, 'output', N, Y, y) - total(off.deal, 'output', N, Y, y);
      // No other instrument here depends on output, so the cost difference is the fund's money.
      for (let n = 0; n < N; n++)
        expect(on.deal.cost[n * Y + y]! - off.deal.cost[n * Y + y]!).toBeCloseTo(-(fund.transfer[n * Y + y]! + fund.external[n * Y + y]!), 9);
    }
    expect(uplift).toBeGreaterThan(0);
  });

  it('switching the joint venture off changes costs only, by its cost shift and dividends', async () => {
    const s = jpMetro!;
    const on = await run(s);
    const off = await run(without(s, 'jointVenture'));
    expect(changedFields(on.deal, off.deal)).toEqual(['cost']);
    const jv = on.deal.instruments!.find((f) => f.key === 'jointVenture')!;
    const Y = on.years;
    for (let k = 0; k < on.deal.cost.length; k++) expect(on.deal.cost[k]! - off.deal.cost[k]!).toBeCloseTo(-(jv.transfer[k]! + jv.external[k]!), 9);
    expect(jv.components.dividends!.some((v) => v > 0)).toBe(true);
    expect(Y).toBeGreaterThan(0);
  });

  it('switching joint promotion off lowers output and jobs of the promoted projects and saves its cost', async () => {
    const s = jpMetro!;
    const on = await run(s);
    const off = await run(without(s, 'jointPromotion'));
    const sum = (a: Float64Array) => a.reduce((x, v) => x + v, 0);
    expect(sum(on.deal.output)).toBeGreaterThan(sum(off.deal.output));
    expect(sum(on.deal.employment)).toBeGreaterThan(sum(off.deal.employment));
    expect(on.deal.instruments!.find((f) => f.key === 'jointPromotion')!.components.promotionCost!.some((v) => v < 0)).toBe(true);
    expect(off.deal.instruments!.some((f) => f.key === 'jointPromotion')).toBe(false);
    expect(on.summary.synergy.gdp).toBeGreaterThan(off.summary.synergy.gdp);
  });
});
