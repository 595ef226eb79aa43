// The synergy (1+1>2) decomposed: uplift, location and retention, cost difference.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileScenario, fillWorld } from '../../engine/model/compile.js';
import type { CompiledScenario } from '../../engine/model/compiled.js';
import { runScenario } from '../../engine/model/run.js';
import {
  SYNERGY_MEASURES,
  allocateWorldResult,
  runWorldResult,
  simulate,
  synergyParts,
  withSynergyParts,
  type SimulationResult,
} from '../../engine/model/simulate.js';
import { scenarioArb } from '../arbitraries.js';
import { loadFixture } from '../helpers.js';

const RUNS = { numRuns: 100, seed: 20261201 };
const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * (1 + Math.abs(a) + Math.abs(b));

describe('synergy decomposition', () => {
  it('the parts add up to the total of every measure (property)', async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb(), async (s) => {
        const r = simulate(await compileScenario(s), { synergyParts: true });
        const syn = r.summary.synergy;
        for (const m of SYNERGY_MEASURES) {
          const p = syn.parts![m];
          expect(close(p.uplift + p.locationRetention + p.costDifference, syn[m]), m).toBe(true);
          if (m !== 'netFiscal') expect(p.costDifference).toBe(0);
        }
        // The net fiscal synergy is the joint local tax gain minus the joint extra cost.
        const cost = r.summary.parties.reduce((x, p) => x + p.cumulativeGain.cost, 0);
        expect(close(syn.parts!.netFiscal.costDifference, -cost)).toBe(true);
      }),
      RUNS,
    );
  });

  it('without any uplift the uplift part is zero; without any no-deal outcome, location and retention is everything the projects produce', async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb({ noSynergy: true, noDealNone: true, noRelocation: true }), async (s) => {
        const r = simulate(await compileScenario(s), { synergyParts: true });
        const syn = r.summary.synergy;
        let output = 0;
        for (const v of r.deal.output) output += v;
        expect(syn.parts!.output.uplift).toBe(0);
        expect(close(syn.parts!.output.locationRetention, output)).toBe(true);
      }),
      RUNS,
    );
  });

  it('running the decomposition leaves the compiled scenario as it was', async () => {
    const c = await compileScenario(await loadFixture('test/fixtures/two-project.json'));
    c.projects.uplift[0] = 0.2;
    fillWorld(c.deal, c);
    const before = c.deal.level.slice();
    const first = simulate(c, { synergyParts: true });
    expect(Array.from(c.deal.level)).toEqual(Array.from(before));
    const second = simulate(c, { synergyParts: true });
    expect(second.summary.synergy).toEqual(first.summary.synergy);
    // P1's steady 100 becomes 120: 20 of output a year for three years is uplift.
    expect(first.summary.synergy.parts!.output.uplift).toBeCloseTo(60, 9);
  });
});

/**
 * The decomposition as simulate() computed it on every call before it became optional: the deal
 * world without uplift on freshly allocated copies of its tables (a reference independent of the
 * buffers the engine now keeps per scenario).
 */
function partsOnFreshTables(c: CompiledScenario, r: SimulationResult) {
  const world = {
    ...c.deal,
    level: new Float64Array(c.deal.level.length),
    keep: new Float64Array(c.deal.keep.length),
    costFlow: new Float64Array(c.deal.costFlow.length),
    activeFrom: new Int32Array(c.deal.activeFrom.length),
  };
  const view: CompiledScenario = { ...c, deal: world, projects: { ...c.projects, uplift: new Float64Array(c.projects.count) } };
  fillWorld(world, view, { rowCosts: false });
  return synergyParts(r.deal, r.noDeal, runWorldResult(view, 'deal', allocateWorldResult(c.parties.length, c.years)));
}

describe('synergy decomposition on demand', () => {
  it('gives exactly the parts of the former always-on computation, and leaves the rest of the summary unchanged (property)', async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb(), async (s) => {
        const c = await compileScenario(s);
        const plain = simulate(c);
        expect(plain.summary.synergy.parts).toBeUndefined();
        const full = simulate(c, { synergyParts: true });
        expect(full.summary.synergy.parts).toEqual(partsOnFreshTables(c, full));
        // Added later to a result simulated without it: the same parts.
        expect(withSynergyParts(c, plain).summary.synergy.parts).toEqual(full.summary.synergy.parts);
        expect(plain.summary).toEqual(full.summary);
      }),
      RUNS,
    );
  });

  it('reused buffers carry nothing over from the previous scenario or lever values', async () => {
    const c = await compileScenario(await loadFixture('test/fixtures/two-project.json'));
    c.projects.uplift[0] = 0.2;
    c.projects.uplift[1] = 0.1;
    fillWorld(c.deal, c);
    const first = simulate(c, { synergyParts: true });
    // A bigger uplift and a later start for P1: the second decomposition runs on the same buffers.
    c.projects.uplift[0] = 0.5;
    c.projects.start[0] = c.projects.start[0]! + 1;
    fillWorld(c.deal, c);
    fillWorld(c.noDeal, c);
    const second = simulate(c, { synergyParts: true });
    expect(second.summary.synergy.parts).toEqual(partsOnFreshTables(c, second));
    expect(second.summary.synergy.parts!.output.uplift).not.toBeCloseTo(first.summary.synergy.parts!.output.uplift, 6);
    // The entry point of the CLI and the page, with check-up responses applied: the parts of its final run.
    const s = await loadFixture('scenarios/jinniu-pengzhou-metro-approach.json');
    const ran = await runScenario(s, undefined, { synergyParts: true });
    expect(ran.checkups?.length).toBeGreaterThan(0);
    expect(ran.result.summary.synergy.parts).toEqual(partsOnFreshTables(ran.compiled, ran.result));
    expect((await runScenario(s)).result.summary.synergy.parts).toBeUndefined();
  });
});
