// Levers of the policy instruments (policy.instruments.*): every plain number of a declared
// instrument ({value, unit} at /policy/instruments/KEY/PARAM) and every two-party {party, share}
// list (one ratio lever at /policy/instruments/KEY/PARAM), with the bounds its schema part declares (read from the module's schema, so the sliders, --set and validation agree).
// They take the full-rebuild path in LeverModel: instruments shape rows and flows, not the
// share cells a patch can reach.
import type { Bilingual, Project, ResolvedScenario } from '../schema/scenario.js';
import { schemaHelpers } from '../schema/scenario.js';
import { dealPlacement } from '../model/compile.js';
import { INSTRUMENT_MODULES } from '../model/instruments/registry.js';
import { inScope, type CommonParams } from '../model/instruments/common.js';
import { LEVER_GROUP_NAMES, type LeverDef } from '../model/lever.js';

/** Names of the instruments' numeric parameters (keys as in the instrument modules' schemas). */
const PARAMETER_NAMES: Record<string, Bilingual> = {
  costCoverage: { zh: '基金承担的项目成本比例', en: 'share of project costs the fund pays' },
  annualInfrastructure: { zh: '每年共享基础设施投入', en: 'shared infrastructure per year' },
  outputUplift: { zh: '产出提升', en: 'output uplift' },
  returnRate: { zh: '基金年收益率', en: 'fund return rate' },
  quota: { zh: '调剂指标总量', en: 'quota transferred' },
  pricePerMu: { zh: '每亩有偿使用价格', en: 'price per mu' },
  landPerOutput: { zh: '单位产出用地', en: 'land per output' },
  cutoffYear: { zh: '新设企业起算年份', en: 'new-firm cut-off year' },
  originShare: { zh: '派出方份额', en: 'origin share' },
  originEquity: { zh: '派出方股权比例', en: 'origin equity share' },
  dividendPayout: { zh: '分红比例', en: 'dividend payout' },
  annualCost: { zh: '每年招商费用', en: 'yearly cost' },
  originCostShare: { zh: '派出方费用份额', en: 'origin share of the cost' },
  outputGain: { zh: '产出增量', en: 'output gain' },
  startEarlier: { zh: '投产提前年数', en: 'years the start is brought forward' },
  contributionShares: { zh: '出资比例', en: 'contribution shares' },
  returnShares: { zh: '收益分配比例', en: 'return shares' },
  equity: { zh: '股权比例', en: 'equity shares' },
  costShares: { zh: '费用分担比例', en: 'cost shares' },
};

/** Parameters that are the origin's share, the deal's host holding the rest (named as a ratio). */
const ORIGIN_SHARES = new Set(['originShare', 'originEquity', 'originCostShare']);

const ORIGIN: Bilingual = { zh: '派出方', en: 'origin' };
const HOST: Bilingual = { zh: '承接方', en: 'host' };

interface QuantitySchema {
  type?: string;
  properties?: { value?: { minimum?: number; maximum?: number } };
  /** A {party, share} list (partyShares in instruments/common.ts). */
  items?: { properties?: { share?: { properties?: { value?: { minimum?: number; maximum?: number } } } } };
}

/** A {party, share} list of exactly two parties: one ratio lever (the first party's share, the second gets the rest). */
type PartyShareList = [{ party: string; share: { value: number } }, { party: string; share: { value: number } }];
function twoPartyList(v: unknown): PartyShareList | null {
  if (!Array.isArray(v) || v.length !== 2) return null;
  const ok = (e: unknown) =>
    !!e && typeof e === 'object' && typeof (e as { party?: unknown }).party === 'string' && typeof (e as { share?: { value?: unknown } }).share?.value === 'number';
  return v.every(ok) ? (v as PartyShareList) : null;
}

/** Origin and deal host of the instrument's scope projects, named when every such project agrees. */
function scopeParties(s: ResolvedScenario, params: CommonParams): { origin: Bilingual; host: Bilingual } {
  const names = new Map(s.economy.parties.map((p) => [p.id, p.name]));
  const origins = new Set<string>();
  const hosts = new Set<string>();
  s.economy.projects.forEach((p: Project) => {
    if (!inScope(params, p)) return;
    origins.add(p.origin);
    hosts.add(dealPlacement(s, p).host);
  });
  const one = (set: Set<string>, fallback: Bilingual) => (set.size === 1 ? (names.get([...set][0]!) ?? fallback) : fallback);
  return { origin: one(origins, ORIGIN), host: one(hosts, HOST) };
}

/**
 * A two-party {party, share} list as one ratio lever (like the sharing-ratio levers, e.g.
 * 金牛区 : 彭州市 = 4 : 6): the value is the first party's share, the second gets the rest, so
 * the list keeps adding up to 1. Bounds from the schema's share. Lists of three or more parties
 * have no single ratio and stay without a lever.
 */
function partySplitLever(m: (typeof INSTRUMENT_MODULES)[number], param: string, list: PartyShareList, prop: QuantitySchema, names: Map<string, Bilingual>): LeverDef {
  const name = PARAMETER_NAMES[param] ?? { zh: param, en: param };
  const party = (id: string): Bilingual => names.get(id) ?? { zh: id, en: id };
  const parties = { share: party(list[0].party), rest: party(list[1].party) };
  const subject: Bilingual = {
    zh: `${m.label.zh}：${name.zh}（${parties.share.zh} : ${parties.rest.zh}）`,
    en: `${m.label.en}: ${name.en} (${parties.share.en} : ${parties.rest.en})`,
  };
  const bounds = prop.items?.properties?.share?.properties?.value ?? {};
  const g = LEVER_GROUP_NAMES.instruments;
  const path = `/policy/instruments/${m.key}/${param}`;
  return {
    id: path,
    path,
    kind: 'partySplit',
    group: 'instruments',
    label: { zh: `${g.zh} · ${subject.zh}`, en: `${g.en} · ${subject.en}` },
    subject,
    parties,
    unit: schemaHelpers.UNITS.share,
    ...(bounds.minimum !== undefined ? { min: bounds.minimum } : {}),
    ...(bounds.maximum !== undefined ? { max: bounds.maximum } : {}),
    step: 0.05,
    integer: false,
    value: list[0].share.value,
  };
}

/** The levers of the scenario's declared instruments, in the registry's order of instruments. */
export function instrumentLevers(s: ResolvedScenario): LeverDef[] {
  const declared = (s.policy.instruments ?? {}) as Record<string, (CommonParams & Record<string, unknown>) | undefined>;
  const levers: LeverDef[] = [];
  const names = new Map(s.economy.parties.map((p) => [p.id, p.name]));
  for (const m of INSTRUMENT_MODULES) {
    const params = declared[m.key];
    if (!params) continue;
    const schema = m.schema(schemaHelpers) as unknown as { properties: Record<string, QuantitySchema> };
    const { origin, host } = scopeParties(s, params);
    for (const [param, prop] of Object.entries(schema.properties)) {
      const list = prop.type === 'array' && prop.items?.properties?.share ? twoPartyList(params[param]) : null;
      if (list) {
        levers.push(partySplitLever(m, param, list, prop, names));
        continue;
      }
      const q = params[param] as { value?: unknown; unit?: string } | undefined;
      if (!q || typeof q !== 'object' || typeof q.value !== 'number') continue;
      const bounds = prop.properties?.value ?? {};
      const unit = q.unit ?? null;
      const integer = unit === schemaHelpers.UNITS.year || unit === schemaHelpers.UNITS.years;
      const name = PARAMETER_NAMES[param] ?? { zh: param, en: param };
      let parties: LeverDef['parties'];
      let who: { zh: string; en: string } | null = null;
      if (ORIGIN_SHARES.has(param)) {
        parties = { share: origin, rest: host };
        who = { zh: `（${origin.zh} : ${host.zh}）`, en: ` (${origin.en} : ${host.en})` };
      } else if (m.key === 'landQuota' && (param === 'quota' || param === 'pricePerMu')) {
        // The seller transfers quota to the buyer; by default each project's origin buys from the deal's host.
        const seller = typeof params.seller === 'string' ? (names.get(params.seller) ?? HOST) : host;
        const buyer = typeof params.buyer === 'string' ? (names.get(params.buyer) ?? ORIGIN) : origin;
        who = { zh: `（${seller.zh} → ${buyer.zh}）`, en: ` (${seller.en} → ${buyer.en})` };
      }
      const subject: Bilingual = {
        zh: `${m.label.zh}：${name.zh}${who?.zh ?? ''}`,
        en: `${m.label.en}: ${name.en}${who?.en ?? ''}`,
      };
      const g = LEVER_GROUP_NAMES.instruments;
      const path = `/policy/instruments/${m.key}/${param}/value`;
      levers.push({
        id: path,
        path,
        kind: 'value',
        group: 'instruments',
        label: { zh: `${g.zh} · ${subject.zh}`, en: `${g.en} · ${subject.en}` },
        subject,
        ...(parties ? { parties } : {}),
        unit,
        ...(bounds.minimum !== undefined ? { min: bounds.minimum } : {}),
        ...(bounds.maximum !== undefined ? { max: bounds.maximum } : {}),
        ...(integer ? { step: 1 } : unit === schemaHelpers.UNITS.share ? { step: 0.05 } : {}),
        integer,
        value: q.value,
      });
    }
  }
  return levers;
}
