// Joint venture (合资公司, 共担共建; seeds 000, 001): the parties own the cooperation zone's
// platform company in agreed equity shares. The equity split decides who bears the public
// costs of the scope projects (instead of the economy's cost shares) and who receives the
// dividends the platform pays out of those projects' after-tax profit.
//
// Per year t in force, with e_n the equity shares, c_{p,t} the public cost of project p in t,
// k_{p,n} its cost shares in the economy, Q_{p,t} its deal output:
//   costShift_n = Σ_p c_{p,t} × (k_{p,n} − e_n)          (between parties: adds up to zero)
//   dividends_n = e_n × payout × Σ_p Q_{p,t} × margin_p × (1 − citRate_p)   (from outside)
import { Type } from '@sinclair/typebox';
import type { SchemaHelpers } from '../../schema/scenario.js';
import type { CompiledScenario, World } from '../compiled.js';
import { ROW_KIND } from '../compiled.js';
import {
  PROVENANCE,
  commonFields,
  inScope,
  itemsPerYear,
  partyShares,
  shareVector,
  type CommonParams,
  type InstrumentFlows,
  type InstrumentModule,
  type PartyShare,
} from './common.js';
import { sharesIssues } from './checks.js';

export interface JointVentureParams extends CommonParams {
  equity?: PartyShare[];
  originEquity?: { value: number };
  dividendPayout: { value: number };
}

interface VentureData {
  /** [p*Y + y] 1 when the venture covers project p in year y. */
  covered: Uint8Array;
  /** [(p*Y + y)*N + n] equity share of party n in project p's venture in year y. */
  equity: Float64Array;
  /** [y] payout ratio. */
  payout: Float64Array;
}

export const jointVenture: InstrumentModule<JointVentureParams, VentureData> = {
  key: 'jointVenture',
  label: { zh: '合资公司（共担共建）', en: 'Joint venture' },
  components: {
    costShift: { zh: '按股比承担成本（相对经济体成本分担）', en: 'costs borne by equity (vs the economy’s cost shares)' },
    dividends: { zh: '分红', en: 'dividends' },
  },
  schema(h: SchemaHelpers) {
    return Type.Object(
      {
        ...commonFields(h),
        equity: Type.Optional(partyShares(h, 'Equity shares of the parties in the joint venture; they decide who bears the scope projects’ public costs.')),
        originEquity: Type.Optional(
          h.Share('Instead of equity by party: the origin’s equity share in each project’s venture, the host holding the rest (so one policy fits any pair).'),
        ),
        dividendPayout: h.Share('Share of the scope projects’ after-tax profit paid to the owners as dividends.'),
      },
      { additionalProperties: false, description: 'Joint venture owning the zone platform (合资公司).', ...PROVENANCE },
    );
  },
  issues(params, at, economy) {
    if ((params.equity === undefined) === (params.originEquity === undefined))
      return [{ path: at, message: 'give either equity (by party) or originEquity' }];
    return params.equity ? sharesIssues(params.equity, `${at}/equity`, economy) : [];
  },
  compile(ctx, yearly) {
    if (yearly.every((x) => x === null)) return null;
    const { s, Y, N, partyIds } = ctx;
    const P = s.economy.projects.length;
    const d: VentureData = { covered: new Uint8Array(P * Y), equity: new Float64Array(P * Y * N), payout: new Float64Array(Y) };
    for (let y = 0; y < Y; y++) {
      const params = yearly[y];
      if (!params) continue;
      const named = params.equity ? shareVector(params.equity, partyIds) : null;
      s.economy.projects.forEach((p, pi) => {
        if (!inScope(params, p)) return;
        d.covered[pi * Y + y] = 1;
        const at = (pi * Y + y) * N;
        if (named) d.equity.set(named, at);
        else {
          // Equity by role: the origin holds originEquity, the party the deal places the project in the rest.
          const o = partyIds.indexOf(p.origin);
          const h = partyIds.indexOf(ctx.dealHost(pi));
          d.equity[at + o]! += params.originEquity!.value;
          d.equity[at + h]! += 1 - params.originEquity!.value;
        }
      });
      d.payout[y] = params.dividendPayout.value;
    }
    return d;
  },
  flows(c: CompiledScenario, d: VentureData, world: World, f: InstrumentFlows) {
    const Y = c.years;
    const N = c.parties.length;
    const pa = c.projects;
    const shift = f.components.costShift!;
    const dividends = f.components.dividends!;
    for (let r = 0; r < world.rows; r++) {
      if (world.kind[r] !== ROW_KIND.deal) continue;
      const p = world.project[r]!;
      const w = world.weight[r]! * pa.survival[p]!;
      const start = world.startShift ? world.startShift[r]! : 0;
      const afterTaxProfit = world.profitMargin[r]! * (1 - world.citRate[r]!);
      for (let y = 0; y < Y; y++) {
        if (d.covered[p * Y + y] === 0) continue;
        const e = (p * Y + y) * N;
        if (w !== 0)
          itemsPerYear(c, p, y, start, (it, perYear) => {
            for (let n = 0; n < N; n++) {
              const moved = perYear * w * (pa.itemShare[it * N + n]! - d.equity[e + n]!);
              shift[n * Y + y]! += moved;
              f.transfer[n * Y + y]! += moved;
            }
          });
        const profit = world.level[r * Y + y]! * afterTaxProfit * d.payout[y]!;
        if (profit !== 0)
          for (let n = 0; n < N; n++) {
            dividends[n * Y + y]! += d.equity[e + n]! * profit;
            f.external[n * Y + y]! += d.equity[e + n]! * profit;
          }
      }
    }
  },
};
