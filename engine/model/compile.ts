// Compile: a validated, resolved scenario becomes flat typed arrays, once. Sharing rules
// (including JSONata expressions) are evaluated here into per row-year-party tables, so
// nothing is parsed or looked up by name inside the kernel's year loop.
import type { Project, ResolvedScenario, ShareRule, SharingRule, TaxRule } from '../schema/scenario.js';
import { ROW_KIND, type CompiledScenario, type ProjectArrays, type World } from './compiled.js';
import { evaluateShares, scenarioBudget } from './expressions.js';
import { pointerEscape } from '../schema/validate.js';
import { baselinePaths } from '../forecast/baseline.js';
import { compileInputOutput } from './spillover.js';
import { growthFactor as taperedGrowth } from './taper.js';
import { compileInstruments, instrumentYears, shapeDealRows, shapeDealWorld, type CompileContext } from './instruments/index.js';
import type { DealRowSpec } from './instruments/common.js';
import { loadMathFor } from '../math.js';

type Ledger = 'statistics' | 'tax';

/** Results of JSONata rules, [project][ledger] → origin share per year index. */
export type ExpressionTables = Map<string, Float64Array>;
const tableKey = (project: number, ledger: Ledger) => `${project}:${ledger}`;

/**
 * Observer of buildCompiled, used by the lever registry (engine/analysis/levers.ts) to record
 * which share-table cells each rule value sets, while the rules are evaluated (so they are
 * never derived a second time). Called for each deal-world project-year in a rule's sharing
 * window and each ledger (per deal row: `host` tells a project's rows apart), where `rule` is
 * the pointer of the rule's ledger (/policy/rules/KEY/tax, or /policy/taxRules/KEY/tax),
 * `value` the pointer of the number that gave the origin share (a fixed share, a phase's
 * share, a byRegistration share), or null for expression, cost-proportional and "none" rules.
 */
export type ShareCellObserver = (cell: {
  project: number;
  y: number;
  ledger: Ledger;
  origin: number;
  host: number;
  rule: string;
  value: string | null;
}) => void;

/** The rule that applies to a category: its own, else "*", else none. */
export function ruleFor(s: ResolvedScenario, category: string): { key: string; rule: SharingRule } | null {
  const rules = s.policy.rules;
  if (Object.prototype.hasOwnProperty.call(rules, category)) return { key: category, rule: rules[category]! };
  if (Object.prototype.hasOwnProperty.call(rules, '*')) return { key: '*', rule: rules['*']! };
  return null;
}

/** The tax split of a project's tax category (its `taxCategory`, else its category): its `taxRules` entry, else "*", else null. */
export function taxRuleFor(s: ResolvedScenario, p: Project): { key: string; rule: TaxRule } | null {
  const rules = s.policy.taxRules;
  if (!rules) return null;
  const category = p.taxCategory ?? p.category;
  if (Object.prototype.hasOwnProperty.call(rules, category)) return { key: category, rule: rules[category]! };
  if (Object.prototype.hasOwnProperty.call(rules, '*')) return { key: '*', rule: rules['*']! };
  return null;
}

/** A sharing rule whose tax split is always given. */
export type ProjectSharingRule = SharingRule & { tax: ShareRule };

export interface ProjectRule {
  /** The category rule's key in `rules` (null when only a tax rule applies). */
  key: string | null;
  /** The key in `taxRules` the tax split comes from (null: from the category rule). */
  taxKey: string | null;
  /** The rule the project follows: its category's rule, with its tax category's split from `taxRules` when there is one. */
  rule: ProjectSharingRule;
  /** Pointer of the rule object each ledger's numbers are in (`/policy/rules/KEY` or `/policy/taxRules/KEY`). */
  pointers: Record<Ledger, string>;
}

const NO_SHARING: ShareRule = { kind: 'none' };

/**
 * The rule of each ledger of a project. Statistics follow the project's category (`rules`);
 * tax follows its tax category (`taxRules`) when the policy has an entry for it, else the
 * category rule's `tax`. Two lists, because the seed gives one list of linkage modes for the
 * statistics split and another of situations for tax sharing (000). The window, basis,
 * placement and phases' statistics shares are the category rule's.
 */
export function projectRule(s: ResolvedScenario, p: Project): ProjectRule | null {
  const stat = ruleFor(s, p.category);
  const tax = taxRuleFor(s, p);
  if (!stat && !tax) return null;
  const statPointer = `/policy/rules/${pointerEscape(stat?.key ?? p.category)}`;
  if (!tax) return { key: stat!.key, taxKey: null, rule: { ...stat!.rule, tax: stat!.rule.tax ?? NO_SHARING }, pointers: { statistics: statPointer, tax: statPointer } };
  const base: SharingRule = stat?.rule ?? { statistics: NO_SHARING, basis: 'all' };
  // A phase's tax share belongs to the category rule's own tax split, not the tax category's.
  const phases = base.phases?.map(({ taxOriginShare: _, ...ph }) => ph);
  return {
    key: stat?.key ?? null,
    taxKey: tax.key,
    rule: { ...base, ...(phases ? { phases } : {}), tax: tax.rule.tax },
    pointers: { statistics: statPointer, tax: `/policy/taxRules/${pointerEscape(tax.key)}` },
  };
}

/** Where the deal puts production and registration of a project. */
export function dealPlacement(s: ResolvedScenario, p: Project): { host: string; registration: string } {
  const placement = ruleFor(s, p.category)?.rule.placement;
  const pick = (role: 'origin' | 'host' | undefined, fallback: string) =>
    role === 'origin' ? p.origin : role === 'host' ? p.host : fallback;
  return { host: pick(placement?.production, p.host), registration: pick(placement?.registration, p.registration) };
}

/** Sharing applies in [from, to] of the agreement (a rule's start and sunset years can move either end). */
export function sharingWindow(s: ResolvedScenario, rule: SharingRule): { from: number; to: number } {
  return { from: rule.startYear ?? s.policy.agreement.from, to: rule.sunsetYear ?? s.policy.agreement.to };
}

function costShares(p: Project, partyIds: string[]): number[] {
  const shares = new Array<number>(partyIds.length).fill(0);
  let total = 0;
  for (const item of p.costs ?? []) {
    total += item.amount.value;
    for (const s of item.shares) shares[partyIds.indexOf(s.party)]! += item.amount.value * s.share.value;
  }
  return total > 0 ? shares.map((v) => v / total) : shares;
}

/** Evaluate every JSONata rule once per project-year in its sharing window. */
export async function evaluateExpressionRules(s: ResolvedScenario): Promise<ExpressionTables> {
  const tables: ExpressionTables = new Map();
  const partyIds = s.economy.parties.map((p) => p.id);
  const Y = s.years.to - s.years.from + 1;
  const budget = scenarioBudget(); // one time budget for all rules of the scenario (SECURITY.md)
  for (const [pi, p] of s.economy.projects.entries()) {
    const found = projectRule(s, p);
    if (!found) continue;
    const placement = dealPlacement(s, p);
    const window = sharingWindow(s, found.rule);
    for (const ledger of ['statistics', 'tax'] as const) {
      const r = found.rule[ledger];
      if (r.kind !== 'expression') continue;
      const shares = costShares(p, partyIds);
      const inputs: unknown[] = [];
      for (let y = 0; y < Y; y++) {
        const year = s.years.from + y;
        inputs.push({
          year,
          yearsSinceStart: year - p.startYear.value,
          agreementYear: year - window.from + 1,
          project: {
            id: p.id,
            category: p.category,
            taxCategory: p.taxCategory ?? p.category,
            origin: p.origin,
            host: placement.host,
            registration: placement.registration,
            steadyOutput: p.steadyOutput.value,
            costShares: Object.fromEntries(partyIds.map((id, n) => [id, shares[n]])),
          },
        });
      }
      const path = `${found.pointers[ledger]}/${ledger}/jsonata`;
      tables.set(tableKey(pi, ledger), await evaluateShares(r.jsonata, inputs, path, budget));
    }
  }
  return tables;
}

/** The origin's share of a ledger in one year, or null when that ledger is not shared then. */
function originShare(
  rule: ProjectSharingRule,
  ledger: Ledger,
  year: number,
  registeredAtOrigin: boolean,
  table: Float64Array | undefined,
  y: number,
  /** Told the rule-relative pointer of the number used (for ShareCellObserver). */
  note?: (valuePointer: string) => void,
): number | 'cost' | 'byParty' | null {
  const r: ShareRule = rule[ledger];
  switch (r.kind) {
    case 'none':
      return null;
    case 'fixed': {
      const k = (rule.phases ?? []).findIndex((ph) => ph.from <= year && year <= ph.to);
      const phase = k >= 0 ? rule.phases![k] : undefined;
      const phased = ledger === 'statistics' ? phase?.statisticsOriginShare : phase?.taxOriginShare;
      note?.(phased ? `phases/${k}/${ledger}OriginShare/value` : `${ledger}/originShare/value`);
      return (phased ?? r.originShare).value;
    }
    case 'byRegistration':
      note?.(`${ledger}/${registeredAtOrigin ? 'originShareIfRegisteredAtOrigin' : 'originShareIfRegisteredAtHost'}/value`);
      return registeredAtOrigin ? r.originShareIfRegisteredAtOrigin.value : r.originShareIfRegisteredAtHost.value;
    case 'costProportional':
      return 'cost';
    case 'byParty':
      return 'byParty';
    case 'expression':
      return table![y]!;
  }
}

// A row before packing: the same shape instruments reshape (instruments/common.ts).
type RowSpec = DealRowSpec;

function packWorld(specs: RowSpec[], s: ResolvedScenario, Y: number, N: number): World {
  const R = specs.length;
  const w: World = {
    rows: R,
    project: new Int32Array(R),
    kind: new Uint8Array(R),
    weight: new Float64Array(R),
    incrementBasis: new Uint8Array(R),
    keepFrom: new Int32Array(R),
    keepTo: new Int32Array(R),
    origin: new Int32Array(R),
    host: new Int32Array(R),
    registration: new Int32Array(R),
    valueAddedRate: new Float64Array(R),
    profitMargin: new Float64Array(R),
    jobsPerOutput: new Float64Array(R),
    wage: new Float64Array(R),
    vatRate: new Float64Array(R),
    citRate: new Float64Array(R),
    pitRate: new Float64Array(R),
    level: new Float64Array(R * Y),
    keep: new Float64Array(R * Y),
    statisticsShare: new Float64Array(R * Y * N),
    taxShare: new Float64Array(R * Y * N),
    cost: new Float64Array(R * Y * N),
    costFlow: new Float64Array(N * Y),
    activeFrom: new Int32Array(R),
  };
  const stat = new Float64Array(N);
  const tax = new Float64Array(N);
  specs.forEach((spec, r) => {
    const p = s.economy.projects[spec.project]!;
    w.project[r] = spec.project;
    w.kind[r] = spec.kind;
    w.weight[r] = spec.weight;
    w.incrementBasis[r] = spec.incrementBasis ? 1 : 0;
    w.keepFrom[r] = spec.keepFrom;
    w.keepTo[r] = spec.keepTo;
    w.origin[r] = spec.origin;
    w.host[r] = spec.host;
    w.registration[r] = spec.registration;
    w.valueAddedRate[r] = p.valueAddedRate.value;
    w.profitMargin[r] = p.profitMargin.value;
    w.jobsPerOutput[r] = p.jobsPerOutput.value;
    w.wage[r] = p.averageWage.value * 1e-4; // 万元 → 亿元
    w.vatRate[r] = p.taxRates.vat.value;
    w.citRate[r] = p.taxRates.cit.value;
    w.pitRate[r] = p.taxRates.pit.value;
    for (let y = 0; y < Y; y++) {
      stat.fill(0);
      tax.fill(0);
      if (spec.shares) spec.shares(y, stat, tax, spec.host);
      else {
        stat[spec.host] = 1;
        tax[spec.registration] = 1;
      }
      w.statisticsShare.set(stat, (r * Y + y) * N);
      w.taxShare.set(tax, (r * Y + y) * N);
    }
  });
  return w;
}

function projectArrays(s: ResolvedScenario, partyIndex: Map<string, number>): ProjectArrays {
  const projects = s.economy.projects;
  const P = projects.length;
  const N = partyIndex.size;
  const items = projects.flatMap((p, pi) => (p.costs ?? []).map((c) => ({ pi, c })));
  const a: ProjectArrays = {
    count: P,
    ids: projects.map((p) => p.id),
    start: Float64Array.from(projects, (p) => p.startYear.value),
    ramp: Float64Array.from(projects, (p) => p.rampYears.value),
    steady: Float64Array.from(projects, (p) => p.steadyOutput.value),
    base: Float64Array.from(projects, (p) => p.relocation?.baseOutput.value ?? 0),
    growth: Float64Array.from(projects, (p) => p.growth?.value ?? 0),
    growthHalfLife: Float64Array.from(projects, (p) => p.growthHalfLife?.value ?? 0),
    uplift: Float64Array.from(projects, (p) => p.synergyUplift?.value ?? 0),
    originScale: Float64Array.from(projects, (p) => p.withoutDeal.originScale?.value ?? 1),
    outputScale: new Float64Array(P).fill(1),
    survival: new Float64Array(P).fill(1),
    counterfactualScale: new Float64Array(P).fill(1),
    withoutDealTotal: Float64Array.from(
      projects,
      (p) => p.withoutDeal.asPlanned.value + p.withoutDeal.atOrigin.value + (p.withoutDeal.leavesRegion?.value ?? 0),
    ),
    itemProject: Int32Array.from(items, (i) => i.pi),
    itemStart: new Int32Array(P + 1),
    itemAmount: Float64Array.from(items, (i) => i.c.amount.value),
    itemOffset: Int32Array.from(items, (i) => i.c.startOffset),
    itemYears: Int32Array.from(items, (i) => i.c.years),
    itemShare: new Float64Array(items.length * N),
  };
  for (const { pi } of items) a.itemStart[pi + 1]!++;
  for (let p = 0; p < P; p++) a.itemStart[p + 1]! += a.itemStart[p]!;
  items.forEach(({ c }, i) => {
    for (const sh of c.shares) a.itemShare[i * N + partyIndex.get(sh.party)!]! += sh.share.value;
  });
  return a;
}


/** Derive the per-world totals the kernel reads: cost per party-year and each row's first active year. */
export function deriveWorldTotals(world: World, Y: number, N: number): void {
  const { cost, costFlow, level, activeFrom } = world;
  costFlow.fill(0);
  for (let r = 0; r < world.rows; r++) {
    let first = Y;
    for (let y = 0; y < Y; y++) {
      const ci = (r * Y + y) * N;
      for (let n = 0; n < N; n++) costFlow[n * Y + y]! += cost[ci + n]!;
      if (first === Y && level[r * Y + y] !== 0) first = y;
    }
    activeFrom[r] = first;
  }
}

/**
 * Fill a world's level, keep and cost tables from the project arrays (re-run by Monte Carlo
 * draws). A project's output level is a linear ramp from the relocated base (or zero) to
 * steady output, then growth; fractional start and ramp are allowed so uncertainties can
 * move them smoothly.
 */
/**
 * A row's weight for its output level: its probability in the world × the project's survival
 * (× the counterfactual scale for no-deal rows, which an uncertainty can draw).
 */
export function rowLevelWeight(world: World, projects: CompiledScenario['projects'], r: number, counterfactual: boolean): number {
  const p = world.project[r]!;
  return world.weight[r]! * projects.survival[p]! * (counterfactual ? projects.counterfactualScale[p]! : 1);
}

/**
 * A row's weight for its costs: the level weight with the project's origin scale for a row at
 * the origin (multiplied in this order, so every figure keeps its last bit).
 */
export function rowCostWeight(world: World, projects: CompiledScenario['projects'], r: number, counterfactual: boolean): number {
  const p = world.project[r]!;
  const scale = world.kind[r] === ROW_KIND.atOrigin ? projects.originScale[p]! : 1;
  return world.weight[r]! * projects.survival[p]! * scale * (counterfactual ? projects.counterfactualScale[p]! : 1);
}

/** A row's steady output: the project's, scaled, with the deal's uplift on deal rows. */
export function rowSteady(world: World, projects: CompiledScenario['projects'], r: number): number {
  const p = world.project[r]!;
  return projects.steady[p]! * projects.outputScale[p]! * (world.kind[r] === ROW_KIND.deal ? 1 + projects.uplift[p]! : 1);
}

/** The year a row's project starts (fractional allowed), with any shift an uncertainty gives the row. */
export function rowStart(world: World, projects: CompiledScenario['projects'], r: number): number {
  return projects.start[world.project[r]!]! - (world.startShift ? world.startShift[r]! : 0);
}

export function fillWorld(world: World, c: CompiledScenario, options: { rowCosts?: boolean } = {}): void {
  const Y = c.years;
  const N = c.parties.length;
  const pa = c.projects;
  // The per-world totals the kernel reads (costFlow, activeFrom) are kept up to date here
  // rather than by a second pass (deriveWorldTotals), as this runs once per Monte Carlo draw.
  // The per-row cost table (R × Y × N) is only read when rows are regrouped (the coalition
  // game); Monte Carlo draws skip it with rowCosts: false, leaving it as compiled.
  const rowCosts = options.rowCosts ?? true;
  const counterfactual = world === c.noDeal;
  const { level, keep, cost, costFlow, activeFrom, rowScale } = world;
  if (rowCosts) cost.fill(0);
  costFlow.fill(0);
  for (let r = 0; r < world.rows; r++) {
    const p = world.project[r]!;
    const kind = world.kind[r]!;
    // No-deal rows carry the counterfactual probabilities, which an uncertainty can scale.
    const w = rowLevelWeight(world, pa, r, counterfactual);
    const base = pa.base[p]!;
    const steady = rowSteady(world, pa, r);
    const scale = kind === ROW_KIND.atOrigin ? pa.originScale[p]! : 1;
    const start = rowStart(world, pa, r);
    const ramp = pa.ramp[p]!;
    const growthFactor = 1 + pa.growth[p]!;
    const halfLife = pa.growthHalfLife ? pa.growthHalfLife[p]! : 0;
    const steadyFrom = start + ramp - 1;
    const keeps = world.incrementBasis[r] === 1;
    const keepFrom = world.keepFrom[r]!;
    const keepTo = world.keepTo[r]!;
    // Growth after ramp-up compounds year by year: one Math.pow for the first (possibly
    // fractional) exponent, then a multiplication per year (this runs once per Monte Carlo draw).
    let g = 0;
    activeFrom[r] = Y;
    // Years before the start: nothing (x = year − start + 1 ≤ 0).
    const firstActive = Math.min(Y, Math.max(0, Math.floor(start - c.firstYear)));
    level.fill(0, r * Y, r * Y + firstActive);
    keep.fill(0, r * Y, r * Y + firstActive);
    const invRamp = ramp > 0 ? 1 / ramp : 0;
    for (let y = firstActive; y < Y; y++) {
      const i = r * Y + y;
      const year = c.firstYear + y;
      const x = year - start + 1;
      if (year > steadyFrom)
        g = halfLife > 0 ? taperedGrowth(growthFactor - 1, year - steadyFrom, halfLife) : g === 0 ? Math.pow(growthFactor, year - steadyFrom) : g * growthFactor;
      const L = (base + (steady - base) * (ramp > 0 ? Math.min(1, x * invRamp) : 1)) * (year > steadyFrom ? g : 1);
      const v =
        (kind === ROW_KIND.baseLeaves ? -w * base : kind === ROW_KIND.atOrigin ? w * scale * (L - base) : w * L) *
        (rowScale ? rowScale[i]! : 1);
      level[i] = v;
      if (v !== 0 && activeFrom[r] === Y) activeFrom[r] = y;
      keep[i] = keeps && y >= keepFrom && y <= keepTo ? Math.min(v, w * base) : 0;
    }
  }
  // Costs: each item spread evenly over its years, from the (rounded) project start.
  // Under the deal the items' shares apply; without it the row's host bears them all.
  for (let r = 0; r < world.rows; r++) {
    const kind = world.kind[r]!;
    if (kind === ROW_KIND.baseLeaves) continue;
    const p = world.project[r]!;
    const w = rowCostWeight(world, pa, r, counterfactual);
    if (w === 0) continue;
    const start = Math.round(rowStart(world, pa, r));
    for (let it = pa.itemStart[p]!; it < pa.itemStart[p + 1]!; it++) {
      const perYear = (pa.itemAmount[it]! / pa.itemYears[it]!) * w;
      const from = start + pa.itemOffset[it]! - c.firstYear;
      for (let y = Math.max(0, from); y < Math.min(Y, from + pa.itemYears[it]!); y++) {
        const ci = (r * Y + y) * N;
        if (kind === ROW_KIND.deal)
          for (let n = 0; n < N; n++) {
            const amount = perYear * pa.itemShare[it * N + n]!;
            if (rowCosts) cost[ci + n]! += amount;
            costFlow[n * Y + y]! += amount;
          }
        else {
          if (rowCosts) cost[ci + world.host[r]!]! += perYear;
          costFlow[world.host[r]! * Y + y]! += perYear;
        }
      }
    }
  }
}

/**
 * Baseline GDP, revenue and population per party and year, from base-year values and growth.
 * Precedence: a party with a forecast path (party.baseline history) takes its GDP from the
 * path, times (1 + shift)^t for a baseline growth shift; otherwise gdp0 × (1 + growth + shift)^t.
 */
export function fillBaseline(c: CompiledScenario, gdpGrowthShift = 0): void {
  const Y = c.years;
  for (let n = 0; n < c.parties.length; n++) {
    for (let y = 0; y < Y; y++) {
      const dt = c.firstYear + y - c.baseYear;
      const forecast = c.baselineGdpPath ? c.baselineGdpPath[n * Y + y]! : NaN;
      const g = Number.isNaN(forecast)
        ? taperedGrowth(c.gdpGrowth[n]! + gdpGrowthShift, dt, c.gdpHalfLife ? c.gdpHalfLife[n]! : 0)
        : (forecast / c.baselineGdpPathBase![n]!) * Math.pow(1 + gdpGrowthShift, dt);
      c.baselineGdp[n * Y + y] = Number.isNaN(forecast) ? c.gdp0[n]! * g : forecast * Math.pow(1 + gdpGrowthShift, dt);
      // Revenue is assumed to grow with GDP (a constant tax ratio).
      c.baselineRevenue[n * Y + y] = c.revenue0[n]! * g;
      c.population[n * Y + y] = c.population0[n]! * Math.pow(1 + c.populationGrowth[n]!, dt);
      // Employment is assumed to keep its base-year ratio to population (a constant employment rate).
      c.baselineEmployment[n * Y + y] = c.employment0[n]! * Math.pow(1 + c.populationGrowth[n]!, dt);
    }
  }
}

/**
 * Fiscal tiers per party: the share of the local tax collected in it held by the tiers that
 * are party to the agreement (economy.fiscalAgreement, default all), and the share reaching
 * its own budget. A party without fiscalTiers keeps all of the local part in its own budget.
 */
export function fiscalTiers(s: ResolvedScenario): { sharedTierShare: Float64Array; ownTierShare: Float64Array } {
  const shared = s.economy.fiscalAgreement?.sharedTiers ?? 'all';
  const parties = s.economy.parties;
  return {
    sharedTierShare: Float64Array.from(parties, (p) => {
      const t = p.fiscalTiers;
      if (!t || shared === 'all') return 1;
      return t.own.value + (shared === 'ownAndPrefecture' ? t.prefecture.value : 0);
    }),
    ownTierShare: Float64Array.from(parties, (p) => p.fiscalTiers?.own.value ?? 1),
  };
}

/** Build the compiled scenario from a resolved one and its evaluated expression tables (synchronous). */
export function buildCompiled(s: ResolvedScenario, tables: ExpressionTables, observe?: ShareCellObserver): CompiledScenario {
  const parties = s.economy.parties;
  const N = parties.length;
  const Y = s.years.to - s.years.from + 1;
  const partyIndex = new Map(parties.map((p, i) => [p.id, i]));
  const partyIds = parties.map((p) => p.id);
  const idx = (id: string) => partyIndex.get(id)!;

  const dealRows: RowSpec[] = [];
  const noDealRows: RowSpec[] = [];
  s.economy.projects.forEach((p, pi) => {
    const O = idx(p.origin);
    const H = idx(p.host);
    const R = idx(p.registration);
    const placement = dealPlacement(s, p);
    const dH = idx(placement.host);
    const dR = idx(placement.registration);
    const found = projectRule(s, p);
    const relocated = (p.relocation?.baseOutput.value ?? 0) > 0;
    const oneHotOrigin = { origin: O, host: O, registration: O, incrementBasis: false, keepFrom: 0, keepTo: -1 };

    let shares: RowSpec['shares'];
    let keepFrom = 0;
    let keepTo = -1;
    if (found) {
      const { rule } = found;
      const window = sharingWindow(s, rule);
      keepFrom = window.from - s.years.from;
      keepTo = window.to - s.years.from;
      const cost = costShares(p, partyIds);
      // Named shares of byParty rules, per ledger (three-way splits with a zone account).
      const named = (ledger: Ledger) => {
        const r = rule[ledger];
        const v = new Float64Array(N);
        if (r.kind === 'byParty') for (const sh of r.shares) v[idx(sh.party)]! += sh.share.value;
        return v;
      };
      const namedShares = { statistics: named('statistics'), tax: named('tax') };
      // The non-origin part goes to the host, except tax of a firm registered in a third party
      // (neither origin nor host): that party collects it and keeps what the origin does not get.
      const restOf = (ledger: Ledger, host: number) => (ledger === 'tax' && dR !== O && dR !== dH ? dR : host);
      const fill = (share: number | 'cost' | 'byParty' | null, vec: Float64Array, fallback: number, host: number, ledger: Ledger) => {
        if (share === null) vec[fallback] = 1;
        else if (share === 'cost') cost.forEach((v, n) => (vec[n]! += v));
        else if (share === 'byParty') namedShares[ledger].forEach((v, n) => (vec[n]! += v));
        else {
          vec[O]! += share;
          vec[restOf(ledger, host)]! += 1 - share;
        }
      };
      // host: where the row produces (the deal's placement, or the origin for the part a land-quota transfer moves there).
      const { pointers } = found;
      shares = (y, stat, tax, host) => {
        const year = s.years.from + y;
        const inWindow = year >= window.from && year <= window.to;
        // Lever registry hook (ShareCellObserver): which number set each cell.
        let statValue: string | null = null;
        let taxValue: string | null = null;
        const statNote = observe && ((v: string) => (statValue = v));
        const taxNote = observe && ((v: string) => (taxValue = v));
        const statShare = inWindow ? originShare(rule, 'statistics', year, dR === O, tables.get(tableKey(pi, 'statistics')), y, statNote) : null;
        const taxShare = inWindow ? originShare(rule, 'tax', year, dR === O, tables.get(tableKey(pi, 'tax')), y, taxNote) : null;
        fill(statShare, stat, host, host, 'statistics');
        fill(taxShare, tax, dR, host, 'tax');
        if (observe && inWindow) {
          const at = (ledger: Ledger, v: string | null) => (v === null ? null : `${pointers[ledger]}/${v}`);
          observe({ project: pi, y, ledger: 'statistics', origin: O, host, rule: `${pointers.statistics}/statistics`, value: at('statistics', statValue) });
          observe({ project: pi, y, ledger: 'tax', origin: O, host: restOf('tax', host), rule: `${pointers.tax}/tax`, value: at('tax', taxValue) });
        }
      };
    }
    dealRows.push({
      project: pi,
      kind: ROW_KIND.deal,
      weight: 1,
      origin: O,
      host: dH,
      registration: dR,
      incrementBasis: found?.rule.basis === 'increment',
      keepFrom,
      keepTo,
      shares,
    });
    if (relocated) dealRows.push({ project: pi, kind: ROW_KIND.baseLeaves, weight: 1, ...oneHotOrigin });

    const w = p.withoutDeal;
    if (w.asPlanned.value > 0) {
      noDealRows.push({
        project: pi,
        kind: ROW_KIND.asPlanned,
        weight: w.asPlanned.value,
        origin: O,
        host: H,
        registration: R,
        incrementBasis: false,
        keepFrom: 0,
        keepTo: -1,
      });
      if (relocated)
        noDealRows.push({ project: pi, kind: ROW_KIND.baseLeaves, weight: w.asPlanned.value, ...oneHotOrigin });
    }
    if (w.atOrigin.value > 0)
      noDealRows.push({ project: pi, kind: ROW_KIND.atOrigin, weight: w.atOrigin.value, ...oneHotOrigin });
    if (relocated && (w.leavesRegion?.value ?? 0) > 0)
      noDealRows.push({ project: pi, kind: ROW_KIND.baseLeaves, weight: w.leavesRegion!.value, ...oneHotOrigin });
  });

  // Instruments act on the deal world: its rows (placement, tax shares), starts and output scales.
  const ctx: CompileContext = {
    s,
    partyIds,
    Y,
    N,
    costShares: (p) => costShares(p, partyIds),
    dealHost: (pi) => dealPlacement(s, s.economy.projects[pi]!).host,
  };
  const instrumentParams = instrumentYears(s);
  if (instrumentParams.size) shapeDealRows(ctx, instrumentParams, dealRows);
  const deal = packWorld(dealRows, s, Y, N);
  if (instrumentParams.size) shapeDealWorld(ctx, instrumentParams, deal);

  const c: CompiledScenario = {
    id: s.id,
    title: s.title,
    firstYear: s.years.from,
    years: Y,
    parties: parties.map((p) => ({ id: p.id, name: p.name, tier: p.tier })),
    discountRate: s.discountRate.value,
    vatLocalShare: Float64Array.from(parties, (p) => p.taxAssignment.vatLocalShare.value),
    citLocalShare: Float64Array.from(parties, (p) => p.taxAssignment.citLocalShare.value),
    pitLocalShare: Float64Array.from(parties, (p) => p.taxAssignment.pitLocalShare.value),
    ...fiscalTiers(s),
    baselineGdp: new Float64Array(N * Y),
    population: new Float64Array(N * Y),
    baselineRevenue: new Float64Array(N * Y),
    baselineEmployment: new Float64Array(N * Y),
    baseYear: s.economy.baseYear,
    gdp0: Float64Array.from(parties, (p) => p.base.gdp.value),
    gdpGrowth: Float64Array.from(parties, (p) => p.growth.gdp.value),
    gdpHalfLife: Float64Array.from(parties, (p) => p.growth.gdpHalfLife?.value ?? 0),
    revenue0: Float64Array.from(parties, (p) => p.base.localRevenue.value),
    population0: Float64Array.from(parties, (p) => p.base.population.value),
    populationGrowth: Float64Array.from(parties, (p) => p.growth.population.value),
    employment0: Float64Array.from(parties, (p) => p.base.employment.value),
    projects: projectArrays(s, partyIndex),
    deal,
    noDeal: packWorld(noDealRows, s, Y, N),
  };
  const paths = baselinePaths(s);
  if (paths) {
    c.baselineGdpPath = paths.gdp;
    c.baselineGdpPathBase = paths.atBaseYear;
  }
  const io = compileInputOutput(s.economy);
  if (io) c.inputOutput = io;
  if (instrumentParams.size) c.instruments = compileInstruments(ctx, instrumentParams);
  fillBaseline(c);
  fillWorld(c.deal, c);
  fillWorld(c.noDeal, c);
  return c;
}

/** Compile a resolved, validated scenario (async because JSONata evaluation is, and mathjs may load). */
export async function compileScenario(s: ResolvedScenario): Promise<CompiledScenario> {
  await loadMathFor(s);
  return buildCompiled(s, await evaluateExpressionRules(s));
}
