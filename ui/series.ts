// What each chart shows, and view-side reshaping of engine rows: the difference to a
// reference column and the shared y-domains. No model arithmetic beyond subtraction.
import type { TidyRow, World } from './protocol.js';

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
  | 'theilCredited';

export type UnitId = 'moneyPerYear' | 'persons' | 'index';

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
];

/** The rows one chart draws. */
export function chartRows(rows: readonly TidyRow[], spec: ChartSpec): TidyRow[] {
  return rows.filter((r) => r.measure === spec.measure && spec.worlds.includes(r.world));
}

const rowKey = (r: TidyRow) => `${r.measure}|${r.world}|${r.party}|${r.year}`;

/** Column minus reference, for every row the reference also has (same measure, world, party, year). */
export function differenceRows(rows: readonly TidyRow[], reference: readonly TidyRow[]): TidyRow[] {
  const ref = new Map(reference.map((r) => [rowKey(r), r.value]));
  const out: TidyRow[] = [];
  for (const r of rows) {
    const v = ref.get(rowKey(r));
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
  const domains: Domains = {};
  for (const spec of CHARTS) {
    let lo = 0;
    let hi = 0;
    for (const rows of columns)
      for (const r of rows)
        if (r.measure === spec.measure && spec.worlds.includes(r.world) && Number.isFinite(r.value)) {
          if (r.value < lo) lo = r.value;
          if (r.value > hi) hi = r.value;
        }
    if (lo === hi) hi = lo + 1;
    domains[spec.id] = niceDomain(lo, hi);
  }
  return domains;
}
