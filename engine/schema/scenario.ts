// The scenario format: one TypeBox definition that is both the JSON Schema
// (emitted to scenarios/scenario.schema.json) and the TypeScript types.
import { Type, type Static, type TSchema, type TUnsafe } from '@sinclair/typebox';
import { instrumentsSchema, roundInstrumentsSchema } from '../model/instruments/schema.js';
import { checkupSchema } from '../model/checkup-schema.js';

/** Pairing modes (kept in step with PAIRING_MODES below, which the policy uses). */
const PAIRING_MODES_LIST = ['coBuild', 'enclavePark', 'reverseEnclave', 'twoWayEnclave', 'entrustedManagement', 'hqBase', 'rdManufacturing'] as const;
type PairingModeT = (typeof PAIRING_MODES_LIST)[number];

/** Size limits: scenario files are untrusted input (mail, shared links). */
export const LIMITS = {
  parties: 16,
  projects: 5000,
  categories: 64,
  years: 100,
  costItemsPerProject: 16,
  uncertainties: 256,
  overrides: 512,
  expressionLength: 2000,
  textLength: 4000,
  idLength: 64,
  fileBytes: 5_000_000,
} as const;

/** Units are fixed per field, so a file cannot silently mix 亿元 and 万元. */
export const UNITS = {
  money: 'CNY_1e8', // 亿元, a stock (investment, land)
  moneyPerYear: 'CNY_1e8/yr', // 亿元 per year (output, GDP, revenue)
  wage: 'CNY_1e4/person/yr', // 万元 per person per year
  persons: 'person',
  jobsPerOutput: 'person/(CNY_1e8/yr)', // jobs per 亿元 of annual output
  share: 'share', // a fraction in [0, 1]
  rate: '1/yr', // a growth or discount rate per year
  year: 'year', // a calendar year
  years: 'years', // a duration
  area: 'mu', // 亩, land (construction-land quota)
  pricePerArea: 'CNY_1e4/mu', // 万元 per 亩
  areaPerOutput: 'mu/(CNY_1e8/yr)', // 亩 of land per 亿元 of annual output
} as const;
export type Unit = (typeof UNITS)[keyof typeof UNITS];

/** A string enum as JSON Schema `enum` (one clear error instead of one per literal). */
function Enum<const T extends readonly string[]>(values: T, description?: string): TUnsafe<T[number]> {
  return Type.Unsafe<T[number]>({ type: 'string', enum: [...values], description });
}

/** A union tagged by `kind`, validated with ajv's discriminator so errors come from the matching branch only. */
function Tagged<T extends TSchema[]>(branches: [...T], description?: string) {
  const union = Type.Union(branches);
  return Type.Unsafe<Static<typeof union>>({
    type: 'object',
    discriminator: { propertyName: 'kind' },
    required: ['kind'],
    oneOf: branches,
    description,
  });
}

const Id = Type.String({
  pattern: '^[A-Za-z][A-Za-z0-9_-]*$',
  maxLength: LIMITS.idLength,
  description: 'Identifier: a letter, then letters, digits, "-" or "_".',
});
/** Lets an editor find the schema from the file itself, e.g. "../scenario.schema.json". */
const SchemaRef = Type.Optional(Type.String({ maxLength: 512, description: 'Path or URL of scenario.schema.json, for editors.' }));
const Text = (description: string) => Type.String({ maxLength: LIMITS.textLength, description });
/**
 * A few characters that occur verbatim in the seed file named by `source`, next to the figure
 * (e.g. "4:6", "202个"): a locator, never a copied sentence. test/scenarios/provenance.test.ts
 * checks that it occurs in the seed and that the figure's value agrees with the numbers in it.
 */
const Locator = Type.Optional(
  Type.String({ minLength: 1, maxLength: 24, description: 'Short text that occurs verbatim in the seed file named by source, next to the figure (e.g. "4:6").' }),
);

export const Bilingual = Type.Object(
  { zh: Text('简体中文'), en: Text('English') },
  { additionalProperties: false, description: 'A label in Simplified Chinese and English.' },
);

/**
 * A number with its unit and provenance, in the spirit of PolicyEngine/OpenFisca
 * parameters: a researcher must see which figures are facts and which are guesses.
 */
function quantity(unit: Unit, bounds: { minimum?: number; maximum?: number }, description: string) {
  return Type.Object(
    {
      value: Type.Number(bounds),
      unit: Type.Literal(unit),
      source: Type.Optional(
        Text('Where the figure comes from: a seed file name (e.g. 000_76eb57cd318e670a.txt) or a public rule.'),
      ),
      locator: Locator,
      assumption: Type.Optional(Text('Why this figure was assumed, so a researcher can change it.')),
      note: Type.Optional(Text('Free comment.')),
    },
    {
      additionalProperties: false,
      description,
      // Every figure is either sourced or declared an assumption.
      anyOf: [{ required: ['source'] }, { required: ['assumption'] }],
    },
  );
}
const Share = (d: string) => quantity(UNITS.share, { minimum: 0, maximum: 1 }, d);
const Rate = (d: string) => quantity(UNITS.rate, { minimum: -0.5, maximum: 1 }, d);
const MoneyPerYear = (d: string) => quantity(UNITS.moneyPerYear, { minimum: 0, maximum: 1e7 }, d);
const Money = (d: string) => quantity(UNITS.money, { minimum: 0, maximum: 1e7 }, d);
const Persons = (d: string) => quantity(UNITS.persons, { minimum: 0, maximum: 2e9 }, d);
const YearQ = (d: string) => quantity(UNITS.year, { minimum: 1949, maximum: 2200 }, d);
const YearsQ = (d: string) => quantity(UNITS.years, { minimum: 1, maximum: 50 }, d);
const CalendarYear = (description: string) => Type.Integer({ minimum: 1949, maximum: 2200, description });

/** The helpers instrument modules build their schema parts with (engine/model/instruments). */
export const schemaHelpers = { quantity, Share, Rate, MoneyPerYear, Money, YearQ, CalendarYear, Id, Text, Enum, Bilingual, UNITS, LIMITS };
export type SchemaHelpers = typeof schemaHelpers;

export type Quantity = {
  value: number;
  unit: string;
  source?: string;
  assumption?: string;
  note?: string;
};

// ---------------------------------------------------------------- economy

/** Tapering growth (engine/model/taper.ts), the documented alternative to constant growth. */
const TAPER_DESCRIPTION =
  'Tapering growth: the growth rate halves every this many years (instantaneous rate ln(1+g)·2^(−τ/H) after τ years), so the level tends to a ceiling of (1+g)^(H/ln 2) times its starting value (a Gompertz path). Absent: constant growth.';

/** Forecast methods a party's baseline GDP can come from (engine/forecast). */
export const BASELINE_METHODS = ['constantGrowth', 'logLinear', 'gm11'] as const;
export type BaselineMethod = (typeof BASELINE_METHODS)[number];

export const BaselineForecast = Type.Object(
  {
    method: Enum(
      BASELINE_METHODS,
      'constantGrowth = compound growth between the first and last observed years; logLinear = least-squares trend of ln GDP; gm11 = grey prediction GM(1,1) (灰色预测, seed 002). Needs at least 2, 3 and 4 observed years respectively.',
    ),
    history: Type.Object(
      {
        years: Type.Array(CalendarYear('Observed year.'), { minItems: 2, maxItems: LIMITS.years, description: 'Observed calendar years, oldest first; gaps are allowed (unequal intervals).' }),
        gdp: Type.Array(Type.Number({ exclusiveMinimum: 0, maximum: 1e7 }), {
          minItems: 2,
          maxItems: LIMITS.years,
          description: 'Observed GDP for each year (亿元/yr), in the same order as years.',
        }),
        unit: Type.Literal(UNITS.moneyPerYear),
        source: Type.Optional(Text('Where the series comes from (statistical yearbook, seed file).')),
        locator: Locator,
        assumption: Type.Optional(Text('Why these values were assumed.')),
        note: Type.Optional(Text('Free comment.')),
      },
      { additionalProperties: false, anyOf: [{ required: ['source'] }, { required: ['assumption'] }] },
    ),
    maxGrowth: Type.Optional(Rate('Plausible ceiling of the fitted growth; above it the report warns (default 0.15 a year).')),
  },
  {
    additionalProperties: false,
    description:
      'Baseline GDP from a forecast of an observed series. When present it takes precedence over base.gdp × (1 + growth.gdp)^t for GDP (base.gdp and growth.gdp stay required but are then not used for GDP); revenue grows with the forecast GDP; population still follows growth.population.',
  },
);

/**
 * Inter-regional input–output block: technical coefficients between the parties, e.g.
 * "each 亿元 produced in the suburb buys 0.08 亿元 of services from the core district".
 */
export const InputOutput = Type.Object(
  {
    coefficients: Type.Array(
      Type.Object(
        {
          supplier: Id,
          buyer: Id,
          value: Share('a[supplier][buyer]: 亿元 of inputs bought from the supplier party per 亿元 of output produced in the buyer party.'),
        },
        { additionalProperties: false },
      ),
      {
        maxItems: LIMITS.parties * LIMITS.parties,
        description: 'Non-zero entries of the N×N coefficient matrix A over parties; missing pairs are 0. A must be productive (spectral radius < 1).',
      },
    ),
    parties: Type.Array(
      Type.Object(
        {
          party: Id,
          jobsPerOutput: quantity(UNITS.jobsPerOutput, { minimum: 0, maximum: 1e5 }, 'Indirect jobs per 亿元 of indirect output produced in this party.'),
          localTaxPerOutput: Type.Optional(
            Share('Average local tax (地方税收) per 亿元 of indirect output in this party; needed when taxIndirect is true.'),
          ),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: LIMITS.parties, description: 'One entry per party of the economy.' },
    ),
    taxIndirect: Type.Boolean({
      description: 'true: indirect output pays local tax in the party where it is produced (added to taxLocal and taxRetained, never shared).',
    }),
    note: Type.Optional(Text('Reasoning behind the coefficients.')),
  },
  {
    additionalProperties: false,
    description:
      'Indirect effects: indirect output = (L − I)·direct output per year, L = (I − A)⁻¹, attributed to the party where it is produced (outputIndirect, employmentIndirect).',
  },
);

export const Party = Type.Object(
  {
    id: Id,
    name: Bilingual,
    tier: Enum(
      ['core', 'periphery', 'peer', 'zone'],
      'core = central district (中心城区); periphery = suburban new city or county (郊区新城); peer = similar strength; zone = a special cooperation zone kept as an account of its own (its own GDP, revenue and costs, e.g. 深汕特别合作区), which sharing rules of kind byParty can give a share.',
    ),
    base: Type.Object(
      {
        gdp: MoneyPerYear('GDP in the economy base year (亿元/yr).'),
        localRevenue: MoneyPerYear('General-budget local fiscal revenue in the base year (亿元/yr).'),
        employment: Persons('Employed persons in the base year.'),
        population: Persons('Resident population in the base year.'),
      },
      { additionalProperties: false },
    ),
    growth: Type.Object(
      {
        gdp: Rate('Baseline real GDP growth per year, without the projects of this file.'),
        gdpHalfLife: Type.Optional(quantity(UNITS.years, { minimum: 1, maximum: 200 }, TAPER_DESCRIPTION)),
        population: Rate('Population growth per year.'),
      },
      { additionalProperties: false },
    ),
    taxAssignment: Type.Object(
      {
        vatLocalShare: Share('Local share of VAT (增值税地方分享比例); 0.5 under the 2016 State Council rule.'),
        citLocalShare: Share('Local share of corporate income tax; 0.4 under the 2002 sharing reform.'),
        pitLocalShare: Share('Local share of personal income tax; 0.4 under the 2002 sharing reform.'),
      },
      { additionalProperties: false, description: 'Only the local part of a tax can be shared between two jurisdictions.' },
    ),
    fiscalTiers: Type.Optional(
      Type.Object(
        {
          province: Share('Share of the local part of tax collected in this party taken by the province (or the municipality directly under the central government).'),
          prefecture: Share('Share taken by a prefecture-level city above the party (0 where there is none: a Shanghai district, a county whose finances the province manages directly, or a party that is itself a city).'),
          own: Share("Share that reaches the party's own budget (its district or county; the city's, for a party that is a city)."),
        },
        {
          additionalProperties: false,
          description:
            "How the local part of tax collected in this party is divided among the fiscal tiers above it (省—市—区县); adds up to 1. Absent: all of it reaches the party's own budget.",
        },
      ),
    ),
    baseline: Type.Optional(BaselineForecast),
  },
  { additionalProperties: false },
);

/** Which fiscal tiers the sharing settlement applies to (engine/model/compile.ts). */
export const SHARED_TIERS = ['own', 'ownAndPrefecture', 'all'] as const;
export type SharedTiers = (typeof SHARED_TIERS)[number];

export const TierAgreement = Type.Object(
  {
    sharedTiers: Enum(
      SHARED_TIERS,
      "own = only the parties' own tier's part is shared (two districts of one city: the city and province take their parts where the tax is collected); ownAndPrefecture = the prefecture-level city's part too; all = the whole local part (e.g. a cross-provincial agreement the provinces are party to).",
    ),
    source: Type.Optional(Text('Where the arrangement is described.')),
    assumption: Type.Optional(Text('Why these tiers.')),
    note: Type.Optional(Text('Free comment.')),
  },
  {
    additionalProperties: false,
    anyOf: [{ required: ['source'] }, { required: ['assumption'] }],
    description: 'The fiscal tiers that are party to the sharing agreement; absent: all (the whole local part is shared).',
  },
);

export const Category = Type.Object(
  {
    id: Id,
    name: Bilingual,
    description: Type.Optional(Bilingual),
    source: Type.Optional(Text('Seed file that names this category.')),
    locator: Locator,
    assumption: Type.Optional(Text('Why the category is assumed (not named in a seed).')),
  },
  {
    additionalProperties: false,
    description:
      'A linkage category (联动方式 / 情形) that sharing rules are keyed by. Give `source` (and a `locator`) when the seed names it, else an `assumption`.',
  },
);

export const CostItem = Type.Object(
  {
    kind: Enum(['investment', 'land', 'subsidy']),
    amount: Money('Total amount of this cost item, spread evenly over its years (亿元).'),
    startOffset: Type.Integer({ minimum: -10, maximum: 50, description: 'First year of spending relative to the project start year.' }),
    years: Type.Integer({ minimum: 1, maximum: 50, description: 'Number of years the amount is spread over.' }),
    shares: Type.Array(
      Type.Object({ party: Id, share: Share("This party's share of the cost under the deal.") }, { additionalProperties: false }),
      { minItems: 1, maxItems: LIMITS.parties, description: 'Who pays what under the deal; the shares add up to 1.' },
    ),
  },
  { additionalProperties: false },
);

export const Project = Type.Object(
  {
    id: Id,
    name: Bilingual,
    category: Type.String({
      pattern: '^[A-Za-z][A-Za-z0-9_-]*$',
      maxLength: LIMITS.idLength,
      description: "Linkage category from the economy's `categories`: the statistics list (统计分算 联动方式) when the economy also has `taxCategories`, else the one list for both ledgers.",
    }),
    taxCategory: Type.Optional(
      Type.String({
        pattern: '^[A-Za-z][A-Za-z0-9_-]*$',
        maxLength: LIMITS.idLength,
        description: "Tax-sharing category from the economy's `taxCategories` (财税分成 情形); required when the economy has that list, absent otherwise.",
      }),
    ),
    owner: Type.Optional(Text('Who is responsible for delivering the project (清单制+责任制), e.g. a district government or a joint venture.')),
    round: Type.Optional(Type.String({ maxLength: LIMITS.idLength, description: 'Id of the action-plan round whose project list includes it.' })),
    origin: Type.String({ description: 'Party that brings the project (sending side, 派出方).' }),
    host: Type.String({ description: 'Party where production and jobs are (workplace, 承接方).' }),
    registration: Type.String({ description: 'Party where the firm is registered and pays tax (税收缴纳关系所在地).' }),
    startYear: YearQ('First year of production.'),
    rampYears: YearsQ('Years from first production to steady state (linear ramp).'),
    steadyOutput: MoneyPerYear('Gross output at steady state (亿元/yr).'),
    growth: Type.Optional(Rate('Output growth per year after steady state.')),
    growthHalfLife: Type.Optional(
      quantity(UNITS.years, { minimum: 1, maximum: 200 }, TAPER_DESCRIPTION),
    ),
    valueAddedRate: Share('Value added as a share of gross output.'),
    profitMargin: Share('Taxable profit as a share of gross output.'),
    taxRates: Type.Object(
      {
        vat: Share('Effective VAT rate on value added.'),
        cit: Share('Effective corporate income tax rate on profit.'),
        pit: Share('Effective personal income tax rate on the wage bill.'),
      },
      { additionalProperties: false },
    ),
    jobsPerOutput: quantity(UNITS.jobsPerOutput, { minimum: 0, maximum: 1e5 }, 'Jobs per 亿元 of annual gross output.'),
    averageWage: quantity(UNITS.wage, { minimum: 0, maximum: 1e4 }, 'Average wage (万元 per person per year).'),
    synergyUplift: Type.Optional(
      Share('Extra output under the deal from combining the partners (1+1>2); 0 means none.'),
    ),
    relocation: Type.Optional(
      Type.Object(
        {
          baseOutput: MoneyPerYear(
            'Output the existing firm had at the origin before moving; it is in the origin baseline GDP (存量).',
          ),
        },
        { additionalProperties: false, description: 'Present when an existing firm moves from the origin (存量企业迁移).' },
      ),
    ),
    management: Type.Optional(
      Enum(
        ['host', 'origin', 'joint'],
        'Who runs the site: host (default), origin (托管建设 entrusted management: the origin manages the host’s site under contract), joint (a jointly run zone, 合作共建).',
      ),
    ),
    mode: Type.Optional(
      Type.Unsafe<PairingModeT>({
        type: 'string',
        enum: [...PAIRING_MODES_LIST],
        description: 'Pairing mode of this project, checked against its geometry (origin, host, registration, management); derived from the geometry when absent.',
      }),
    ),
    costs: Type.Optional(Type.Array(CostItem, { maxItems: LIMITS.costItemsPerProject })),
    withoutDeal: Type.Object(
      {
        asPlanned: Share('Probability the project happens as planned even without the deal (no sharing).'),
        atOrigin: Share('Probability it stays in (or goes to) the origin instead.'),
        originScale: Type.Optional(Share('Fraction of the planned size the origin can take (land limit); default 1.')),
        leavesRegion: Type.Optional(
          Share('Probability a relocating firm leaves the region altogether. The rest: the project does not happen.'),
        ),
      },
      { additionalProperties: false, description: 'The no-deal counterfactual, as probabilities that add up to at most 1.' },
    ),
  },
  { additionalProperties: false },
);

const Distribution = Tagged([
  Type.Object({ kind: Type.Literal('uniform'), min: Type.Number(), max: Type.Number() }, { additionalProperties: false }),
  Type.Object(
    { kind: Type.Literal('triangular'), min: Type.Number(), mode: Type.Number(), max: Type.Number() },
    { additionalProperties: false },
  ),
  Type.Object({ kind: Type.Literal('normal'), mean: Type.Number(), sd: Type.Number({ minimum: 0 }) }, { additionalProperties: false }),
  Type.Object(
    { kind: Type.Literal('lognormal'), mu: Type.Number(), sigma: Type.Number({ minimum: 0 }) },
    { additionalProperties: false },
  ),
]);

export const Uncertainty = Type.Object(
  {
    id: Id,
    label: Bilingual,
    target: Enum(
      ['outputScale', 'rampScale', 'startDelay', 'growthShift', 'survival', 'baselineGrowthShift', 'withoutDealScale'],
      
'outputScale multiplies steady output; rampScale multiplies ramp years; startDelay adds years to the start; growthShift adds to project growth; survival is the probability a project happens; baselineGrowthShift adds to every party baseline GDP growth; withoutDealScale multiplies every no-deal probability of the projects (asPlanned, atOrigin, leavesRegion: above 1 = more would happen without the deal), capped so they add up to at most 1: the counterfactual as an uncertainty.',
    ),
    projects: Type.Optional(Type.Array(Id, { maxItems: LIMITS.projects, description: 'Projects affected; all when absent.' })),
    perProject: Type.Optional(Type.Boolean({ description: 'Draw independently per project (true) or once for all (false, default).' })),
    distribution: Distribution,
    source: Type.Optional(Text('Source of the distribution.')),
    locator: Locator,
    assumption: Type.Optional(Text('Why this distribution.')),
  },
  { additionalProperties: false, anyOf: [{ required: ['source'] }, { required: ['assumption'] }] },
);

export const Economy = Type.Object(
  {
    $schema: SchemaRef,
    kind: Type.Literal('economy'),
    id: Id,
    title: Bilingual,
    description: Bilingual,
    baseYear: CalendarYear('Year the base values of the parties refer to.'),
    parties: Type.Array(Party, { minItems: 2, maxItems: LIMITS.parties }),
    categories: Type.Array(Category, {
      minItems: 1,
      maxItems: LIMITS.categories,
      description: 'Linkage categories. With `taxCategories` this is the statistics list (统计分算); without, one list for both ledgers.',
    }),
    taxCategories: Type.Optional(
      Type.Array(Category, {
        minItems: 1,
        maxItems: LIMITS.categories,
        description:
          'A separate list of tax-sharing categories (财税分成 情形), when the source gives one list for statistics and another for tax (seed 000): projects then carry `taxCategory`, and the policy keys `taxRules` by it.',
      }),
    ),
    projects: Type.Array(Project, { maxItems: LIMITS.projects }),
    uncertainties: Type.Optional(Type.Array(Uncertainty, { maxItems: LIMITS.uncertainties })),
    inputOutput: Type.Optional(InputOutput),
    fiscalAgreement: Type.Optional(TierAgreement),
    sources: Type.Optional(Type.Array(Text('Seed files this economy draws on.'), { maxItems: 32 })),
  },
  { additionalProperties: false },
);

// ---------------------------------------------------------------- policy

// coBuild 合作共建, enclavePark 飞地园区 / 正向飞地, reverseEnclave 反向飞地, twoWayEnclave 双向飞地,
// entrustedManagement 托管建设, hqBase 总部+基地 / 前店后厂, rdManufacturing 研发+制造
export const PAIRING_MODES = PAIRING_MODES_LIST;
export type PairingMode = PairingModeT;

export const ShareRule = Tagged(
  [
    Type.Object({ kind: Type.Literal('none') }, { additionalProperties: false, description: 'No sharing: statistics stay with the host, tax with the registration party.' }),
    Type.Object(
      { kind: Type.Literal('fixed'), originShare: Share('Share that goes to the origin; the host gets the rest.') },
      { additionalProperties: false },
    ),
    Type.Object(
      {
        kind: Type.Literal('byRegistration'),
        originShareIfRegisteredAtOrigin: Share('Origin share when the firm pays tax in the origin.'),
        originShareIfRegisteredAtHost: Share('Origin share when the firm pays tax in the host.'),
      },
      { additionalProperties: false, description: 'Split keyed by where the firm pays tax (税收缴纳关系所在地).' },
    ),
    Type.Object(
      {
        kind: Type.Literal('byParty'),
        shares: Type.Array(
          Type.Object({ party: Id, share: Share("This party's share of the ledger.") }, { additionalProperties: false }),
          { minItems: 1, maxItems: LIMITS.parties, description: 'Shares per party (e.g. developer city, host city, cooperation zone); they add up to 1.' },
        ),
      },
      {
        additionalProperties: false,
        description: 'A split among named parties, three-way or more (e.g. a special cooperation zone as its own account, seed 000); phases do not apply.',
      },
    ),
    Type.Object(
      { kind: Type.Literal('costProportional') },
      { additionalProperties: false, description: 'Each party gets its share of the project costs (成本收益正比).' },
    ),
    Type.Object(
      {
        kind: Type.Literal('expression'),
        jsonata: Type.String({ minLength: 1, maxLength: LIMITS.expressionLength }),
        assumption: Text('What the rule means and why.'),
      },
      {
        additionalProperties: false,
        description:
          'A JSONata expression giving the origin share for one project-year; input {year, yearsSinceStart, agreementYear, project:{id, category, origin, host, registration, steadyOutput, costShares}}. Evaluated at compile time into a table.',
      },
    ),
  ],
  'How one ledger (statistics or tax) of a project is split: between origin and host (or, for tax, the registration party when it is neither), or among named parties (byParty).',
);

export const Phase = Type.Object(
  {
    from: CalendarYear('First year of the phase.'),
    to: CalendarYear('Last year of the phase.'),
    statisticsOriginShare: Type.Optional(Share('Origin share of statistics in this phase (fixed rules only).')),
    taxOriginShare: Type.Optional(Share('Origin share of tax in this phase (fixed rules only).')),
    note: Type.Optional(Text('Why the phase exists.')),
  },
  { additionalProperties: false },
);

export const SharingRule = Type.Object(
  {
    statistics: ShareRule,
    // Optional: a project whose tax category has a `taxRules` entry takes its tax split from
    // there; with neither, its tax is not shared.
    tax: Type.Optional(ShareRule),
    basis: Enum(
      ['all', 'increment'],
      'all = everything is shared; increment = the base of a relocated firm stays with the origin (存量不动、增量分成).',
    ),
    phases: Type.Optional(Type.Array(Phase, { maxItems: 20 })),
    sunsetYear: Type.Optional(CalendarYear('Last year of sharing for this category (overrides the agreement end).')),
    startYear: Type.Optional(
      CalendarYear(
        'First year of sharing for this category (overrides the agreement start). A year after the horizon switches the rule off: sharing as an option to explore, with its start year as a lever.',
      ),
    ),
    placement: Type.Optional(
      Type.Object(
        {
          production: Type.Optional(Enum(['origin', 'host'])),
          registration: Type.Optional(Enum(['origin', 'host'])),
        },
        { additionalProperties: false, description: 'Where the policy places production or tax registration, overriding the project.' },
      ),
    ),
    note: Type.Optional(Text('Reading of the source, in your own words.')),
  },
  { additionalProperties: false },
);

export const TaxRule = Type.Object(
  {
    tax: ShareRule,
    note: Type.Optional(Text('Reading of the source, in your own words.')),
  },
  {
    additionalProperties: false,
    description:
      "The tax split of one tax category (财税分成 情形). The sharing window, basis, phases' statistics shares and placement stay those of the project's category rule in `rules`.",
  },
);

/** Measures a quantitative target can be set on (flows of the deal world, engine/model/targets.ts). */
export const TARGET_MEASURES = [
  'output',
  'outputCredited',
  'gdp',
  'gdpCredited',
  'employment',
  'taxLocal',
  'taxRetained',
  'outputIndirect',
  'employmentIndirect',
] as const;
export type TargetMeasure = (typeof TARGET_MEASURES)[number];

export const Target = Tagged(
  [
    Type.Object(
      {
        kind: Type.Literal('quantitative'),
        id: Id,
        label: Type.Optional(Bilingual),
        measure: Enum(TARGET_MEASURES, 'Which result the target is about (employment measures in persons, the rest in 亿元/yr).'),
        scope: Type.String({
          pattern: '^(all|[A-Za-z][A-Za-z0-9_-]*)$',
          maxLength: LIMITS.idLength,
          description: 'A party id, or "all" for the sum over the parties.',
        }),
        year: CalendarYear('Year by which the value should be reached.'),
        value: Type.Object(
          {
            value: Type.Number({ minimum: -1e9, maximum: 2e9 }),
            unit: Enum([UNITS.moneyPerYear, UNITS.persons], 'CNY_1e8/yr for output, GDP and tax measures; person for employment measures.'),
            source: Type.Optional(Text('Where the target comes from (seed file, plan document).')),
            locator: Locator,
            assumption: Type.Optional(Text('Why this number was assumed.')),
            note: Type.Optional(Text('Free comment.')),
          },
          { additionalProperties: false, anyOf: [{ required: ['source'] }, { required: ['assumption'] }] },
        ),
      },
      { additionalProperties: false, description: 'At least this value of the measure in the target year (linear path from the round start).' },
    ),
    Type.Object(
      {
        kind: Type.Literal('qualitative'),
        id: Id,
        label: Bilingual,
        area: Type.Optional(Bilingual),
        source: Type.Optional(Text('Seed file.')),
        locator: Locator,
        assumption: Type.Optional(Text('Why.')),
      },
      { additionalProperties: false, description: 'A target stated in words only; reported, not evaluated.' },
    ),
  ],
  'A target of an action-plan round (阶段目标): quantitative (evaluated each year) or qualitative (text).',
);

/** Policy instruments (engine/model/instruments): each one module, each optional. */
export const Instruments = instrumentsSchema(schemaHelpers);
/** A round's changes to the policy's instruments for its years (switch on/off, new parameters). */
export const RoundInstruments = roundInstrumentsSchema(schemaHelpers);

export const Round = Type.Object(
  {
    id: Id,
    name: Bilingual,
    from: CalendarYear('First year of the round.'),
    to: CalendarYear('Last year of the round.'),
    source: Type.Optional(Text('Seed file.')),
    locator: Locator,
    assumption: Type.Optional(Text('Why.')),
    targets: Type.Optional(Type.Array(Target, { maxItems: 64, description: 'Targets of the round, checked each year (体检—诊断—应对).' })),
    instruments: Type.Optional(RoundInstruments),
  },
  { additionalProperties: false, anyOf: [{ required: ['source'] }, { required: ['assumption'] }] },
);

export const Policy = Type.Object(
  {
    $schema: SchemaRef,
    kind: Type.Literal('policy'),
    id: Id,
    title: Bilingual,
    description: Bilingual,
    mode: Enum(PAIRING_MODES, 'Pairing mode (结对模式).'),
    agreement: Type.Object(
      {
        from: CalendarYear('First year sharing applies.'),
        to: CalendarYear('Last year sharing applies (sunset).'),
        source: Type.Optional(Text('Seed file.')),
        locator: Locator,
        assumption: Type.Optional(Text('Why these years.')),
      },
      { additionalProperties: false, anyOf: [{ required: ['source'] }, { required: ['assumption'] }] },
    ),
    rules: Type.Record(Type.String({ pattern: '^(\\*|[A-Za-z][A-Za-z0-9_-]*)$' }), SharingRule, {
      // Closed: a key that is not a category id (or "*") is an error with its pointer, not a
      // key the schema skips and the model then trips over.
      additionalProperties: false,
      description: 'Sharing rules keyed by linkage category id; "*" applies to categories without their own rule.',
    }),
    taxRules: Type.Optional(
      Type.Record(Type.String({ pattern: '^(\\*|[A-Za-z][A-Za-z0-9_-]*)$' }), TaxRule, {
        additionalProperties: false,
        description:
          "Tax splits keyed by tax category (the economy's `taxCategories`, or its `categories` when it has one list); \"*\" applies to tax categories without their own entry. A project's tax split comes from here when its tax category has an entry, else from its category's rule in `rules`.",
      }),
    ),
    rounds: Type.Optional(Type.Array(Round, { maxItems: 20 })),
    instruments: Type.Optional(Instruments),
    checkup: Type.Optional(checkupSchema(schemaHelpers, ['jointFund', 'landQuota', 'newFirmTax', 'jointVenture', 'jointPromotion'])),
    sources: Type.Optional(Type.Array(Text('Seed files this policy draws on.'), { maxItems: 32 })),
  },
  { additionalProperties: false },
);

// ---------------------------------------------------------------- scenario

const FileRef = Type.String({ minLength: 1, maxLength: 512, description: 'Relative path of another scenario file.' });

export const Override = Type.Object(
  {
    path: Type.String({ pattern: '^/', maxLength: 512, description: 'JSON Pointer into the resolved scenario, e.g. /policy/rules/joint/tax/originShare/value.' }),
    value: Type.Unknown(),
    note: Type.Optional(Text('Why.')),
  },
  { additionalProperties: false },
);

/**
 * One observed figure to compare the model with (pairsim run --observed, pairsim calibrate):
 * the same columns as an observed CSV file (engine/data/observed.ts checks party, measure and unit).
 */
export const ObservedPoint = Type.Object(
  {
    year: CalendarYear('Year the figure refers to; must be a simulated year.'),
    party: Type.String({ maxLength: LIMITS.idLength, description: 'Party (or account) id.' }),
    measure: Type.String({ maxLength: LIMITS.idLength, description: 'A field of the report flows: output, outputCredited, gdp, taxLocal, taxRetained, employment, cost, …' }),
    value: Type.Number({ minimum: -1e12, maximum: 1e12 }),
    unit: Type.String({ maxLength: LIMITS.idLength, description: "The measure's unit, e.g. CNY_1e8/yr or person." }),
    source: Text('Where the figure was published (seed file, yearbook, bulletin).'),
  },
  { additionalProperties: false },
);

export const Scenario = Type.Object(
  {
    $schema: SchemaRef,
    kind: Type.Literal('scenario'),
    id: Id,
    title: Bilingual,
    description: Bilingual,
    economy: Type.Union([FileRef, Economy]),
    policy: Type.Union([FileRef, Policy]),
    years: Type.Object(
      { from: CalendarYear('First simulated year.'), to: CalendarYear('Last simulated year.') },
      { additionalProperties: false },
    ),
    discountRate: quantity(UNITS.rate, { minimum: 0, maximum: 0.5 }, 'Discount rate for present values.'),
    overrides: Type.Optional(Type.Array(Override, { maxItems: LIMITS.overrides })),
    observed: Type.Optional(
      Type.Array(ObservedPoint, { maxItems: LIMITS.projects, description: 'Observed figures to compare the simulation with (pairsim run, pairsim calibrate).' }),
    ),
  },
  { additionalProperties: false },
);

export const Comparison = Type.Object(
  {
    $schema: SchemaRef,
    kind: Type.Literal('comparison'),
    id: Id,
    title: Bilingual,
    description: Bilingual,
    scenarios: Type.Array(Type.Union([FileRef, Scenario]), { minItems: 2, maxItems: 4 }),
    reference: Type.Optional(Type.Integer({ minimum: 0, maximum: 3, description: 'Index of the reference column.' })),
  },
  { additionalProperties: false },
);

/**
 * What validate.ts checks a scenario and a comparison against once their inline parts were
 * checked on their own and replaced by the string "inline": the same fields with the parts as
 * references only. Compiling the full Scenario and Comparison, which embed the whole economy
 * and policy format again, was most of the worker's start-up (about 1 s of ajv compile of the
 * 1.3 s spent compiling validators before the first chart).
 */
export const ScenarioShallow = Type.Object({ ...Scenario.properties, economy: FileRef, policy: FileRef }, { additionalProperties: false });
export const ComparisonShallow = Type.Object(
  { ...Comparison.properties, scenarios: Type.Array(FileRef, { minItems: 2, maxItems: 4 }) },
  { additionalProperties: false },
);

/** Any file of the scenario library. */
export const ScenarioFile = Tagged([Scenario, Economy, Policy, Comparison], 'Pairing Workbench scenario file');

export type Bilingual = Static<typeof Bilingual>;
export type Party = Static<typeof Party>;
export type Category = Static<typeof Category>;
export type CostItem = Static<typeof CostItem>;
export type Project = Static<typeof Project>;
export type Uncertainty = Static<typeof Uncertainty>;
export type Economy = Static<typeof Economy>;
export type ShareRule = Static<typeof ShareRule>;
export type Phase = Static<typeof Phase>;
export type SharingRule = Static<typeof SharingRule>;
export type TaxRule = Static<typeof TaxRule>;
export type Round = Static<typeof Round>;
export type Instruments = Static<typeof Instruments>;
export type RoundInstruments = Static<typeof RoundInstruments>;
export type Target = Static<typeof Target>;
export type BaselineForecast = Static<typeof BaselineForecast>;
export type InputOutput = Static<typeof InputOutput>;
export type Policy = Static<typeof Policy>;
export type Override = Static<typeof Override>;
export type ObservedPointT = Static<typeof ObservedPoint>;
export type Scenario = Static<typeof Scenario>;
export type Comparison = Static<typeof Comparison>;
export type ScenarioFile = Static<typeof ScenarioFile>;

/** A scenario whose economy and policy are inline (references resolved, overrides applied). */
export type ResolvedScenario = Omit<Scenario, 'economy' | 'policy' | 'overrides'> & {
  economy: Economy;
  policy: Policy;
};

export const schemas: Record<string, TSchema> = { Scenario, Economy, Policy, Comparison, ScenarioFile };
