// Plausibility of a projection: warnings (never errors) for paths a researcher rarely means,
// such as projects whose value added outgrows the economy that hosts them, or growth
// compounding above a ceiling for decades without a taper.
import type { ResolvedScenario } from '../schema/scenario.js';
import type { CompiledScenario } from './compiled.js';
import type { SimulationResult } from './simulate.js';

/** Project growth per year above which a constant (untapered) rate is flagged. */
export const PROJECT_GROWTH_CEILING = 0.15;

export function plausibilityWarnings(s: ResolvedScenario, c: CompiledScenario, result: SimulationResult): string[] {
  const out: string[] = [];
  const Y = result.years;
  // The deal's projects produce more value added in a party than the party's whole baseline
  // GDP: a zone outgrowing the place that hosts it.
  result.parties.forEach((p, n) => {
    for (let y = 0; y < Y; y++) {
      const va = result.deal.valueAdded[n * Y + y]!;
      const base = c.baselineGdp[n * Y + y]!;
      if (va > base) {
        out.push(
          `the projects' value added produced in ${p.id} reaches ${va.toFixed(1)} 亿元/yr in ${result.firstYear + y}, more than its baseline GDP of ${base.toFixed(1)}: check project sizes and growth (or give growthHalfLife)`,
        );
        break;
      }
    }
  });
  s.economy.projects.forEach((p, i) => {
    const g = p.growth?.value ?? 0;
    const years = s.years.to - Math.max(s.years.from, p.startYear.value + p.rampYears.value - 1);
    if (g > PROJECT_GROWTH_CEILING && !p.growthHalfLife && years > 5)
      out.push(
        `/economy/projects/${i}/growth: ${p.id} grows ${(100 * g).toFixed(1)} %/yr for ${years} years without a taper (above ${100 * PROJECT_GROWTH_CEILING} %/yr); consider growthHalfLife`,
      );
  });
  return out;
}
