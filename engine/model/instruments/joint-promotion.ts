// Joint investment promotion (联合招商; seeds 000, 001): the parties run promotion together.
// It brings more investors to the scope projects and brings their start forward, at a yearly
// cost the parties share.
//
// For scope projects, with the parameters in force at the project's planned start year:
//   start' = start − startEarlier (whole years; public cost items move with the start)
// and in every year t in force: output × (1 + outputGain) (the expected extra investment
// landed, as a share of planned output). Its cost, from the outside:
//   promotionCost_n = −s_n × annualCost / (number of scope projects), per scope project and year.
import { Type } from '@sinclair/typebox';
import type { SchemaHelpers } from '../../schema/scenario.js';
import type { CompiledScenario, World } from '../compiled.js';
import { ROW_KIND } from '../compiled.js';
import {
  PROVENANCE,
  commonFields,
  inScope,
  partyShares,
  shareVector,
  type CommonParams,
  type InstrumentFlows,
  type InstrumentModule,
  type PartyShare,
} from './common.js';
import { sharesIssues } from './checks.js';

export interface JointPromotionParams extends CommonParams {
  annualCost: { value: number };
  costShares?: PartyShare[];
  originCostShare?: { value: number };
  outputGain: { value: number };
  startEarlier?: { value: number };
}

interface PromotionData {
  /** [p*Y + y] cost charged to project p's rows in year y (亿元). */
  costPerProject: Float64Array;
  /** [(p*Y + y)*N + n] share of party n in the cost charged to project p in year y. */
  shares: Float64Array;
}

/** The parameters in force at a calendar year (clamped into the horizon). */
function paramsAt<P>(yearly: (P | null)[], first: number, year: number): P | null {
  return yearly[Math.min(yearly.length - 1, Math.max(0, Math.round(year) - first))] ?? null;
}

export const jointPromotion: InstrumentModule<JointPromotionParams, PromotionData> = {
  key: 'jointPromotion',
  label: { zh: '联合招商', en: 'Joint investment promotion' },
  components: { promotionCost: { zh: '联合招商费用', en: 'promotion cost' } },
  schema(h: SchemaHelpers) {
    return Type.Object(
      {
        ...commonFields(h),
        annualCost: h.MoneyPerYear('Yearly cost of the joint promotion (亿元/yr).'),
        costShares: Type.Optional(partyShares(h, 'Who pays the promotion cost.')),
        originCostShare: Type.Optional(h.Share('Instead of costShares: the origin’s share of the cost charged to each of its projects, the host paying the rest.')),
        outputGain: h.Share('Expected extra output of scope projects from the promotion (more investors landed), as a share of planned output.'),
        startEarlier: Type.Optional(
          h.quantity(h.UNITS.years, { minimum: 0, maximum: 10 }, 'Years by which the promotion brings the start of scope projects forward (whole years).'),
        ),
      },
      { additionalProperties: false, description: 'Joint investment promotion (联合招商).', ...PROVENANCE },
    );
  },
  issues(params, at, economy) {
    const out = params.costShares ? sharesIssues(params.costShares, `${at}/costShares`, economy) : [];
    if ((params.costShares === undefined) === (params.originCostShare === undefined))
      out.push({ path: at, message: 'give either costShares (by party) or originCostShare' });
    if (params.startEarlier && !Number.isInteger(params.startEarlier.value))
      out.push({ path: `${at}/startEarlier/value`, message: 'expected a whole number of years' });
    return out;
  },
  shapeWorld(ctx, yearly, world, startShift, rowScale) {
    const { s, Y } = ctx;
    for (let r = 0; r < world.rows; r++) {
      const kind = world.kind[r];
      if (kind !== ROW_KIND.deal && kind !== ROW_KIND.baseLeaves) continue;
      const p = s.economy.projects[world.project[r]!]!;
      const atStart = paramsAt(yearly, s.years.from, p.startYear.value);
      // A relocated firm's base leaves the origin when the project starts, so it moves too.
      if (atStart && inScope(atStart, p)) startShift[r]! += atStart.startEarlier?.value ?? 0;
      if (kind !== ROW_KIND.deal) continue;
      for (let y = 0; y < Y; y++) {
        const params = yearly[y];
        if (params && inScope(params, p)) rowScale[r * Y + y]! *= 1 + params.outputGain.value;
      }
    }
  },
  compile(ctx, yearly) {
    if (yearly.every((x) => x === null)) return null;
    const { s, Y, N, partyIds } = ctx;
    const P = s.economy.projects.length;
    const d: PromotionData = { costPerProject: new Float64Array(P * Y), shares: new Float64Array(P * Y * N) };
    for (let y = 0; y < Y; y++) {
      const params = yearly[y];
      if (!params) continue;
      const scope = s.economy.projects.map((p, pi) => (inScope(params, p) ? pi : -1)).filter((pi) => pi >= 0);
      const named = params.costShares ? shareVector(params.costShares, partyIds) : null;
      for (const pi of scope) {
        d.costPerProject[pi * Y + y] = params.annualCost.value / scope.length;
        const at = (pi * Y + y) * N;
        if (named) d.shares.set(named, at);
        else {
          // By role: the origin pays originCostShare of its projects' part, the deal host the rest.
          const p = s.economy.projects[pi]!;
          d.shares[at + partyIds.indexOf(p.origin)]! += params.originCostShare!.value;
          d.shares[at + partyIds.indexOf(ctx.dealHost(pi))]! += 1 - params.originCostShare!.value;
        }
      }
    }
    return d;
  },
  flows(c: CompiledScenario, d: PromotionData, world: World, f: InstrumentFlows) {
    const Y = c.years;
    const N = c.parties.length;
    const cost = f.components.promotionCost!;
    for (let r = 0; r < world.rows; r++) {
      if (world.kind[r] !== ROW_KIND.deal) continue;
      const p = world.project[r]!;
      // Promotion is paid whether or not the investors land: no survival factor; a project's deal rows share it by weight.
      for (let y = 0; y < Y; y++) {
        const amount = d.costPerProject[p * Y + y]! * world.weight[r]!;
        if (amount === 0) continue;
        for (let n = 0; n < N; n++) {
          const share = d.shares[(p * Y + y) * N + n]!;
          cost[n * Y + y]! -= share * amount;
          f.external[n * Y + y]! -= share * amount;
        }
      }
    }
  },
};
