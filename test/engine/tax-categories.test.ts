// Two lists of linkage categories (seed 000): statistics are split by linkage mode (the
// economy's `categories`, policy `rules`), tax by situation (`taxCategories`, policy
// `taxRules`). A project in statistics category X and tax category Y gets X's statistics split
// and Y's tax split; swapping or merging the lists would give other numbers, computed by hand
// below from test/fixtures/two-project.json.
import { describe, expect, it } from 'vitest';
import { compileScenario } from '../../engine/model/compile.js';
import { simulate } from '../../engine/model/simulate.js';
import { validateScenario } from '../../engine/schema/validate.js';
import { leverRegistry, setLevers } from '../../engine/analysis/levers.js';
import type { ResolvedScenario } from '../../engine/schema/scenario.js';
import { at, loadFixture } from '../helpers.js';

const A = 0;
const B = 1;
const Y = 3;
const q = (value: number) => ({ value, unit: 'share', assumption: 'test value' }) as const;
const fixed = (value: number) => ({ kind: 'fixed', originShare: q(value) }) as const;

/**
 * The fixture's P1 (origin A, plant and registration in B, 100 亿元/yr from 2025, local tax in B
 * 2.97 a year: see example.test.ts) three times, in 2025 alone (P2 starts in 2026 and is dropped):
 *   P1: statistics "subsidiary" (0.3), tax "jointFunding" (0.6)
 *   P3: statistics "subsidiary" (0.3), tax "jointInvestment" (0.2)
 *   P4: statistics "relocation" (0.7), tax "jointFunding" (0.6)
 * The category rules also carry a tax split (0.9 and 0.1) that must not apply: each project's
 * tax category has its own entry.
 */
async function twoLists(): Promise<ResolvedScenario> {
  const s = structuredClone(await loadFixture('test/fixtures/two-project.json')) as ResolvedScenario;
  const p1 = s.economy.projects[0]!;
  s.economy.categories = [
    { id: 'subsidiary', name: { zh: '成立子公司', en: 'Subsidiary' } },
    { id: 'relocation', name: { zh: '存量企业迁移', en: 'Relocation' } },
  ];
  s.economy.taxCategories = [
    { id: 'jointInvestment', name: { zh: '联合招商引资项目', en: 'Jointly attracted' } },
    { id: 'jointFunding', name: { zh: '共同出资项目', en: 'Jointly funded' } },
  ];
  s.economy.projects = [
    { ...p1, id: 'P1', category: 'subsidiary', taxCategory: 'jointFunding' },
    { ...p1, id: 'P3', category: 'subsidiary', taxCategory: 'jointInvestment' },
    { ...p1, id: 'P4', category: 'relocation', taxCategory: 'jointFunding' },
  ];
  s.policy.rules = {
    subsidiary: { statistics: fixed(0.3), tax: fixed(0.9), basis: 'all' },
    relocation: { statistics: fixed(0.7), tax: fixed(0.1), basis: 'all' },
  };
  s.policy.taxRules = { jointFunding: { tax: fixed(0.6) }, jointInvestment: { tax: fixed(0.2) } };
  const v = validateScenario(s);
  if (!v.ok) throw new Error(JSON.stringify(v.errors));
  return v.value;
}

describe('statistics and tax categories are two lists', async () => {
  const s = await twoLists();

  it("credits output by the statistics category's split and retains tax by the tax category's split (2025, hand-computed)", async () => {
    const r = simulate(await compileScenario(s));
    // Output 3 × 100 in B. Credited to A: 0.3×100 + 0.3×100 + 0.7×100 = 130; B 170.
    expect(at(r.deal.output, Y, B, 0)).toBeCloseTo(300, 10);
    expect(at(r.deal.outputCredited, Y, A, 0)).toBeCloseTo(130, 10);
    expect(at(r.deal.outputCredited, Y, B, 0)).toBeCloseTo(170, 10);
    // Local tax 3 × 2.97 = 8.91 collected in B. Retained by A: (0.6 + 0.2 + 0.6) × 2.97 = 4.158; B 4.752.
    // (Tax by the statistics category would give (0.9 + 0.9 + 0.1) × 2.97 = 5.643; the lists swapped
    // would find no statistics rule for a tax category: credited A 0.)
    expect(at(r.deal.taxLocal, Y, B, 0)).toBeCloseTo(8.91, 10);
    expect(at(r.deal.taxRetained, Y, A, 0)).toBeCloseTo(4.158, 10);
    expect(at(r.deal.taxRetained, Y, B, 0)).toBeCloseTo(4.752, 10);
    expect(at(r.deal.transfer, Y, A, 0)).toBeCloseTo(4.158, 10);
  });

  it('falls back to the category rule\'s tax split when the tax category has no entry, and "*" covers the rest', async () => {
    // Without the jointInvestment entry, P3 takes "subsidiary"'s tax split 0.9: A (0.6 + 0.9 + 0.6) × 2.97 = 6.237.
    const fallback = structuredClone(s);
    delete fallback.policy.taxRules!.jointInvestment;
    const r1 = simulate(await compileScenario(fallback));
    expect(at(r1.deal.taxRetained, Y, A, 0)).toBeCloseTo(6.237, 10);
    // With "*" at 0.5 instead: A (0.6 + 0.5 + 0.6) × 2.97 = 5.049.
    fallback.policy.taxRules!['*'] = { tax: fixed(0.5) };
    const r2 = simulate(await compileScenario(fallback));
    expect(at(r2.deal.taxRetained, Y, A, 0)).toBeCloseTo(5.049, 10);
  });

  it('offers the tax rules as levers named by tax category, and a lever moves only its own category', async () => {
    const levers = leverRegistry(s);
    const jf = levers.find((l) => l.path === '/policy/taxRules/jointFunding/tax/originShare/value')!;
    expect(jf).toMatchObject({ group: 'taxShare', value: 0.6, min: 0, max: 1 });
    expect(jf.label.zh).toContain('共同出资项目');
    expect(jf.label.zh).toContain('（甲区 : 乙县）');
    // The statistics levers are keyed by the statistics list.
    expect(levers.find((l) => l.path === '/policy/rules/relocation/statistics/originShare/value')?.label.en).toContain('Relocation');
    // jointFunding 0.6 → 0.1: P1 and P4 move, P3 not: A (0.1 + 0.2 + 0.1) × 2.97 = 1.188.
    const { scenario, issues } = setLevers(s, levers, { [jf.id]: 0.1 });
    expect(issues).toEqual([]);
    const r = simulate(await compileScenario(scenario));
    expect(at(r.deal.taxRetained, Y, A, 0)).toBeCloseTo(1.188, 10);
    expect(at(r.deal.outputCredited, Y, A, 0)).toBeCloseTo(130, 10);
  });

  it('names the JSON pointer when a category is not in its list', () => {
    const paths = (f: (x: ResolvedScenario) => void) => {
      const bad = structuredClone(s);
      f(bad);
      const v = validateScenario(bad);
      return v.ok ? [] : v.errors.map((e) => `${e.path}: ${e.message}`);
    };
    // A tax category as a statistics category, and the other way round.
    expect(paths((x) => (x.economy.projects[0]!.category = 'jointFunding')).join('\n')).toMatch(/^\/economy\/projects\/0\/category: unknown category "jointFunding"; expected one of subsidiary, relocation/m);
    expect(paths((x) => (x.economy.projects[1]!.taxCategory = 'subsidiary')).join('\n')).toMatch(
      /^\/economy\/projects\/1\/taxCategory: unknown tax category "subsidiary"; expected one of jointInvestment, jointFunding/m,
    );
    expect(paths((x) => delete x.economy.projects[2]!.taxCategory).join('\n')).toMatch(/^\/economy\/projects\/2\/taxCategory: missing tax category/m);
    // Rules keyed by the wrong list.
    expect(paths((x) => (x.policy.taxRules = { subsidiary: { tax: fixed(0.5) } })).join('\n')).toMatch(/^\/policy\/taxRules\/subsidiary: tax rule for unknown tax category "subsidiary"/m);
    expect(paths((x) => (x.policy.rules = { jointFunding: { statistics: fixed(0.5), basis: 'all' } })).join('\n')).toMatch(/^\/policy\/rules\/jointFunding: rule for unknown category "jointFunding"/m);
    // An economy with one list takes no tax category.
    expect(
      paths((x) => {
        delete x.economy.taxCategories;
        x.policy.taxRules = {};
      }).join('\n'),
    ).toMatch(/^\/economy\/projects\/0\/taxCategory: the economy has no taxCategories list/m);
  });
});
