// The hand-computed two-project, three-year case (test/fixtures/two-project.json).
// Every expected number below is derived in the comments from the file's inputs.
import { describe, expect, it } from 'vitest';
import { compileScenario } from '../../engine/model/compile.js';
import { simulate } from '../../engine/model/simulate.js';
import { at, loadFixture } from '../helpers.js';

const A = 0;
const B = 1;
const Y = 3; // 2025, 2026, 2027

describe('hand-computed example', async () => {
  const scenario = await loadFixture('test/fixtures/two-project.json');
  const r = simulate(await compileScenario(scenario));
  const deal = r.deal;
  const no = r.noDeal;

  // P1 (origin A, plant and registration in B), 100 亿元/yr from 2025:
  //   value added 30, profit 10, jobs 10×100 = 1000, wages 1000 × 10万元 = 1 亿元
  //   VAT 0.13×30 = 3.9, CIT 0.25×10 = 2.5, PIT 0.05×1 = 0.05 → collected 6.45
  //   local in B: 0.5×3.9 + 0.4×2.5 + 0.4×0.05 = 1.95 + 1 + 0.02 = 2.97
  //   tax rule 4:6 → A 1.188, B 1.782; statistics 5:5 → 50 each; cost 30 over 3 years, 5:5 → 5 each a year
  // P2 (relocation of a 20 亿元 firm from A to B, ramp 2 years to 40, from 2026, basis "increment"):
  //   2026 level 20 + (40−20)×½ = 30 at B; the base 20 leaves A (−20).
  //   kept base 20 credited to A; increment 10 split 5:5 → A 20 + 5 − 20 = +5, B +5.
  //   tax per 亿元 at B: VA 0.2 → VAT 0.026, profit 0.05 → CIT 0.0125; local 0.013 + 0.005 = 0.018
  //   2026: B collects local 30×0.018 = 0.54; A loses 20×0.018 = 0.36 locally.
  //   kept share 20/30 of 0.54 = 0.36 to A, the rest 0.18 split 5:5 → 0.09 each.
  //   2027: level 40 → local at B 0.72; kept 0.36; increment 0.36 → 0.18 each.
  it('credits output by the statistics split, keeping the relocated base with the origin', () => {
    expect(at(deal.output, Y, A, 0)).toBeCloseTo(0, 10);
    expect(at(deal.output, Y, B, 0)).toBeCloseTo(100, 10);
    expect(at(deal.outputCredited, Y, A, 0)).toBeCloseTo(50, 10);
    expect(at(deal.outputCredited, Y, B, 0)).toBeCloseTo(50, 10);
    expect(at(deal.output, Y, A, 1)).toBeCloseTo(-20, 10);
    expect(at(deal.output, Y, B, 1)).toBeCloseTo(130, 10);
    expect(at(deal.outputCredited, Y, A, 1)).toBeCloseTo(55, 10);
    expect(at(deal.outputCredited, Y, B, 1)).toBeCloseTo(55, 10);
    expect(at(deal.outputCredited, Y, A, 2)).toBeCloseTo(60, 10); // 50 + 20 + 10 − 20
    expect(at(deal.outputCredited, Y, B, 2)).toBeCloseTo(60, 10);
  });

  it('collects tax where the firm is registered and settles the agreed split', () => {
    expect(at(deal.taxCollected, Y, B, 0)).toBeCloseTo(6.45, 10);
    expect(at(deal.taxLocal, Y, B, 0)).toBeCloseTo(2.97, 10);
    expect(at(deal.taxRetained, Y, A, 0)).toBeCloseTo(1.188, 10);
    expect(at(deal.taxRetained, Y, B, 0)).toBeCloseTo(1.782, 10);
    expect(at(deal.transfer, Y, A, 0)).toBeCloseTo(1.188, 10);
    expect(at(deal.transfer, Y, B, 0)).toBeCloseTo(-1.188, 10);
    // 2026: A retains 1.188 + 0.36 + 0.09 − 0.36 = 1.278; B 1.782 + 0.09 = 1.872
    expect(at(deal.taxLocal, Y, A, 1)).toBeCloseTo(-0.36, 10);
    expect(at(deal.taxRetained, Y, A, 1)).toBeCloseTo(1.278, 10);
    expect(at(deal.taxRetained, Y, B, 1)).toBeCloseTo(1.872, 10);
    // 2027: A 1.188 + 0.36 + 0.18 − 0.36 = 1.368; B 1.782 + 0.18 = 1.962
    expect(at(deal.taxRetained, Y, A, 2)).toBeCloseTo(1.368, 10);
    expect(at(deal.taxRetained, Y, B, 2)).toBeCloseTo(1.962, 10);
  });

  it('counts jobs at the workplace and costs by the agreed cost shares', () => {
    expect(at(deal.employment, Y, B, 0)).toBeCloseTo(1000, 8);
    expect(at(deal.employment, Y, B, 1)).toBeCloseTo(1000 + 30 * 5, 8);
    expect(at(deal.employment, Y, A, 1)).toBeCloseTo(-20 * 5, 8);
    for (let y = 0; y < 3; y++) {
      expect(at(deal.cost, Y, A, y)).toBeCloseTo(5, 10);
      expect(at(deal.cost, Y, B, y)).toBeCloseTo(5, 10);
    }
  });

  it('reports local revenue (base + tax retained) and total employment (base + project jobs)', async () => {
    // 2025: base revenue A 80, B 20 (GDP growth 0) plus the retained tax above.
    expect(at(deal.localRevenue, Y, A, 0)).toBeCloseTo(80 + 1.188, 10);
    expect(at(deal.localRevenue, Y, B, 0)).toBeCloseTo(20 + 1.782, 10);
    expect(at(no.localRevenue, Y, A, 2)).toBeCloseTo(80 + 10 * 0.018, 10);
    // Employment: base A 500,000, B 300,000 plus the jobs by workplace above.
    expect(at(deal.employmentTotal, Y, B, 0)).toBeCloseTo(300000 + 1000, 6);
    expect(at(deal.employmentTotal, Y, A, 1)).toBeCloseTo(500000 - 100, 6);
    // With 2% population growth the base employment grows with it; 3% GDP growth lifts base revenue.
    const grown = structuredClone(scenario);
    grown.economy.parties[A]!.growth.population.value = 0.02;
    grown.economy.parties[A]!.growth.gdp.value = 0.03;
    const g = simulate(await compileScenario(grown));
    expect(at(g.deal.employmentTotal, Y, A, 2)).toBeCloseTo(500000 * 1.02 ** 2 - 20 * 5, 6);
    expect(at(g.noDeal.employmentTotal, Y, A, 0)).toBeCloseTo(500000, 6);
    expect(at(g.deal.localRevenue, Y, A, 2)).toBeCloseTo(80 * 1.03 ** 2 + 1.368, 9);
  });

  it('builds the no-deal world: P1 does not happen, P2 grows at the origin within its land limit', () => {
    // atOrigin with originScale 0.5: increment over the base (30−20)×0.5 = 5 in 2026, (40−20)×0.5 = 10 in 2027
    expect(at(no.output, Y, A, 0)).toBeCloseTo(0, 10);
    expect(at(no.output, Y, A, 1)).toBeCloseTo(5, 10);
    expect(at(no.output, Y, A, 2)).toBeCloseTo(10, 10);
    expect(at(no.taxRetained, Y, A, 2)).toBeCloseTo(10 * 0.018, 10);
    expect(at(no.output, Y, B, 2)).toBeCloseTo(0, 10);
    expect(at(no.cost, Y, A, 0)).toBeCloseTo(0, 10);
  });

  it('summarises gains, present values, payback and synergy', () => {
    const a = r.summary.parties[A]!;
    const b = r.summary.parties[B]!;
    // A: tax retained gains 1.188, 1.278 − 0.09, 1.368 − 0.18; costs 5 a year
    expect(a.cumulativeGain.taxRetained).toBeCloseTo(1.188 + 1.188 + 1.188, 10);
    expect(a.cumulativeGain.cost).toBeCloseTo(15, 10);
    expect(a.cumulativeGain.netFiscal).toBeCloseTo(3 * 1.188 - 15, 10);
    expect(a.paybackYear).toBeNull();
    const d = 1.05;
    expect(a.discountedGain.netFiscal).toBeCloseTo((1.188 - 5) * (1 + 1 / d + 1 / d / d), 10);
    // B: 1.782 − 5 each year at first; never pays back within three years
    expect(b.cumulativeGain.taxRetained).toBeCloseTo(1.782 + 1.872 + 1.962, 10);
    expect(b.paybackYear).toBeNull();
    // Synergy in GDP: value added of everything produced under the deal minus without it.
    // deal VA: 3 × 30 (P1) + (30 − 20)×0.2 + (40 − 20)×0.2 = 90 + 2 + 4; no deal: (5 + 10)×0.2 = 3
    expect(r.summary.synergy.gdp).toBeCloseTo(96 - 3, 10);
  });

  it('counts GDP where it is produced (territorial) and, separately, as credited after the split', () => {
    // 2025 (base year, baselines A 1000, B 300): P1's value added 30 is produced in B.
    // Territorial: A 1000 + 0, B 300 + 30. Credited (5:5): A 1000 + 15, B 300 + 15.
    expect(at(deal.gdp, Y, A, 0)).toBeCloseTo(1000, 10);
    expect(at(deal.gdp, Y, B, 0)).toBeCloseTo(330, 10);
    expect(at(deal.gdpCredited, Y, A, 0)).toBeCloseTo(1015, 10);
    expect(at(deal.gdpCredited, Y, B, 0)).toBeCloseTo(315, 10);
    // 2026: the relocated base (20 × VA 0.2 = 4) leaves A's territory; P2 produces 30 × 0.2 = 6 in B.
    // Territorial value added: A −4, B 30 + 6. Credited: A 15 + kept 4 + 1 − 4 = 16, B 15 + 1 = 16.
    expect(at(deal.valueAdded, Y, A, 1)).toBeCloseTo(-4, 10);
    expect(at(deal.valueAdded, Y, B, 1)).toBeCloseTo(36, 10);
    expect(at(deal.valueAddedCredited, Y, A, 1)).toBeCloseTo(16, 10);
    expect(at(deal.valueAddedCredited, Y, B, 1)).toBeCloseTo(16, 10);
    // Cumulative gains: A's territorial gain is −4 − 4 (the base gone in 2026 and 2027) minus
    // the no-deal growth at the origin, (5 + 10)×0.2 = 3.
    const a = r.summary.parties[A]!;
    expect(a.cumulativeGain.gdp).toBeCloseTo(-4 - 4 - 3, 10);
    // credited A: 2025 15; 2026 16; 2027 15 + 4 + 2 − 4 = 17; no deal credits A (5 + 10)×0.2 = 3
    expect(a.cumulativeGain.gdpCredited).toBeCloseTo(15 + 16 + 17 - 3, 10);
  });

  it('measures the imbalance between the parties on territorial GDP, and on credited GDP as a second series', () => {
    const sp = [1e6 / 1.6e6, 6e5 / 1.6e6];
    const theilOf = (ga: number, gb: number) => {
      const sg = [ga / (ga + gb), gb / (ga + gb)];
      return sg[0]! * Math.log(sg[0]! / sp[0]!) + sg[1]! * Math.log(sg[1]! / sp[1]!);
    };
    // 2025 with the deal, territorial: A 1000 over 1e6 people, B 330 over 6e5.
    const pa = 1000 / 1e6;
    const pb = 330 / 6e5;
    expect(r.summary.imbalance.deal[0]!.gdpPerCapitaRatio).toBeCloseTo(Math.max(pa, pb) / Math.min(pa, pb), 10);
    expect(r.summary.imbalance.deal[0]!.theil).toBeCloseTo(theilOf(1000, 330), 12);
    // Credited: A 1015, B 315.
    const ca = 1015 / 1e6;
    const cb = 315 / 6e5;
    expect(r.summary.imbalance.deal[0]!.gdpPerCapitaRatioCredited).toBeCloseTo(Math.max(ca, cb) / Math.min(ca, cb), 10);
    expect(r.summary.imbalance.deal[0]!.theilCredited).toBeCloseTo(theilOf(1015, 315), 12);
    // No deal in 2025: nothing produced, both measures are the baseline.
    expect(r.summary.imbalance.noDeal[0]!.theil).toBeCloseTo(theilOf(1000, 300), 12);
    expect(r.summary.imbalance.noDeal[0]!.theilCredited).toBeCloseTo(theilOf(1000, 300), 12);
  });
});
