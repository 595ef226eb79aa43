// fast-check generators of valid resolved scenarios: random parties, projects, rules,
// relocations, phases, sunsets and no-deal probabilities, for the invariant tests.
import fc from 'fast-check';
import type { Economy, Party, Policy, Project, ResolvedScenario, ShareRule, SharingRule } from '../engine/schema/scenario.js';

const A = { assumption: 'generated' };
const q = (value: number, unit: string) => ({ value, unit, ...A });
const share = (v: number) => q(v, 'share');
const unitShare = fc.double({ min: 0, max: 1, noNaN: true });

function party(id: string, gdp: number, pop: number, vat: number, cit: number): Party {
  return {
    id,
    name: { zh: `地区${id}`, en: `Party ${id}` },
    tier: 'peer',
    base: {
      gdp: q(gdp, 'CNY_1e8/yr'),
      localRevenue: q(gdp * 0.08, 'CNY_1e8/yr'),
      employment: q(pop * 0.5, 'person'),
      population: q(pop, 'person'),
    },
    growth: { gdp: q(0.05, '1/yr'), population: q(0.01, '1/yr') },
    taxAssignment: { vatLocalShare: share(vat), citLocalShare: share(cit), pitLocalShare: share(0.4) },
  } as Party;
}

const shareRule: fc.Arbitrary<ShareRule> = fc.oneof(
  fc.constant({ kind: 'none' } as ShareRule),
  unitShare.map((v) => ({ kind: 'fixed', originShare: share(v) }) as ShareRule),
  fc.tuple(unitShare, unitShare).map(
    ([a, b]) => ({ kind: 'byRegistration', originShareIfRegisteredAtOrigin: share(a), originShareIfRegisteredAtHost: share(b) }) as ShareRule,
  ),
  fc.constant({ kind: 'costProportional' } as ShareRule),
);

export interface GenOptions {
  /** Force every project's origin to party 0 and host elsewhere (for monotonicity tests). */
  originIsFirstParty?: boolean;
  /** Force one rule "*" with these two rules. */
  rule?: SharingRule;
  noRelocation?: boolean;
  noSynergy?: boolean;
  noDealNone?: boolean;
  /** Fix the number of parties (2 to 4). */
  parties?: number;
}

export function scenarioArb(opts: GenOptions = {}): fc.Arbitrary<ResolvedScenario> {
  return fc
    .record({
      parties: opts.parties ? fc.constant(opts.parties) : fc.integer({ min: 2, max: 4 }),
      firstYear: fc.integer({ min: 2018, max: 2030 }),
      years: fc.integer({ min: 1, max: 12 }),
      categories: fc.integer({ min: 1, max: 3 }),
      partyData: fc.array(
        fc.record({
          gdp: fc.double({ min: 10, max: 20000, noNaN: true }),
          pop: fc.double({ min: 1e4, max: 2e7, noNaN: true }),
          vat: unitShare,
          cit: unitShare,
        }),
        { minLength: 4, maxLength: 4 },
      ),
      projects: fc.array(
        fc.record({
          category: fc.nat(),
          origin: fc.nat(),
          host: fc.nat(),
          registration: fc.nat(),
          startOffset: fc.integer({ min: -3, max: 10 }),
          ramp: fc.integer({ min: 1, max: 5 }),
          steady: fc.double({ min: 0, max: 500, noNaN: true }),
          growth: fc.double({ min: -0.05, max: 0.1, noNaN: true }),
          va: unitShare,
          margin: unitShare,
          vat: unitShare,
          cit: unitShare,
          pit: unitShare,
          jobs: fc.double({ min: 0, max: 200, noNaN: true }),
          wage: fc.double({ min: 0, max: 30, noNaN: true }),
          uplift: unitShare,
          base: fc.option(fc.double({ min: 0.1, max: 300, noNaN: true }), { nil: undefined }),
          asPlanned: unitShare,
          atOrigin: unitShare,
          leaves: unitShare,
          originScale: unitShare,
          cost: fc.option(fc.record({ amount: fc.double({ min: 0, max: 100, noNaN: true }), payer: unitShare, years: fc.integer({ min: 1, max: 4 }) }), { nil: undefined }),
        }),
        { maxLength: 8 },
      ),
      rules: fc.array(
        fc.record({
          statistics: shareRule,
          tax: shareRule,
          basis: fc.constantFrom('all', 'increment'),
          sunsetOffset: fc.option(fc.integer({ min: -2, max: 15 }), { nil: undefined }),
          placement: fc.option(
            fc.record({ production: fc.constantFrom('origin', 'host'), registration: fc.constantFrom('origin', 'host') }),
            { nil: undefined },
          ),
        }),
        { minLength: 3, maxLength: 3 },
      ),
      agreementFromOffset: fc.integer({ min: -2, max: 4 }),
      agreementLength: fc.integer({ min: 0, max: 15 }),
    })
    .map((g) => {
      const N = g.parties;
      const ids = ['a', 'b', 'c', 'd'].slice(0, N);
      const cats = ['cat0', 'cat1', 'cat2'].slice(0, g.categories);
      const projects: Project[] = g.projects.map((p, i) => {
        let origin = p.origin % N;
        let host = p.host % N;
        if (opts.originIsFirstParty) {
          origin = 0;
          host = 1 + (p.host % (N - 1));
        }
        const costShareA = p.cost?.payer ?? 0.5;
        const relocation = !opts.noRelocation && p.base !== undefined;
        return {
          id: `p${i}`,
          name: { zh: `项目${i}`, en: `Project ${i}` },
          category: cats[p.category % cats.length]!,
          origin: ids[origin]!,
          host: ids[host]!,
          registration: ids[opts.originIsFirstParty ? (p.registration % 2 ? origin : host) : p.registration % N]!,
          startYear: q(g.firstYear + p.startOffset, 'year'),
          rampYears: q(p.ramp, 'years'),
          steadyOutput: q(p.steady, 'CNY_1e8/yr'),
          growth: q(p.growth, '1/yr'),
          valueAddedRate: share(p.va),
          profitMargin: share(p.margin),
          taxRates: { vat: share(p.vat), cit: share(p.cit), pit: share(p.pit) },
          jobsPerOutput: q(p.jobs, 'person/(CNY_1e8/yr)'),
          averageWage: q(p.wage, 'CNY_1e4/person/yr'),
          synergyUplift: share(opts.noSynergy ? 0 : p.uplift),
          ...(relocation ? { relocation: { baseOutput: q(p.base!, 'CNY_1e8/yr') } } : {}),
          costs: [
            {
              kind: 'investment',
              amount: q(p.cost?.amount ?? 1, 'CNY_1e8'),
              startOffset: 0,
              years: p.cost?.years ?? 1,
              shares:
                origin === host
                  ? [{ party: ids[origin]!, share: share(1) }]
                  : [
                      { party: ids[origin]!, share: share(costShareA) },
                      { party: ids[host]!, share: share(1 - costShareA) },
                    ],
            },
          ],
          withoutDeal: opts.noDealNone
            ? { asPlanned: share(0), atOrigin: share(0) }
            : (() => {
                // Normalise three probabilities so they add up to at most 1.
                const t = Math.max(1, p.asPlanned + p.atOrigin + p.leaves);
                return {
                  asPlanned: share(p.asPlanned / t),
                  atOrigin: share(p.atOrigin / t),
                  leavesRegion: share(p.leaves / t),
                  originScale: share(p.originScale),
                };
              })(),
        } as Project;
      });
      const agreementFrom = g.firstYear + g.agreementFromOffset;
      const rules: Record<string, SharingRule> = {};
      if (opts.rule) rules['*'] = opts.rule;
      else
        cats.forEach((c, i) => {
          const r = g.rules[i]!;
          rules[c] = {
            statistics: r.statistics,
            tax: r.tax,
            basis: r.basis as 'all' | 'increment',
            ...(r.sunsetOffset !== undefined ? { sunsetYear: agreementFrom + r.sunsetOffset } : {}),
            ...(r.placement ? { placement: r.placement as SharingRule['placement'] } : {}),
          };
        });
      const economy: Economy = {
        kind: 'economy',
        id: 'gen',
        title: { zh: '生成', en: 'generated' },
        description: { zh: '生成', en: 'generated' },
        baseYear: g.firstYear,
        parties: ids.map((id, n) => party(id, g.partyData[n]!.gdp, g.partyData[n]!.pop, g.partyData[n]!.vat, g.partyData[n]!.cit)),
        categories: cats.map((id) => ({ id, name: { zh: id, en: id } })),
        projects,
      };
      const policy: Policy = {
        kind: 'policy',
        id: 'gen-policy',
        title: { zh: '生成', en: 'generated' },
        description: { zh: '生成', en: 'generated' },
        mode: 'coBuild',
        agreement: { from: agreementFrom, to: agreementFrom + g.agreementLength, ...A },
        rules,
      };
      return {
        kind: 'scenario',
        id: 'gen-scenario',
        title: { zh: '生成', en: 'generated' },
        description: { zh: '生成', en: 'generated' },
        economy,
        policy,
        years: { from: g.firstYear, to: g.firstYear + g.years - 1 },
        discountRate: q(0.04, '1/yr'),
      } as ResolvedScenario;
    });
}
