// The worker's session reports input–output spillover and round targets for the column:
// indirect rows only for scenarios that have them, targets as the engine checks them.
import { describe, expect, test } from 'vitest';
import { Session } from '../../ui/engine/session.js';
import type { ColumnInfo, RunResult } from '../../ui/protocol.js';
import { runReport, loadDocument } from '../../engine/index.js';
import { runScenario } from '../../engine/model/run.js';
import { libraryReader } from '../../ui/engine/library.js';

async function run(path: string): Promise<{ col: ColumnInfo; res: Extract<RunResult, { ok: true }> }> {
  const session = new Session();
  const opened = await session.openBuiltin(path);
  if (!opened.ok) throw new Error(JSON.stringify(opened.issues));
  const col = opened.columns[0]!;
  const res = await session.run(col.handle, Object.fromEntries(col.levers.map((l) => [l.id, l.value])));
  if (!res.ok) throw new Error(JSON.stringify(res.issues));
  return { col, res };
}

describe('indirect effects in the run result', () => {
  test('a scenario with an input–output block has non-zero indirect rows in both worlds and a gain', async () => {
    const { col, res } = await run('scenarios/jinniu-pengzhou-io.json');
    expect(res.indirect).toBe(true);
    for (const measure of ['outputIndirect', 'employmentIndirect']) {
      const deal = res.rows.filter((r) => r.measure === measure && r.world === 'deal');
      expect(deal).toHaveLength((col.years.to - col.years.from + 1) * col.parties.length);
      expect(deal.some((r) => r.value !== 0)).toBe(true);
    }
    // The rows agree with the summary: cumulative indirect output gain = Σ (deal − no deal).
    for (const p of res.summary.parties) {
      const sum = res.rows.filter((r) => r.measure === 'outputIndirect' && r.world === 'gain' && r.party === p.party).reduce((a, r) => a + r.value, 0);
      expect(sum).toBeCloseTo(p.cumulativeGain.outputIndirect, 9);
    }
    expect(res.summary.synergy.outputIndirect).not.toBe(0);
  });

  test('a scenario without one has no indirect rows and says so', async () => {
    const { res } = await run('scenarios/jinniu-pengzhou.json');
    expect(res.indirect).toBe(false);
    expect(res.rows.some((r) => r.measure === 'outputIndirect' || r.measure === 'employmentIndirect')).toBe(false);
    expect(res.targets).toBeUndefined();
  });
});

describe('round targets in the run result', () => {
  test('are the engine report’s targets, with a status per checked year', async () => {
    const { res } = await run('scenarios/chengdu-metro.json');
    expect(res.targets).toBeDefined();
    const t = res.targets!;
    expect(t.quantitative.length).toBeGreaterThan(0);
    expect(t.qualitative.length).toBeGreaterThan(0);
    const read = libraryReader(new Map());
    const loaded = await loadDocument('scenarios/chengdu-metro.json', read);
    if (loaded.kind !== 'scenario') throw new Error('not a scenario');
    // The run `pairsim run` prints (check-up responses applied: engine/model/run.ts).
    const ran = await runScenario(loaded.scenario);
    const report = runReport(ran.scenario, ran.result);
    expect(t).toEqual(report.targets);
    const checks = t.quantitative.flatMap((q) => q.checks);
    expect(checks.length).toBeGreaterThan(0);
    for (const c of checks) expect(['green', 'amber', 'red']).toContain(c.status);
    // The result crosses the worker boundary: it must survive structured cloning unchanged.
    expect(structuredClone(t)).toEqual(t);
  });
});
