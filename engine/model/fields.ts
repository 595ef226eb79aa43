// Every per-party, per-year quantity a simulation gives, listed once. Three views are derived
// from this list rather than kept in step by hand: the flows the kernel allocates and writes
// (FLOW_FIELDS), the fields the report prints and calibration can observe (REPORT_FIELDS), and
// the measures the page charts per world (PAGE_MEASURES; `page` is the position there, as the
// page lists employment with its total before cost). A leaf module (no imports).
export const FIELDS = [
  { name: 'output', flow: true, report: true, page: 1 },
  { name: 'outputCredited', flow: true, report: true, page: 2 },
  /** Value added where it is produced (属地口径) and after the statistics split (考核口径): kernel flows, not reported. */
  { name: 'valueAdded', flow: true, report: false, page: false },
  { name: 'valueAddedCredited', flow: true, report: false, page: false },
  /** Derived from the flows and the baseline after the kernel. */
  { name: 'gdp', flow: false, report: true, page: 3 },
  { name: 'gdpCredited', flow: false, report: true, page: 4 },
  { name: 'taxCollected', flow: true, report: true, page: 5 },
  { name: 'taxLocal', flow: true, report: true, page: false },
  { name: 'taxRetained', flow: true, report: true, page: 6 },
  /** Tax kept in a party's own budget (accounts beyond two parties); derived after the kernel. */
  { name: 'taxOwnBudget', flow: false, report: true, page: 7 },
  { name: 'transfer', flow: true, report: true, page: false },
  { name: 'employment', flow: true, report: true, page: 8 },
  { name: 'cost', flow: true, report: true, page: 10 },
  /** Input–output spillover (the page adds them only when a scenario has some). */
  { name: 'outputIndirect', flow: false, report: true, page: false },
  { name: 'employmentIndirect', flow: false, report: true, page: false },
  { name: 'localRevenue', flow: false, report: true, page: false },
  { name: 'employmentTotal', flow: false, report: true, page: 9 },
] as const;

type Field = (typeof FIELDS)[number];
export type FieldsOf<V extends 'flow' | 'report'> = Extract<Field, Record<V, true>>['name'];
export type PageMeasure = Extract<Field, { page: number }>['name'];

/** The names of the fields in one view, in the list's order. */
function fieldsOf<V extends 'flow' | 'report'>(view: V): readonly FieldsOf<V>[] {
  return FIELDS.filter((f) => f[view]).map((f) => f.name as FieldsOf<V>);
}

export const FLOW_FIELDS = fieldsOf('flow');
export const REPORT_FIELDS = fieldsOf('report');
export const PAGE_MEASURES: readonly PageMeasure[] = FIELDS.filter((f) => f.page !== false)
  .sort((a, b) => Number(a.page) - Number(b.page))
  .map((f) => f.name as PageMeasure);
