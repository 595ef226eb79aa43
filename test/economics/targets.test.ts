// Round targets: a hand-computed check-up on the two-project fixture, and validation errors.
import { describe, expect, it } from 'vitest';
import { compileScenario } from '../../engine/model/compile.js';
import { simulate } from '../../engine/model/simulate.js';
import { runReport } from '../../engine/model/report.js';
import { evaluateTargets, targetStatus, TARGET_THRESHOLDS } from '../../engine/model/targets.js';
import { ScenarioError } from '../../engine/schema/validate.js';
import { fixtureJson, loadScenarioObject, q } from './load.js';

function withTargets(targets: unknown[], round = { from: 2025, to: 2027 }) {
  const doc = fixtureJson();
  doc.policy.rounds = [
    { id: 'r1', name: { zh: '第一轮', en: 'Round 1' }, ...round, assumption: 'test value', targets },
  ];
  return doc;
}

const outputB = {
  kind: 'quantitative',
  id: 'outB',
  label: { zh: '乙县产值', en: 'Output in B' },
  measure: 'output',
  scope: 'B',
  year: 2027,
  value: q(150, 'CNY_1e8/yr'),
};
const jobsAll = { kind: 'quantitative', id: 'jobs', measure: 'employment', scope: 'all', year: 2027, value: q(1110, 'person') };
const words = { kind: 'qualitative', id: 'words', label: { zh: '建立联席会议', en: 'Set up a joint meeting' } };

describe('targets: hand-computed check-up', () => {
  // Deal-world output in B: P1 gives 100 from 2025; P2 (host B) ramps from its base 20 to 40
  // over 2026–2027: 30 in 2026, 40 in 2027. So B = 100, 130, 140.
  // Target 150 by 2027 from the 2025 value 100: path 100, 125, 150.
  //   2025 gap 0 (green), 2026 gap +5 (green), 2027 gap −10: shortfall 10/50 = 0.2 > 0.1 → red.
  // Jobs, all parties: P1 100·10 = 1000; P2 at B 30·5 = 150 then 40·5 = 200; the base leaving A
  // −20·5 = −100 from 2026. Total 1000, 1050, 1100. Target 1110: path 1000, 1055, 1110.
  //   2026 shortfall 5/110 = 0.045 (amber), 2027 10/110 = 0.091 (amber).
  it('reports planned path, gap and status per year', async () => {
    const s = await loadScenarioObject(withTargets([outputB, jobsAll, words]));
    const r = simulate(await compileScenario(s));
    const t = evaluateTargets(s.policy, r);
    const [ob, jobs] = t.quantitative;
    expect(ob!.startYear).toBe(2025);
    expect(ob!.startValue).toBeCloseTo(100, 12);
    expect(ob!.checks.map((c) => c.planned)).toEqual([100, 125, 150]);
    ob!.checks.map((c) => c.actual).forEach((v, i) => expect(v).toBeCloseTo([100, 130, 140][i]!, 9));
    ob!.checks.map((c) => c.gap).forEach((v, i) => expect(v).toBeCloseTo([0, 5, -10][i]!, 9));
    expect(ob!.checks.map((c) => c.status)).toEqual(['green', 'green', 'red']);
    expect(ob!.checks[2]!.shortfallShare).toBeCloseTo(0.2, 9);
    expect(ob!.status).toBe('red');
    // Without the deal nothing is produced in B (withoutDeal probabilities put P1 nowhere, P2 at the origin).
    expect(ob!.checks.map((c) => c.noDeal)).toEqual([0, 0, 0]);

    jobs!.checks.map((c) => c.actual).forEach((v, i) => expect(v).toBeCloseTo([1000, 1050, 1100][i]!, 9));
    expect(jobs!.checks.map((c) => c.status)).toEqual(['green', 'amber', 'amber']);
    expect(jobs!.unit).toBe('person');

    expect(t.qualitative).toEqual([{ kind: 'qualitative', round: 'r1', id: 'words', label: words.label }]);
  });

  it('appears as the targets section of the run report, with bilingual status labels', async () => {
    const s = await loadScenarioObject(withTargets([outputB]));
    const report = runReport(s, simulate(await compileScenario(s)));
    expect(report.targets!.quantitative[0]!.id).toBe('outB');
    expect(report.targets!.statusLabels.red).toEqual({ zh: '明显滞后', en: 'behind' });
    const plain = await loadScenarioObject(fixtureJson());
    expect(runReport(plain, simulate(await compileScenario(plain))).targets).toBeUndefined();
  });

  it('checks only simulated years; a round after the horizon is not evaluated', async () => {
    const late = { ...outputB, id: 'late', year: 2031 };
    const s = await loadScenarioObject(withTargets([late]));
    const t = evaluateTargets(s.policy, simulate(await compileScenario(s)));
    expect(t.quantitative[0]!.checks.map((c) => c.year)).toEqual([2025, 2026, 2027]);
    // Path 100 → 150 over six years: 2027 planned 100 + 50·2/6.
    expect(t.quantitative[0]!.checks[2]!.planned).toBeCloseTo(100 + 50 / 3, 9);
    const s2 = await loadScenarioObject(withTargets([{ ...outputB, year: 2030 }], { from: 2029, to: 2030 }));
    const t2 = evaluateTargets(s2.policy, simulate(await compileScenario(s2)));
    expect(t2.quantitative[0]!.evaluated).toBe(false);
    expect(t2.quantitative[0]!.status).toBeNull();
  });

  it('status thresholds', () => {
    expect(targetStatus(-0.5)).toBe('green');
    expect(targetStatus(0)).toBe('green');
    expect(targetStatus(TARGET_THRESHOLDS.amber)).toBe('amber');
    expect(targetStatus(TARGET_THRESHOLDS.amber + 1e-6)).toBe('red');
  });
});

describe('targets: validation', () => {
  const issues = async (doc: unknown) => {
    const err = await loadScenarioObject(doc).catch((e: ScenarioError) => e);
    expect(err).toBeInstanceOf(ScenarioError);
    return (err as ScenarioError).issues.map((i) => `${i.path}: ${i.message}`);
  };
  it('a unit that does not fit the measure, an unknown scope and a year before the round', async () => {
    const list = await issues(
      withTargets([{ ...outputB, value: q(150, 'person'), scope: 'C', year: 2024 }]),
    );
    expect(list).toContain('/policy/rounds/0/targets/0/value/unit: measure "output" is in CNY_1e8/yr; got person');
    expect(list).toContain('/policy/rounds/0/targets/0/scope: unknown party "C"; expected "all" or one of A, B');
    expect(list).toContain('/policy/rounds/0/targets/0/year: target year 2024 is before the round starts (2025); expected 2025 or later');
  });
  it('an unknown measure and a missing provenance are schema errors with paths', async () => {
    const { assumption: _drop, ...bare } = q(1, 'CNY_1e8/yr');
    const list = await issues(withTargets([{ ...outputB, measure: 'happiness', value: bare }]));
    expect(list.some((m) => m.startsWith('/policy/rounds/0/targets/0/measure: expected one of "output"'))).toBe(true);
    expect(list).toContain('/policy/rounds/0/targets/0/value: needs a "source" (seed file name or public rule) or an "assumption" note');
  });
});
