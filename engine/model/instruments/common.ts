// What every policy instrument shares: its scope and calendar fields, the parameters in force
// in each year (rounds can switch an instrument on or off and change its parameters), and the
// shape of its compiled data and of its flows. Instruments act on the deal world only: the
// no-deal counterfactual has no policy.
// Runtime imports are limited to typebox here and in every instrument module: the schema
// (engine/schema/scenario.ts) imports these modules, so they must not import it back.
import { Type } from '@sinclair/typebox';
import type { Bilingual, Economy, Project, ResolvedScenario, SchemaHelpers } from '../../schema/scenario.js';
import type { CompiledScenario, World } from '../compiled.js';

/** Fields every instrument has: on/off, its years, which projects it applies to, provenance. */
export function commonFields(h: SchemaHelpers) {
  return {
    enabled: Type.Optional(Type.Boolean({ description: 'false switches the instrument off (a round can switch it on for its years); default true.' })),
    from: Type.Optional(h.CalendarYear('First year the instrument acts; default the agreement start.')),
    to: Type.Optional(h.CalendarYear('Last year the instrument acts; default the agreement end.')),
    categories: Type.Optional(
      Type.Array(h.Id, {
        maxItems: h.LIMITS.categories,
        description: "Linkage categories whose projects it applies to: ids of the economy's `categories` or, where it has one, of its `taxCategories` (a project is in scope when either of its categories is listed).",
      }),
    ),
    projects: Type.Optional(Type.Array(h.Id, { maxItems: h.LIMITS.projects, description: 'Projects it applies to (in addition to the categories).' })),
    source: Type.Optional(h.Text('Seed file (and passage) the instrument rests on.')),
    locator: Type.Optional(
      Type.String({ minLength: 1, maxLength: 24, description: 'Short text that occurs verbatim in the seed named by source, at the passage (a locator, not a quotation).' }),
    ),
    assumption: Type.Optional(h.Text('What is assumed about how it works here.')),
    note: Type.Optional(h.Text('Free comment.')),
  };
}

/** Every instrument is either sourced or declared an assumption, like every figure. */
export const PROVENANCE = { anyOf: [{ required: ['source'] }, { required: ['assumption'] }] };

export interface CommonParams {
  enabled?: boolean;
  from?: number;
  to?: number;
  categories?: string[];
  projects?: string[];
  source?: string;
  locator?: string;
  assumption?: string;
  note?: string;
}

export interface PartyShare {
  party: string;
  share: { value: number };
}

/** A list of {party, share} as JSON Schema, adding up to 1 (checked in issues()). */
export function partyShares(h: SchemaHelpers, description: string) {
  return Type.Array(
    Type.Object({ party: h.Id, share: h.Share("This party's share.") }, { additionalProperties: false }),
    { minItems: 1, maxItems: h.LIMITS.parties, description: `${description} The shares add up to 1.` },
  );
}

/** Does the instrument apply to this project? With neither categories nor projects: every project. */
export function inScope(params: CommonParams, p: Project): boolean {
  if (!params.categories && !params.projects) return true;
  const cats = params.categories ?? [];
  return cats.includes(p.category) || (p.taxCategory !== undefined && cats.includes(p.taxCategory)) || (params.projects ?? []).includes(p.id);
}

/**
 * The parameters in force in each simulated year: the policy's instrument, with the patch of
 * the round covering that year laid over it (a later round wins where rounds overlap); null in
 * years where it is off (enabled false, or outside [from, to]).
 */
export function yearlyParams<P extends CommonParams>(s: ResolvedScenario, key: string): (P | null)[] {
  const base = (s.policy.instruments as Record<string, P | undefined> | undefined)?.[key];
  const Y = s.years.to - s.years.from + 1;
  const out: (P | null)[] = new Array(Y).fill(null);
  if (!base) return out;
  const rounds = s.policy.rounds ?? [];
  for (let y = 0; y < Y; y++) {
    const year = s.years.from + y;
    let params = base;
    for (const r of rounds) {
      const patch = (r.instruments as Record<string, Partial<P> | undefined> | undefined)?.[key];
      if (patch && r.from <= year && year <= r.to) params = { ...params, ...patch };
    }
    const from = params.from ?? s.policy.agreement.from;
    const to = params.to ?? s.policy.agreement.to;
    out[y] = params.enabled !== false && from <= year && year <= to ? params : null;
  }
  return out;
}

/** Share vector [N] of a {party, share} list. */
export function shareVector(list: PartyShare[] | undefined, partyIds: string[]): Float64Array {
  const v = new Float64Array(partyIds.length);
  for (const e of list ?? []) {
    const n = partyIds.indexOf(e.party);
    if (n >= 0) v[n]! += e.share.value;
  }
  return v;
}

/** Money an instrument moves, per party and year ([n*Y + y], 亿元/yr, received +, paid −). */
export interface InstrumentFlows {
  key: string;
  /** Between the parties: adds up to zero over the parties every year. */
  transfer: Float64Array;
  /** With the outside world (promotion spending, fund returns, dividends). */
  external: Float64Array;
  /** The same money by component (e.g. contribution, costRelief, returns); they add up to transfer + external. */
  components: Record<string, Float64Array>;
}

/** A validation issue (as engine/schema/validate.ts reports them). */
export interface Issue {
  path: string;
  message: string;
}

/** A row as compile builds it, before packing; compile.ts uses this one type for both worlds. */
export interface DealRowSpec {
  project: number;
  kind: number;
  weight: number;
  origin: number;
  host: number;
  registration: number;
  incrementBasis: boolean;
  keepFrom: number;
  keepTo: number;
  /** Fills the row's share vectors for one year; `host` is the row's place of production. */
  shares?: (y: number, stat: Float64Array, tax: Float64Array, host: number) => void;
}

export interface CompileContext {
  s: ResolvedScenario;
  partyIds: string[];
  Y: number;
  N: number;
  /** Cost shares of a project over its items (economy), [N]. */
  costShares(p: Project): number[];
  /** Party id where the deal places production of project pi (policy placement applied). */
  dealHost(pi: number): string;
}

/** One instrument: its schema part, its checks, its compile steps, its flows. */
export interface InstrumentModule<P extends CommonParams = CommonParams, D = unknown> {
  key: string;
  label: Bilingual;
  /** Component names of its flows, with bilingual labels. */
  components: Record<string, Bilingual>;
  schema(h: SchemaHelpers): ReturnType<typeof Type.Object>;
  /** Checks against the economy (party and project ids, shares adding up). */
  issues?(params: P, at: string, economy: Economy | undefined): Issue[];
  /** Change the deal world's rows before they are packed (placement, tax shares). */
  shapeRows?(ctx: CompileContext, yearly: (P | null)[], rows: DealRowSpec[]): void;
  /** Per-row start shift [R] and per row-year output scale [R*Y] of the packed deal world. */
  shapeWorld?(ctx: CompileContext, yearly: (P | null)[], world: World, startShift: Float64Array, rowScale: Float64Array): void;
  /** Plain data (typed arrays) its flows are computed from; null when it never acts. */
  compile?(ctx: CompileContext, yearly: (P | null)[]): D | null;
  /** Its flows in the deal world (after the kernel), into f (zeroed by the caller). */
  flows?(c: CompiledScenario, data: D, world: World, f: InstrumentFlows): void;
}

/** Sum of a project's public cost items spread over their years (as fillWorld spreads them), for year index y. */
export function itemsPerYear(c: CompiledScenario, p: number, y: number, startShift = 0, each?: (item: number, perYear: number) => void): number {
  const pa = c.projects;
  const start = Math.round(pa.start[p]! - startShift);
  let total = 0;
  for (let it = pa.itemStart[p]!; it < pa.itemStart[p + 1]!; it++) {
    const from = start + pa.itemOffset[it]! - c.firstYear;
    if (y < from || y >= from + pa.itemYears[it]!) continue;
    const perYear = pa.itemAmount[it]! / pa.itemYears[it]!;
    total += perYear;
    each?.(it, perYear);
  }
  return total;
}
