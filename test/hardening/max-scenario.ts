// A scenario at the format's documented maxima (LIMITS): 16 parties, 5,000 projects,
// 100 years, 64 categories, 256 uncertainties, within the 5,000,000-byte file limit. Built
// from the benchmark generator, trimmed of optional fields so that it fits.
import { generateScenario } from '../../benchmarks/generate.js';
import { LIMITS } from '../../engine/schema/scenario.js';

export function maximumScenario(): { doc: Record<string, any>; text: string } {
  const s = generateScenario({ seed: 18, projects: LIMITS.projects, parties: LIMITS.parties, years: LIMITS.years }) as Record<string, any>;
  const economy = s.economy;
  // Fit 5,000 projects in the file limit: shorter notes, fewer optional fields.
  const shorten = (v: any): void => {
    if (!v || typeof v !== 'object') return;
    if (typeof v.assumption === 'string') v.assumption = 'x';
    for (const k of Object.keys(v)) shorten(v[k]);
  };
  for (const p of economy.projects) {
    delete p.synergyUplift;
    delete p.growth;
    delete p.withoutDeal?.originScale;
    // One cost item, only where a cost-proportional rule needs it.
    if (p.costs) p.costs = p.category === 'costshare' ? p.costs.slice(0, 1) : undefined;
    p.name = { zh: p.id, en: p.id };
  }
  shorten(economy.projects);
  // 64 categories: the generator's 5, and more that reuse the first one's rule.
  const rule = s.policy.rules[economy.categories[0].id];
  for (let i = economy.categories.length; i < LIMITS.categories; i++) {
    economy.categories.push({ id: `c${i}`, name: { zh: `类${i}`, en: `C${i}` } });
    s.policy.rules[`c${i}`] = rule;
  }
  // 256 uncertainties: the generator's, then output scales of single projects (each ≤ 1.01, so
  // their product stays within the combined bound).
  for (let i = economy.uncertainties.length; i < LIMITS.uncertainties; i++)
    economy.uncertainties.push({ id: `u${i}`, label: { zh: `u${i}`, en: `u${i}` }, target: 'outputScale', distribution: { kind: 'uniform', min: 0.99, max: 1.01 }, projects: [economy.projects[i].id], assumption: 'x' });
  const text = JSON.stringify(s);
  if (text.length > LIMITS.fileBytes) throw new Error(`the maximum scenario is ${text.length} bytes; over the ${LIMITS.fileBytes}-byte limit`);
  return { doc: s, text };
}
