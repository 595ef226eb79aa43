// Sweeps and bargaining on a scenario whose policy declares an annual check-up: every lever
// value is evaluated with the check-up's responses (LeverModel.respondedAt), so a sweep point or
// a bargaining gain equals the run `pairsim run` shows for the scenario with the lever at that
// value (runScenario); so is a row of `pairsim evaluate`. Scenarios without a check-up keep the
// patch-only path, unchanged.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../engine/cli/main.js';
import { runScenario } from '../../engine/model/run.js';
import { compileScenario } from '../../engine/model/compile.js';
import { simulate, type SimulationResult } from '../../engine/model/simulate.js';
import { LeverModel, defaultLever, withLevers } from '../../engine/analysis/levers.js';
import { planSweep, sweep } from '../../engine/analysis/sweep.js';
import { bargain, dealCostShares } from '../../engine/analysis/bargain.js';
import { Evaluation, M, MEASURES, partyMeasures, type Measure } from '../../engine/analysis/measures.js';
import type { ResolvedScenario } from '../../engine/schema/scenario.js';
import { loadFixture } from '../helpers.js';

/** Jinniu–Pengzhou under the Chengdu metropolitan approach: its policy has a check-up (one response, joint promotion's outputGain). */
const CHECKUP = 'scenarios/jinniu-pengzhou-metro-approach.json';
/** The same pair without a check-up. */
const PLAIN = 'scenarios/jinniu-pengzhou.json';
const PROMOTION = '/policy/instruments/jointPromotion/outputGain/value';

/** Each sweep measure read from a run's summary (an independent path: simulate's summary, not the analysis Evaluation). */
function summaryMeasures(r: SimulationResult, n: number): Record<Measure, number> {
  const p = r.summary.parties[n]!;
  const c = p.cumulativeGain;
  const d = p.discountedGain;
  return {
    netFiscalPV: d.netFiscal,
    netFiscal: c.netFiscal,
    taxRetainedPV: d.taxRetained,
    taxRetained: c.taxRetained,
    outputCreditedPV: d.outputCredited,
    outputCredited: c.outputCredited,
    gdpPV: d.gdp,
    employment: c.employment,
    costPV: d.cost,
    gdpCreditedPV: d.gdpCredited,
    taxOwnBudgetPV: d.taxOwnBudget,
    netFiscalOwnBudgetPV: d.netFiscalOwnBudget,
  };
}

function expectClose(a: Record<Measure, number>, b: Record<Measure, number>) {
  for (const m of MEASURES) expect(a[m], m).toBeCloseTo(b[m], 7);
}

async function pairsim(...argv: string[]) {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (t) => void (out += t), err: (t) => void (err += t), errIsTty: false });
  return { code, out, err };
}

/** The run `pairsim run` shows for the scenario with the lever at v. */
const runAt = (s: ResolvedScenario, path: string, v: number) => runScenario(withLevers(s, [{ path, value: v }]));

/** The scenario with its check-up removed: the runs before this change. */
const withoutCheckup = (s: ResolvedScenario): ResolvedScenario => {
  const { checkup: _, ...policy } = s.policy;
  return { ...s, policy };
};

describe('sweep on a check-up scenario', async () => {
  const s = await loadFixture(CHECKUP);

  it('the library scenario declares a check-up and its run responds', async () => {
    expect(s.policy.checkup?.responses?.length).toBeGreaterThan(0);
    const ran = await runScenario(s);
    expect(ran.checkups?.some((r) => !r.atLimit)).toBe(true);
  });

  for (const [name, path, from, to, steps] of [
    ['the default tax-share lever (patched cells)', '', 0, 1, 5],
    ['the promotion gain the responses move (rebuilt)', PROMOTION, 0, 0.3, 4],
  ] as const) {
    it(`each point equals runScenario with the lever at that value: ${name}`, async () => {
      const lever = path || defaultLever(s);
      const model = await LeverModel.create(s, [lever]);
      expect(model.checkup).toBe(true);
      const swept = sweep(model, [{ path: lever, from, to, steps }]);
      expect(swept.points).toHaveLength(steps);
      let fired = 0;
      for (const pt of swept.points) {
        const v = pt.values[0]!;
        const ran = await runAt(s, lever, v);
        pt.parties.forEach((p, n) => {
          expect(p.party).toBe(ran.result.summary.parties[n]!.party);
          expectClose(p, summaryMeasures(ran.result, n));
        });
        // Where a response changed a parameter, the run without responses is a different number.
        if (ran.checkups!.some((r) => !r.atLimit)) {
          fired++;
          const plain = simulate(await compileScenario(withLevers(withoutCheckup(s), [{ path: lever, value: v }])));
          for (const n of [0, 1]) expect(Math.abs(pt.parties[n]!.gdpCreditedPV - plain.summary.parties[n]!.discountedGain.gdpCredited)).toBeGreaterThan(1);
        }
      }
      expect(fired).toBeGreaterThan(0);
      if (path === PROMOTION) {
        // At its limit (0.3) the response changes nothing: the run is the one without responses.
        const top = swept.points.at(-1)!;
        expect(top.values[0]).toBe(0.3);
        const ran = await runAt(s, lever, 0.3);
        expect(ran.checkups!.every((r) => r.atLimit)).toBe(true);
      }
    });
  }

  it('`pairsim sweep` prints what `pairsim run --set LEVER=v` prints at each point', async () => {
    const printed = JSON.parse((await pairsim('sweep', CHECKUP, '--steps', '3', '--format', 'json')).out) as {
      levers: { path: string }[];
      points: { values: number[]; parties: Record<Measure, number>[] }[];
    };
    expect(printed.points).toHaveLength(3);
    for (const pt of printed.points) {
      const r = await pairsim('run', CHECKUP, '--set', `${printed.levers[0]!.path}=${pt.values[0]}`, '--format', 'json');
      expect(r.code).toBe(0);
      const report = JSON.parse(r.out) as { summary: SimulationResult['summary']; checkups: unknown[] };
      expect(report.checkups.length).toBeGreaterThan(0);
      pt.parties.forEach((p, n) => expectClose(p, summaryMeasures({ summary: report.summary } as SimulationResult, n)));
    }
    // The lever really is set: its two ends print different runs.
    const [a, b] = [printed.points[0]!, printed.points[2]!];
    expect(Math.abs(a.parties[0]!.netFiscalPV - b.parties[0]!.netFiscalPV)).toBeGreaterThan(1);
  });

  it('`pairsim evaluate` rows are the responded runs too (two levers, one of them the promotion gain the responses move)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pairsim-checkup-'));
    const lever = defaultLever(s);
    const rows = [
      [0.2, 0],
      [0.7, 0.1],
      [0.5, 0.3],
    ];
    const design = join(dir, 'design.csv');
    writeFileSync(design, `experiment,${lever},${PROMOTION}\n${rows.map((r, i) => `e${i},${r.join(',')}`).join('\n')}\n`);
    const r = await pairsim('evaluate', CHECKUP, '--design', design, '--format', 'json');
    expect(r.code).toBe(0);
    const printed = JSON.parse(r.out) as { parties: string[]; experiments: Record<string, number>[] };
    expect(printed.experiments).toHaveLength(rows.length);
    for (const [k, [x, gain]] of rows.entries()) {
      const ran = await runScenario(withLevers(s, [{ path: lever, value: x! }, { path: PROMOTION, value: gain! }]));
      printed.parties.forEach((party, n) => {
        const expected = summaryMeasures(ran.result, n);
        for (const m of MEASURES) expect(printed.experiments[k]![`${party}:${m}`], `${k} ${party}:${m}`).toBeCloseTo(expected[m], 7);
      });
    }
  });

  it('`pairsim run --set` refuses a value out of the lever\'s bounds with one line', async () => {
    const r = await pairsim('run', CHECKUP, '--set', `${defaultLever(s)}=1.5`);
    expect(r.code).toBe(1);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toMatch(/--set \/policy\/rules/);
  });
});

describe('sweep on a scenario without a check-up', async () => {
  const s = await loadFixture(PLAIN);

  it('keeps the patch-only path: each point is the plain evaluation of compiledAt and equals compile + simulate', async () => {
    expect(s.policy.checkup).toBeUndefined();
    const lever = defaultLever(s);
    const model = await LeverModel.create(s, [lever]);
    expect(model.checkup).toBe(false);
    expect(model.fastPath).toBe(true);
    const plan = planSweep(model, [{ path: lever, from: 0, to: 1, steps: 6 }]);
    const ev = new Evaluation(model.base.parties.length, model.base.years);
    const buf = new Float64Array(model.base.parties.length * M);
    for (const pt of plan.points()) {
      // Exactly the numbers of the patched path (the sweep as it was), bit for bit.
      ev.run(model.compiledAt(pt.values), buf);
      pt.parties.forEach((p, n) => expect({ ...p }).toEqual({ party: p.party, ...partyMeasures(buf, n) }));
      const direct = simulate(await compileScenario(withLevers(s, [{ path: lever, value: pt.values[0]! }])));
      pt.parties.forEach((p, n) => expectClose(p, summaryMeasures(direct, n)));
    }
  });
});

describe('bargaining on a check-up scenario', async () => {
  const s = await loadFixture(CHECKUP);
  const lever = defaultLever(s);
  const model = await LeverModel.create(s, [lever]);
  const b = bargain(model);
  const before = bargain(await LeverModel.create(withoutCheckup(s), [lever]));
  const netAt = async (x: number) => (await runAt(s, lever, x)).result.summary.parties.map((p) => p.discountedGain.netFiscal);

  it('the proposal is the scenario as written, with its responses', async () => {
    const ran = await runScenario(s);
    expect(ran.checkups!.some((r) => !r.atLimit)).toBe(true);
    b.proposal.gains.forEach((g, n) => expect(g).toBeCloseTo(ran.result.summary.parties[n]!.discountedGain.netFiscal, 7));
    // Without the responses the proposal is another number.
    expect(Math.abs(before.proposal.gains[1]! - b.proposal.gains[1]!)).toBeGreaterThan(0.1);
  });

  it('every fair point and zone bound is computed on the responded runs', async () => {
    const points = [b.equalGain, b.nash, b.kalaiSmorodinsky, b.costProportional].filter((p) => p !== null);
    expect(points.length).toBeGreaterThanOrEqual(2);
    for (const p of points) {
      const direct = await netAt(p.x);
      p.gains.forEach((g, n) => expect(g).toBeCloseTo(direct[n]!, 7));
    }
    for (const iv of b.zopa?.intervals ?? []) {
      (await netAt(iv.from)).forEach((g, n) => expect(iv.fromGains[n]!).toBeCloseTo(g, 7));
      (await netAt(iv.to)).forEach((g, n) => expect(iv.toGains[n]!).toBeCloseTo(g, 7));
    }
    // Two parties: equal gain means equal responded gains.
    expect(b.equalGain!.gains[0]).toBeCloseTo(b.equalGain!.gains[1]!, 6);
    // The cost shares are the responded run's, and the fair points moved with the responses.
    const ran = await runScenario(s);
    expect(b.costProportional!.costShares).toEqual(dealCostShares(ran.compiled));
    expect(Math.abs(b.equalGain!.x - before.equalGain!.x)).toBeGreaterThan(1e-3);
  });
});
