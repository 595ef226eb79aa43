// Levers as first-class engine objects: the one registry of a resolved scenario's policy
// knobs (id, pointer, bilingual label naming the parties, unit, bounds, group), the one way to
// apply lever values (UI sliders, CLI --set/--lever, sweeps, bargaining all use it), and
// LeverModel, which patches the compiled share-table cells that buildCompiled reported for
// each lever (ShareCellObserver) instead of rebuilding the scenario.
import type { Bilingual, ResolvedScenario, ShareRule as ShareRuleT } from '../schema/scenario.js';
import { setByPointer } from '../schema/resolve.js';
import { getByPointer as strictGet, parsePointer } from '../pointer.js';
import { validateScenario, pointerEscape } from '../schema/validate.js';
import { buildCompiled, evaluateExpressionRules, ruleFor, taxRuleFor, projectRule, dealPlacement, type ExpressionTables } from '../model/compile.js';
import { ROW_KIND, type CompiledScenario } from '../model/compiled.js';
import { LEVER_GROUP_NAMES, checkLeverValue, type LeverDef, type LeverGroup, type NumericLever } from '../model/lever.js';
import { AnalysisError } from './errors.js';
import { instrumentRewritesShares } from '../model/instruments/index.js';
import { instrumentLevers } from './instrument-levers.js';
import { loadMathFor } from '../math.js';
import { checkupLoopSync } from '../model/checkup.js';

export type { LeverDef, LeverGroup, NumericLever } from '../model/lever.js';

/** Every share lever moves an origin share between 0 and 1 in steps of 0.05 (one set of bounds, used everywhere). */
const SHARE_RANGE = { unit: 'share', min: 0, max: 1, step: 0.05, integer: false } as const;
/** A lever an analysis moves (numbers only). */
export type Lever = NumericLever;

/** A party's share of a cost item: the other parties' shares follow so the item still adds up to 1. */
const COST_SHARE_PATH = /^(\/economy\/projects\/\d+\/costs\/\d+\/shares)\/(\d+)\/share\/value$/;
const COST_SPLIT_PATH = /^\/economy\/projects\/(\d+)\/costs$/;
const SHARE_RULE_PATH = /^\/policy\/(rules\/[^/]+\/(tax|statistics)|taxRules\/[^/]+\/tax)$/;
/** The `rule` of a tax-rule lever: tax categories are their own list, so their keys may repeat a category's. */
const TAX_RULE_PREFIX = 'tax:';
const DISCOUNT_RATE = '/discountRate/value';

/** At most this many projects get a cost-split lever in the registry (the column stays short). */
const MAX_COST_LEVERS = 4;

type ShareEntry = { party: string; share: { value: number } };

/** The unescaped segments of a pointer (none when it is not a pointer). */
function segments(pointer: string): string[] {
  const parsed = parsePointer(pointer);
  return parsed.ok ? parsed.segments : [];
}

/** The value at a JSON Pointer, or undefined (strict RFC 6901: engine/pointer.ts). */
export const getByPointer = strictGet;

/** Copy the objects along a pointer (and nothing else), so setting a value there leaves the original intact. */
export function copyAlong<T>(root: T, pointer: string): T {
  const copy = (v: unknown): unknown => (Array.isArray(v) ? [...v] : v && typeof v === 'object' ? { ...v } : v);
  const out = copy(root) as Record<string, unknown>;
  let node = out;
  for (const seg of segments(pointer).slice(0, -1)) {
    if (node === null || typeof node !== 'object' || !Object.prototype.hasOwnProperty.call(node, seg)) break;
    node[seg] = copy(node[seg]);
    node = node[seg] as Record<string, unknown>;
  }
  return out as T;
}

// ------------------------------------------------------------------ registry

const OTHER_CATEGORIES: Bilingual = { zh: '其他类别', en: 'Other categories' };
const ORIGIN: Bilingual = { zh: '派出方', en: 'origin' };
const HOST: Bilingual = { zh: '承接方', en: 'host' };

/** Last calendar year a year lever offers: ten years past the horizon, the agreement and any sunset, at most 2200. */
function lastYear(s: ResolvedScenario): number {
  const sunsets = Object.values(s.policy.rules).map((r) => r.sunsetYear ?? 0);
  return Math.min(2200, Math.max(s.years.to, s.policy.agreement.to, ...sunsets) + 10);
}

function label(group: LeverGroup, subject?: Bilingual, parties?: LeverDef['parties']): Bilingual {
  const g = LEVER_GROUP_NAMES[group];
  const part = (lang: 'zh' | 'en') =>
    g[lang] + (subject ? ` · ${subject[lang]}` : '') + (parties ? (lang === 'zh' ? `（${parties.share.zh} : ${parties.rest.zh}）` : ` (${parties.share.en} : ${parties.rest.en})`) : '');
  return { zh: part('zh'), en: part('en') };
}

/**
 * Who a rule's share goes to (origin) and who gets the rest (the deal's host), named when every
 * project under the rule agrees. `key` is a category rule's key, or TAX_RULE_PREFIX + a tax rule's.
 */
function ruleParties(s: ResolvedScenario, key: string): NonNullable<LeverDef['parties']> {
  const names = new Map(s.economy.parties.map((p) => [p.id, p.name]));
  const origins = new Set<string>();
  const hosts = new Set<string>();
  const taxKey = key.startsWith(TAX_RULE_PREFIX) ? key.slice(TAX_RULE_PREFIX.length) : null;
  for (const p of s.economy.projects) {
    if ((taxKey === null ? ruleFor(s, p.category)?.key : taxRuleFor(s, p)?.key) !== (taxKey ?? key)) continue;
    origins.add(p.origin);
    hosts.add(dealPlacement(s, p).host);
  }
  const one = (set: Set<string>, fallback: Bilingual) => (set.size === 1 ? (names.get([...set][0]!) ?? fallback) : fallback);
  return { share: one(origins, ORIGIN), rest: one(hosts, HOST) };
}

function ruleSubject(s: ResolvedScenario, key: string): Bilingual {
  if (key.startsWith(TAX_RULE_PREFIX)) {
    const id = key.slice(TAX_RULE_PREFIX.length);
    const category = (s.economy.taxCategories ?? s.economy.categories).find((c) => c.id === id);
    return category?.name ?? (id === '*' ? OTHER_CATEGORIES : { zh: id, en: id });
  }
  const category = s.economy.categories.find((c) => c.id === key);
  return category?.name ?? (key === '*' ? OTHER_CATEGORIES : { zh: key, en: key });
}

/** The lever `rule` of a share-rule pointer (/policy/rules/KEY/… or /policy/taxRules/KEY/…). */
function ruleOfPath(path: string): string {
  const [, where, key] = segments(path);
  return where === 'taxRules' ? TAX_RULE_PREFIX + key : key!;
}

/** The cost-split lever of a project whose items are each split between the same two parties (first party first), else null. */
function costSplitLever(s: ResolvedScenario, pi: number): NumericLever | null {
  const p = s.economy.projects[pi];
  const items = p?.costs ?? [];
  if (!p || !items.length || !items.every((c) => c.shares.length === 2 && c.shares[0]!.party === items[0]!.shares[0]!.party && c.shares[1]!.party === items[0]!.shares[1]!.party))
    return null;
  const name = (id: string) => s.economy.parties.find((q) => q.id === id)?.name ?? { zh: id, en: id };
  const parties = { share: name(items[0]!.shares[0]!.party), rest: name(items[0]!.shares[1]!.party) };
  const path = `/economy/projects/${pi}/costs`;
  // The subject names whose share the value is (the column lists cost shares by project).
  const subject = { zh: `${p.name.zh}（${parties.share.zh}）`, en: `${p.name.en} (${parties.share.en})` };
  return {
    id: path,
    path,
    kind: 'costSplit',
    group: 'costShare',
    label: label('costShare', p.name, parties),
    subject,
    parties,
    ...SHARE_RANGE,
    value: items[0]!.shares[0]!.share.value,
  };
}

/**
 * The levers a scenario offers: per sharing rule its fixed and byRegistration shares, basis and
 * sunset; the agreement end; the discount rate; the cost split of the first few projects whose
 * cost items are split between two parties; the numeric parameters of the policy's instruments
 * (instrument-levers.ts). The one list of policy knobs with their bounds.
 */
export function leverRegistry(s: ResolvedScenario): LeverDef[] {
  const levers: LeverDef[] = [];
  const years = { min: s.policy.agreement.from, max: lastYear(s), step: 1, integer: true, unit: 'year' };
  /** The share levers of one ledger's split at `base` (/policy/rules/KEY or /policy/taxRules/KEY). */
  const shareLevers = (base: string, rule: string, ledger: 'statistics' | 'tax', r: ShareRuleT | undefined) => {
    if (!r) return;
    const subject = ruleSubject(s, rule);
    const parties = ruleParties(s, rule);
    const share = (path: string, group: LeverGroup, value: number): LeverDef => ({
      id: path,
      path,
      kind: 'value',
      group,
      label: label(group, subject, parties),
      subject,
      rule,
      parties,
      ...SHARE_RANGE,
      value,
    });
    if (r.kind === 'fixed') levers.push(share(`${base}/${ledger}/originShare/value`, ledger === 'tax' ? 'taxShare' : 'statisticsShare', r.originShare.value));
    if (r.kind === 'byRegistration' && ledger === 'tax') {
      // The 4:6 / 2.5:7.5 reading: the split depends on where the firm pays tax.
      levers.push(share(`${base}/${ledger}/originShareIfRegisteredAtOrigin/value`, 'taxShareRegisteredAtOrigin', r.originShareIfRegisteredAtOrigin.value));
      levers.push(share(`${base}/${ledger}/originShareIfRegisteredAtHost/value`, 'taxShareRegisteredAtHost', r.originShareIfRegisteredAtHost.value));
    }
  };
  for (const [key, rule] of Object.entries(s.policy.rules)) {
    const subject = ruleSubject(s, key);
    const base = `/policy/rules/${pointerEscape(key)}`;
    shareLevers(base, key, 'statistics', rule.statistics);
    shareLevers(base, key, 'tax', rule.tax);
    levers.push({ id: `${base}/basis`, path: `${base}/basis`, kind: 'option', group: 'basis', label: label('basis', subject), subject, rule: key, unit: null, integer: false, options: ['all', 'increment'], value: rule.basis });
    if (rule.sunsetYear !== undefined)
      levers.push({ id: `${base}/sunsetYear`, path: `${base}/sunsetYear`, kind: 'value', group: 'sunset', label: label('sunset', subject), subject, rule: key, ...years, value: rule.sunsetYear });
  }
  // Tax splits keyed by the separate list of tax categories (policy.taxRules).
  for (const [key, rule] of Object.entries(s.policy.taxRules ?? {})) shareLevers(`/policy/taxRules/${pointerEscape(key)}`, TAX_RULE_PREFIX + key, 'tax', rule.tax);
  levers.push({ id: '/policy/agreement/to', path: '/policy/agreement/to', kind: 'value', group: 'agreementEnd', label: label('agreementEnd'), ...years, value: s.policy.agreement.to });
  // The schema's bounds of the discount rate (engine/schema/scenario.ts).
  levers.push({ id: DISCOUNT_RATE, path: DISCOUNT_RATE, kind: 'value', group: 'discountRate', label: label('discountRate'), unit: s.discountRate.unit, min: 0, max: 0.5, step: 0.005, integer: false, value: s.discountRate.value });
  let costLevers = 0;
  for (let pi = 0; pi < s.economy.projects.length && costLevers < MAX_COST_LEVERS; pi++) {
    const l = costSplitLever(s, pi);
    if (l) {
      levers.push(l);
      costLevers++;
    }
  }
  levers.push(...instrumentLevers(s));
  return levers;
}

/**
 * The origin shares a fixed rule sets per phase (/policy/rules/KEY/phases/I/taxOriginShare/value),
 * labelled with the phase's years. Not in the registry (the columns' sliders stay few); the
 * editor's form lists them with the registry, and `--set` reaches them through describeLever.
 */
export function phaseShareLevers(s: ResolvedScenario): LeverDef[] {
  const out: LeverDef[] = [];
  for (const [key, rule] of Object.entries(s.policy.rules)) {
    (rule.phases ?? []).forEach((phase, i) => {
      for (const [field, group] of [
        ['statisticsOriginShare', 'statisticsShare'],
        ['taxOriginShare', 'taxShare'],
      ] as const) {
        const q = phase[field];
        if (!q) continue;
        const subject = ruleSubject(s, key);
        const parties = ruleParties(s, key);
        const base = label(group, subject, parties);
        const years = `${phase.from}–${phase.to}`;
        const path = `/policy/rules/${pointerEscape(key)}/phases/${i}/${field}/value`;
        out.push({
          id: path,
          path,
          kind: 'value',
          group,
          label: { zh: `${base.zh}，阶段 ${years}`, en: `${base.en}, phase ${years}` },
          subject,
          rule: key,
          parties,
          ...SHARE_RANGE,
          value: q.value,
        });
      }
    });
  }
  return out;
}

/**
 * Describe a lever path: a lever of the registry (with its bounds), or any other number of the
 * scenario (a pointer to a quantity {value, unit} means its value; a pointer to a share rule
 * replaces it by a fixed share; a pointer to a project's cost items is its cost split).
 */
export function describeLever(s: ResolvedScenario, path: string): NumericLever {
  if (!path.startsWith('/')) throw new AnalysisError(`lever "${path}" is not a JSON Pointer (it must start with "/")`);
  let p = path.replace(/\/$/, '');
  let v = getByPointer(s, p);
  if (v && typeof v === 'object' && typeof (v as { value?: unknown }).value === 'number') {
    p = `${p}/value`;
    v = (v as { value: number }).value;
  }
  const known = leverRegistry(s).find((l) => l.path === p);
  if (known) {
    if (known.kind === 'option') throw new AnalysisError(`lever "${path}" is a choice (${known.options!.join(', ')}), not a number`);
    return known as NumericLever;
  }
  const split = COST_SPLIT_PATH.exec(p);
  if (split) {
    const l = costSplitLever(s, Number(split[1]));
    if (l) return l;
  }
  if (SHARE_RULE_PATH.test(p) && v && typeof v === 'object' && typeof (v as { kind?: unknown }).kind === 'string') {
    const rule = v as { kind: string; originShare?: { value: number } };
    const key = ruleOfPath(p);
    const ledger = p.endsWith('/tax') ? 'tax' : 'statistics';
    const group: LeverGroup = ledger === 'tax' ? 'taxShare' : 'statisticsShare';
    const subject = ruleSubject(s, key);
    const parties = ruleParties(s, key);
    const value = rule.kind === 'fixed' ? rule.originShare!.value : rule.kind === 'none' ? 0 : NaN;
    return { id: p, path: p, kind: 'fixedShareRule', group, label: label(group, subject, parties), subject, rule: key, parties, ...SHARE_RANGE, value };
  }
  if (typeof v !== 'number') {
    throw new AnalysisError(
      v === undefined ? `lever "${path}": no value there in the resolved scenario` : `lever "${path}" is not a number`,
    );
  }
  let unit: string | null = null;
  if (p.endsWith('/value')) {
    const q = getByPointer(s, p.slice(0, -'/value'.length)) as { unit?: unknown } | undefined;
    if (q && typeof q.unit === 'string') unit = q.unit;
  }
  // Whole numbers only where the schema says so: probe a fractional value.
  let integer = false;
  if (Number.isInteger(v) && unit !== 'share') {
    const probe = copyAlong(s, p);
    setByPointer(probe, p, v + 0.5);
    const atHalf = validateScenario(probe).ok;
    setByPointer(probe, p, v + 1);
    integer = !atHalf && validateScenario(probe).ok;
  }
  const name = { zh: `${LEVER_GROUP_NAMES.value.zh} ${p}`, en: `${LEVER_GROUP_NAMES.value.en} ${p}` };
  return { id: p, path: p, kind: 'value', group: 'value', label: name, unit, ...(unit === 'share' ? { min: 0, max: 1 } : {}), integer, value: v };
}

// ------------------------------------------------------------------ applying values

/** The fixed share rule a "fixedShareRule" lever puts in place. */
function fixedRule(x: number) {
  return { kind: 'fixed', originShare: { value: x, unit: 'share', assumption: 'lever value (pairsim analysis)' } };
}

/** Rescale the other shares of a cost item (already copied along the lever path) to 1 − x. */
function rebalanceCostShares(s: ResolvedScenario, path: string, x: number): void {
  const m = COST_SHARE_PATH.exec(path)!;
  const shares = getByPointer(s, m[1]!) as ShareEntry[];
  const j = Number(m[2]);
  const others = shares.reduce((a, e, k) => (k === j ? a : a + e.share.value), 0);
  const count = shares.length - 1;
  shares.forEach((e, k) => {
    if (k === j) return;
    const value = others > 0 ? (e.share.value / others) * (1 - x) : count > 0 ? (1 - x) / count : 0;
    shares[k] = { ...e, share: { ...e.share, value } };
  });
}

/**
 * The scenario with one lever set (only the objects along its path are copied; the value is
 * not checked here, see checkLeverValue and setLevers). The one place a lever value is applied.
 */
export function setLever(s: ResolvedScenario, lever: LeverDef, value: number | string): ResolvedScenario {
  if (lever.kind === 'costSplit') {
    // Every cost item of the project moves together; the second party pays the rest.
    const items = (getByPointer(s, lever.path) as { shares: ShareEntry[] }[] | undefined) ?? [];
    let out = s;
    items.forEach((_, i) => {
      const at = `${lever.path}/${i}/shares`;
      out = copyAlong(out, `${at}/0/share/value`);
      out = copyAlong(out, `${at}/1/share/value`);
      const shares = getByPointer(out, at) as ShareEntry[];
      shares[0] = { ...shares[0]!, share: { ...shares[0]!.share, value: value as number } };
      shares[1] = { ...shares[1]!, share: { ...shares[1]!.share, value: 1 - (value as number) } };
    });
    return out;
  }
  if (lever.kind === 'partySplit') {
    // A two-party {party, share} list of an instrument: the first party gets the value, the second the rest.
    let out = copyAlong(s, `${lever.path}/0/share/value`);
    out = copyAlong(out, `${lever.path}/1/share/value`);
    const shares = getByPointer(out, lever.path) as ShareEntry[];
    shares[0] = { ...shares[0]!, share: { ...shares[0]!.share, value: value as number } };
    shares[1] = { ...shares[1]!, share: { ...shares[1]!.share, value: 1 - (value as number) } };
    return out;
  }
  const out = copyAlong(s, lever.path);
  setByPointer(out, lever.path, lever.kind === 'fixedShareRule' ? fixedRule(value as number) : value);
  if (COST_SHARE_PATH.test(lever.path)) rebalanceCostShares(out, lever.path, value as number);
  return out;
}

/**
 * Set the levers that have values (keyed by lever id), each checked against its bounds;
 * issues name the JSON Pointer of each bad lever. Values of unknown ids are ignored. A lever
 * at its value as written leaves the scenario as written (a cost split's value is its first
 * item's split, and the project's other items may be split differently).
 */
export function setLevers(
  s: ResolvedScenario,
  levers: LeverDef[],
  values: Record<string, number | string>,
): { scenario: ResolvedScenario; issues: { path: string; message: string }[] } {
  let scenario = s;
  const issues: { path: string; message: string }[] = [];
  for (const lever of levers) {
    if (!Object.prototype.hasOwnProperty.call(values, lever.id)) continue;
    const value = values[lever.id];
    const problem = checkLeverValue(lever, value);
    if (problem) issues.push({ path: lever.id, message: problem });
    else if (value !== lever.value) scenario = setLever(scenario, lever, value!);
  }
  return { scenario, issues };
}

/**
 * The scenario with some levers fixed at values (CLI --set: e.g. a proposed split to study
 * under uncertainty), checked against the lever bounds and validated: a clear error when a
 * path or value is wrong.
 */
export function withLevers(s: ResolvedScenario, sets: { path: string; value: number }[]): ResolvedScenario {
  if (!sets.length) return s;
  let out = s;
  for (const { path, value } of sets) {
    const lever = describeLever(out, path);
    const problem = checkLeverValue(lever, value);
    if (problem) throw new AnalysisError(`--set ${path}=${value}: ${problem}`);
    // As setLevers: the value as written leaves the scenario as written.
    if (value !== lever.value) out = setLever(out, lever, value);
  }
  const r = validateScenario(out);
  if (!r.ok) {
    const where = sets.map((x) => `${x.path}=${x.value}`).join(', ');
    throw new AnalysisError(`with ${where}: ${r.errors.map((e) => `${e.path || '/'}: ${e.message}`).join('; ')}`);
  }
  return r.value;
}

// ------------------------------------------------------------------ default bargaining lever

/**
 * The default bargaining lever: the tax origin share of the main tax-shared category (the
 * "fixed" or "byRegistration" rule with the most project output). When no such rule covers
 * a project, the tax rule (expression or cost-proportional) with the most output, replaced
 * by a fixed share.
 */
export function defaultLever(s: ResolvedScenario): string {
  // Keyed by the pointer of the rule object the tax split is in (/policy/rules/KEY or /policy/taxRules/KEY).
  const output = new Map<string, { atOrigin: number; atHost: number; kind: string }>();
  const other = new Map<string, number>();
  for (const p of s.economy.projects) {
    const found = projectRule(s, p);
    if (!found) continue;
    const kind = found.rule.tax.kind;
    const at = found.pointers.tax;
    if (kind !== 'none') other.set(at, (other.get(at) ?? 0) + p.steadyOutput.value);
    if (kind !== 'fixed' && kind !== 'byRegistration') continue;
    const o = output.get(at) ?? { atOrigin: 0, atHost: 0, kind };
    if (dealPlacement(s, p).registration === p.origin) o.atOrigin += p.steadyOutput.value;
    else o.atHost += p.steadyOutput.value;
    output.set(at, o);
  }
  // Object order is the file's order (category rules, then tax rules), so ties go to the first rule.
  const order = [
    ...Object.keys(s.policy.rules).map((k) => `/policy/rules/${pointerEscape(k)}`),
    ...Object.keys(s.policy.taxRules ?? {}).map((k) => `/policy/taxRules/${pointerEscape(k)}`),
  ];
  let best: string | null = null;
  let bestOutput = -1;
  for (const at of order) {
    const o = output.get(at);
    if (o && o.atOrigin + o.atHost > bestOutput) {
      best = at;
      bestOutput = o.atOrigin + o.atHost;
    }
  }
  if (best === null) {
    let key: string | null = null;
    for (const k of order) if ((other.get(k) ?? -1) > (key === null ? -1 : other.get(key)!)) key = k;
    if (key === null) throw new AnalysisError('no project falls under a tax-sharing rule; give a lever with --lever PATH');
    return `${key}/tax`;
  }
  const o = output.get(best)!;
  const base = `${best}/tax`;
  if (o.kind === 'fixed') return `${base}/originShare/value`;
  return `${base}/${o.atOrigin > o.atHost ? 'originShareIfRegisteredAtOrigin' : 'originShareIfRegisteredAtHost'}/value`;
}

// ------------------------------------------------------------------ compiled cells

/** Deal-world share-table cells set by one pointer, as buildCompiled reported them. */
interface RecordedCells {
  ledger: 'tax' | 'statistics';
  project: number[];
  y: number[];
  origin: number[];
  host: number[];
}

/** Share cells of the compiled scenario a lever sets (origin gets x, the deal's host 1 − x). */
export interface ShareCells {
  ledger: 'tax' | 'statistics';
  /** row*Y + y of each cell in the deal world. */
  cells: Int32Array;
  origin: Int32Array;
  host: Int32Array;
}

/**
 * What a lever touches in the compiled scenario: share cells (patched), the discount-rate
 * scalar, or anything else (the scenario is rebuilt from the cached expression tables).
 */
export type CompiledTouch = { kind: 'shares'; cells: ShareCells } | { kind: 'discountRate' } | { kind: 'rebuild' };

/** Build the compiled scenario and record, per pointer, the share cells it set. */
function compileRecording(s: ResolvedScenario, tables: ExpressionTables): { compiled: CompiledScenario; cells: Map<string, RecordedCells> } {
  const cells = new Map<string, RecordedCells>();
  const note = (pointer: string, ledger: 'tax' | 'statistics', project: number, y: number, origin: number, host: number) => {
    let c = cells.get(pointer);
    if (!c) cells.set(pointer, (c = { ledger, project: [], y: [], origin: [], host: [] }));
    c.project.push(project);
    c.y.push(y);
    c.origin.push(origin);
    c.host.push(host);
  };
  const compiled = buildCompiled(s, tables, (cell) => {
    note(cell.rule, cell.ledger, cell.project, cell.y, cell.origin, cell.host);
    if (cell.value !== null) note(cell.value, cell.ledger, cell.project, cell.y, cell.origin, cell.host);
  });
  return { compiled, cells };
}

/** Numbers of a rule that set share cells (what ShareCellObserver reports as `value`). */
const RULE_SHARE_VALUE =
  /^\/policy\/(rules\/[^/]+\/((tax|statistics)\/(originShare|originShareIfRegisteredAtOrigin|originShareIfRegisteredAtHost)|phases\/\d+\/(tax|statistics)OriginShare)|taxRules\/[^/]+\/tax\/(originShare|originShareIfRegisteredAtOrigin|originShareIfRegisteredAtHost))\/value$/;

/** What each lever touches in the compiled scenario c, from the cells buildCompiled recorded. */
function compiledTouch(s: ResolvedScenario, c: CompiledScenario, recorded: Map<string, RecordedCells>, lever: NumericLever): CompiledTouch {
  if (lever.path === DISCOUNT_RATE) return { kind: 'discountRate' };
  let pointer: string;
  if (lever.kind === 'fixedShareRule') {
    // Replacing a rule by a fixed share sets every cell in its window, except where a phase
    // sets this ledger's share (a fixed rule's phases win); that case is rebuilt.
    // (A tax rule of policy.taxRules has no phases.)
    const rule = getByPointer(s, lever.path.replace(/\/(tax|statistics)$/, '')) as { phases?: ResolvedScenario['policy']['rules'][string]['phases']; tax?: ShareRuleT; statistics?: ShareRuleT };
    const ledger = lever.path.endsWith('/tax') ? 'taxOriginShare' : 'statisticsOriginShare';
    const phased = (rule.phases ?? []).some((ph) => ph[ledger] !== undefined);
    const current = rule[lever.path.endsWith('/tax') ? 'tax' : 'statistics'];
    if (!current) return { kind: 'rebuild' };
    if (current.kind === 'fixed') pointer = `${lever.path}/originShare/value`;
    else if (phased) return { kind: 'rebuild' };
    else pointer = lever.path;
  } else if (lever.kind === 'value' && RULE_SHARE_VALUE.test(lever.path)) pointer = lever.path;
  else return { kind: 'rebuild' };
  // New-firm tax sharing overwrites tax cells after the rule set them: patching would undo it.
  if (/\/tax(\/|OriginShare|$)/.test(pointer) && instrumentRewritesShares(s, 'tax')) return { kind: 'rebuild' };
  const r = recorded.get(pointer);
  const Y = c.years;
  // A project's deal rows differ by where they produce (a land-quota transfer moves a part to the origin).
  const dealRow = new Map<string, number>();
  for (let row = 0; row < c.deal.rows; row++) if (c.deal.kind[row] === ROW_KIND.deal) dealRow.set(`${c.deal.project[row]}:${c.deal.host[row]}`, row);
  const n = r?.project.length ?? 0;
  const cells = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    const row = dealRow.get(`${r!.project[k]}:${r!.host[k]}`);
    if (row === undefined) return { kind: 'rebuild' };
    cells[k] = row * Y + r!.y[k]!;
  }
  const ledger = r?.ledger ?? (/\/tax(\/|$)|\/taxOriginShare\//.test(pointer) ? 'tax' : 'statistics');
  return { kind: 'shares', cells: { ledger, cells, origin: Int32Array.from(r?.origin ?? []), host: Int32Array.from(r?.host ?? []) } };
}

/**
 * Inputs of JSONata rules (see evaluateExpressionRules): when a scenario has expression rules,
 * a lever on one of these would make the cached tables stale.
 */
const EXPRESSION_INPUTS = [
  /^\/years\//,
  /^\/policy\/agreement\/from/,
  /^\/policy\/rules\/[^/]+\/startYear/,
  /^\/policy\/rules\/[^/]+\/placement/,
  /^\/economy\/projects\/\d+\/(startYear|steadyOutput|costs|origin|host|registration|category|taxCategory)/,
];

/**
 * A scenario with some levers free. compiledAt(values) returns the compiled scenario with the
 * levers at those values: the recorded share cells or the discount-rate scalar patched, else
 * the resolved scenario with the levers set, rebuilt from the cached expression tables.
 */
export class LeverModel {
  private constructor(
    readonly scenario: ResolvedScenario,
    readonly tables: ExpressionTables,
    readonly base: CompiledScenario,
    readonly levers: Lever[],
    /** Per lever: what it touches in the compiled scenario. */
    readonly touches: CompiledTouch[],
  ) {}

  /** `compiled`: a compiled scenario of s to patch (e.g. a Monte Carlo runner's); else s is compiled here. */
  static async create(s: ResolvedScenario, paths: string[], compiled?: CompiledScenario): Promise<LeverModel> {
    await loadMathFor(s);
    const tables = await evaluateExpressionRules(s);
    const levers = paths.map((p) => describeLever(s, p));
    if (tables.size > 0) {
      for (const l of levers)
        if (EXPRESSION_INPUTS.some((re) => re.test(l.path)))
          throw new AnalysisError(
            `lever "${l.path}" is an input of this scenario's JSONata sharing rules, which are evaluated once; use an override and re-run instead`,
          );
    }
    const recorded = compileRecording(s, tables);
    const base = compiled ?? recorded.compiled;
    const touches = levers.map((l) => compiledTouch(s, base, recorded.cells, l));
    const model = new LeverModel(s, tables, base, levers, touches);
    // An instrument may overwrite cells after the rule set them (new-firm tax sharing does):
    // a share lever whose patch does not reproduce a rebuild at a probe value is rebuilt instead.
    touches.forEach((t, i) => {
      if (t.kind !== 'shares') return;
      const probe = Array.from(levers, (l) => (Number.isFinite(l.value) ? l.value : 0.5));
      probe[i] = 0.3713;
      const field = t.cells.ledger === 'tax' ? 'taxShare' : 'statisticsShare';
      const patched = model.compiledAt(probe).deal[field];
      const rebuilt = model.rebuild(probe).deal[field];
      if (patched.length !== rebuilt.length || patched.some((v, k) => v !== rebuilt[k])) touches[i] = { kind: 'rebuild' };
    });
    return model;
  }

  /**
   * True when every lever is in the policy or the discount rate: the no-deal world and the
   * baseline are built from the economy alone, so their kernel run can be reused across values.
   */
  get policyOnly(): boolean {
    return this.levers.every((l) => l.path.startsWith('/policy/') || l.path === DISCOUNT_RATE);
  }

  /** True when compiledAt patches the compiled scenario instead of rebuilding it. */
  get fastPath(): boolean {
    return this.touches.every((t) => t.kind !== 'rebuild');
  }

  /** The resolved scenario with the levers set (only the objects along their paths are copied). */
  scenarioAt(values: ArrayLike<number>): ResolvedScenario {
    let s = this.scenario;
    this.levers.forEach((l, i) => (s = setLever(s, l, values[i]!)));
    return s;
  }

  /** A clear message when the scenario with these lever values is invalid, else null. */
  check(values: ArrayLike<number>): string | null {
    const where = () => this.levers.map((l, i) => `${l.path}=${values[i]}`).join(', ');
    for (const [i, l] of this.levers.entries()) {
      const problem = checkLeverValue(l, values[i]);
      if (problem) return `with ${where()}: ${l.path}: ${problem}`;
    }
    // Patched levers (shares, the discount rate) touch nothing but what their bounds guard, so
    // the bounds check replaces a whole-document validation (~20 ms on 200 projects).
    if (this.fastPath) return null;
    const r = validateScenario(this.scenarioAt(values));
    if (r.ok) return null;
    return `with ${where()}: ${r.errors.map((e) => `${e.path || '/'}: ${e.message}`).join('; ')}`;
  }

  /**
   * The compiled scenario at these lever values. Share and discount-rate levers patch a copy of
   * the touched share table (or the scalar) of the compiled scenario; other levers rebuild it
   * from the cached expression tables (rebuild()).
   */
  compiledAt(values: ArrayLike<number>): CompiledScenario {
    if (!this.fastPath) return this.rebuild(values);
    const c: CompiledScenario = { ...this.base };
    let deal = c.deal;
    const N = c.parties.length;
    this.touches.forEach((t, i) => {
      const x = values[i]!;
      if (t.kind === 'discountRate') {
        c.discountRate = x;
        return;
      }
      if (t.kind !== 'shares') return;
      const field = t.cells.ledger === 'tax' ? 'taxShare' : 'statisticsShare';
      if (deal === this.base.deal) deal = { ...deal };
      if (deal[field] === this.base.deal[field]) deal[field] = deal[field].slice();
      const table = deal[field];
      const { cells, origin, host } = t.cells;
      for (let k = 0; k < cells.length; k++) {
        const at = cells[k]! * N;
        table.fill(0, at, at + N);
        table[at + origin[k]!]! += x;
        table[at + host[k]!]! += 1 - x;
      }
    });
    c.deal = deal;
    return c;
  }

  /**
   * True when the policy declares an annual check-up with responses: sweeps and bargaining then
   * evaluate respondedAt (the run `pairsim run --set` shows), not compiledAt.
   */
  get checkup(): boolean {
    return (this.scenario.policy.checkup?.responses?.length ?? 0) > 0;
  }

  /**
   * The compiled scenario at these lever values as runScenario would run it: without a check-up
   * this is compiledAt; with one, compiledAt is the first pass of the check-up loop
   * (engine/model/checkup.ts) and each response year is rebuilt from the cached expression
   * tables (responses add rounds of instrument parameters, which those tables do not read).
   */
  respondedAt(values: ArrayLike<number>): CompiledScenario {
    const first = this.compiledAt(values);
    if (!this.checkup) return first;
    return checkupLoopSync(this.scenarioAt(values), first, (s) => buildCompiled(s, this.tables)).compiled;
  }

  private respondedBaseCache?: CompiledScenario;

  /** The scenario as written, as runScenario runs it (base, with the check-up's responses when it has one). */
  respondedBase(): CompiledScenario {
    if (!this.checkup) return this.base;
    return (this.respondedBaseCache ??= checkupLoopSync(this.scenario, this.base, (s) => buildCompiled(s, this.tables)).compiled);
  }

  /** The reference path: rebuild the compiled scenario from the lever-set scenario and the cached tables. */
  rebuild(values: ArrayLike<number>): CompiledScenario {
    return buildCompiled(this.scenarioAt(values), this.tables);
  }
}
