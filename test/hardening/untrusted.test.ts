// The first door: an untrusted value is refused quickly, without a stack overflow, with a
// path and a message naming the limit, before the schema validator sees it.
import { describe, expect, it } from 'vitest';
import { validateDocument, validateUntrusted, validateScenario } from '../../engine/schema/validate.js';
import { untrustedShapeIssues, UNTRUSTED_LIMITS as U } from '../../engine/schema/untrusted.js';
import { readJson } from '../helpers.js';
import { LIMITS } from '../../engine/schema/scenario.js';

const fixture = async () => structuredClone((await readJson('test/fixtures/two-project.json')) as any);
const HANG = 10_000; // generous "did not hang" bound

function nested(depth: number, leaf: unknown = 1, asArray = false): unknown {
  let d = leaf;
  for (let i = 0; i < depth; i++) d = asArray ? [d] : { a: d };
  return d;
}

describe('validateUntrusted: bounded shape before the schema', () => {
  it('accepts the fixture and every value the format uses', async () => {
    const doc = await fixture();
    expect(untrustedShapeIssues(doc)).toEqual([]);
    const r = validateUntrusted(doc);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value.kind).toBe('scenario');
  });

  const cases: [string, () => unknown, string, RegExp][] = [
    ['a ten-million-element array', () => ({ kind: 'economy', parties: new Array(10_000_000).fill(0) }), '/parties', new RegExp(`limit of ${U.arrayLength}`)],
    ['10k-deep object nesting', () => ({ kind: 'economy', note: nested(10_000) }), '', new RegExp(`deeper than ${U.depth} levels`)],
    ['100k-deep array nesting', () => nested(100_000, 1, true), '', new RegExp(`deeper than ${U.depth} levels`)],
    ['an object with a million fields', () => Object.fromEntries(Array.from({ length: 1_000_000 }, (_, i) => [`k${i}`, i])), '', new RegExp(`limit of ${U.keysPerObject}`)],
    ['a 50-million-character string', () => ({ kind: 'economy', id: 'x'.repeat(50_000_000) }), '/id', new RegExp(`limit of ${U.stringLength}`)],
    ['a very long field name', () => ({ kind: 'economy', ['k'.repeat(10_000)]: 1 }), '', new RegExp(`limit of ${U.keyLength}`)],
    ['NaN', () => ({ kind: 'scenario', discountRate: { value: NaN } }), '/discountRate/value', /finite number/],
    ['Infinity in a list', () => ({ kind: 'economy', sources: [1, -Infinity] }), '/sources/1', /finite number/],
    ['a Map', () => ({ kind: 'economy', parties: new Map() }), '/parties', /plain JSON object; got a Map/],
    ['a Date', () => ({ kind: 'economy', when: new Date(0) }), '/when', /got a Date/],
    ['a class instance', () => ({ kind: 'economy', x: new (class Evil {})() }), '/x', /got a Evil/],
    ['a function', () => ({ kind: 'economy', x: () => 1 }), '/x', /got function/],
    ['a bigint', () => ({ kind: 'economy', x: 10n }), '/x', /got bigint/],
    ['a symbol', () => ({ kind: 'economy', x: Symbol('s') }), '/x', /got symbol/],
    ['a terminal escape in a text', () => ({ kind: 'economy', id: 'a\u001b[2Jb' }), '/id', /control or direction-override character U\+001B/],
    ['a C1 control (CSI) in a text', () => ({ kind: 'economy', id: 'a\u009b2J' }), '/id', /U\+009B/],
    ['a right-to-left override in a label', () => ({ kind: 'economy', title: { zh: '甲', en: 'A gets \u202e%06' } }), '/title/en', /U\+202E/],
    ['a control character in a field name', () => ({ kind: 'economy', ['x\u0007']: 1 }), '', /field name contains .* U\+0007/],
    ['a sparse array', () => ({ kind: 'economy', sources: new Array(3) }), '/sources', /hole/],
  ];
  it.each(cases)('refuses %s with a path and the limit', (_name, make, pathStart, message) => {
    const value = make();
    const started = Date.now();
    const issues = validateDocument(value);
    expect(Date.now() - started).toBeLessThan(HANG);
    expect(issues.length).toBeGreaterThan(0);
    expect(issues[0]!.path.startsWith(pathStart)).toBe(true);
    expect(issues[0]!.message).toMatch(message);
    expect(validateUntrusted(value).ok).toBe(false);
  });

  it('ends a cycle at the depth limit instead of recursing', () => {
    const a: Record<string, unknown> = { kind: 'economy' };
    a.self = a;
    const issues = validateDocument(a);
    expect(issues).toHaveLength(1);
    expect(issues[0]!.message).toMatch(/cycle/);
  });

  it('bounds shared sub-structures by the total value count', () => {
    const leaf = Array.from({ length: 1000 }, (_, i) => i);
    let d: unknown = leaf;
    for (let i = 0; i < 20; i++) d = [d, d];
    const issues = untrustedShapeIssues({ kind: 'economy', x: d });
    expect(issues[0]!.message).toMatch(new RegExp(`more than ${U.nodes} values`));
  });

  it('keeps tabs, line breaks and Chinese text', async () => {
    const doc = await fixture();
    doc.economy.projects[0].owner = '成都市\t金牛区\r\n彭州市';
    expect(validateDocument(doc)).toEqual([]);
  });

  it('treats an undefined optional field as absent, as JSON does', async () => {
    const doc = await fixture();
    doc.economy.projects[0].owner = undefined;
    expect(validateDocument(doc)).toEqual([]);
    doc.economy.projects[0].owner = null;
    expect(validateDocument(doc)).toContainEqual({ path: '/economy/projects/0/owner', message: 'expected string' });
  });

  it('gives the same verdict to a resolved scenario: validateScenario also goes through the shape check', async () => {
    const doc = await fixture();
    doc.economy.projects[0].steadyOutput.value = Infinity;
    const r = validateScenario(doc);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors).toContainEqual({ path: '/economy/projects/0/steadyOutput/value', message: 'expected a finite number' });
  });

  it('a "*" cost-proportional rule checks a project whose category is named like an Object.prototype member', async () => {
    const doc = await fixture();
    doc.economy.categories.push({ id: 'toString', name: { zh: 'x', en: 'x' } });
    doc.economy.projects[0].category = 'toString';
    delete doc.economy.projects[0].costs;
    doc.policy.rules['*'] = { statistics: { kind: 'costProportional' }, tax: { kind: 'none' }, basis: 'all' };
    const issues = validateDocument(doc);
    expect(issues).toContainEqual({ path: '/economy/projects/0/costs', message: expect.stringContaining('needs the project\'s costs') });
  });
});

describe('every size limit is named in its message', () => {
  const cases: [string, (d: any) => void, string, number][] = [
    ['parties', (d) => { d.economy.parties = Array.from({ length: LIMITS.parties + 1 }, () => d.economy.parties[0]); }, '/economy/parties', LIMITS.parties],
    ['projects', (d) => { d.economy.projects = Array.from({ length: LIMITS.projects + 1 }, () => d.economy.projects[0]); }, '/economy/projects', LIMITS.projects],
    ['years', (d) => { d.years.to = d.years.from + LIMITS.years; d.policy.agreement.to = d.years.to; }, '/years', LIMITS.years],
    ['expression length', (d) => { d.policy.rules.joint.tax = { kind: 'expression', jsonata: '0'.repeat(LIMITS.expressionLength + 1), assumption: 'x' }; }, '/policy/rules/joint/tax/jsonata', LIMITS.expressionLength],
    ['overrides', (d) => { d.overrides = Array.from({ length: LIMITS.overrides + 1 }, () => ({ path: '/discountRate/value', value: 0.1 })); }, '/overrides', LIMITS.overrides],
    ['text length', (d) => { d.economy.projects[0].owner = 'x'.repeat(LIMITS.textLength + 1); }, '/economy/projects/0/owner', LIMITS.textLength],
    ['id length', (d) => { d.id = `a${'b'.repeat(LIMITS.idLength)}`; }, '/id', LIMITS.idLength],
    ['cost items', (d) => { d.economy.projects[0].costs = Array.from({ length: LIMITS.costItemsPerProject + 1 }, () => d.economy.projects[0].costs[0]); }, '/economy/projects/0/costs', LIMITS.costItemsPerProject],
  ];
  it.each(cases)('%s', async (_name, mutate, path, limit) => {
    const doc = await fixture();
    mutate(doc);
    const issues = validateScenario(doc);
    expect(issues.ok).toBe(false);
    if (issues.ok) return;
    const issue = issues.errors.find((e) => e.path === path);
    expect(issue, JSON.stringify(issues.errors.slice(0, 3))).toBeDefined();
    expect(issue!.message).toContain(String(limit));
  });
});
