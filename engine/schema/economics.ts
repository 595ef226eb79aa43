// Semantic checks of the economic-depth fields (baseline forecasts, input–output block,
// round targets) that a JSON Schema cannot express; called from validate.ts.
import type { Economy, Policy } from './scenario.js';
import { UNITS } from './scenario.js';
import type { ValidationIssue } from './issue.js';
import { LeontiefError, leontiefInverse } from '../io/leontief.js';

/** Minimum number of observed years per baseline method. */
export const BASELINE_MIN_YEARS = { constantGrowth: 2, logLinear: 3, gm11: 4 } as const;

/** Baseline histories and the input–output block of an economy. */
export function economicsEconomyIssues(e: Economy, prefix: string): ValidationIssue[] {
  const out: ValidationIssue[] = [];
  const partyIds = e.parties.map((p) => p.id);
  const partyList = partyIds.join(', ');
  e.parties.forEach((p, i) => {
    const b = p.baseline;
    if (!b) return;
    const at = `${prefix}/parties/${i}/baseline`;
    const { years, gdp } = b.history;
    if (years.length !== gdp.length)
      out.push({ path: `${at}/history/gdp`, message: `has ${gdp.length} values for ${years.length} years; expected one value per year` });
    for (let k = 1; k < years.length; k++)
      if (!(years[k]! > years[k - 1]!)) {
        out.push({ path: `${at}/history/years/${k}`, message: `year ${years[k]} does not come after ${years[k - 1]}; expected increasing years, oldest first (gaps are allowed)` });
        break;
      }
    if (years.length && years[0]! > e.baseYear)
      out.push({ path: `${at}/history/years/0`, message: `history starts in ${years[0]}, after the base year ${e.baseYear}; expected it to start in the base year or earlier` });
    const min = BASELINE_MIN_YEARS[b.method];
    if (years.length < min)
      out.push({ path: `${at}/history/years`, message: `method "${b.method}" needs at least ${min} observed years; got ${years.length}` });
  });

  const io = e.inputOutput;
  if (io) {
    const at = `${prefix}/inputOutput`;
    const seen = new Set<string>();
    io.coefficients.forEach((c, k) => {
      for (const role of ['supplier', 'buyer'] as const)
        if (!partyIds.includes(c[role]))
          out.push({ path: `${at}/coefficients/${k}/${role}`, message: `unknown party "${c[role]}"; expected one of ${partyList}` });
      const key = `${c.supplier}→${c.buyer}`;
      if (seen.has(key)) out.push({ path: `${at}/coefficients/${k}`, message: `coefficient ${c.supplier} → ${c.buyer} given twice` });
      seen.add(key);
    });
    const listed = new Set<string>();
    io.parties.forEach((p, k) => {
      if (!partyIds.includes(p.party))
        out.push({ path: `${at}/parties/${k}/party`, message: `unknown party "${p.party}"; expected one of ${partyList}` });
      if (listed.has(p.party)) out.push({ path: `${at}/parties/${k}/party`, message: `party "${p.party}" listed twice` });
      listed.add(p.party);
      if (io.taxIndirect && !p.localTaxPerOutput)
        out.push({ path: `${at}/parties/${k}`, message: 'missing "localTaxPerOutput", needed because taxIndirect is true' });
    });
    const missing = partyIds.filter((id) => !listed.has(id));
    if (missing.length) out.push({ path: `${at}/parties`, message: `no entry for party ${missing.map((m) => `"${m}"`).join(', ')}; expected one per party` });
    if (!out.length) {
      try {
        leontiefInverse(coefficientMatrix(e));
      } catch (err) {
        if (err instanceof LeontiefError) out.push({ path: `${at}/coefficients`, message: err.message });
        else throw err;
      }
    }
  }
  return out;
}

/** The N×N coefficient matrix A[supplier][buyer] of an economy's input–output block (zeros when absent). */
export function coefficientMatrix(e: Economy): number[][] {
  const ids = e.parties.map((p) => p.id);
  const A = ids.map(() => ids.map(() => 0));
  for (const c of e.inputOutput?.coefficients ?? []) {
    const i = ids.indexOf(c.supplier);
    const j = ids.indexOf(c.buyer);
    if (i >= 0 && j >= 0) A[i]![j] = c.value.value;
  }
  return A;
}

const PERSON_MEASURES = new Set(['employment', 'employmentIndirect']);

/** Targets of a policy's rounds; with the economy, their scopes are checked against its parties. */
export function targetIssues(p: Policy, prefix: string, economy?: Economy): ValidationIssue[] {
  const out: ValidationIssue[] = [];
  const ids = new Set<string>();
  const parties = economy ? economy.parties.map((x) => x.id) : null;
  (p.rounds ?? []).forEach((r, i) => {
    (r.targets ?? []).forEach((t, j) => {
      const at = `${prefix}/rounds/${i}/targets/${j}`;
      if (ids.has(t.id)) out.push({ path: `${at}/id`, message: `duplicate target id "${t.id}"` });
      ids.add(t.id);
      if (t.kind !== 'quantitative') return;
      if (t.year < r.from)
        out.push({ path: `${at}/year`, message: `target year ${t.year} is before the round starts (${r.from}); expected ${r.from} or later` });
      const unit = PERSON_MEASURES.has(t.measure) ? UNITS.persons : UNITS.moneyPerYear;
      if (t.value.unit !== unit)
        out.push({ path: `${at}/value/unit`, message: `measure "${t.measure}" is in ${unit}; got ${t.value.unit}` });
      if (economy && !economy.inputOutput && (t.measure === 'outputIndirect' || t.measure === 'employmentIndirect'))
        out.push({ path: `${at}/measure`, message: `measure "${t.measure}" needs an inputOutput block in the economy; it has none` });
      if (parties && t.scope !== 'all' && !parties.includes(t.scope))
        out.push({ path: `${at}/scope`, message: `unknown party "${t.scope}"; expected "all" or one of ${parties.join(', ')}` });
    });
  });
  return out;
}
