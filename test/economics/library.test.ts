// The library files that use the economic-depth fields load, run and report them.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadDocument } from '../../engine/schema/resolve.js';
import { compileScenario } from '../../engine/model/compile.js';
import { simulate } from '../../engine/model/simulate.js';
import { runReport } from '../../engine/model/report.js';
import { leontiefInverse } from '../../engine/io/leontief.js';
import { coefficientMatrix } from '../../engine/schema/economics.js';
import { ScenarioError } from '../../engine/schema/validate.js';
import { fixtureJson, loadScenarioObject, q } from './load.js';

const read = async (path: string) => JSON.parse(readFileSync(path, 'utf8'));
async function load(path: string) {
  const doc = await loadDocument(path, read);
  if (doc.kind !== 'scenario') throw new Error('not a scenario');
  return doc.scenario;
}

describe('library: scenarios/jinniu-pengzhou-io.json', () => {
  it('reports indirect output and jobs in both parties, equal to (L − I)·direct', async () => {
    const s = await load('scenarios/jinniu-pengzhou-io.json');
    const r = simulate(await compileScenario(s));
    const L = leontiefInverse(coefficientMatrix(s.economy));
    const Y = r.years;
    const last = Y - 1;
    const direct = [r.deal.output[last]!, r.deal.output[Y + last]!];
    for (let i = 0; i < 2; i++) {
      const expected = (L[i]![0]! - (i === 0 ? 1 : 0)) * direct[0]! + (L[i]![1]! - (i === 1 ? 1 : 0)) * direct[1]!;
      expect(r.deal.outputIndirect[i * Y + last]).toBeCloseTo(expected, 9);
      expect(r.deal.outputIndirect[i * Y + last]).toBeGreaterThan(0);
      expect(r.deal.employmentIndirect[i * Y + last]).toBeGreaterThan(0);
    }
    const report = runReport(s, r);
    expect(report.summary.parties.every((p) => p.cumulativeGain.outputIndirect > 0)).toBe(true);
  });
});

describe('library: Chengdu metropolitan action-plan targets', () => {
  it('every quantitative target is checked each year of its round and ends on the target value', async () => {
    const s = await load('scenarios/chengdu-metro.json');
    const report = runReport(s, simulate(await compileScenario(s)));
    const t = report.targets!;
    expect(t.quantitative.length).toBeGreaterThanOrEqual(3);
    expect(t.qualitative.length).toBeGreaterThanOrEqual(1);
    for (const q of t.quantitative) {
      expect(q.evaluated).toBe(true);
      expect(q.assumption).toMatch(/no figures/);
      const round = s.policy.rounds!.find((r) => r.id === q.round)!;
      expect(q.checks.map((c) => c.year)).toEqual(Array.from({ length: q.year - round.from + 1 }, (_, k) => round.from + k));
      expect(q.checks.at(-1)!.planned).toBeCloseTo(q.target, 9);
      expect(['green', 'amber', 'red']).toContain(q.status);
    }
  });
});

describe('targets on indirect measures need an input–output block', () => {
  it('names the measure path', async () => {
    const doc = fixtureJson();
    doc.policy.rounds = [
      {
        id: 'r1',
        name: { zh: '第一轮', en: 'Round 1' },
        from: 2025,
        to: 2027,
        assumption: 'test',
        targets: [{ kind: 'quantitative', id: 't', measure: 'outputIndirect', scope: 'A', year: 2027, value: q(5, 'CNY_1e8/yr') }],
      },
    ];
    const err = await loadScenarioObject(doc).catch((e: ScenarioError) => e);
    expect((err as ScenarioError).issues.map((i) => `${i.path}: ${i.message}`)).toContain(
      '/policy/rounds/0/targets/0/measure: measure "outputIndirect" needs an inputOutput block in the economy; it has none',
    );
  });
});
