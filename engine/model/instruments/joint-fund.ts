// Joint investment fund (共同出资设立投资开发基金, seed 004): the parties pay into a fund that
// pays part of the public costs of the projects in its scope and finances shared
// infrastructure; its returns go back to the parties.
//
// Per year t in force, with s_n the contribution shares (fixed, or the parties' shares of
// baseline GDP or local revenue that year) and c_{p,n,t} the cost of project p borne by n:
//   costRelief_n  =  coverage × Σ_p c_{p,n,t}                  (the fund pays it instead)
//   contribution_n = −s_n × (coverage × Σ_p Σ_m c_{p,m,t} + infrastructure)
//   returns_n     =  r_n × returnRate × K_{t−1},  K = capital the fund has put into projects
// The fund raises each year what it spends (no balance is carried). The between-party part
// (costRelief + the part of contributions that pays for it) adds up to zero; infrastructure
// spending and returns are money with the outside. While the fund is in force its scope
// projects produce (1 + outputUplift) times their planned output (shared infrastructure).
import { Type } from '@sinclair/typebox';
import type { Economy, SchemaHelpers } from '../../schema/scenario.js';
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
  type CompileContext,
  type InstrumentFlows,
  type InstrumentModule,
  type Issue,
  type PartyShare,
} from './common.js';
import { sharesIssues } from './checks.js';

export interface JointFundParams extends CommonParams {
  contributionBasis: 'fixed' | 'gdp' | 'localRevenue';
  contributionShares?: PartyShare[];
  parties?: string[];
  costCoverage: { value: number };
  annualInfrastructure?: { value: number };
  outputUplift?: { value: number };
  returnRate?: { value: number };
  returnSplit?: 'contribution' | 'fixed';
  returnShares?: PartyShare[];
}

interface FundData {
  /** [p*Y + y] share of public costs the fund pays (0 when off or out of scope). */
  coverage: Float64Array;
  /** [y] 0: fixed shares, 1: by baseline GDP, 2: by baseline local revenue. */
  basis: Uint8Array;
  /** [n*Y + y] fixed contribution share of party n, or 1/0 whether n contributes (bases 1, 2). */
  contributionShare: Float64Array;
  /** [y] infrastructure financed (亿元/yr). */
  infrastructure: Float64Array;
  /** [y] return rate on capital. */
  returnRate: Float64Array;
  /** [n*Y + y] return share; NaN in year y means "by cumulative contributions". */
  returnShare: Float64Array;
}

export const jointFund: InstrumentModule<JointFundParams, FundData> = {
  key: 'jointFund',
  label: { zh: '共同出资投资开发基金', en: 'Joint investment fund' },
  components: {
    contribution: { zh: '出资', en: 'contribution' },
    costRelief: { zh: '基金承担的项目成本', en: 'project costs paid by the fund' },
    returns: { zh: '基金收益分配', en: 'returns paid out' },
  },
  schema(h: SchemaHelpers) {
    return Type.Object(
      {
        ...commonFields(h),
        contributionBasis: h.Enum(
          ['fixed', 'gdp', 'localRevenue'] as const,
          'How contributions are split: fixed shares, or in proportion to each party’s baseline GDP or local revenue of the year.',
        ),
        contributionShares: Type.Optional(partyShares(h, 'Contribution shares (basis "fixed").')),
        parties: Type.Optional(Type.Array(h.Id, { maxItems: h.LIMITS.parties, description: 'Contributing parties (basis gdp or localRevenue); default all.' })),
        costCoverage: h.Share('Share of the public costs of the scope projects the fund pays instead of the parties.'),
        annualInfrastructure: Type.Optional(h.MoneyPerYear('Shared infrastructure the fund finances each year in force (亿元/yr).')),
        outputUplift: Type.Optional(h.Share('Extra output of scope projects while the fund is in force (shared infrastructure), as a share of planned output.')),
        returnRate: Type.Optional(h.Rate('Yearly return on the capital the fund has put into projects, paid out to the parties.')),
        returnSplit: Type.Optional(h.Enum(['contribution', 'fixed'] as const, 'Returns by cumulative contributions (default) or by returnShares.')),
        returnShares: Type.Optional(partyShares(h, 'Return shares (returnSplit "fixed").')),
      },
      { additionalProperties: false, description: 'Joint investment fund (共同出资设立投资开发基金).', ...PROVENANCE },
    );
  },
  issues(params, at, economy) {
    const out: Issue[] = [];
    if (params.contributionBasis === 'fixed') {
      if (!params.contributionShares) out.push({ path: `${at}/contributionShares`, message: 'basis "fixed" needs contributionShares' });
      else out.push(...sharesIssues(params.contributionShares, `${at}/contributionShares`, economy));
    }
    if (params.returnSplit === 'fixed') {
      if (!params.returnShares) out.push({ path: `${at}/returnShares`, message: 'returnSplit "fixed" needs returnShares' });
      else out.push(...sharesIssues(params.returnShares, `${at}/returnShares`, economy));
    }
    if (economy && params.parties) {
      const ids = new Set(economy.parties.map((p) => p.id));
      params.parties.forEach((id, i) => {
        if (!ids.has(id)) out.push({ path: `${at}/parties/${i}`, message: `unknown party "${id}"` });
      });
    }
    return out;
  },
  shapeWorld(ctx, yearly, world, _startShift, rowScale) {
    const { s, Y } = ctx;
    for (let r = 0; r < world.rows; r++) {
      if (world.kind[r] !== ROW_KIND.deal) continue;
      const p = s.economy.projects[world.project[r]!]!;
      for (let y = 0; y < Y; y++) {
        const params = yearly[y];
        if (params && inScope(params, p)) rowScale[r * Y + y]! *= 1 + (params.outputUplift?.value ?? 0);
      }
    }
  },
  compile(ctx: CompileContext, yearly) {
    if (yearly.every((x) => x === null)) return null;
    const { s, Y, N, partyIds } = ctx;
    const P = s.economy.projects.length;
    const d: FundData = {
      coverage: new Float64Array(P * Y),
      basis: new Uint8Array(Y),
      contributionShare: new Float64Array(N * Y),
      infrastructure: new Float64Array(Y),
      returnRate: new Float64Array(Y),
      returnShare: new Float64Array(N * Y),
    };
    for (let y = 0; y < Y; y++) {
      const params = yearly[y];
      if (!params) continue;
      s.economy.projects.forEach((p, pi) => {
        if (inScope(params, p)) d.coverage[pi * Y + y] = params.costCoverage.value;
      });
      d.basis[y] = params.contributionBasis === 'fixed' ? 0 : params.contributionBasis === 'gdp' ? 1 : 2;
      const weights =
        params.contributionBasis === 'fixed'
          ? shareVector(params.contributionShares, partyIds)
          : Float64Array.from(partyIds, (id) => (params.parties && !params.parties.includes(id) ? 0 : 1));
      for (let n = 0; n < N; n++) d.contributionShare[n * Y + y] = weights[n]!;
      d.infrastructure[y] = params.annualInfrastructure?.value ?? 0;
      d.returnRate[y] = params.returnRate?.value ?? 0;
      const fixed = params.returnSplit === 'fixed' ? shareVector(params.returnShares, partyIds) : null;
      for (let n = 0; n < N; n++) d.returnShare[n * Y + y] = fixed ? fixed[n]! : NaN;
    }
    return d;
  },
  flows(c: CompiledScenario, d: FundData, world: World, f: InstrumentFlows) {
    const Y = c.years;
    const N = c.parties.length;
    const pa = c.projects;
    const { contribution, costRelief, returns } = f.components as Record<'contribution' | 'costRelief' | 'returns', Float64Array>;
    const spend = new Float64Array(Y);
    for (let r = 0; r < world.rows; r++) {
      if (world.kind[r] !== ROW_KIND.deal) continue;
      const p = world.project[r]!;
      const w = world.weight[r]! * pa.survival[p]!;
      if (w === 0) continue;
      const shift = world.startShift ? world.startShift[r]! : 0;
      for (let y = 0; y < Y; y++) {
        const cov = d.coverage[p * Y + y]!;
        if (cov === 0) continue;
        itemsPerYear(c, p, y, shift, (it, perYear) => {
          for (let n = 0; n < N; n++) {
            const relief = cov * perYear * w * pa.itemShare[it * N + n]!;
            costRelief[n * Y + y]! += relief;
            spend[y]! += relief;
          }
        });
      }
    }
    const paidIn = new Float64Array(N);
    const share = new Float64Array(N);
    let K = 0;
    for (let y = 0; y < Y; y++) {
      const raise = spend[y]! + d.infrastructure[y]!;
      // Shares of the year: fixed, or the members' shares of baseline GDP or revenue (as compiled, forecasts included).
      let total = 0;
      for (let n = 0; n < N; n++) {
        const m = d.contributionShare[n * Y + y]!;
        share[n] = d.basis[y] === 0 ? m : m * (d.basis[y] === 1 ? c.baselineGdp : c.baselineRevenue)[n * Y + y]!;
        total += share[n]!;
      }
      for (let n = 0; n < N; n++) share[n] = total > 0 ? share[n]! / total : 1 / N;
      for (let n = 0; n < N; n++) {
        const s = share[n]!;
        contribution[n * Y + y] = -s * raise;
        f.transfer[n * Y + y] = costRelief[n * Y + y]! - s * spend[y]!;
        f.external[n * Y + y] = -s * d.infrastructure[y]!;
      }
      const totalPaid = paidIn.reduce((a, b) => a + b, 0);
      const payout = d.returnRate[y]! * K;
      if (payout !== 0)
        for (let n = 0; n < N; n++) {
          const rs = d.returnShare[n * Y + y]!;
          const rShare = Number.isNaN(rs) ? (totalPaid > 0 ? paidIn[n]! / totalPaid : 1 / N) : rs;
          returns[n * Y + y] = rShare * payout;
          f.external[n * Y + y]! += rShare * payout;
        }
      for (let n = 0; n < N; n++) paidIn[n]! -= contribution[n * Y + y]!;
      K += spend[y]!;
    }
  },
};
