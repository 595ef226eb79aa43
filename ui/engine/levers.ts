// Levers: the main policy knobs of a resolved scenario, as JSON-Pointer overrides.
// Pure functions (no DOM, no worker API) so the worker uses them and tests can too.
import { pointerEscape } from '../../engine/schema/validate.js';
import { setByPointer, type ResolvedScenario } from '../../engine/index.js';
import type { Issue, LeverDef, LeverValues } from '../protocol.js';
import { checkLever } from '../lever-check.js';

export { checkLever };

const MAX_COST_LEVERS = 4;

/** The levers a scenario offers, with their current values. */
export function deriveLevers(s: ResolvedScenario): LeverDef[] {
  const levers: LeverDef[] = [];
  const categories = new Map(s.economy.categories.map((c) => [c.id, c.name]));
  const lastYear = Math.min(2200, Math.max(s.years.to, s.policy.agreement.to) + 10);
  for (const [key, rule] of Object.entries(s.policy.rules)) {
    const subject = categories.get(key) ?? { zh: key === '*' ? '其他类别' : key, en: key === '*' ? 'Other categories' : key };
    const base = `/policy/rules/${pointerEscape(key)}`;
    const share = (id: string, group: LeverDef['group'], value: number): LeverDef => ({
      id,
      group,
      subject,
      rule: key,
      min: 0,
      max: 1,
      step: 0.05,
      value,
    });
    for (const [ledger, group] of [
      ['statistics', 'statisticsShare'],
      ['tax', 'taxShare'],
    ] as const) {
      const r = rule[ledger];
      if (r.kind === 'fixed') levers.push(share(`${base}/${ledger}/originShare/value`, group, r.originShare.value));
      if (r.kind === 'byRegistration' && ledger === 'tax') {
        // The 4:6 / 2.5:7.5 reading: the split depends on where the firm pays tax.
        levers.push(share(`${base}/${ledger}/originShareIfRegisteredAtOrigin/value`, 'taxShareRegisteredAtOrigin', r.originShareIfRegisteredAtOrigin.value));
        levers.push(share(`${base}/${ledger}/originShareIfRegisteredAtHost/value`, 'taxShareRegisteredAtHost', r.originShareIfRegisteredAtHost.value));
      }
    }
    levers.push({ id: `${base}/basis`, group: 'basis', subject, rule: key, options: ['all', 'increment'], value: rule.basis });
    if (rule.sunsetYear !== undefined)
      levers.push({ id: `${base}/sunsetYear`, group: 'sunset', subject, rule: key, min: s.policy.agreement.from, max: lastYear, step: 1, value: rule.sunsetYear });
  }
  levers.push({
    id: '/policy/agreement/to',
    group: 'agreementEnd',
    min: s.policy.agreement.from,
    max: lastYear,
    step: 1,
    value: s.policy.agreement.to,
  });
  levers.push({ id: '/discountRate/value', group: 'discountRate', min: 0, max: 0.2, step: 0.005, value: s.discountRate.value });
  // A cost share lever for projects whose cost items are split between exactly two parties.
  let costLevers = 0;
  for (const [pi, p] of s.economy.projects.entries()) {
    const items = p.costs ?? [];
    if (!items.length || !items.every((c) => c.shares.length === 2 && c.shares[0]!.party === items[0]!.shares[0]!.party)) continue;
    if (costLevers++ >= MAX_COST_LEVERS) break;
    const firstParty = s.economy.parties.find((q) => q.id === items[0]!.shares[0]!.party);
    levers.push({
      id: `/economy/projects/${pi}/costs/0/shares/0/share/value`,
      group: 'costShare',
      subject: {
        zh: `${p.name.zh}（${firstParty?.name.zh ?? items[0]!.shares[0]!.party}）`,
        en: `${p.name.en} (${firstParty?.name.en ?? items[0]!.shares[0]!.party})`,
      },
      min: 0,
      max: 1,
      step: 0.05,
      value: items[0]!.shares[0]!.share.value,
    });
  }
  return levers;
}

/** Apply lever values to a copy of the scenario; issues name the JSON Pointer of each bad lever. */
export function applyLevers(s: ResolvedScenario, defs: LeverDef[], values: LeverValues): { scenario: ResolvedScenario; issues: Issue[] } {
  // Copy only what levers can change: the policy and scalars always, the economy only for
  // cost-share levers (a deep copy of a 200-project economy per slider move is wasted work).
  const touchesEconomy = defs.some((d) => d.group === 'costShare' && Object.prototype.hasOwnProperty.call(values, d.id));
  const copy: ResolvedScenario = {
    ...s,
    years: { ...s.years },
    discountRate: { ...s.discountRate },
    policy: structuredClone(s.policy),
    economy: touchesEconomy ? structuredClone(s.economy) : s.economy,
  };
  const issues: Issue[] = [];
  for (const def of defs) {
    if (!Object.prototype.hasOwnProperty.call(values, def.id)) continue;
    const value = values[def.id];
    const problem = checkLever(def, value);
    if (problem) {
      issues.push({ path: def.id, message: problem });
      continue;
    }
    if (def.group === 'costShare') {
      // Every cost item of the project moves together; the other party pays the rest.
      const project = def.id.split('/')[3]!;
      const items = copy.economy.projects[Number(project)]?.costs ?? [];
      items.forEach((_, i) => {
        const p0 = setByPointer(copy, `/economy/projects/${project}/costs/${i}/shares/0/share/value`, value);
        const p1 = setByPointer(copy, `/economy/projects/${project}/costs/${i}/shares/1/share/value`, 1 - (value as number));
        if (p0 || p1) issues.push({ path: def.id, message: (p0 ?? p1)! });
      });
    } else {
      const problem2 = setByPointer(copy, def.id, value);
      if (problem2) issues.push({ path: def.id, message: problem2 });
    }
  }
  return { scenario: copy, issues };
}

/** Lever values that change what compile produces (everything except the discount rate). */
export function compileKey(values: LeverValues): string {
  return JSON.stringify(
    Object.keys(values)
      .filter((k) => k !== '/discountRate/value')
      .sort()
      .map((k) => [k, values[k]]),
  );
}
