// Validation and loading: every mistake is reported with a JSON Pointer and what was expected.
import { describe, expect, it } from 'vitest';
import { validateDocument, validateScenario, validatePolicyChange, ScenarioError } from '../../engine/schema/validate.js';
import { resolveScenario, joinPath } from '../../engine/schema/resolve.js';
import { compileScenario } from '../../engine/model/compile.js';
import { readJson } from '../helpers.js';

const fixture = async () => structuredClone((await readJson('test/fixtures/two-project.json')) as any);

async function issuesOf(mutate: (doc: any) => void) {
  const doc = await fixture();
  mutate(doc);
  return validateDocument(doc);
}

describe('validateDocument', () => {
  it('accepts the fixture', async () => {
    expect(validateDocument(await fixture())).toEqual([]);
    expect(validateScenario(await fixture()).ok).toBe(true);
  });

  it('asks for a source or an assumption on every figure', async () => {
    const issues = await issuesOf((d) => delete d.economy.projects[0].steadyOutput.assumption);
    expect(issues).toContainEqual({
      path: '/economy/projects/0/steadyOutput',
      message: expect.stringContaining('"source"'),
    });
  });

  it('checks units per field', async () => {
    const issues = await issuesOf((d) => (d.economy.projects[0].valueAddedRate.unit = 'percent'));
    expect(issues).toContainEqual({ path: '/economy/projects/0/valueAddedRate/unit', message: 'expected "share"' });
  });

  it('reports unknown fields by name', async () => {
    const issues = await issuesOf((d) => (d.economy.projects[1].colour = 'red'));
    expect(issues).toContainEqual({ path: '/economy/projects/1/colour', message: expect.stringContaining('unknown field') });
  });

  it('reports ranges, types and enums with the expected value', async () => {
    const issues = await issuesOf((d) => {
      d.economy.projects[0].profitMargin.value = 1.5;
      d.economy.parties[0].tier = 'capital';
      d.years.from = '2025';
    });
    expect(issues).toContainEqual({ path: '/economy/projects/0/profitMargin/value', message: 'must be <= 1' });
    expect(issues).toContainEqual({ path: '/economy/parties/0/tier', message: 'expected one of "core", "periphery", "peer", "zone"' });
    expect(issues).toContainEqual({ path: '/years/from', message: 'expected integer' });
  });

  it('names an unknown rule kind', async () => {
    const issues = await issuesOf((d) => (d.policy.rules.joint.tax.kind = 'half'));
    expect(issues).toContainEqual({ path: '/policy/rules/joint/tax/kind', message: 'unknown kind "half"' });
  });

  it('checks cross-references and sums', async () => {
    const issues = await issuesOf((d) => {
      d.economy.projects[0].host = 'Z';
      d.economy.projects[0].costs[0].shares[0].share.value = 0.7;
      d.economy.projects[1].withoutDeal.asPlanned.value = 0.6;
      d.policy.rules.nosuch = d.policy.rules.joint;
    });
    expect(issues).toContainEqual({ path: '/economy/projects/0/host', message: 'unknown party "Z"; expected one of A, B' });
    expect(issues).toContainEqual({ path: '/economy/projects/0/costs/0/shares', message: 'cost shares add up to 1.2; expected 1' });
    expect(issues).toContainEqual({ path: '/economy/projects/1/withoutDeal', message: 'probabilities add up to 1.6; expected at most 1' });
    expect(issues.some((i) => i.path === '/policy/rules/nosuch' && i.message.includes('unknown category'))).toBe(true);
  });

  it('rejects non-finite numbers that JSON cannot carry but objects can', async () => {
    const issues = await issuesOf((d) => (d.economy.projects[0].steadyOutput.value = Number.NaN));
    expect(issues).toEqual([{ path: '/economy/projects/0/steadyOutput/value', message: 'expected a finite number' }]);
  });

  it('rejects a document without a known kind', () => {
    expect(validateDocument([1, 2])[0]!.message).toContain('JSON object');
    expect(validateDocument({ kind: 'budget' })[0]).toMatchObject({ path: '/kind' });
  });
});

describe('validatePolicyChange (levers on a validated scenario)', () => {
  it('accepts the scenario as written and reports a policy made invalid by a lever', async () => {
    const doc = await fixture();
    expect(validatePolicyChange(doc)).toEqual([]);
    doc.policy.agreement.to = 2020; // before it starts (2025)
    doc.policy.rules.joint.tax.originShare.value = 1.2;
    expect(validatePolicyChange(doc)).toContainEqual({ path: '/policy/rules/joint/tax/originShare/value', message: 'must be <= 1' });
    doc.policy.rules.joint.tax.originShare.value = 0.2;
    expect(validatePolicyChange(doc)).toEqual([{ path: '/policy/agreement', message: 'agreement starts (2025) after it ends (2020)' }]);
  });
});

describe('resolveScenario', () => {
  const files: Record<string, unknown> = {};
  const read = async (p: string) => {
    if (!(p in files)) throw new Error('no such file');
    return structuredClone(files[p]);
  };

  it('follows relative references and applies overrides without touching the shared files', async () => {
    const doc = await fixture();
    files['lib/economies/ab.json'] = doc.economy;
    files['lib/policies/p.json'] = doc.policy;
    // A reference may not climb out of the scenario's folder (SECURITY.md).
    await expect(resolveScenario({ ...doc, economy: '../economies/ab.json' }, 'lib/scenarios/x.json', read)).rejects.toMatchObject({
      issues: [{ path: '/economy', message: expect.stringContaining("must stay inside the referring file's folder") }],
    });
    const scenario = {
      ...doc,
      economy: './economies/ab.json',
      policy: 'policies/../policies/p.json',
      overrides: [{ path: '/policy/rules/joint/tax/originShare/value', value: 0.25 }],
    };
    const s = await resolveScenario(scenario, 'lib/x.json', read);
    expect(s.policy.rules.joint!.tax).toMatchObject({ originShare: { value: 0.25 } });
    expect((files['lib/policies/p.json'] as any).rules.joint.tax.originShare.value).toBe(0.4);
  });

  it('names a missing file, a wrong kind and a bad override path', async () => {
    const doc = await fixture();
    await expect(resolveScenario({ ...doc, economy: 'nope.json' }, 'x.json', read)).rejects.toMatchObject({
      issues: [{ path: '/economy', message: expect.stringContaining('cannot read "nope.json"') }],
    });
    files['pol.json'] = doc.policy;
    await expect(resolveScenario({ ...doc, economy: 'pol.json' }, 'x.json', read)).rejects.toMatchObject({
      issues: [{ path: '/economy', message: expect.stringContaining('expected a economy') }],
    });
    await expect(
      resolveScenario({ ...doc, overrides: [{ path: '/policy/rules/nothing/tax', value: 1 }] }, 'x.json', read),
    ).rejects.toMatchObject({ issues: [{ path: '/overrides/0/path', message: expect.stringContaining('no value at') }] });
    // A new key may be added, but the result is validated: a misspelt field is reported.
    await expect(
      resolveScenario({ ...doc, overrides: [{ path: '/policy/rules/joint/sunsetYaer', value: 2026 }] }, 'x.json', read),
    ).rejects.toMatchObject({ issues: [{ path: '/policy/rules/joint/sunsetYaer', message: expect.stringContaining('unknown field') }] });
    const added = await resolveScenario({ ...doc, overrides: [{ path: '/policy/rules/joint/sunsetYear', value: 2026 }] }, 'x.json', read);
    expect(added.policy.rules.joint!.sunsetYear).toBe(2026);
    await expect(
      resolveScenario({ ...doc, overrides: [{ path: '/__proto__/polluted', value: 1 }] }, 'x.json', read),
    ).rejects.toMatchObject({ issues: [{ path: '/overrides/0/path', message: expect.stringContaining('forbidden') }] });
    expect(({} as any).polluted).toBeUndefined();
  });

  it('re-validates after overrides', async () => {
    const doc = await fixture();
    const err = await resolveScenario(
      { ...doc, overrides: [{ path: '/policy/rules/joint/tax/originShare/value', value: 7 }] },
      'x.json',
      read,
    ).catch((e) => e);
    expect(err).toBeInstanceOf(ScenarioError);
    expect(err.issues[0]).toMatchObject({ path: '/policy/rules/joint/tax/originShare/value', message: 'must be <= 1 (after overrides)' });
  });

  it('joins paths like a file system would', () => {
    expect(joinPath('scenarios/comparisons', '../a.json')).toBe('scenarios/a.json');
    expect(joinPath('', './economies/x.json')).toBe('economies/x.json');
    expect(joinPath('/abs/dir', '../../../x.json')).toBe('/x.json');
  });
});

describe('JSONata rules', () => {
  const withTaxExpression = async (jsonata: string) => {
    const doc = await fixture();
    doc.policy.rules.joint.tax = { kind: 'expression', jsonata, assumption: 'test' };
    return doc;
  };

  it('are evaluated per project-year into the share table', async () => {
    // Origin share 0.5 in the first agreement year, then 0.2.
    const doc = await withTaxExpression('agreementYear = 1 ? 0.5 : 0.2');
    const c = await compileScenario(doc);
    const N = 2;
    const Y = 3;
    expect(c.deal.taxShare[(0 * Y + 0) * N + 0]).toBe(0.5);
    expect(c.deal.taxShare[(0 * Y + 1) * N + 0]).toBe(0.2);
    expect(c.deal.taxShare[(0 * Y + 1) * N + 1]).toBeCloseTo(0.8, 12);
  });

  it('must give a share between 0 and 1', async () => {
    await expect(compileScenario(await withTaxExpression('1.5'))).rejects.toMatchObject({
      issues: [{ path: '/policy/rules/joint/tax/jsonata', message: expect.stringContaining('between 0 and 1') }],
    });
  });

  it('cannot reach JavaScript through the data', async () => {
    const err = await compileScenario(await withTaxExpression('$$.constructor.constructor("return 0.5")()')).catch((e) => e);
    expect(err).toBeInstanceOf(ScenarioError);
  });

  it('end hostile recursion and huge ranges with an error, not a hang', async () => {
    const started = Date.now();
    for (const src of ['($f := function($x){ $f($x) + 1 }; $f(1))', '$count([1..9999999]) > 0 ? 1 : 0', '$sum([1..100000000])']) {
      const err = await compileScenario(await withTaxExpression(src)).catch((e) => e);
      expect(err).toBeInstanceOf(ScenarioError);
      expect(err.issues[0].path).toBe('/policy/rules/joint/tax/jsonata');
    }
    // A generous bound that only a hang would break (not a performance assertion).
    expect(Date.now() - started).toBeLessThan(30_000);
  });
});
