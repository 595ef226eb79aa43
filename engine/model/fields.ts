// Every per-party, per-year quantity a simulation gives, listed once. Three views are derived
// from this list rather than kept in step by hand: the flows the kernel allocates and writes
// (FLOW_FIELDS), the fields the report prints and calibration can observe (REPORT_FIELDS), and
// the measures the page charts per world (PAGE_MEASURES). A leaf module (no imports).
export const FIELDS = [
  { name: 'output', flow: true, report: true, page: true },
  { name: 'outputCredited', flow: true, report: true, page: true },
  /** Value added where it is produced (属地口径) and after the statistics split (考核口径): kernel flows, not reported. */
  { name: 'valueAdded', flow: true, report: false, page: false },
  { name: 'valueAddedCredited', flow: true, report: false, page: false },
  /** Derived from the flows and the baseline after the kernel. */
  { name: 'gdp', flow: false, report: true, page: true },
  { name: 'gdpCredited', flow: false, report: true, page: false },
  { name: 'taxCollected', flow: true, report: true, page: true },
  { name: 'taxLocal', flow: true, report: true, page: false },
  { name: 'taxRetained', flow: true, report: true, page: true },
  /** Tax kept in a party's own budget (accounts beyond two parties); derived after the kernel. */
  { name: 'taxOwnBudget', flow: false, report: true, page: false },
  { name: 'transfer', flow: true, report: true, page: false },
  { name: 'employment', flow: true, report: true, page: true },
  { name: 'cost', flow: true, report: true, page: true },
  /** Input–output spillover (the page adds them only when a scenario has some). */
  { name: 'outputIndirect', flow: false, report: true, page: false },
  { name: 'employmentIndirect', flow: false, report: true, page: false },
  { name: 'localRevenue', flow: false, report: true, page: false },
  { name: 'employmentTotal', flow: false, report: true, page: false },
] as const;

type Field = (typeof FIELDS)[number];
type View = 'flow' | 'report' | 'page';
export type FieldsOf<V extends View> = Extract<Field, Record<V, true>>['name'];

/** The names of the fields in one view, in the list's order. */
function fieldsOf<V extends View>(view: V): readonly FieldsOf<V>[] {
  return FIELDS.filter((f) => f[view]).map((f) => f.name as FieldsOf<V>);
}

export const FLOW_FIELDS = fieldsOf('flow');
export const REPORT_FIELDS = fieldsOf('report');
export const PAGE_MEASURES = fieldsOf('page');
