// Levers: numeric values of a resolved scenario addressed by JSON Pointer, changed on the
// compiled scenario without re-running the JSONata rules (their tables are cached).
import type { ResolvedScenario } from '../schema/scenario.js';
import { setByPointer } from '../schema/resolve.js';
import { validateScenario, pointerEscape } from '../schema/validate.js';
import { buildCompiled, evaluateExpressionRules, ruleFor, dealPlacement, sharingWindow, type ExpressionTables } from '../model/compile.js';
import { ROW_KIND, type CompiledScenario } from '../model/compiled.js';
import { AnalysisError } from './errors.js';

export interface Lever {
  /** JSON Pointer to a number in the resolved scenario. */
  path: string;
  /** Its value in the scenario as written. */
  current: number;
  /** Unit of the quantity it belongs to, when it is a quantity's value. */
  unit: string | null;
  /** Natural domain: [0, 1] for shares, null when unknown. */
  domain: [number, number] | null;
  /** True when the schema only accepts whole numbers there (calendar years, durations). */
  integer: boolean;
  /**
   * "value": the number at the path is set. "fixedShareRule": the path is a share rule
   * (e.g. /policy/rules/KEY/tax) that the lever replaces by a fixed origin share, so rules
   * written as JSONata expressions or cost-proportional splits can be bargained over too.
   */
  kind: 'value' | 'fixedShareRule';
}

/** A party's share of a cost item: the other parties' shares follow so the item still adds up to 1. */
const COST_SHARE_PATH = /^(\/economy\/projects\/\d+\/costs\/\d+\/shares)\/(\d+)\/share\/value$/;

type ShareEntry = { party: string; share: { value: number } };

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

const SHARE_RULE_PATH = /^\/policy\/rules\/[^/]+\/(tax|statistics)$/;

/** The fixed share rule a "fixedShareRule" lever puts in place. */
function fixedRule(x: number) {
  return { kind: 'fixed', originShare: { value: x, unit: 'share', assumption: 'lever value (pairsim analysis)' } };
}

function segments(pointer: string): string[] {
  return pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** The value at a JSON Pointer, or undefined. */
export function getByPointer(root: unknown, pointer: string): unknown {
  if (pointer === '') return root;
  let node = root as Record<string, unknown> | undefined;
  for (const seg of segments(pointer)) {
    if (node === null || typeof node !== 'object' || !Object.prototype.hasOwnProperty.call(node, seg)) return undefined;
    node = node[seg] as Record<string, unknown>;
  }
  return node;
}

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

/**
 * Inputs of JSONata rules (see evaluateExpressionRules): when a scenario has expression rules,
 * a lever on one of these would make the cached tables stale.
 */
const EXPRESSION_INPUTS = [
  /^\/years\//,
  /^\/policy\/agreement\/from/,
  /^\/policy\/rules\/[^/]+\/placement/,
  /^\/economy\/projects\/\d+\/(startYear|steadyOutput|costs|origin|host|registration|category)/,
];

/** The schema's bounds of the discount rate (engine/schema/scenario.ts). */
const DISCOUNT_RATE_BOUNDS = [0, 0.5] as const;

/** Describe a lever path; a path to a quantity ({value, unit}) means its value. */
export function describeLever(s: ResolvedScenario, path: string): Lever {
  if (!path.startsWith('/')) throw new AnalysisError(`lever "${path}" is not a JSON Pointer (it must start with "/")`);
  let p = path.replace(/\/$/, '');
  let v = getByPointer(s, p);
  let unit: string | null = null;
  if (SHARE_RULE_PATH.test(p) && v && typeof v === 'object' && typeof (v as { kind?: unknown }).kind === 'string') {
    const rule = v as { kind: string; originShare?: { value: number } };
    const current = rule.kind === 'fixed' ? rule.originShare!.value : rule.kind === 'none' ? 0 : NaN;
    return { path: p, current, unit: 'share', domain: [0, 1], integer: false, kind: 'fixedShareRule' };
  }
  if (v && typeof v === 'object' && typeof (v as { value?: unknown }).value === 'number') {
    p = `${p}/value`;
    v = (v as { value: number }).value;
  }
  if (typeof v !== 'number') {
    throw new AnalysisError(
      v === undefined ? `lever "${path}": no value there in the resolved scenario` : `lever "${path}" is not a number`,
    );
  }
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
  return { path: p, current: v, unit, domain: unit === 'share' ? [0, 1] : null, integer, kind: 'value' };
}

/**
 * The default bargaining lever: the tax origin share of the main tax-shared category (the
 * "fixed" or "byRegistration" rule with the most project output). When no such rule covers
 * a project, the tax rule (expression or cost-proportional) with the most output, replaced
 * by a fixed share.
 */
export function defaultLever(s: ResolvedScenario): string {
  const output = new Map<string, { atOrigin: number; atHost: number }>();
  for (const p of s.economy.projects) {
    const found = ruleFor(s, p.category);
    if (!found) continue;
    const kind = found.rule.tax.kind;
    if (kind !== 'fixed' && kind !== 'byRegistration') continue;
    const o = output.get(found.key) ?? { atOrigin: 0, atHost: 0 };
    if (dealPlacement(s, p).registration === p.origin) o.atOrigin += p.steadyOutput.value;
    else o.atHost += p.steadyOutput.value;
    output.set(found.key, o);
  }
  let best: string | null = null;
  let bestOutput = -1;
  // Object order is the file's order, so ties go to the first rule.
  for (const key of Object.keys(s.policy.rules)) {
    const o = output.get(key);
    if (o && o.atOrigin + o.atHost > bestOutput) {
      best = key;
      bestOutput = o.atOrigin + o.atHost;
    }
  }
  if (best === null) {
    const other = new Map<string, number>();
    for (const p of s.economy.projects) {
      const found = ruleFor(s, p.category);
      if (found && found.rule.tax.kind !== 'none') other.set(found.key, (other.get(found.key) ?? 0) + p.steadyOutput.value);
    }
    let key: string | null = null;
    for (const k of Object.keys(s.policy.rules)) if ((other.get(k) ?? -1) > (key === null ? -1 : other.get(key)!)) key = k;
    if (key === null) throw new AnalysisError('no project falls under a tax-sharing rule; give a lever with --lever PATH');
    return `/policy/rules/${pointerEscape(key)}/tax`;
  }
  const rule = s.policy.rules[best]!;
  const base = `/policy/rules/${pointerEscape(best)}/tax`;
  if (rule.tax.kind === 'fixed') return `${base}/originShare/value`;
  const o = output.get(best)!;
  return `${base}/${o.atOrigin > o.atHost ? 'originShareIfRegisteredAtOrigin' : 'originShareIfRegisteredAtHost'}/value`;
}

/** Cells of the deal world's share table that a fixed-share lever sets (origin gets x, host 1 − x). */
interface SharePatch {
  ledger: 'tax' | 'statistics';
  /** row*Y + y of each cell. */
  cells: Int32Array;
  origin: Int32Array;
  host: Int32Array;
}

const RULE_SHARE_VALUE = /^\/policy\/rules\/([^/]+)\/(tax|statistics)\/(originShare|originShareIfRegisteredAtOrigin|originShareIfRegisteredAtHost)\/value$/;

/**
 * The share-table cells a lever on a fixed (or fixed-replacing) or byRegistration share moves,
 * mirroring buildCompiled: deal rows of projects under the rule, years in its sharing window,
 * minus years where a phase sets this ledger's share. Null when the lever is not of that kind.
 */
function sharePatch(s: ResolvedScenario, c: CompiledScenario, lever: Lever): SharePatch | null {
  let key: string;
  let ledger: 'tax' | 'statistics';
  let variant: 'originShare' | 'originShareIfRegisteredAtOrigin' | 'originShareIfRegisteredAtHost';
  const m = RULE_SHARE_VALUE.exec(lever.path);
  if (lever.kind === 'fixedShareRule') {
    const parts = lever.path.split('/');
    key = parts[3]!;
    ledger = parts[4] as 'tax' | 'statistics';
    variant = 'originShare';
  } else if (m) {
    key = m[1]!;
    ledger = m[2] as 'tax' | 'statistics';
    variant = m[3] as typeof variant;
  } else return null;
  key = key.replace(/~1/g, '/').replace(/~0/g, '~');
  const rule = s.policy.rules[key];
  if (!rule) return null;
  const kind = lever.kind === 'fixedShareRule' ? 'fixed' : rule[ledger].kind;
  if (kind !== (variant === 'originShare' ? 'fixed' : 'byRegistration')) return null;
  const Y = c.years;
  const window = sharingWindow(s, rule);
  const cells: number[] = [];
  const origin: number[] = [];
  const host: number[] = [];
  const w = c.deal;
  for (let r = 0; r < w.rows; r++) {
    if (w.kind[r] !== ROW_KIND.deal) continue;
    const p = s.economy.projects[w.project[r]!]!;
    if (ruleFor(s, p.category)?.key !== key) continue;
    const registeredAtOrigin = w.registration[r] === w.origin[r];
    if (variant === 'originShareIfRegisteredAtOrigin' && !registeredAtOrigin) continue;
    if (variant === 'originShareIfRegisteredAtHost' && registeredAtOrigin) continue;
    for (let y = 0; y < Y; y++) {
      const year = c.firstYear + y;
      if (year < window.from || year > window.to) continue;
      if (kind === 'fixed') {
        const phase = (rule.phases ?? []).find((ph) => ph.from <= year && year <= ph.to);
        if ((ledger === 'statistics' ? phase?.statisticsOriginShare : phase?.taxOriginShare) !== undefined) continue;
      }
      cells.push(r * Y + y);
      origin.push(w.origin[r]!);
      host.push(w.host[r]!);
    }
  }
  return { ledger, cells: Int32Array.from(cells), origin: Int32Array.from(origin), host: Int32Array.from(host) };
}

/**
 * A scenario with some levers free. compiledAt(values) returns the compiled scenario with the
 * levers at those values: a scalar change for the discount rate, else the resolved scenario
 * copied along the lever paths only and rebuilt from the cached expression tables.
 */
export class LeverModel {
  /** Per lever: the share cells it sets, "discount" for the discount rate, or null (full rebuild). */
  private readonly fast: (SharePatch | 'discount' | null)[];

  private constructor(
    readonly scenario: ResolvedScenario,
    readonly tables: ExpressionTables,
    readonly base: CompiledScenario,
    readonly levers: Lever[],
  ) {
    this.fast = levers.map((l) => (l.path === '/discountRate/value' ? 'discount' : sharePatch(scenario, base, l)));
  }

  static async create(s: ResolvedScenario, paths: string[], compiled?: CompiledScenario): Promise<LeverModel> {
    const tables = await evaluateExpressionRules(s);
    const levers = paths.map((p) => describeLever(s, p));
    if (tables.size > 0) {
      for (const l of levers)
        if (EXPRESSION_INPUTS.some((re) => re.test(l.path)))
          throw new AnalysisError(
            `lever "${l.path}" is an input of this scenario's JSONata sharing rules, which are evaluated once; use an override and re-run instead`,
          );
    }
    return new LeverModel(s, tables, compiled ?? buildCompiled(s, tables), levers);
  }

  /**
   * True when every lever is in the policy or the discount rate: the no-deal world and the
   * baseline are built from the economy alone, so their kernel run can be reused across values.
   */
  get policyOnly(): boolean {
    return this.levers.every((l) => l.path.startsWith('/policy/') || l.path === '/discountRate/value');
  }

  /** True when compiledAt patches the compiled scenario instead of rebuilding it. */
  get fastPath(): boolean {
    return this.fast.every((f) => f !== null);
  }

  /** The resolved scenario with the levers set (only the objects along their paths are copied). */
  scenarioAt(values: ArrayLike<number>): ResolvedScenario {
    let s = this.scenario;
    this.levers.forEach((l, i) => {
      s = copyAlong(s, l.path);
      setByPointer(s, l.path, l.kind === 'fixedShareRule' ? fixedRule(values[i]!) : values[i]);
      if (COST_SHARE_PATH.test(l.path)) rebalanceCostShares(s, l.path, values[i]!);
    });
    return s;
  }

  /** A clear message when the scenario with these lever values is invalid, else null. */
  check(values: ArrayLike<number>): string | null {
    // Patchable levers (shares, the discount rate) have known bounds and touch nothing else,
    // so a bounds check replaces a whole-document validation (~20 ms on 200 projects).
    const bounds = (l: Lever): readonly [number, number] | null => (l.path === '/discountRate/value' ? DISCOUNT_RATE_BOUNDS : l.domain);
    if (this.fastPath && this.levers.every((l, i) => { const b = bounds(l); return b !== null && values[i]! >= b[0] && values[i]! <= b[1]; }))
      return null;
    const r = validateScenario(this.scenarioAt(values));
    if (r.ok) return null;
    const where = this.levers.map((l, i) => `${l.path}=${values[i]}`).join(', ');
    return `with ${where}: ${r.errors.map((e) => `${e.path || '/'}: ${e.message}`).join('; ')}`;
  }

  /**
   * The compiled scenario at these lever values. Share and discount-rate levers patch a copy of
   * the touched share table (or the scalar) of the compiled scenario; other levers rebuild it
   * from the cached expression tables (rebuild()).
   */
  compiledAt(values: ArrayLike<number>): CompiledScenario {
    if (this.fast.some((f) => f === null)) return this.rebuild(values);
    const c: CompiledScenario = { ...this.base };
    let deal = c.deal;
    const N = c.parties.length;
    this.fast.forEach((f, i) => {
      const x = values[i]!;
      if (f === 'discount') {
        c.discountRate = x;
        return;
      }
      const field = f!.ledger === 'tax' ? 'taxShare' : 'statisticsShare';
      if (deal === this.base.deal) deal = { ...deal };
      if (deal[field] === this.base.deal[field]) deal[field] = deal[field].slice();
      const table = deal[field];
      const { cells, origin, host } = f!;
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

  /** The reference path: rebuild the compiled scenario from the lever-set scenario and the cached tables. */
  rebuild(values: ArrayLike<number>): CompiledScenario {
    return buildCompiled(this.scenarioAt(values), this.tables);
  }
}

/**
 * The scenario with some levers fixed at values (e.g. a proposed split to study under
 * uncertainty), validated: a clear error when a path or value is wrong.
 */
export function withLevers(s: ResolvedScenario, sets: { path: string; value: number }[]): ResolvedScenario {
  if (!sets.length) return s;
  let out = s;
  for (const { path, value } of sets) {
    const lever = describeLever(out, path);
    out = copyAlong(out, lever.path);
    setByPointer(out, lever.path, lever.kind === 'fixedShareRule' ? fixedRule(value) : value);
    if (COST_SHARE_PATH.test(lever.path)) rebalanceCostShares(out, lever.path, value);
  }
  const r = validateScenario(out);
  if (!r.ok) {
    const where = sets.map((x) => `${x.path}=${x.value}`).join(', ');
    throw new AnalysisError(`with ${where}: ${r.errors.map((e) => `${e.path || '/'}: ${e.message}`).join('; ')}`);
  }
  return r.value;
}
