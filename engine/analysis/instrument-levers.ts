// Levers of the policy instruments (policy.instruments.*): every plain number of a declared
// instrument ({value, unit} at /policy/instruments/KEY/PARAM), with the bounds its schema
// part declares (read from the module's schema, so the sliders, --set and validation agree).
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
};

/** Parameters that are the origin's share, the deal's host holding the rest (named as a ratio). */
const ORIGIN_SHARES = new Set(['originShare', 'originEquity', 'originCostShare']);

const ORIGIN: Bilingual = { zh: '派出方', en: 'origin' };
const HOST: Bilingual = { zh: '承接方', en: 'host' };

interface QuantitySchema {
  properties?: { value?: { minimum?: number; maximum?: number } };
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
