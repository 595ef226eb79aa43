// The worker's negotiation, uncertainty, check and export answers, run in Node.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { Session } from '../../ui/engine/session.js';
import { gridIndex } from '../../ui/negotiation-grid.js';
import { validateDocument } from '../../engine/index.js';
import { compileScenario } from '../../engine/model/compile.js';
import { simulate } from '../../engine/model/simulate.js';
import { withLevers } from '../../engine/analysis/levers.js';
import { loadFixture } from '../helpers.js';

const FIXTURE = readFileSync('test/fixtures/two-project.json', 'utf8');
const TAX_JOINT = '/policy/rules/joint/tax/originShare/value';

async function open(session: Session, text = FIXTURE) {
  const res = await session.openText('two-project.json', text);
  if (!res.ok) throw new Error(JSON.stringify(res.issues));
  return res.columns[0]!;
}

describe('negotiation answer', () => {
  test('the sweep grid gives each party the same gain as a full run at that lever value', async () => {
    const session = new Session();
    const col = await open(session);
    expect(col.bargainLevers).toContain(TAX_JOINT);
    const res = await session.negotiate(col.handle, {}, TAX_JOINT);
    if (!res.ok) throw new Error(JSON.stringify(res.issues));
    const a = res.answer;
    expect(a.xs).toHaveLength(101);
    expect(a.xs[0]).toBe(0);
    expect(a.xs.at(-1)).toBe(1);
    for (const x of [0, 0.3, 0.75, 1]) {
      const k = gridIndex(a.xs, x);
      expect(a.xs[k]).toBeCloseTo(x, 12);
      const run = await session.run(col.handle, { [TAX_JOINT]: x });
      if (!run.ok) throw new Error('run failed');
      run.summary.parties.forEach((p, n) => expect(a.gains[k]![n]).toBeCloseTo(p.discountedGain.netFiscal, 9));
    }
    expect(a.points.map((p) => p.rule)).toContain('equalGain');
  });

  test('on a check-up scenario the negotiation view shows the runs with responses, as the headline does', async () => {
    const session = new Session();
    const res = await session.openBuiltin('scenarios/jinniu-pengzhou-metro-approach.json');
    if (!res.ok) throw new Error('open failed');
    const col = res.columns[0]!;
    const lever = col.bargainLevers[0]!;
    const neg = await session.negotiate(col.handle, {}, lever);
    if (!neg.ok) throw new Error(JSON.stringify(neg.issues));
    const a = neg.answer;
    // The same scenario with its check-up removed: the numbers the view showed before.
    const s = await loadFixture('scenarios/jinniu-pengzhou-metro-approach.json');
    expect(s.policy.checkup).toBeDefined();
    const { checkup: _, ...policy } = s.policy;
    const plain = async (x: number) => simulate(await compileScenario(withLevers({ ...s, policy }, [{ path: lever, value: x }])));
    const runAt = async (x: number) => {
      const run = await session.run(col.handle, { [lever]: x });
      if (!run.ok) throw new Error('run failed');
      return run.summary.parties.map((p) => p.discountedGain.netFiscal);
    };
    for (const x of [0, 0.4, 1]) {
      const k = gridIndex(a.xs, x);
      const headline = await runAt(a.xs[k]!);
      headline.forEach((g, n) => expect(a.gains[k]![n]).toBeCloseTo(g, 7));
      // The responses fire: without them the second party's gain is another number.
      const without = (await plain(a.xs[k]!)).summary.parties[1]!.discountedGain.netFiscal;
      expect(Math.abs(a.gains[k]![1]! - without)).toBeGreaterThan(0.1);
    }
    expect(a.points.length).toBeGreaterThan(0);
    for (const p of a.points) (await runAt(p.x)).forEach((g, n) => expect(p.gains[n]).toBeCloseTo(g, 7));
  });

  test('bad lever values of the other levers come back as issues with their pointer', async () => {
    const session = new Session();
    const col = await open(session);
    const res = await session.negotiate(col.handle, { '/discountRate/value': 5 }, TAX_JOINT);
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.issues[0]!.path).toBe('/discountRate/value');
  });
});

describe('uncertainty answer', () => {
  test('a small Monte Carlo gives per-party loss probabilities, fan rows and a tornado; cancel stops a run', async () => {
    const session = new Session();
    const res = await session.openBuiltin('scenarios/jinniu-pengzhou.json');
    if (!res.ok) throw new Error('open failed');
    const col = res.columns[0]!;
    expect(col.uncertain).toBe(true);
    const progress: number[] = [];
    const mc = await session.uncertainty(col.handle, {}, 60, 1, 1, (done) => progress.push(done));
    if (!mc.ok) throw new Error(JSON.stringify(mc));
    const a = mc.answer;
    expect(a.draws).toBe(60);
    expect(a.stats).toHaveLength(2);
    for (const s of a.stats) {
      expect(s.probLoss).toBeGreaterThanOrEqual(0);
      expect(s.probLoss).toBeLessThanOrEqual(1);
      expect(s.p5).toBeLessThanOrEqual(s.p95);
    }
    expect(a.fan).toHaveLength((col.years.to - col.years.from + 1) * 2 * 2);
    expect(a.tornado.length).toBeGreaterThan(0);
    expect(progress.at(-1)).toBe(60);

    const pending = session.uncertainty(col.handle, {}, 5000, 1, 2, () => {});
    session.cancel(2);
    expect(await pending).toEqual({ ok: false, cancelled: true, issues: [] });
  });
});

describe('check and export', () => {
  test('check lists issues by pointer; the standalone scenario validates and carries the lever values', async () => {
    const session = new Session();
    expect(await session.check('x.json', FIXTURE)).toEqual([]);
    const bad = JSON.parse(FIXTURE) as { years: { to: number } };
    bad.years.to = 1000;
    const issues = await session.check('x.json', JSON.stringify(bad));
    expect(issues.some((i) => i.path.startsWith('/years'))).toBe(true);
    expect((await session.check('x.json', '{'))[0]!.message).toMatch(/JSON/);

    const col = await open(session);
    const out = await session.standalone(col.handle, { [TAX_JOINT]: 0.65 });
    if (!out.ok) throw new Error('standalone failed');
    const doc = JSON.parse(out.text) as { policy: { rules: { joint: { tax: { originShare: { value: number } } } } } };
    expect(validateDocument(doc)).toEqual([]);
    expect(doc.policy.rules.joint.tax.originShare.value).toBe(0.65);
    expect(JSON.parse(session.sourceText(col.handle)!)).toEqual(JSON.parse(FIXTURE));
  });
});
