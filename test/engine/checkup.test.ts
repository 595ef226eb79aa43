// Annual check-up with responses (engine/model/checkup.ts): a red target in year t changes the
// declared instrument parameter from t + 1, by its step and never past its limit; years before
// a response are untouched.
import { describe, expect, it } from 'vitest';
import { simulateWithCheckups } from '../../engine/model/checkup.js';
import { compileScenario } from '../../engine/model/compile.js';
import { simulate } from '../../engine/model/simulate.js';
import { validateScenario } from '../../engine/schema/validate.js';
import type { ResolvedScenario } from '../../engine/schema/scenario.js';
import { loadFixture } from '../helpers.js';

const total = (a: Float64Array, N: number, Y: number, y: number) => {
  let t = 0;
  for (let n = 0; n < N; n++) t += a[n * Y + y]!;
  return t;
};

describe('check-up and response', async () => {
  const s = await loadFixture('scenarios/jinniu-pengzhou-metro-approach.json');

  it('answers red years with more promotion from the next year, step by step, and changes nothing before', async () => {
    const plain = simulate(await compileScenario(s));
    const { checkups, result } = await simulateWithCheckups(s);
    expect(checkups.length).toBeGreaterThan(0);
    let previous = 0.1; // outputGain in the policy
    for (const c of checkups) {
      expect(c.from).toBe(c.year + 1);
      expect(c.previous).toBeCloseTo(previous, 12);
      expect(c.value).toBeCloseTo(Math.min(0.3, previous + 0.05), 12);
      previous = c.value;
    }
    const first = checkups[0]!.from - result.firstYear;
    const N = result.parties.length;
    const Y = result.years;
    for (let y = 0; y < Y; y++) {
      const a = total(result.deal.output, N, Y, y);
      const b = total(plain.deal.output, N, Y, y);
      if (y < first) expect(a).toBeCloseTo(b, 9);
      else expect(a).toBeGreaterThanOrEqual(b - 1e-9);
    }
    expect(total(result.deal.output, N, Y, first)).toBeGreaterThan(total(plain.deal.output, N, Y, first));
  });

  it('never passes its limit: at the limit the responses are recorded and change nothing', async () => {
    const capped = structuredClone(s) as ResolvedScenario;
    capped.policy.checkup!.responses[0]!.limit = 0.1;
    const { checkups, result } = await simulateWithCheckups(capped);
    const plain = simulate(await compileScenario(capped));
    expect(checkups.length).toBeGreaterThan(0);
    for (const c of checkups) expect(c.atLimit).toBe(true);
    expect(Array.from(result.deal.output)).toEqual(Array.from(plain.deal.output));
  });

  it('rejects a response on an instrument the policy does not declare', () => {
    const bad = structuredClone(s) as ResolvedScenario;
    bad.policy.checkup!.responses[0]!.instrument = 'jointFund';
    const v = validateScenario(bad);
    expect(v.ok ? [] : v.errors.map((e) => e.path)).toContain('/policy/checkup/responses/0/instrument');
  });
});
