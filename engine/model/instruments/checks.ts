// Checks shared by instrument modules: party lists that must name known parties and add up to 1.
import type { Economy } from '../../schema/scenario.js';
import type { Issue, PartyShare } from './common.js';

export function sharesIssues(list: PartyShare[], at: string, economy: Economy | undefined): Issue[] {
  const out: Issue[] = [];
  const ids = economy ? new Set(economy.parties.map((p) => p.id)) : null;
  const seen = new Set<string>();
  list.forEach((e, i) => {
    if (ids && !ids.has(e.party)) out.push({ path: `${at}/${i}/party`, message: `unknown party "${e.party}"; expected one of ${[...ids].join(', ')}` });
    if (seen.has(e.party)) out.push({ path: `${at}/${i}/party`, message: `party "${e.party}" listed twice` });
    seen.add(e.party);
  });
  const sum = list.reduce((a, e) => a + e.share.value, 0);
  if (Math.abs(sum - 1) > 1e-9) out.push({ path: at, message: `shares add up to ${sum}; expected 1` });
  return out;
}

export function partyIssue(id: string, at: string, economy: Economy | undefined): Issue[] {
  if (!economy || economy.parties.some((p) => p.id === id)) return [];
  return [{ path: at, message: `unknown party "${id}"; expected one of ${economy.parties.map((p) => p.id).join(', ')}` }];
}
