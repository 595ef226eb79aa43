// Instruments in the compile → kernel → report chain: the hooks compile.ts and simulate.ts
// call, looping over the registry. Nothing here knows a particular instrument.
import type { Economy, Policy, ResolvedScenario } from '../../schema/scenario.js';
import type { CompiledInstrument, CompiledScenario, World } from '../compiled.js';
import { yearlyParams, type CommonParams, type CompileContext, type DealRowSpec, type InstrumentFlows, type Issue } from './common.js';
import { INSTRUMENT_MODULES } from './registry.js';

export { INSTRUMENTS, type InstrumentKey } from './registry.js';
export type { InstrumentFlows, CompileContext, DealRowSpec } from './common.js';

export type { CompiledInstrument };

/** Parameters in force per year for every declared instrument (compile-time only). */
export function instrumentYears(s: ResolvedScenario): Map<string, (CommonParams | null)[]> {
  const out = new Map<string, (CommonParams | null)[]>();
  for (const m of INSTRUMENT_MODULES) {
    if (!(s.policy.instruments as Record<string, unknown> | undefined)?.[m.key]) continue;
    out.set(m.key, yearlyParams(s, m.key));
  }
  return out;
}

type AnyModule = (typeof INSTRUMENT_MODULES)[number] & {
  shapeRows?(ctx: CompileContext, yearly: (CommonParams | null)[], rows: DealRowSpec[]): void;
  shapeWorld?(ctx: CompileContext, yearly: (CommonParams | null)[], w: World, shift: Float64Array, scale: Float64Array): void;
  compile?(ctx: CompileContext, yearly: (CommonParams | null)[]): unknown;
  flows?(c: CompiledScenario, data: unknown, w: World, f: InstrumentFlows): void;
  issues?(params: CommonParams, at: string, economy: Economy | undefined): Issue[];
};
const modules = INSTRUMENT_MODULES as unknown as AnyModule[];

/** Let the instruments change the deal world's rows before they are packed. */
export function shapeDealRows(ctx: CompileContext, years: Map<string, (CommonParams | null)[]>, rows: DealRowSpec[]): void {
  for (const m of modules) {
    const yearly = years.get(m.key);
    if (yearly && m.shapeRows) m.shapeRows(ctx, yearly, rows);
  }
}

/** Start shifts and output scales of the packed deal world; unset when no instrument sets any. */
export function shapeDealWorld(ctx: CompileContext, years: Map<string, (CommonParams | null)[]>, world: World): void {
  const shift = new Float64Array(world.rows);
  const scale = new Float64Array(world.rows * ctx.Y).fill(1);
  let used = false;
  for (const m of modules) {
    const yearly = years.get(m.key);
    if (yearly && m.shapeWorld) {
      m.shapeWorld(ctx, yearly, world, shift, scale);
      used = true;
    }
  }
  if (used) {
    world.startShift = shift;
    world.rowScale = scale;
  }
}

export function compileInstruments(ctx: CompileContext, years: Map<string, (CommonParams | null)[]>): CompiledInstrument[] {
  const out: CompiledInstrument[] = [];
  for (const m of modules) {
    const yearly = years.get(m.key);
    if (!yearly) continue;
    const data = m.compile ? m.compile(ctx, yearly) : null;
    if (data !== null) out.push({ key: m.key, data });
  }
  return out;
}

export function allocateInstrumentFlows(c: CompiledScenario): InstrumentFlows[] {
  const size = c.parties.length * c.years;
  return (c.instruments ?? []).map((ci) => {
    const m = modules.find((x) => x.key === ci.key)!;
    return {
      key: ci.key,
      transfer: new Float64Array(size),
      external: new Float64Array(size),
      components: Object.fromEntries(Object.keys(m.components).map((k) => [k, new Float64Array(size)])),
    };
  });
}

/**
 * The instruments' flows in the deal world, and their net effect on each party's costs:
 * cost borne = project costs − money received through instruments (+ money paid).
 */
export function applyInstrumentFlows(c: CompiledScenario, world: World, flows: InstrumentFlows[], cost: Float64Array): void {
  (c.instruments ?? []).forEach((ci, i) => {
    const f = flows[i]!;
    f.transfer.fill(0);
    f.external.fill(0);
    for (const a of Object.values(f.components)) a.fill(0);
    modules.find((x) => x.key === ci.key)!.flows?.(c, ci.data, world, f);
    for (let k = 0; k < cost.length; k++) cost[k]! -= f.transfer[k]! + f.external[k]!;
  });
}

/** Checks of the instruments against the economy; round patches only for declared instruments. */
export function instrumentIssues(p: Policy, prefix: string, economy: Economy | undefined): Issue[] {
  const out: Issue[] = [];
  const declared = (p.instruments ?? {}) as Record<string, CommonParams>;
  // Either list names a scope (statistics categories or, where the economy has them, tax categories).
  const categories = economy ? new Set([...economy.categories, ...(economy.taxCategories ?? [])].map((c) => c.id)) : null;
  const projects = economy ? new Set(economy.projects.map((x) => x.id)) : null;
  const check = (params: CommonParams, at: string, m: AnyModule) => {
    if (params.from !== undefined && params.to !== undefined && params.from > params.to)
      out.push({ path: `${at}/from`, message: `instrument starts (${params.from}) after it ends (${params.to})` });
    params.categories?.forEach((id, i) => {
      if (categories && !categories.has(id)) out.push({ path: `${at}/categories/${i}`, message: `unknown category "${id}"` });
    });
    params.projects?.forEach((id, i) => {
      if (projects && !projects.has(id)) out.push({ path: `${at}/projects/${i}`, message: `unknown project "${id}"` });
    });
    if (m.issues) out.push(...m.issues(params, at, economy));
  };
  for (const m of modules) {
    const params = declared[m.key];
    if (params) check(params, `${prefix}/instruments/${m.key}`, m);
  }
  (p.checkup?.responses ?? []).forEach((r, i) => {
    const at = `${prefix}/checkup/responses/${i}`;
    const params = declared[r.instrument] as Record<string, unknown> | undefined;
    if (!params) out.push({ path: `${at}/instrument`, message: `the policy declares no ${r.instrument} (policy.instruments.${r.instrument})` });
    else if (typeof (params[r.parameter] as { value?: unknown } | undefined)?.value !== 'number')
      out.push({ path: `${at}/parameter`, message: `${r.instrument} has no numeric parameter "${r.parameter}"` });
  });
  (p.rounds ?? []).forEach((r, i) => {
    for (const [key, patch] of Object.entries((r.instruments ?? {}) as Record<string, Partial<CommonParams>>)) {
      const at = `${prefix}/rounds/${i}/instruments/${key}`;
      const m = modules.find((x) => x.key === key)!;
      if (!declared[key]) out.push({ path: at, message: `the policy declares no ${key} (policy.instruments.${key}); a round can only change a declared instrument` });
      else check({ ...declared[key], ...patch }, at, m);
    }
  });
  return out;
}

/** Bilingual label and component labels of an instrument. */
export function instrumentInfo(key: string) {
  const m = modules.find((x) => x.key === key)!;
  return { label: m.label, components: m.components };
}

/**
 * Whether an instrument rewrites the deal world's share table of a ledger (new-firm tax sharing
 * rewrites tax shares): a lever that patches that table in place would undo it, so it rebuilds.
 */
export function instrumentRewritesShares(s: ResolvedScenario, ledger: 'tax' | 'statistics'): boolean {
  return ledger === 'tax' && !!(s.policy.instruments as Record<string, unknown> | undefined)?.newFirmTax;
}
