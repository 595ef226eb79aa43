// Land-quota transfer (用地指标跨省域调剂、有偿使用, seed 004; 土地指标点对点调剂, seed 000):
// construction-land quota (亩) moves from a seller to a buyer at a price per 亩. A project of
// the buyer that the deal would place in the seller can then be built, in part or fully, in
// the buyer: the quota raises the buyer's land limit for it. The payment is a transfer between
// the two parties. Without named seller and buyer, every project's origin buys from the party
// the deal places it in (a platform open to all pairs, as in the demonstration zone).
//
// For scope projects with origin = buyer and deal host = seller, in order of start year, each
// takes from the quota in force in its start year (quota Q, land need a = landPerOutput × steady
// output, a stock of 亩):
//   allocated_p = min(a_p, Q − already allocated),   f_p = allocated_p / a_p
// The deal row is split: f_p of the project produces in the buyer (statistics follow the
// place of production, tax registration as the deal places it), 1 − f_p in the seller.
//   quotaPayment: buyer −price × allocated_p, seller +price × allocated_p, in the start year
//   (price in 万元/亩, so × 1e-4 for 亿元), times the project's survival.
import { Type } from '@sinclair/typebox';
import type { SchemaHelpers } from '../../schema/scenario.js';
import type { CompiledScenario, World } from '../compiled.js';
import { ROW_KIND } from '../compiled.js';
import { PROVENANCE, commonFields, inScope, type CommonParams, type CompileContext, type InstrumentFlows, type InstrumentModule, type Issue } from './common.js';
import { partyIssue } from './checks.js';

export interface LandQuotaParams extends CommonParams {
  seller?: string;
  buyer?: string;
  quota: { value: number };
  pricePerMu: { value: number };
  landPerOutput: { value: number };
}

interface LandData {
  /** [p] share of project p produced in the buyer thanks to the quota (0 for other projects). */
  atBuyer: Float64Array;
  /** [p] payment for its quota (亿元), paid in the project's start year. */
  payment: Float64Array;
  /** [p] 亩 allocated. */
  allocated: Float64Array;
  /** [p] party index of the buyer and the seller of project p's quota (−1 when none). */
  buyer: Int32Array;
  seller: Int32Array;
}

/** Allocation of the quota to projects (shared by shapeRows and compile, so both see the same split). */
function allocate(ctx: CompileContext, yearly: (LandQuotaParams | null)[]) {
  const { s, Y } = ctx;
  const P = s.economy.projects.length;
  const atBuyer = new Float64Array(P);
  const allocated = new Float64Array(P);
  const payment = new Float64Array(P);
  // The parameters in force at a project's start year (clamped into the horizon).
  const at = (year: number) => yearly[Math.min(Y - 1, Math.max(0, Math.round(year) - s.years.from))] ?? null;
  const order = s.economy.projects.map((p, i) => i).sort((a, b) => s.economy.projects[a]!.startYear.value - s.economy.projects[b]!.startYear.value || a - b);
  const used = new Map<string, number>(); // quota used per seller → buyer
  const buyer = new Int32Array(P).fill(-1);
  const seller = new Int32Array(P).fill(-1);
  for (const pi of order) {
    const p = s.economy.projects[pi]!;
    const params = at(p.startYear.value);
    if (!params || !inScope(params, p)) continue;
    const host = ctx.dealHost(pi);
    // Without named parties, each project's origin buys from the party the deal places it in.
    const b = params.buyer ?? p.origin;
    const sl = params.seller ?? host;
    if (p.origin !== b || host !== sl || b === sl) continue;
    buyer[pi] = ctx.partyIds.indexOf(b);
    seller[pi] = ctx.partyIds.indexOf(sl);
    const need = params.landPerOutput.value * p.steadyOutput.value;
    const key = `${sl}>${b}`;
    const left = Math.max(0, params.quota.value - (used.get(key) ?? 0));
    const take = need > 0 ? Math.min(need, left) : 0;
    used.set(key, (used.get(key) ?? 0) + take);
    allocated[pi] = take;
    atBuyer[pi] = need > 0 ? take / need : 0;
    payment[pi] = take * params.pricePerMu.value * 1e-4;
  }
  return { atBuyer, allocated, payment, buyer, seller };
}

export const landQuota: InstrumentModule<LandQuotaParams, LandData> = {
  key: 'landQuota',
  label: { zh: '用地指标调剂', en: 'Land-quota transfer' },
  components: { quotaPayment: { zh: '用地指标有偿使用费', en: 'land-quota payment' } },
  schema(h: SchemaHelpers) {
    return Type.Object(
      {
        ...commonFields(h),
        seller: Type.Optional(h.Id),
        buyer: Type.Optional(h.Id),
        quota: h.quantity(h.UNITS.area, { minimum: 0, maximum: 1e7 }, 'Construction-land quota the seller transfers to the buyer in total (亩).'),
        pricePerMu: h.quantity(h.UNITS.pricePerArea, { minimum: 0, maximum: 1e5 }, 'Price the buyer pays per 亩 of quota (万元/亩).'),
        landPerOutput: h.quantity(h.UNITS.areaPerOutput, { minimum: 0, maximum: 1e5 }, 'Land a project needs per 亿元 of steady annual output (亩 per 亿元/yr).'),
      },
      { additionalProperties: false, description: 'Land-quota transfer between two parties (用地指标调剂、有偿使用).', ...PROVENANCE },
    );
  },
  issues(params, at, economy) {
    const out: Issue[] = [];
    if (params.seller !== undefined) out.push(...partyIssue(params.seller, `${at}/seller`, economy));
    if (params.buyer !== undefined) out.push(...partyIssue(params.buyer, `${at}/buyer`, economy));
    if (params.seller !== undefined && params.seller === params.buyer) out.push({ path: `${at}/buyer`, message: 'buyer and seller must be different parties' });
    return out;
  },
  shapeRows(ctx, yearly, rows) {
    if (yearly.every((x) => x === null)) return;
    const a = allocate(ctx, yearly);
    const n = rows.length;
    for (let i = 0; i < n; i++) {
      const row = rows[i]!;
      const f = a.atBuyer[row.project]!;
      if (row.kind !== ROW_KIND.deal || f === 0) continue;
      // The part the quota makes room for is produced in the buyer (the project's origin).
      rows.push({ ...row, weight: row.weight * f, host: a.buyer[row.project]! });
      row.weight *= 1 - f;
    }
  },
  compile(ctx, yearly) {
    if (yearly.every((x) => x === null)) return null;
    const a = allocate(ctx, yearly);
    return { atBuyer: a.atBuyer, payment: a.payment, allocated: a.allocated, buyer: a.buyer, seller: a.seller };
  },
  flows(c: CompiledScenario, d: LandData, world: World, f: InstrumentFlows) {
    const Y = c.years;
    const pa = c.projects;
    const pay = f.components.quotaPayment!;
    for (let r = 0; r < world.rows; r++) {
      if (world.kind[r] !== ROW_KIND.deal) continue;
      const p = world.project[r]!;
      if (d.payment[p] === 0) continue;
      const y = Math.round(pa.start[p]! - (world.startShift ? world.startShift[r]! : 0)) - c.firstYear;
      if (y < 0 || y >= Y) continue;
      // A project's deal rows have weights adding up to 1: each carries its part of the payment.
      const amount = d.payment[p]! * world.weight[r]! * pa.survival[p]!;
      const buyer = d.buyer[p]!;
      const seller = d.seller[p]!;
      pay[buyer * Y + y]! -= amount;
      pay[seller * Y + y]! += amount;
      f.transfer[buyer * Y + y]! -= amount;
      f.transfer[seller * Y + y]! += amount;
    }
  },
};
