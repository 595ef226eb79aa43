// New-firm tax sharing (新建企业的财税分享, seed 004): only firms registered from a cut-off year
// on share their local tax; existing firms (projects that started earlier, and relocated
// firms, which exist already) keep the policy's rule. Distinct from the increment basis
// (存量不动、增量分成, which splits a relocated firm's growth) and combinable with it.
//
// For a scope project that is new (no relocation) with start year ≥ cutoffYear, in every year
// the instrument is in force, its tax share vector under the deal becomes
//   origin: originShare (split "fixed") or the origin's cost share (split "costProportional"),
//   the rest: the place of production (split "fixed") or each party's cost share.
// It moves money only through the tax settlement (`transfer`), so it has no flows of its own.
import { Type } from '@sinclair/typebox';
import type { SchemaHelpers } from '../../schema/scenario.js';
import { ROW_KIND } from '../compiled.js';
import { PROVENANCE, commonFields, inScope, type CommonParams, type InstrumentModule, type Issue } from './common.js';

export interface NewFirmTaxParams extends CommonParams {
  cutoffYear: { value: number };
  split: 'fixed' | 'costProportional';
  originShare?: { value: number };
}

/** Is project p a new firm under the instrument's parameters? */
export function isNewFirm(params: NewFirmTaxParams, p: { startYear: { value: number }; relocation?: unknown }): boolean {
  return !p.relocation && p.startYear.value >= params.cutoffYear.value;
}

export const newFirmTax: InstrumentModule<NewFirmTaxParams, { projects: string[] }> = {
  key: 'newFirmTax',
  label: { zh: '新设企业财税分享', en: 'New-firm tax sharing' },
  components: {},
  schema(h: SchemaHelpers) {
    return Type.Object(
      {
        ...commonFields(h),
        cutoffYear: h.YearQ('Firms registered (starting) in this year or later share tax; earlier ones keep the policy rule.'),
        split: h.Enum(['fixed', 'costProportional'] as const, 'fixed: the origin gets originShare, the place of production the rest; costProportional: each party its cost share.'),
        originShare: Type.Optional(h.Share('Origin share of the local tax of new firms (split "fixed").')),
      },
      { additionalProperties: false, description: 'Tax sharing for firms registered after a cut-off year (新设企业财税分享).', ...PROVENANCE },
    );
  },
  issues(params, at) {
    const out: Issue[] = [];
    if (params.split === 'fixed' && !params.originShare) out.push({ path: `${at}/originShare`, message: 'split "fixed" needs originShare' });
    return out;
  },
  shapeRows(ctx, yearly, rows) {
    const { s, N } = ctx;
    for (const row of rows) {
      if (row.kind !== ROW_KIND.deal) continue;
      const p = s.economy.projects[row.project]!;
      if (!yearly.some((params) => params && inScope(params, p) && isNewFirm(params, p))) continue;
      const cost = p.costs?.length ? ctx.costShares(p) : null;
      const previous = row.shares;
      const origin = row.origin;
      const registration = row.registration;
      row.shares = (y, stat, tax, host) => {
        if (previous) previous(y, stat, tax, host);
        else {
          stat[host] = 1;
          tax[registration] = 1;
        }
        const params = yearly[y];
        if (!params || !inScope(params, p) || !isNewFirm(params, p)) return;
        tax.fill(0);
        if (params.split === 'costProportional' && cost) for (let n = 0; n < N; n++) tax[n] = cost[n]!;
        else if (params.split === 'costProportional') tax[registration] = 1; // no costs to share by
        else {
          tax[origin]! += params.originShare!.value;
          tax[host]! += 1 - params.originShare!.value;
        }
      };
    }
  },
  compile(ctx, yearly) {
    const projects = ctx.s.economy.projects.filter((p) => yearly.some((params) => params && inScope(params, p) && isNewFirm(params, p))).map((p) => p.id);
    return projects.length ? { projects } : null;
  },
};
