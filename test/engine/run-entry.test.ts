// One run for every view (engine/model/run.ts): on a check-up scenario of the library, what
// `pairsim run` and `pairsim compare` print and what the page's session returns is the run with
// the check-up's responses applied, and that run differs from the one without responses.
import { describe, expect, it } from 'vitest';
import { main } from '../../engine/cli/main.js';
import { runScenario } from '../../engine/model/run.js';
import { runReport } from '../../engine/model/report.js';
import { compileScenario } from '../../engine/model/compile.js';
import { simulate } from '../../engine/model/simulate.js';
import { setLevers } from '../../engine/analysis/levers.js';
import { Session, tidyRows } from '../../ui/engine/session.js';
import { loadFixture } from '../helpers.js';

/** The Jinniu–Pengzhou pair under the Chengdu metropolitan approach (policies/chengdu-metro-action-plan.json, with its check-up). */
const PATH = 'scenarios/jinniu-pengzhou-metro-approach.json';

async function pairsim(...args: string[]) {
  let out = '';
  let err = '';
  const code = await main(args, { out: (t) => void (out += t), err: (t) => void (err += t), errIsTty: false });
  return { code, out, err };
}

/** Through JSON, as the CLI prints it (so -0 and undefined fields compare the same). */
const asJson = (x: unknown) => JSON.parse(JSON.stringify(x));

describe('runScenario: the run the CLI and the page show', async () => {
  const s = await loadFixture(PATH);
  // As the CLI and the page run it: with the synergy decomposition they show.
  const ran = await runScenario(s, undefined, { synergyParts: true });
  const plain = simulate(await compileScenario(s));

  it('applies the check-up responses, so its run differs from the one without responses', () => {
    expect(s.policy.id).toBe('chengdu-metro-action-plan');
    expect(ran.checkups?.length).toBeGreaterThan(0);
    // The responses raise promotion from the year after the first red check: more credited GDP for both.
    for (const [n, p] of ran.result.summary.parties.entries())
      expect(p.discountedGain.gdpCredited).toBeGreaterThan(plain.summary.parties[n]!.discountedGain.gdpCredited + 1);
    expect(ran.result.summary.synergy.gdp).not.toBeCloseTo(plain.summary.synergy.gdp, 3);
    // Years before the first response are the same in both runs.
    const first = ran.checkups![0]!.from - ran.result.firstYear;
    const Y = ran.result.years;
    for (let n = 0; n < ran.result.parties.length; n++)
      for (let y = 0; y < first; y++) expect(ran.result.deal.output[n * Y + y]).toBeCloseTo(plain.deal.output[n * Y + y]!, 9);
  });

  it('`pairsim run` prints exactly this run, with its check-up rows', async () => {
    const r = await pairsim('run', PATH, '--format', 'json');
    expect(r.code).toBe(0);
    const printed = JSON.parse(r.out);
    const report = asJson(runReport(ran.scenario, ran.result));
    expect(printed.summary).toEqual(report.summary);
    expect(printed.flows).toEqual(report.flows);
    expect(printed.checkups).toEqual(asJson(ran.checkups));
    expect(printed.summary).not.toEqual(asJson(plain.summary));
  });

  it('`pairsim compare` shows the same summary for that scenario', async () => {
    const r = await pairsim('compare', PATH, 'scenarios/jinniu-pengzhou.json', '--format', 'json');
    expect(r.code).toBe(0);
    const column = JSON.parse(r.out).scenarios.find((c: { id: string }) => c.id === s.id);
    expect(column.summary).toEqual(asJson(ran.result.summary));
  });

  it('the page session returns this run, also after a lever move and a discount-rate move (compile cache hit)', async () => {
    const session = new Session();
    const opened = await session.openBuiltin(PATH);
    if (!opened.ok) throw new Error(JSON.stringify(opened.issues));
    const col = opened.columns[0]!;
    const defaults = Object.fromEntries(col.levers.map((l) => [l.id, l.value]));
    const page = await session.run(col.handle, defaults);
    if (!page.ok) throw new Error(JSON.stringify(page.issues));
    expect(page.summary).toEqual(ran.result.summary);
    expect(page.rows).toEqual(tidyRows(ran.result));
    expect(page.checkups).toEqual(ran.checkups);
    // A lever of the responded instrument (the promotion's output gain) and then only the discount rate.
    const gain = col.levers.find((l) => l.path === '/policy/instruments/jointPromotion/outputGain/value');
    expect(gain).toBeDefined();
    for (const values of [
      { ...defaults, [gain!.id]: 0.05 },
      { ...defaults, [gain!.id]: 0.05, '/discountRate/value': 0.08 },
    ]) {
      const moved = await session.run(col.handle, values);
      if (!moved.ok) throw new Error(JSON.stringify(moved.issues));
      const expected = await runScenario(setLevers(s, col.levers, values).scenario, undefined, { synergyParts: true });
      expect(moved.summary).toEqual(expected.result.summary);
      expect(moved.checkups).toEqual(expected.checkups);
      expect(moved.summary).not.toEqual(page.summary);
    }
  });
});
