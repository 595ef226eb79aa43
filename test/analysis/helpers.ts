// Test scenarios for the analysis layer, derived from the hand-computed fixture.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { validateScenario } from '../../engine/schema/validate.js';
import type { ResolvedScenario } from '../../engine/schema/scenario.js';

export const FIXTURE = fileURLToPath(new URL('../fixtures/two-project.json', import.meta.url));

export function fixture(): ResolvedScenario {
  return JSON.parse(readFileSync(FIXTURE, 'utf8')) as ResolvedScenario;
}

function valid(s: unknown): ResolvedScenario {
  const r = validateScenario(s);
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
  return r.value;
}

const q = (value: number, unit: string) => ({ value, unit, assumption: 'test value' });

/**
 * Two parties over 2025–2040: the deal pays off in total, so a tax split exists where both
 * gain (the 3-year fixture loses for both sides at every split).
 */
export function twoPartyWithZopa(): ResolvedScenario {
  const s = fixture() as any;
  s.years = { from: 2025, to: 2040 };
  s.policy.agreement.to = 2040;
  return valid(s);
}

/** Three parties: A sends P1 to B and P3 to C; uncertainties on output, start and survival. */
export function threeParty(): ResolvedScenario {
  const s = twoPartyWithZopa() as any;
  const c = structuredClone(s.economy.parties[1]);
  c.id = 'C';
  c.name = { zh: '丙县', en: 'County C' };
  s.economy.parties.push(c);
  const p3 = structuredClone(s.economy.projects[0]);
  p3.id = 'P3';
  p3.host = 'C';
  p3.registration = 'C';
  p3.steadyOutput = q(60, 'CNY_1e8/yr');
  p3.costs[0].shares = [
    { party: 'A', share: q(0.3, 'share') },
    { party: 'C', share: q(0.7, 'share') },
  ];
  s.economy.projects.push(p3);
  return valid(s);
}

/** The long two-party scenario with uncertainties of every kind. */
export function withUncertainties(): ResolvedScenario {
  const s = twoPartyWithZopa() as any;
  s.economy.uncertainties = [
    { id: 'scale', label: { zh: '规模', en: 'Scale' }, target: 'outputScale', perProject: true, distribution: { kind: 'triangular', min: 0.6, mode: 1, max: 1.2 }, assumption: 'test' },
    { id: 'delay', label: { zh: '延迟', en: 'Delay' }, target: 'startDelay', projects: ['P1'], distribution: { kind: 'uniform', min: 0, max: 3 }, assumption: 'test' },
    { id: 'ramp', label: { zh: '爬坡', en: 'Ramp' }, target: 'rampScale', distribution: { kind: 'lognormal', mu: 0, sigma: 0.3 }, assumption: 'test' },
    { id: 'growth', label: { zh: '增长', en: 'Growth' }, target: 'growthShift', distribution: { kind: 'normal', mean: 0, sd: 0.02 }, assumption: 'test' },
    { id: 'survive', label: { zh: '存活', en: 'Survival' }, target: 'survival', projects: ['P2'], distribution: { kind: 'uniform', min: 0.5, max: 1 }, assumption: 'test' },
    { id: 'base', label: { zh: '基线', en: 'Baseline' }, target: 'baselineGrowthShift', distribution: { kind: 'normal', mean: 0, sd: 0.01 }, assumption: 'test' },
  ];
  return valid(s);
}
