// What each chart shows, and view-side reshaping of engine rows: the difference to a
// reference column and the shared y-domains. No model arithmetic beyond subtraction.
import type { PartyInfo, TidyRow, World } from './protocol.js';
import type { NumberKind } from './format.js';

export type ChartId =
  | 'output'
  | 'outputCredited'
  | 'taxCollected'
  | 'taxRetained'
  | 'employment'
  | 'outputIndirect'
  | 'employmentIndirect'
  | 'netFiscalGain'
  | 'gdpGain'
  | 'transfer'
  | 'theil'
  | 'theilCredited'
  | 'taxOwnBudget'
  | 'employmentTotal';

export type UnitId = 'moneyPerYear' | 'persons' | 'index';

/** How numbers of a unit are written (万/亿 grouping for money and people, plain for indices). */
export const UNIT_KIND: Record<UnitId, NumberKind> = { moneyPerYear: 'money', persons: 'persons', index: 'index' };

/** The unit of every measure in the tidy rows (for CSV unit columns and tips). */
export function measureUnit(measure: string): UnitId {
  if (measure === 'employment' || measure === 'employmentIndirect') return 'persons';
  if (measure === 'theil') return 'index';
  return 'moneyPerYear';
}

export interface ChartSpec {
  id: ChartId;
  measure: string;
  worlds: World[];
  unit: UnitId;
  /** Input–output spillover: drawn only for scenarios with indirect effects (RunResult.indirect). */
  indirect?: true;
}

export const CHARTS: readonly ChartSpec[] = [
  { id: 'output', measure: 'output', worlds: ['deal', 'noDeal'], unit: 'moneyPerYear' },
  { id: 'outputCredited', measure: 'outputCredited', worlds: ['deal', 'noDeal'], unit: 'moneyPerYear' },
  { id: 'taxCollected', measure: 'taxCollected', worlds: ['deal', 'noDeal'], unit: 'moneyPerYear' },
  { id: 'taxRetained', measure: 'taxRetained', worlds: ['deal', 'noDeal'], unit: 'moneyPerYear' },
  { id: 'employment', measure: 'employment', worlds: ['deal', 'noDeal'], unit: 'persons' },
  { id: 'outputIndirect', measure: 'outputIndirect', worlds: ['deal', 'noDeal'], unit: 'moneyPerYear', indirect: true },
  { id: 'employmentIndirect', measure: 'employmentIndirect', worlds: ['deal', 'noDeal'], unit: 'persons', indirect: true },
  { id: 'netFiscalGain', measure: 'netFiscal', worlds: ['gain'], unit: 'moneyPerYear' },
  { id: 'gdpGain', measure: 'gdp', worlds: ['gain'], unit: 'moneyPerYear' },
  { id: 'transfer', measure: 'transfer', worlds: ['deal'], unit: 'moneyPerYear' },
  { id: 'theil', measure: 'theil', worlds: ['deal', 'noDeal'], unit: 'index' },
  { id: 'theilCredited', measure: 'theilCredited', worlds: ['deal', 'noDeal'], unit: 'index' },
  { id: 'taxOwnBudget', measure: 'taxOwnBudget', worlds: ['deal', 'noDeal'], unit: 'moneyPerYear' },
  { id: 'employmentTotal', measure: 'employmentTotal', worlds: ['deal', 'noDeal'], unit: 'persons' },
];

/**
 * The charts a column shows first (the money outcome, both splits, jobs; input–output charts
 * when the scenario has them), in this order; the rest wait behind "more charts", in CHARTS order.
 */
export const PRIMARY_CHARTS: readonly ChartId[] = ['netFiscalGain', 'outputCredited', 'taxRetained', 'employment', 'outputIndirect', 'employmentIndirect'];

/** The rows one chart draws. */
export function chartRows(rows: readonly TidyRow[], spec: ChartSpec): TidyRow[] {
  return rows.filter((r) => r.measure === spec.measure && spec.worlds.includes(r.world));
}

/** The rows of every chart in one pass (as chartRows gives them, each in the rows' order): a column recomputes them on every answer. */
export function rowsByChart(rows: readonly TidyRow[]): Map<ChartId, TidyRow[]> {
  const out = new Map<ChartId, TidyRow[]>(CHARTS.map((spec) => [spec.id, []]));
  for (const r of rows) for (const spec of chartsOf(r.measure, r.world)) out.get(spec.id)!.push(r);
  return out;
}

/**
 * The same rows in the same order (value by value, -0 = 0 not distinguished, NaN = NaN). A lever
 * move changes some charts of a column and leaves others as they were: those keep their rows
 * array, so they are not drawn again.
 */
export function sameRows(a: readonly TidyRow[], b: readonly TidyRow[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x.year !== y.year || x.party !== y.party || x.world !== y.world || x.measure !== y.measure) return false;
    if (x.value !== y.value && !(Number.isNaN(x.value) && Number.isNaN(y.value))) return false;
  }
  return true;
}

/** The same domains (chart by chart, bounds by value). */
export function sameDomains(a: Domains, b: Domains): boolean {
  if (a === b) return true;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)] as ChartId[]);
  for (const k of keys) if (a[k]?.[0] !== b[k]?.[0] || a[k]?.[1] !== b[k]?.[1]) return false;
  return true;
}

const rowKey = (r: TidyRow) => `${r.measure}|${r.world}|${r.party}|${r.year}`;

/**
 * How a column's parties meet the reference column's: by the same party (same ids), by role
 * when the parties differ (the core district of one pair against the core district of the
 * other; periphery against periphery; peers by their order), or not at all.
 */
export interface DifferencePlan {
  by: 'party' | 'role' | 'none';
  /** Column party → reference party, with the role key that matched them ('' when by party). */
  pairs: { party: string; reference: string; role: string }[];
}

/** A party's role: its tier when no other party shares it, else the tier and its order within the tier ("peer#1"). */
export function roleKeys(parties: readonly PartyInfo[]): Map<string, string> {
  const keys = new Map<string, string>();
  const seen = new Map<string, number>();
  for (const p of parties) {
    const n = (seen.get(p.tier) ?? 0) + 1;
    seen.set(p.tier, n);
    keys.set(p.id, `${p.tier}#${n}`);
  }
  for (const p of parties) if (seen.get(p.tier) === 1) keys.set(p.id, p.tier);
  return keys;
}

export function differencePlan(parties: readonly PartyInfo[], reference: readonly PartyInfo[]): DifferencePlan {
  const refIds = new Set(reference.map((p) => p.id));
  if (parties.length && parties.every((p) => refIds.has(p.id)))
    return { by: 'party', pairs: parties.map((p) => ({ party: p.id, reference: p.id, role: '' })) };
  const mine = roleKeys(parties);
  const theirs = new Map([...roleKeys(reference)].map(([id, role]) => [role, id]));
  const pairs = parties.flatMap((p) => {
    const role = mine.get(p.id)!;
    const ref = theirs.get(role);
    return ref === undefined ? [] : [{ party: p.id, reference: ref, role }];
  });
  return pairs.length ? { by: 'role', pairs } : { by: 'none', pairs: [] };
}

/**
 * Column minus reference, for every row the reference also has (same measure, world, year,
 * and the same party — or the party of the same role, following the plan). The imbalance rows
 * (party "*") always meet. Rows keep the column's party id, so names and colours stay its own.
 */
export function differenceRows(rows: readonly TidyRow[], reference: readonly TidyRow[], plan?: DifferencePlan): TidyRow[] {
  const ref = new Map(reference.map((r) => [rowKey(r), r.value]));
  const counterpart = plan ? new Map(plan.pairs.map((x) => [x.party, x.reference])) : null;
  const out: TidyRow[] = [];
  for (const r of rows) {
    const party = r.party === '*' || !counterpart ? r.party : counterpart.get(r.party);
    if (party === undefined) continue;
    const v = ref.get(rowKey({ ...r, party }));
    if (v !== undefined) out.push({ ...r, value: r.value - v });
  }
  return out;
}

export type Domains = Partial<Record<ChartId, [number, number]>>;

/**
 * Widen [lo, hi] outward to multiples of half a power of ten below its span (163 → 200,
 * 12 → 15). A slider that moves one column then rarely changes the shared scale, so the
 * other columns' charts need not be redrawn.
 */
export function niceDomain(lo: number, hi: number): [number, number] {
  const step = Math.pow(10, Math.floor(Math.log10(hi - lo))) / 2;
  return [Math.floor(lo / step) * step, Math.ceil(hi / step) * step];
}

/** One y-domain per chart shared by all the given columns, always including zero (widened by niceDomain). */
export function sharedDomains(columns: readonly (readonly TidyRow[])[]): Domains {
  // One pass over the rows (a slider move recomputes this for every column): each row widens
  // the range of the charts that draw its measure and world.
  const lo = new Map<ChartSpec, number>();
  const hi = new Map<ChartSpec, number>();
  for (const rows of columns)
    for (const r of rows) {
      if (!Number.isFinite(r.value)) continue;
      for (const spec of chartsOf(r.measure, r.world)) {
        if (r.value < (lo.get(spec) ?? 0)) lo.set(spec, r.value);
        if (r.value > (hi.get(spec) ?? 0)) hi.set(spec, r.value);
      }
    }
  const domains: Domains = {};
  for (const spec of CHARTS) {
    const a = lo.get(spec) ?? 0;
    const b = hi.get(spec) ?? 0;
    domains[spec.id] = niceDomain(a, a === b ? a + 1 : b);
  }
  return domains;
}

/** The charts drawing a measure in a world (most rows: one chart; some measures: none). */
const CHARTS_BY_MEASURE = new Map<string, Map<World, ChartSpec[]>>();
for (const spec of CHARTS)
  for (const world of spec.worlds) {
    const byWorld = CHARTS_BY_MEASURE.get(spec.measure) ?? new Map<World, ChartSpec[]>();
    CHARTS_BY_MEASURE.set(spec.measure, byWorld.set(world, [...(byWorld.get(world) ?? []), spec]));
  }
const NO_CHARTS: readonly ChartSpec[] = [];
function chartsOf(measure: string, world: World): readonly ChartSpec[] {
  return CHARTS_BY_MEASURE.get(measure)?.get(world) ?? NO_CHARTS;
}

/** Sum of a party's yearly gain rows (deal rows for transfers) up to and including a year: the overview at the workshop's year cursor. */
export function accumulated(rows: readonly TidyRow[], party: string, measure: string, upTo: number): number {
  const world = measure === 'transfer' ? 'deal' : 'gain';
  let s = 0;
  for (const r of rows) if (r.party === party && r.measure === measure && r.world === world && r.year <= upTo) s += r.value;
  return s;
}
