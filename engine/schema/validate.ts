// Validation at the edge: JSON Schema (ajv) first, then the cross-references and
// sums a schema cannot express. Every error names a JSON Pointer and what was expected.
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { withDefs } from './defs.js';
import { AJV_OPTIONS, VALIDATED, type ValidatedName } from './ajv-options.js';
import { PRECOMPILED } from './precompiled.js';
import type { TSchema } from '@sinclair/typebox';
import {
  ComparisonShallow,
  Economy,
  LIMITS,
  Policy,
  ScenarioShallow,
  type Comparison as ComparisonT,
  type Economy as EconomyT,
  type Uncertainty as UncertaintyT,
  type Policy as PolicyT,
  type ShareRule as ShareRuleT,
  type ResolvedScenario,
  type ScenarioFile as ScenarioFileT,
} from './scenario.js';
import { economicsEconomyIssues, targetIssues } from './economics.js';
import { untrustedShapeIssues } from './untrusted.js';
import { baselinePaths } from '../forecast/baseline.js';
import { ForecastInputError } from '../forecast/gm11.js';
import { instrumentIssues } from '../model/instruments/index.js';
import { economyModeIssues } from '../model/modes.js';
import { ruleSourceProblem } from '../model/rule-language.js';
import { escapeSegment } from '../pointer.js';
import { observedFromBlock, observedIssues } from '../data/observed.js';

import type { ValidationIssue } from './issue.js';
export type { ValidationIssue } from './issue.js';

export type ValidationResult<T> = { ok: true; value: T } | { ok: false; errors: ValidationIssue[] };

/** Thrown by loaders and the compiler; carries every issue found. */
export class ScenarioError extends Error {
  constructor(public readonly issues: ValidationIssue[]) {
    super(issues.map((i) => `${i.path || '/'}: ${i.message}`).join('\n'));
    this.name = 'ScenarioError';
  }
}

// Compiling the schema is most of the start-up cost of validating a file; the built CLI and
// workers use validators compiled at build time (precompiled.ts), the sources compile here, each
// schema the first time a document needs it (or earlier, when the web worker is idle:
// prepareValidator).
// The Ajv instance is made on the first compile: constructing it (its meta-schemas) took ~20 ms
// of the web worker's start-up, and the built CLI, with precompiled validators, never needs it.
let ajv: Ajv | null = null;
const compiled = new Map<TSchema, ValidateFunction>();
/** The web build's precompiled validators, once loadPrecompiledValidators() has loaded them. */
let lazyPrecompiled: Partial<Record<ValidatedName, ValidateFunction>> | null = null;
function validator(schema: TSchema): ValidateFunction {
  let v = compiled.get(schema);
  if (!v) {
    const name = (Object.keys(VALIDATED) as ValidatedName[]).find((k) => VALIDATED[k] === schema);
    v = (name && (PRECOMPILED?.[name] ?? lazyPrecompiled?.[name])) || (ajv ??= new Ajv(AJV_OPTIONS)).compile(withDefs(JSON.parse(JSON.stringify(schema))));
    compiled.set(schema, v);
  }
  return v;
}

let lazyLoad: Promise<boolean> | null = null;
/**
 * Load the validators the web build compiled ahead of time (precompiled-web.ts, a chunk of its
 * own: ~80 KB gzip, against ~0.6 s of ajv compile in the worker); true when there are some. From
 * the sources, and if the chunk cannot be loaded, validators are compiled as before. Validation
 * never depends on it: it only replaces a compile.
 */
export function loadPrecompiledValidators(): Promise<boolean> {
  return (lazyLoad ??= import('./precompiled-web.js').then(
    (m) => {
      lazyPrecompiled = m.PRECOMPILED;
      return m.PRECOMPILED !== null;
    },
    () => false,
  ));
}

/** The validators compiled (or taken precompiled) so far, by name. */
export function compiledValidators(): ValidatedName[] {
  return (Object.keys(VALIDATED) as ValidatedName[]).filter((k) => compiled.has(VALIDATED[k]));
}

/**
 * Compile the next validator not compiled yet, in the order an edit or a slider move needs
 * them (Policy first), and name it; null when all are ready. The web worker calls it while it
 * is idle, one schema per task, after a first view that needed none (the built-in library is
 * trusted).
 */
export function prepareValidator(): ValidatedName | null {
  for (const name of ['Policy', 'Economy', 'ScenarioShallow', 'ComparisonShallow'] as const satisfies readonly ValidatedName[]) {
    if (compiled.has(VALIDATED[name])) continue;
    validator(VALIDATED[name]);
    return name;
  }
  return null;
}

/**
 * How a document is checked. `schema: false` skips the JSON Schema step and keeps every other
 * check (shape limits, cross-references, sums, forecasts): only for documents known to match the
 * schema, i.e. the built-in library bundled into the app, whose every file and resolved scenario
 * test/scenarios/library.test.ts and test/ui/session.test.ts validate in full.
 */
export interface CheckOptions {
  schema?: boolean;
}

/** Escape one JSON Pointer segment (engine/pointer.ts; re-exported under its old name). */
export const pointerEscape = escapeSegment;

function describeAjvError(e: ErrorObject): ValidationIssue | null {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      // Required errors inside a provenance anyOf are reported once, by the anyOf case below.
      if (e.schemaPath.includes('/anyOf/')) return null;
      return { path: e.instancePath, message: `missing required field "${String(p.missingProperty)}"` };
    case 'anyOf':
      if (
        e.parentSchema &&
        Array.isArray((e.parentSchema as { anyOf?: unknown[] }).anyOf) &&
        JSON.stringify((e.parentSchema as { anyOf: unknown[] }).anyOf).includes('"assumption"')
      )
        return { path: e.instancePath, message: 'needs a "source" (seed file name or public rule) or an "assumption" note' };
      return { path: e.instancePath, message: 'does not match any allowed form' };
    case 'additionalProperties': {
      const path = `${e.instancePath}/${pointerEscape(String(p.additionalProperty))}`;
      // A map (keys are ids, e.g. policy.rules): the key does not have the form of an id.
      const patterns = (e.parentSchema as { patternProperties?: Record<string, unknown> } | undefined)?.patternProperties;
      if (patterns)
        return { path, message: `key is not allowed here; expected a key matching ${Object.keys(patterns).join(' or ')}` };
      return { path, message: 'unknown field (not part of the scenario format)' };
    }
    case 'const':
      return { path: e.instancePath, message: `expected ${JSON.stringify(p.allowedValue)}` };
    case 'enum':
      return { path: e.instancePath, message: `expected one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}` };
    case 'type':
      return { path: e.instancePath, message: `expected ${String(p.type)}` };
    case 'discriminator':
      if (p.error === 'mapping')
        return { path: `${e.instancePath}/kind`, message: `unknown kind ${JSON.stringify(p.tagValue)}` };
      return { path: `${e.instancePath}/kind`, message: 'expected a string "kind"' };
    case 'pattern':
      return { path: e.instancePath, message: `expected an identifier matching ${String(p.pattern)}` };
    case 'maxItems':
    case 'maxLength':
      return { path: e.instancePath, message: `${e.message} (limit ${String(p.limit)})` };
    default:
      return { path: e.instancePath, message: e.message ?? e.keyword };
  }
}

function schemaErrors(schema: TSchema, value: unknown, prefix: string, options: CheckOptions = {}): ValidationIssue[] {
  if (options.schema === false) return [];
  const v = validator(schema);
  if (v(value)) return [];
  const seen = new Set<string>();
  const out: ValidationIssue[] = [];
  for (const e of v.errors ?? []) {
    const issue = describeAjvError(e);
    if (!issue) continue;
    issue.path = prefix + issue.path;
    const key = `${issue.path} ${issue.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(issue);
    }
  }
  return out;
}

const near = (a: number, b: number) => Math.abs(a - b) <= 1e-6;

/** Standard deviations to the most extreme quantile a double-precision uniform draw can reach (about 8.2). */
const TAIL_SD = 8.5;

/** The interval an uncertainty's draws can fall in (normal and lognormal: to TAIL_SD standard deviations). */
function drawRange(d: UncertaintyT['distribution']): [number, number] {
  switch (d.kind) {
    case 'uniform':
    case 'triangular':
      return [d.min, d.max];
    case 'normal':
      return [d.mean - TAIL_SD * d.sd, d.mean + TAIL_SD * d.sd];
    case 'lognormal':
      return [Math.exp(d.mu - TAIL_SD * d.sigma), Math.exp(d.mu + TAIL_SD * d.sigma)];
  }
}

/** Where the draws of an uncertainty must stay (scales below 0 are clamped to 0 by the applier). */
export const UNCERTAINTY_LIMITS = { scale: 1000, startDelayYears: 100, growthShiftMax: 1 } as const;
function uncertaintyBounds(e: EconomyT, u: UncertaintyT): [number, number] | null {
  switch (u.target) {
    case 'outputScale':
    case 'rampScale':
    case 'withoutDealScale':
      return [-Infinity, UNCERTAINTY_LIMITS.scale];
    case 'startDelay':
      return [-UNCERTAINTY_LIMITS.startDelayYears, UNCERTAINTY_LIMITS.startDelayYears];
    case 'growthShift': {
      const affected = u.projects ? e.projects.filter((p) => u.projects!.includes(p.id)) : e.projects;
      const gMin = Math.min(0, ...affected.map((p) => p.growth?.value ?? 0));
      return [-1 - gMin, UNCERTAINTY_LIMITS.growthShiftMax];
    }
    case 'baselineGrowthShift': {
      const gMin = Math.min(0, ...e.parties.map((p) => p.growth.gdp.value));
      return [-1 - gMin, UNCERTAINTY_LIMITS.growthShiftMax];
    }
    default:
      return null;
  }
}

/** Cross-references inside an economy: ids unique and known, shares adding up. */
export function economyConsistency(e: EconomyT, prefix: string): ValidationIssue[] {
  const out: ValidationIssue[] = [];
  const parties = new Set<string>();
  e.parties.forEach((p, i) => {
    if (parties.has(p.id)) out.push({ path: `${prefix}/parties/${i}/id`, message: `duplicate party id "${p.id}"` });
    parties.add(p.id);
    const t = p.fiscalTiers;
    if (t) {
      const sum = t.province.value + t.prefecture.value + t.own.value;
      if (!near(sum, 1)) out.push({ path: `${prefix}/parties/${i}/fiscalTiers`, message: `tier shares add up to ${sum}; expected 1` });
      else if (t.own.value <= 0)
        out.push({ path: `${prefix}/parties/${i}/fiscalTiers/own/value`, message: "expected more than 0: some revenue must reach the party's own budget" });
    }
  });
  const categories = new Set<string>();
  e.categories.forEach((c, i) => {
    if (categories.has(c.id)) out.push({ path: `${prefix}/categories/${i}/id`, message: `duplicate category id "${c.id}"` });
    categories.add(c.id);
  });
  // A second list for tax sharing (seed 000 gives one for statistics, one for tax).
  const taxCategories = e.taxCategories ? new Set<string>() : null;
  e.taxCategories?.forEach((c, i) => {
    if (taxCategories!.has(c.id)) out.push({ path: `${prefix}/taxCategories/${i}/id`, message: `duplicate tax category id "${c.id}"` });
    taxCategories!.add(c.id);
  });
  const projects = new Set<string>();
  const partyList = [...parties].join(', ');
  e.projects.forEach((p, i) => {
    const at = `${prefix}/projects/${i}`;
    if (projects.has(p.id)) out.push({ path: `${at}/id`, message: `duplicate project id "${p.id}"` });
    projects.add(p.id);
    if (!categories.has(p.category))
      out.push({
        path: `${at}/category`,
        message: `unknown category "${p.category}"; expected one of ${[...categories].join(', ')}${taxCategories ? ' (the statistics list, economy categories)' : ''}`,
      });
    if (taxCategories && p.taxCategory === undefined)
      out.push({ path: `${at}/taxCategory`, message: `missing tax category; expected one of ${[...taxCategories].join(', ')} (the economy's taxCategories)` });
    else if (taxCategories && !taxCategories.has(p.taxCategory!))
      out.push({ path: `${at}/taxCategory`, message: `unknown tax category "${p.taxCategory}"; expected one of ${[...taxCategories].join(', ')} (the economy's taxCategories)` });
    else if (!taxCategories && p.taxCategory !== undefined)
      out.push({ path: `${at}/taxCategory`, message: 'the economy has no taxCategories list; expected no taxCategory (the category serves both ledgers)' });
    for (const role of ['origin', 'host', 'registration'] as const)
      if (!parties.has(p[role])) out.push({ path: `${at}/${role}`, message: `unknown party "${p[role]}"; expected one of ${partyList}` });
    (p.costs ?? []).forEach((c, j) => {
      let sum = 0;
      const payers = new Set<string>();
      c.shares.forEach((s, k) => {
        if (!parties.has(s.party))
          out.push({ path: `${at}/costs/${j}/shares/${k}/party`, message: `unknown party "${s.party}"; expected one of ${partyList}` });
        if (payers.has(s.party)) out.push({ path: `${at}/costs/${j}/shares/${k}/party`, message: `party "${s.party}" listed twice` });
        payers.add(s.party);
        sum += s.share.value;
      });
      if (!near(sum, 1)) out.push({ path: `${at}/costs/${j}/shares`, message: `cost shares add up to ${sum}; expected 1` });
    });
    const w = p.withoutDeal;
    const total = w.asPlanned.value + w.atOrigin.value + (w.leavesRegion?.value ?? 0);
    if (total > 1 + 1e-9)
      out.push({ path: `${at}/withoutDeal`, message: `probabilities add up to ${total}; expected at most 1` });
  });
  (e.uncertainties ?? []).forEach((u, i) => {
    const at = `${prefix}/uncertainties/${i}`;
    (u.projects ?? []).forEach((id, j) => {
      if (!projects.has(id)) out.push({ path: `${at}/projects/${j}`, message: `unknown project "${id}"` });
    });
    const d = u.distribution;
    if (d.kind === 'uniform' && d.min > d.max) out.push({ path: `${at}/distribution`, message: 'expected min <= max' });
    if (d.kind === 'triangular' && !(d.min <= d.mode && d.mode <= d.max))
      out.push({ path: `${at}/distribution`, message: 'expected min <= mode <= max' });
    if (u.target === 'survival') {
      const lo = d.kind === 'uniform' || d.kind === 'triangular' ? d.min : 0;
      const hi = d.kind === 'uniform' || d.kind === 'triangular' ? d.max : 1;
      if (lo < 0 || hi > 1 || d.kind === 'normal' || d.kind === 'lognormal')
        out.push({ path: `${at}/distribution`, message: 'a survival probability needs a uniform or triangular distribution within [0, 1]' });
    } else {
      // Draws must keep the model finite and defined: a scale of 1e300 overflows, and a
      // growth shift below -(1 + growth) makes (1 + g)^t negative (NaN for fractional t).
      const bounds = uncertaintyBounds(e, u);
      const [lo, hi] = drawRange(d);
      if (bounds && (lo < bounds[0] || hi > bounds[1]))
        out.push({
          path: `${at}/distribution`,
          message: `draws can reach ${lo < bounds[0] ? lo : hi}; draws of ${u.target} must ${bounds[0] === -Infinity ? `not exceed ${bounds[1]}` : `stay within [${bounds[0]}, ${bounds[1]}]`} so that the model stays finite`,
        });
    }
  });
  out.push(...combinedUncertaintyIssues(e, prefix));
  out.push(...economicsEconomyIssues(e, prefix));
  out.push(...economyModeIssues(e, prefix));
  return out;
}

/**
 * Uncertainties act together: scales multiply, delays and growth shifts add up. Each is
 * bounded on its own above; here the combination per project (and, for the baseline, per
 * economy) must stay where the model is finite, so that a project listed 120 times, or 120
 * stacked scales, or two shifts of -1…-0.9, are refused here and never reach Monte Carlo
 * as NaN. A project listed twice in one uncertainty is refused too.
 */
function combinedUncertaintyIssues(e: EconomyT, prefix: string): ValidationIssue[] {
  const out: ValidationIssue[] = [];
  const list = e.uncertainties ?? [];
  interface Acc { scaleHi: number; lo: number; hi: number; from: number[] }
  const acc = new Map<string, Acc>(); // `${target}\u0000${project}` → combination so far
  const gOf = new Map(e.projects.map((p) => [p.id, p.growth?.value ?? 0] as const));
  list.forEach((u, i) => {
    const at = `${prefix}/uncertainties/${i}`;
    const seen = new Set<string>();
    (u.projects ?? []).forEach((id, j) => {
      if (seen.has(id)) out.push({ path: `${at}/projects/${j}`, message: `project "${id}" is listed twice; each project once` });
      seen.add(id);
    });
    if (u.target === 'survival') return;
    const [lo, hi] = drawRange(u.distribution);
    const ids = u.target === 'baselineGrowthShift' ? ['*'] : u.projects ? [...seen] : e.projects.map((p) => p.id);
    for (const id of ids) {
      const key = `${u.target}\u0000${id}`;
      const a = acc.get(key) ?? { scaleHi: 1, lo: 0, hi: 0, from: [] };
      a.from.push(i);
      a.scaleHi *= Math.max(0, hi);
      a.lo += lo;
      a.hi += hi;
      acc.set(key, a);
      if (a.from.length < 2) continue; // one alone was checked above
      const others = `uncertainties ${a.from.join(', ')}`;
      const subject = id === '*' ? 'the baseline' : `project "${id}"`;
      let problem: string | null = null;
      switch (u.target) {
        case 'outputScale':
        case 'rampScale':
          if (!(a.scaleHi <= UNCERTAINTY_LIMITS.scale))
            problem = `together, ${others} can scale ${subject}'s ${u.target} by ${a.scaleHi.toPrecision(3)}; the combined scale must not exceed ${UNCERTAINTY_LIMITS.scale}`;
          break;
        case 'startDelay':
          if (!(a.lo >= -UNCERTAINTY_LIMITS.startDelayYears && a.hi <= UNCERTAINTY_LIMITS.startDelayYears))
            problem = `together, ${others} can delay ${subject} by ${(a.hi > UNCERTAINTY_LIMITS.startDelayYears ? a.hi : a.lo).toPrecision(4)} years; the combined delay must stay within ±${UNCERTAINTY_LIMITS.startDelayYears}`;
          break;
        case 'growthShift':
        case 'baselineGrowthShift': {
          const g = id === '*' ? Math.min(0, ...e.parties.map((p) => p.growth.gdp.value)) : Math.min(0, gOf.get(id) ?? 0);
          if (!(a.lo >= -1 - g && a.hi <= UNCERTAINTY_LIMITS.growthShiftMax))
            problem = `together, ${others} can shift ${subject}'s growth by ${(a.hi > UNCERTAINTY_LIMITS.growthShiftMax ? a.hi : a.lo).toPrecision(4)}; the combined shift must stay within [${-1 - g}, ${UNCERTAINTY_LIMITS.growthShiftMax}] so that (1 + g)^t stays defined`;
          break;
        }
      }
      if (problem) {
        out.push({ path: `${at}/distribution`, message: problem });
        acc.set(key, { ...a, from: [] }); // report each combination once
      }
    }
  });
  return out;
}

/** Checks of a policy against itself and, when given, the economy it runs on. */
export function policyConsistency(p: PolicyT, prefix: string, economy?: EconomyT): ValidationIssue[] {
  const out: ValidationIssue[] = [];
  if (p.agreement.from > p.agreement.to)
    out.push({ path: `${prefix}/agreement`, message: `agreement starts (${p.agreement.from}) after it ends (${p.agreement.to})` });
  const categories = economy ? new Set(economy.categories.map((c) => c.id)) : null;
  const parties = economy ? new Set(economy.parties.map((x) => x.id)) : null;
  const economyPrefix = prefix.replace(/\/policy$/, '/economy');
  /** Checks of one ledger's split at `at` (its pointer). */
  const ledgerIssues = (r: ShareRuleT, at: string) => {
    if (r.kind === 'expression') {
      // Checked here, not only when compiled, so `validate` refuses a rule that would hang.
      const problem = ruleSourceProblem(r.jsonata);
      if (problem) out.push({ path: `${at}/jsonata`, message: problem });
    }
    if (r.kind !== 'byParty') return;
    const seen = new Set<string>();
    let sum = 0;
    r.shares.forEach((sh, k) => {
      if (parties && !parties.has(sh.party))
        out.push({ path: `${at}/shares/${k}/party`, message: `unknown party "${sh.party}"; expected one of ${[...parties].join(', ')}` });
      if (seen.has(sh.party)) out.push({ path: `${at}/shares/${k}/party`, message: `party "${sh.party}" listed twice` });
      seen.add(sh.party);
      sum += sh.share.value;
    });
    if (!near(sum, 1)) out.push({ path: `${at}/shares`, message: `shares add up to ${sum}; expected 1` });
  };
  /** Cost-proportional sharing needs the costs of each project it covers. */
  const costIssues = (key: string, covers: (proj: EconomyT['projects'][number]) => boolean, what: string) => {
    economy?.projects.forEach((proj, i) => {
      if (covers(proj) && !(proj.costs ?? []).length)
        out.push({ path: `${economyPrefix}/projects/${i}/costs`, message: `cost-proportional sharing (${what} "${key}") needs the project's costs` });
    });
  };
  const has = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);
  for (const [key, rule] of Object.entries(p.rules)) {
    const at = `${prefix}/rules/${pointerEscape(key)}`;
    if (categories && key !== '*' && !categories.has(key))
      out.push({
        path: at,
        message: `rule for unknown category "${key}"; expected one of ${[...categories].join(', ')} or "*"${economy?.taxCategories ? ' (rules are keyed by the statistics list; tax categories key taxRules)' : ''}`,
      });
    ledgerIssues(rule.statistics, `${at}/statistics`);
    if (rule.tax) ledgerIssues(rule.tax, `${at}/tax`);
    (rule.phases ?? []).forEach((ph, i) => {
      if (ph.from > ph.to) out.push({ path: `${at}/phases/${i}`, message: `phase starts (${ph.from}) after it ends (${ph.to})` });
      if (ph.statisticsOriginShare && rule.statistics.kind !== 'fixed')
        out.push({ path: `${at}/phases/${i}/statisticsOriginShare`, message: 'phase shares apply to "fixed" rules only' });
      if (ph.taxOriginShare && rule.tax?.kind !== 'fixed')
        out.push({ path: `${at}/phases/${i}/taxOriginShare`, message: 'phase shares apply to "fixed" rules only' });
    });
    if (rule.statistics.kind === 'costProportional' || rule.tax?.kind === 'costProportional')
      costIssues(key, (proj) => proj.category === key || (key === '*' && !has(p.rules, proj.category)), 'rule');
  }
  if (p.taxRules) {
    // Keyed by the tax list (taxCategories), or by the one list when the economy has one.
    const taxCategories = economy ? new Set((economy.taxCategories ?? economy.categories).map((c) => c.id)) : null;
    const listName = economy?.taxCategories ? "the economy's taxCategories" : "the economy's categories (it has one list)";
    for (const [key, rule] of Object.entries(p.taxRules)) {
      const at = `${prefix}/taxRules/${pointerEscape(key)}`;
      if (taxCategories && key !== '*' && !taxCategories.has(key))
        out.push({ path: at, message: `tax rule for unknown tax category "${key}"; expected one of ${[...taxCategories].join(', ')} or "*" (${listName})` });
      ledgerIssues(rule.tax, `${at}/tax`);
      if (rule.tax.kind === 'costProportional') {
        const taxOf = (proj: EconomyT['projects'][number]) => proj.taxCategory ?? proj.category;
        costIssues(key, (proj) => taxOf(proj) === key || (key === '*' && !has(p.taxRules!, taxOf(proj))), 'tax rule');
      }
    }
  }
  (p.rounds ?? []).forEach((r, i) => {
    if (r.from > r.to) out.push({ path: `${prefix}/rounds/${i}`, message: `round starts (${r.from}) after it ends (${r.to})` });
  });
  out.push(...targetIssues(p, prefix, economy));
  out.push(...instrumentIssues(p, prefix, economy));
  return out;
}

function scenarioConsistency(s: ResolvedScenario): ValidationIssue[] {
  const out: ValidationIssue[] = [];
  if (s.years.from > s.years.to) out.push({ path: '/years', message: `years.from (${s.years.from}) is after years.to (${s.years.to})` });
  if (s.years.to - s.years.from + 1 > LIMITS.years)
    out.push({ path: '/years', message: `horizon of ${s.years.to - s.years.from + 1} years exceeds the limit of ${LIMITS.years}` });
  // A scenario may start before the economy's base year (to compare with observed history):
  // baselines are then back-cast from the base year at the same growth (fillBaseline).
  if (!out.length) out.push(...baselineForecastIssues(s));
  if (s.observed) {
    // Observed figures name a party, a report measure with its unit, and a simulated year.
    const ctx = { parties: s.economy.parties.map((p) => p.id), years: s.years };
    for (const i of observedIssues(observedFromBlock(s.observed), ctx)) out.push({ path: i.where === 'observed' ? '/observed' : i.where, message: i.message });
  }
  return out;
}

/** Range a baseline GDP forecast must stay in (亿元/yr): far wider than any economy, far from overflow and underflow. */
export const FORECAST_GDP_MIN = 1e-6;
export const FORECAST_GDP_MAX = 1e15;

/**
 * A forecast fitted to an extreme history (1e-10 then 1 亿元) grows by a factor of 1e10 a
 * year and overflows, or stays near 1e-300 and makes per-capita ratios infinite: the path
 * must stay within [FORECAST_GDP_MIN, FORECAST_GDP_MAX].
 */
function baselineForecastIssues(s: ResolvedScenario): ValidationIssue[] {
  let paths: ReturnType<typeof baselinePaths>;
  try {
    paths = baselinePaths(s);
  } catch (err) {
    if (err instanceof ForecastInputError) return [{ path: '/economy/parties', message: `baseline forecast: ${err.message}` }];
    throw err;
  }
  if (!paths) return [];
  const out: ValidationIssue[] = [];
  const Y = s.years.to - s.years.from + 1;
  s.economy.parties.forEach((p, n) => {
    if (!p.baseline) return;
    const values = [paths.atBaseYear[n]!, ...paths.gdp.subarray(n * Y, (n + 1) * Y)];
    const bad = values.find((v) => !(v >= FORECAST_GDP_MIN && v <= FORECAST_GDP_MAX));
    if (bad !== undefined)
      out.push({
        path: `/economy/parties/${n}/baseline`,
        message: `the ${p.baseline.method} forecast of this history reaches ${bad} 亿元/yr in the simulated years; it must stay within [${FORECAST_GDP_MIN}, ${FORECAST_GDP_MAX}] (check the observed values)`,
      });
    // The fit's own diagnostics go into reports: they must be numbers too.
    const info = paths.info.find((i) => i.party === p.id);
    const diagnostics = { growth: info?.growth, ...(info?.gm11 ?? {}) } as Record<string, unknown>;
    const broken = Object.entries(diagnostics).find(([, v]) => typeof v === 'number' && !Number.isFinite(v));
    if (bad === undefined && broken)
      out.push({
        path: `/economy/parties/${n}/baseline/history/gdp`,
        message: `the ${p.baseline.method} fit of this history is degenerate (${broken[0]} is ${broken[1]}); check the observed values`,
      });
  });
  return out;
}

type Kind = 'scenario' | 'economy' | 'policy' | 'comparison';

/**
 * Validate one scenario-library document as it is on disk: a scenario (whose economy
 * and policy may be inline or file references), an economy, a policy or a comparison.
 */
export function validateDocument(doc: unknown, prefix = '', options: CheckOptions = {}): ValidationIssue[] {
  // Size, depth and plain-JSON shape first (NaN and Infinity too: worker messages and
  // edited objects can carry them), so the schema validator never sees a hostile structure.
  const shape = untrustedShapeIssues(doc, prefix);
  return shape.length ? shape : documentIssues(doc, prefix, options);
}

function documentIssues(doc: unknown, prefix: string, options: CheckOptions): ValidationIssue[] {
  if (!doc || typeof doc !== 'object' || Array.isArray(doc))
    return [{ path: prefix, message: 'expected a JSON object with a "kind" of scenario, economy, policy or comparison' }];
  const kind = (doc as { kind?: unknown }).kind as Kind;
  switch (kind) {
    case 'economy': {
      const errors = schemaErrors(Economy, doc, prefix, options);
      return errors.length ? errors : economyConsistency(doc as EconomyT, prefix);
    }
    case 'policy': {
      const errors = schemaErrors(Policy, doc, prefix, options);
      return errors.length ? errors : policyConsistency(doc as PolicyT, prefix);
    }
    case 'scenario': {
      // Inline parts are validated on their own so a mistake inside them is not
      // drowned by "is not a file reference" noise from the union.
      const s = doc as Record<string, unknown>;
      const shallow: Record<string, unknown> = { ...s };
      const errors: ValidationIssue[] = [];
      for (const part of ['economy', 'policy'] as const) {
        if (s[part] && typeof s[part] === 'object') {
          if ((s[part] as { kind?: unknown }).kind !== part)
            errors.push({ path: `${prefix}/${part}/kind`, message: `expected "${part}"` });
          else errors.push(...documentIssues(s[part], `${prefix}/${part}`, options));
          shallow[part] = 'inline';
        }
      }
      errors.push(...schemaErrors(ScenarioShallow, shallow, prefix, options));
      // Policy against economy once both are well-formed (consistency errors may coexist).
      if (
        s.economy && typeof s.economy === 'object' && s.policy && typeof s.policy === 'object' &&
        !schemaErrors(Economy, s.economy, '', options).length && !schemaErrors(Policy, s.policy, '', options).length
      )
        errors.push(
          ...policyConsistency(s.policy as PolicyT, `${prefix}/policy`, s.economy as EconomyT).filter(
            (e) => !errors.some((x) => x.path === e.path && x.message === e.message),
          ),
        );
      return errors;
    }
    case 'comparison': {
      const c = doc as Record<string, unknown>;
      const errors: ValidationIssue[] = [];
      const shallow: Record<string, unknown> = { ...c };
      if (Array.isArray(c.scenarios)) {
        shallow.scenarios = c.scenarios.map((item, i) => {
          if (item && typeof item === 'object') {
            errors.push(...documentIssues(item, `${prefix}/scenarios/${i}`, options));
            return 'inline';
          }
          return item;
        });
      }
      errors.push(...schemaErrors(ComparisonShallow, shallow, prefix, options));
      return errors;
    }
    default:
      return [
        {
          path: `${prefix}/kind`,
          message: `expected "kind" to be one of "scenario", "economy", "policy", "comparison"; got ${JSON.stringify(kind) ?? 'nothing'}`,
        },
      ];
  }
}

/**
 * Re-check a scenario already validated whose policy, years or discount rate were changed
 * (levers in the UI): the policy against the schema and the economy, and the horizon. Much
 * cheaper than validateScenario on a large economy, which is not re-read.
 */
export function validatePolicyChange(s: ResolvedScenario): ValidationIssue[] {
  const errors = schemaErrors(Policy, s.policy, '/policy');
  if (errors.length) return errors;
  return [...policyConsistency(s.policy, '/policy', s.economy), ...scenarioConsistency(s)];
}

/** Validate a resolved scenario (economy and policy inline, overrides applied). */
export function validateScenario(doc: unknown, options: CheckOptions = {}): ValidationResult<ResolvedScenario> {
  const errors = validateDocument(doc, '', options);
  if (errors.length) return { ok: false, errors };
  const s = doc as { economy: unknown; policy: unknown };
  if (typeof s.economy === 'string' || typeof s.policy === 'string')
    return {
      ok: false,
      errors: [{ path: typeof s.economy === 'string' ? '/economy' : '/policy', message: 'file references must be resolved first (loadScenario)' }],
    };
  const resolved = doc as ResolvedScenario;
  const more = scenarioConsistency(resolved);
  return more.length ? { ok: false, errors: more } : { ok: true, value: resolved };
}

/**
 * Validate a value from outside (a file, a URL, a worker message, a paste): bounded shape
 * first (UNTRUSTED_LIMITS: depth, list lengths, fields, text), then the scenario format.
 * Use it at every door before anything else touches the value.
 */
export function validateUntrusted(value: unknown): ValidationResult<ScenarioFileT> {
  const errors = validateDocument(value);
  return errors.length ? { ok: false, errors } : { ok: true, value: value as ScenarioFileT };
}

export type { ComparisonT };
