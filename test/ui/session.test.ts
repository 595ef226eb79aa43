// The worker's engine session, run in Node: levers become overrides, results are tidy rows.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { Session, compileKey } from '../../ui/engine/session.js';
import { leverRegistry, setLevers } from '../../engine/analysis/levers.js';
import type { TidyRow } from '../../ui/protocol.js';
import { loadFixture } from '../helpers.js';

const FIXTURE = 'test/fixtures/two-project.json';
const TAX_JOINT = '/policy/rules/joint/tax/originShare/value';
const value = (rows: TidyRow[], party: string, year: number, measure: string, world = 'deal') =>
  rows.find((r) => r.party === party && r.year === year && r.measure === measure && r.world === world)?.value;

describe('levers', () => {
  test('fixed rules, basis, agreement end, discount rate and a cost share become levers', async () => {
    const s = await loadFixture(FIXTURE);
    const ids = leverRegistry(s).map((l) => l.id);
    expect(ids).toContain(TAX_JOINT);
    expect(ids).toContain('/policy/rules/relocate/statistics/originShare/value');
    expect(ids).toContain('/policy/rules/joint/basis');
    expect(ids).toContain('/policy/agreement/to');
    expect(ids).toContain('/discountRate/value');
    expect(ids).toContain('/economy/projects/0/costs');
  });

  test('applying levers changes a copy, keeps cost shares summing to one, and names bad levers by pointer', async () => {
    const s = await loadFixture(FIXTURE);
    const defs = leverRegistry(s);
    const { scenario, issues } = setLevers(s, defs, { [TAX_JOINT]: 0.75, '/economy/projects/0/costs': 0.2 });
    expect(issues).toEqual([]);
    expect(scenario.policy.rules.joint!.tax).toMatchObject({ originShare: { value: 0.75 } });
    expect(s.policy.rules.joint!.tax).toMatchObject({ originShare: { value: 0.4 } });
    const shares = scenario.economy.projects[0]!.costs![0]!.shares.map((x) => x.share.value);
    expect(shares[0]).toBe(0.2);
    expect(shares[0]! + shares[1]!).toBeCloseTo(1, 12);
    const bad = setLevers(s, defs, { [TAX_JOINT]: 1.5, '/policy/rules/joint/basis': 'half' });
    expect(bad.issues.map((i) => i.path)).toEqual([TAX_JOINT, '/policy/rules/joint/basis']);
  });

  test('the discount rate does not change the compile key; a share does', () => {
    const a = compileKey({ [TAX_JOINT]: 0.4, '/discountRate/value': 0.05 });
    expect(compileKey({ [TAX_JOINT]: 0.4, '/discountRate/value': 0.1 })).toBe(a);
    expect(compileKey({ [TAX_JOINT]: 0.5, '/discountRate/value': 0.05 })).not.toBe(a);
  });
});

describe('Session', () => {
  test('opens a file, runs it, and a tax lever moved to the origin raises its retained tax', async () => {
    const session = new Session();
    const opened = await session.openText('two-project.json', readFileSync(FIXTURE, 'utf8'));
    if (!opened.ok) throw new Error(JSON.stringify(opened.issues));
    const col = opened.columns[0]!;
    const base = Object.fromEntries(col.levers.map((l) => [l.id, l.value]));
    const before = await session.run(col.handle, base);
    const after = await session.run(col.handle, { ...base, [TAX_JOINT]: 1 });
    if (!before.ok || !after.ok) throw new Error('run failed');
    expect(value(after.rows, 'A', 2026, 'taxRetained')!).toBeGreaterThan(value(before.rows, 'A', 2026, 'taxRetained')!);
    // Settlement transfers sum to zero each year.
    for (const year of [2025, 2026, 2027])
      expect(value(after.rows, 'A', year, 'transfer')! + value(after.rows, 'B', year, 'transfer')!).toBeCloseTo(0, 9);
    // Gains are deal minus no deal.
    expect(value(after.rows, 'B', 2027, 'output', 'gain')).toBeCloseTo(
      value(after.rows, 'B', 2027, 'output', 'deal')! - value(after.rows, 'B', 2027, 'output', 'noDeal')!,
      12,
    );
    expect(after.rows.filter((r) => r.measure === 'theil')).toHaveLength(6);
  });

  test('a discount-rate change alters present values but not the flows', async () => {
    const session = new Session();
    const opened = await session.openText('x.json', readFileSync(FIXTURE, 'utf8'));
    if (!opened.ok) throw new Error('open failed');
    const col = opened.columns[0]!;
    const base = Object.fromEntries(col.levers.map((l) => [l.id, l.value]));
    const a = await session.run(col.handle, base);
    const b = await session.run(col.handle, { ...base, '/discountRate/value': 0.15 });
    if (!a.ok || !b.ok) throw new Error('run failed');
    expect(b.rows).toEqual(a.rows);
    expect(b.summary.parties[0]!.discountedGain.netFiscal).not.toBeCloseTo(a.summary.parties[0]!.discountedGain.netFiscal, 6);
  });

  test('bad files come back as JSON-pointer issues', async () => {
    const session = new Session();
    const doc = JSON.parse(readFileSync(FIXTURE, 'utf8'));
    doc.years.from = 'soon';
    const res = await session.openText('bad.json', JSON.stringify(doc));
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.issues.map((i) => i.path)).toContain('/years/from');
    const notJson = await session.openText('bad.json', '{');
    expect(notJson.ok).toBe(false);
    if (!notJson.ok) expect(notJson.issues[0]!.message).toMatch(/not valid JSON/);
  });

  test('every built-in library entry opens without issues', async () => {
    const session = new Session();
    for (const entry of session.library()) {
      const res = await session.openBuiltin(entry.path);
      expect(res.ok ? [] : res.issues, entry.path).toEqual([]);
    }
  });
});
