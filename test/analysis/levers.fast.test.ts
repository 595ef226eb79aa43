// The fast lever path (patching share tables of the compiled scenario) against the reference
// path (rebuilding from the lever-set scenario), on every scenario of the library.
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { loadDocument } from '../../engine/schema/resolve.js';
import { readDocument } from '../../engine/cli/read.js';
import { LeverModel, defaultLever } from '../../engine/analysis/levers.js';
import { AnalysisError } from '../../engine/analysis/errors.js';
import type { ResolvedScenario } from '../../engine/schema/scenario.js';
import { twoPartyWithZopa } from './helpers.js';

const dir = fileURLToPath(new URL('../../scenarios/', import.meta.url));

async function library(): Promise<ResolvedScenario[]> {
  const out: ResolvedScenario[] = [];
  for (const f of readdirSync(dir).filter((f) => f.endsWith('.json') && f !== 'scenario.schema.json').sort()) {
    try {
      const d = await loadDocument(dir + f, readDocument);
      if (d.kind === 'scenario') out.push(d.scenario);
    } catch {
      // Files being edited by someone else may be momentarily invalid; they are not this test's subject.
    }
  }
  return out;
}

/** Lever paths to try on a scenario: the default and every fixed / byRegistration share of its rules. */
function leverPaths(s: ResolvedScenario): string[] {
  const paths = new Set<string>();
  try {
    paths.add(defaultLever(s));
  } catch (err) {
    if (!(err instanceof AnalysisError)) throw err;
  }
  for (const [key, rule] of Object.entries(s.policy.rules)) {
    const k = key.replace(/~/g, '~0').replace(/\//g, '~1');
    for (const ledger of ['tax', 'statistics'] as const) {
      const r = rule[ledger];
      if (!r) continue;
      if (r.kind === 'fixed') paths.add(`/policy/rules/${k}/${ledger}/originShare/value`);
      if (r.kind === 'byRegistration') {
        paths.add(`/policy/rules/${k}/${ledger}/originShareIfRegisteredAtOrigin/value`);
        paths.add(`/policy/rules/${k}/${ledger}/originShareIfRegisteredAtHost/value`);
      }
      paths.add(`/policy/rules/${k}/${ledger}`);
    }
  }
  // Tax splits keyed by the separate tax-category list (policy.taxRules).
  for (const [key, rule] of Object.entries(s.policy.taxRules ?? {})) {
    const k = key.replace(/~/g, '~0').replace(/\//g, '~1');
    const r = rule.tax;
    if (r.kind === 'fixed') paths.add(`/policy/taxRules/${k}/tax/originShare/value`);
    if (r.kind === 'byRegistration') {
      paths.add(`/policy/taxRules/${k}/tax/originShareIfRegisteredAtOrigin/value`);
      paths.add(`/policy/taxRules/${k}/tax/originShareIfRegisteredAtHost/value`);
    }
    paths.add(`/policy/taxRules/${k}/tax`);
  }
  return [...paths];
}

describe('fast lever path', () => {
  it('patches exactly the share tables a rebuild gives, for every library scenario and share lever', async () => {
    const scenarios = [twoPartyWithZopa(), ...(await library())];
    expect(scenarios.length).toBeGreaterThan(3);
    let checked = 0;
    for (const s of scenarios) {
      for (const path of leverPaths(s)) {
        let model: LeverModel;
        try {
          model = await LeverModel.create(s, [path]);
        } catch (err) {
          if (err instanceof AnalysisError) continue;
          throw err;
        }
        fc.assert(
          fc.property(fc.double({ min: 0, max: 1, noNaN: true }), (x) => {
            const fast = model.compiledAt([x]);
            const ref = model.rebuild([x]);
            expect(fast.deal.taxShare).toEqual(ref.deal.taxShare);
            expect(fast.deal.statisticsShare).toEqual(ref.deal.statisticsShare);
            expect(fast.deal.keep).toEqual(ref.deal.keep);
          }),
          { seed: 5, numRuns: 4 },
        );
        if (model.fastPath) checked++;
      }
    }
    // The fast path really ran (rule replacements, fixed and byRegistration shares).
    expect(checked).toBeGreaterThan(10);
  }, 60_000);

  it('does not alter the base compiled scenario', async () => {
    const s = twoPartyWithZopa();
    const model = await LeverModel.create(s, [defaultLever(s)]);
    const before = model.base.deal.taxShare.slice();
    model.compiledAt([0.9]);
    expect(model.base.deal.taxShare).toEqual(before);
  });
});
