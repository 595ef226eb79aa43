// A synthetic calibration problem with known parameters: the two-project fixture over a
// longer horizon, its own simulated series as the "observed" figures.
import { compileScenario } from '../../engine/model/compile.js';
import { simulate } from '../../engine/model/simulate.js';
import { flowRows } from '../../engine/model/report.js';
import { setByPointer } from '../../engine/schema/resolve.js';
import { validateScenario } from '../../engine/schema/validate.js';
import type { ResolvedScenario } from '../../engine/schema/scenario.js';
import type { ObservedPoint } from '../../engine/data/observed.js';
import { loadFixture } from '../helpers.js';

export const SYNTHETIC_PATHS = {
  steady: '/economy/projects/0/steadyOutput/value',
  growth: '/economy/projects/0/growth/value',
  hostGrowth: '/economy/parties/1/growth/gdp/value',
  start: '/economy/projects/1/startYear/value',
} as const;

export type SyntheticTruth = { steady: number; growth: number; hostGrowth: number; start: number };

/** The fixture with a 2025–2040 horizon, project P1 growing after ramp-up, and the given values. */
export async function syntheticScenario(truth: SyntheticTruth): Promise<ResolvedScenario> {
  const s = structuredClone(await loadFixture('test/fixtures/two-project.json'));
  s.years = { from: 2025, to: 2040 };
  s.policy.agreement.to = 2040;
  s.economy.projects[0]!.growth = { value: 0, unit: '1/yr', assumption: 'synthetic' };
  for (const [k, path] of Object.entries(SYNTHETIC_PATHS)) setByPointer(s, path, truth[k as keyof SyntheticTruth]);
  const r = validateScenario(s);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.value;
}

/** Observed points taken from the scenario's own deal world, in unequally spaced years. */
export async function ownSeries(s: ResolvedScenario, spec: { year: number; party: string; measure: string }[]): Promise<ObservedPoint[]> {
  const result = simulate(await compileScenario(s));
  const rows = flowRows(result, result.deal) as unknown as Record<string, number | string>[];
  return spec.map((x, i) => {
    const row = rows.find((r) => r.year === x.year && r.party === x.party)!;
    return { ...x, value: row[x.measure] as number, unit: x.measure === 'employment' ? 'person' : 'CNY_1e8/yr', source: 'synthetic', where: `line ${i + 2}` };
  });
}

export const SYNTHETIC_OBSERVATIONS = [
  ...[2025, 2026, 2028, 2031, 2035, 2040].map((year) => ({ year, party: 'B', measure: 'output' })),
  ...[2026, 2030, 2033, 2039].map((year) => ({ year, party: 'B', measure: 'gdp' })),
  ...[2027, 2034].map((year) => ({ year, party: 'A', measure: 'outputCredited' })),
];
