// The one lever registry: for every lever of every library scenario and random values within
// its bounds, the fast path (patching the cells buildCompiled recorded) equals a full rebuild,
// and the page's engine session (sliders) and the CLI (--set) give identical results (with an
// annual check-up, both apply its responses: engine/model/run.ts).
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { loadDocument } from '../../engine/schema/resolve.js';
import { readDocument } from '../../engine/cli/read.js';
import { compileScenario } from '../../engine/model/compile.js';
import { simulate } from '../../engine/model/simulate.js';
import { runReport } from '../../engine/model/report.js';
import { runScenario } from '../../engine/model/run.js';
import { LeverModel, leverRegistry, setLever, withLevers, describeLever, getByPointer } from '../../engine/analysis/levers.js';
import { validateScenario } from '../../engine/schema/validate.js';
import { AnalysisError } from '../../engine/analysis/errors.js';
import type { NumericLever } from '../../engine/model/lever.js';
import { checkLeverValue, shareRatio } from '../../engine/model/lever.js';
import type { ResolvedScenario } from '../../engine/schema/scenario.js';
import { Session, tidyRows } from '../../ui/engine/session.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

async function resolved(path: string): Promise<ResolvedScenario> {
  const d = await loadDocument(root + path, readDocument);
  if (d.kind !== 'scenario') throw new Error(`${path} is not a scenario`);
  return d.scenario;
}

const libraryFiles = readdirSync(root + 'scenarios')
  .filter((f) => f.endsWith('.json') && f !== 'scenario.schema.json')
  .sort()
  .map((f) => `scenarios/${f}`);

/** Random values inside a lever's bounds (whole numbers for year levers), always including both ends. */
function values(l: NumericLever): fc.Arbitrary<number> {
  const lo = l.min ?? l.value - 1;
  const hi = l.max ?? l.value + 1;
  return l.integer ? fc.integer({ min: lo, max: hi }) : fc.oneof(fc.constant(lo), fc.constant(hi), fc.double({ min: lo, max: hi, noNaN: true }));
}

/**
 * One lever at random values in its bounds: the fast path (LeverModel) equals a full rebuild,
 * and the page's session equals the CLI's --set (both as runScenario runs it). True when the
 * lever took the fast path.
 */
async function checkLever(session: Session, handle: string, path: string, s: ResolvedScenario, lever: NumericLever, defaults: Record<string, number | string>): Promise<boolean> {
  let model: LeverModel | null = null;
  try {
    model = await LeverModel.create(s, [lever.path]);
  } catch (err) {
    // A lever that is an input of JSONata rules cannot use cached tables; the UI/CLI part still runs.
    if (!(err instanceof AnalysisError)) throw err;
  }
  await fc.assert(
    fc.asyncProperty(values(lever), async (x) => {
      expect(checkLeverValue(lever, x)).toBeNull();
      const rebuilt = await compileScenario(setLever(s, lever, x));
      if (model) expect(model.compiledAt([x])).toEqual(rebuilt);
      // The CLI's run (engine/model/run.ts): check-up responses applied, as on the page.
      let cli: ReturnType<typeof simulate> | null = null;
      try {
        cli = (await runScenario(withLevers(s, [{ path: lever.path, value: x }]), undefined, { synergyParts: true })).result;
      } catch (err) {
        if (!(err instanceof AnalysisError)) throw err;
      }
      const ui = await session.run(handle, { ...defaults, [lever.id]: x });
      if (!cli) {
        // Both refuse a value the schema refuses (e.g. a sunset before the agreement starts).
        expect(ui.ok).toBe(false);
        return;
      }
      if (!ui.ok) throw new Error(`${path} ${lever.id}=${x}: ${JSON.stringify(ui.issues)}`);
      expect(ui.summary).toEqual(cli.summary);
      expect(ui.rows).toEqual(tidyRows(cli));
    }),
    { seed: 16, numRuns: 3 },
  );
  return model?.fastPath ?? false;
}

describe('lever registry', () => {
  it('every lever of every library scenario: fast path = full rebuild, page session = CLI --set', async () => {
    expect(libraryFiles.length).toBeGreaterThan(10);
    const session = new Session();
    let levers = 0;
    let fast = 0;
    let instrumentLevers = 0;
    for (const path of libraryFiles) {
      let s: ResolvedScenario;
      try {
        s = await resolved(path);
      } catch (err) {
        if (/is not a scenario/.test(String(err))) continue;
        throw err;
      }
      const opened = await session.openBuiltin(path);
      if (!opened.ok) throw new Error(`${path}: ${JSON.stringify(opened.issues)}`);
      const column = opened.columns[0]!;
      const registry = leverRegistry(s);
      // The page is given the registry itself.
      expect(column.levers).toEqual(registry);
      const defaults = Object.fromEntries(registry.map((l) => [l.id, l.value]));
      for (const def of registry) {
        if (def.kind === 'option') continue;
        const lever = describeLever(s, def.path);
        expect(lever).toEqual(def);
        levers++;
        if (def.group === 'instruments') {
          instrumentLevers++;
          expect(def.path).toMatch(/^\/policy\/instruments\/[a-zA-Z]+\/[a-zA-Z]+(\/value)?$/);
        }
        if (await checkLever(session, column.handle, path, s, lever, defaults)) fast++;
      }
      session.close(column.handle);
    }
    // Shares, sunsets, agreement ends, discount rates and cost splits of many scenarios ran.
    expect(levers).toBeGreaterThan(100);
    expect(fast).toBeGreaterThan(30);
    // The instruments of the Chengdu and Yangtze Delta approaches (fund, land quota, new firms, joint venture, promotion).
    expect(instrumentLevers).toBeGreaterThan(10);
  }, 300_000);

  it('two-party {party, share} lists of instruments are one ratio lever each, keeping the list at 1: fast path = rebuild, page = CLI --set', async () => {
    // The library's instruments use origin shares; these variants give the fund, the joint venture
    // and the promotion their by-party lists (a fixed contribution and return split, equity, cost shares).
    const yrd = structuredClone(await resolved('scenarios/jinniu-pengzhou-yrd.json'));
    const fund = yrd.policy.instruments!.jointFund! as unknown as Record<string, unknown>;
    const share = (party: string, value: number) => ({ party, share: { value, unit: 'share', assumption: 'test value' } });
    fund.contributionBasis = 'fixed';
    fund.contributionShares = [share('JN', 0.4), share('PZ', 0.6)];
    fund.returnSplit = 'fixed';
    fund.returnShares = [share('PZ', 0.7), share('JN', 0.3)];
    const metro = structuredClone(await resolved('scenarios/jinniu-pengzhou-metro-approach.json'));
    const venture = metro.policy.instruments!.jointVenture! as unknown as Record<string, unknown>;
    delete venture.originEquity;
    venture.equity = [share('JN', 0.45), share('PZ', 0.55)];
    const promotion = metro.policy.instruments!.jointPromotion! as unknown as Record<string, unknown>;
    delete promotion.originCostShare;
    promotion.costShares = [share('JN', 0.3), share('PZ', 0.7)];
    const session = new Session();
    const expected: Record<string, [string, string, number]> = {
      '/policy/instruments/jointFund/contributionShares': ['金牛区', '彭州市', 0.4],
      '/policy/instruments/jointFund/returnShares': ['彭州市', '金牛区', 0.7],
      '/policy/instruments/jointVenture/equity': ['金牛区', '彭州市', 0.45],
      '/policy/instruments/jointPromotion/costShares': ['金牛区', '彭州市', 0.3],
    };
    const seen: string[] = [];
    for (const variant of [yrd, metro]) {
      const s = validateScenario(variant);
      if (!s.ok) throw new Error(JSON.stringify(s.errors));
      const opened = await session.openText(`${variant.id}.json`, JSON.stringify(variant));
      if (!opened.ok) throw new Error(JSON.stringify(opened.issues));
      const column = opened.columns[0]!;
      const registry = leverRegistry(s.value);
      expect(column.levers).toEqual(registry);
      const defaults = Object.fromEntries(registry.map((l) => [l.id, l.value]));
      for (const def of registry.filter((l) => l.kind === 'partySplit')) {
        seen.push(def.path);
        const [first, second, value] = expected[def.path]!;
        // One ratio lever, named by the parties, bounds from the schema's share, value the first party's share.
        expect(def).toMatchObject({ group: 'instruments', unit: 'share', min: 0, max: 1, value, parties: { share: { zh: first }, rest: { zh: second } } });
        expect(def.label.zh).toContain(`（${first} : ${second}）`);
        expect(shareRatio(def, 0.4, 'zh')).toBe(`${first} : ${second} = 4 : 6`);
        const lever = describeLever(s.value, def.path);
        expect(lever).toEqual(def);
        // The setting keeps the list at 1 (the second party gets the rest), the same for the page and --set.
        const set = withLevers(s.value, [{ path: def.path, value: 0.25 }]);
        const list = getByPointer(set, def.path) as { party: string; share: { value: number } }[];
        expect(list.map((e) => e.share.value)).toEqual([0.25, 0.75]);
        expect(getByPointer(s.value, def.path)).toEqual(getByPointer(variant, def.path)); // the original is untouched
        // …and moves the instrument's flows.
        const at = async (x: number) => (await runScenario(withLevers(s.value, [{ path: def.path, value: x }]))).result.summary;
        expect(await at(0.1)).not.toEqual(await at(0.9));
        await checkLever(session, column.handle, def.path, s.value, lever, defaults);
      }
      session.close(column.handle);
    }
    expect(seen.sort()).toEqual(Object.keys(expected).sort());
  }, 300_000);

  it('the Yangtze Delta scenarios offer their fund and land-quota levers in Chinese, and a zero quota moves no quota money', async () => {
    const comparison = JSON.parse(readFileSync(root + 'scenarios/comparisons/chengdu-vs-yrd.json', 'utf8')) as { scenarios: string[] };
    const yrd = comparison.scenarios.filter((f) => f.endsWith('-yrd.json')).map((f) => `scenarios/${f.replace(/^\.\.\//, '')}`);
    expect(yrd.length).toBe(2);
    for (const path of yrd) {
      const s = await resolved(path);
      const registry = leverRegistry(s);
      const fund = registry.filter((l) => l.path.startsWith('/policy/instruments/jointFund/'));
      expect(fund.map((l) => l.path)).toContain('/policy/instruments/jointFund/costCoverage/value');
      for (const l of fund) expect(l.label.zh).toContain('共同出资投资开发基金');
      const quota = registry.find((l) => l.path === '/policy/instruments/landQuota/quota/value')!;
      expect(quota).toMatchObject({ group: 'instruments', kind: 'value', unit: 'mu', min: 0, max: 1e7, integer: false });
      expect(quota.label.zh).toContain('用地指标调剂');
      expect(quota.value).toBeGreaterThan(0);
      const price = registry.find((l) => l.path === '/policy/instruments/landQuota/pricePerMu/value')!;
      expect(price.label.zh).toContain('用地指标调剂');
      const cutoff = registry.find((l) => l.path === '/policy/instruments/newFirmTax/cutoffYear/value')!;
      expect(cutoff.integer).toBe(true);
      expect(checkLeverValue(cutoff, 2020.5)).toBe('expected a whole year');

      const quotaFlows = (sc: ResolvedScenario) =>
        compileScenario(sc).then((c) => runReport(sc, simulate(c)).instruments!.find((r) => r.instrument === 'landQuota')!.flows);
      // As written the platform moves money (otherwise the zero below would prove nothing).
      expect((await quotaFlows(s)).some((f) => f.value !== 0)).toBe(true);
      const none = await quotaFlows(withLevers(s, [{ path: quota.path, value: 0 }]));
      expect(none).toEqual([]);
    }
  });

  it('labels name the parties of a share, and show its value as their ratio', async () => {
    const s = await resolved('scenarios/jinniu-pengzhou.json');
    const shares = leverRegistry(s).filter((l) => l.group === 'taxShare' || l.group === 'taxShareRegisteredAtOrigin');
    expect(shares.length).toBeGreaterThan(0);
    const name = (id: string) => s.economy.parties.find((p) => p.id === id)!.name;
    let named = 0;
    for (const l of shares) {
      // Tax shares of Jinniu–Pengzhou are keyed by tax category (policy.taxRules; lever rule "tax:KEY").
      expect(l.rule).toMatch(/^tax:/);
      const taxRules = s.policy.taxRules!;
      const projects = s.economy.projects.filter((p) => `tax:${Object.hasOwn(taxRules, p.taxCategory!) ? p.taxCategory : '*'}` === l.rule);
      const origins = [...new Set(projects.map((p) => p.origin))];
      if (origins.length !== 1) continue;
      named++;
      const origin = name(origins[0]!);
      expect(l.parties!.share).toEqual(origin);
      expect(l.label.zh).toContain(`（${origin.zh} : `);
      expect(l.label.en).toContain(`(${origin.en} : `);
    }
    expect(named).toBeGreaterThan(0);
    const l = shares.find((x) => x.parties!.share.zh !== '派出方')!;
    expect(shareRatio(l, 0.4, 'zh')).toBe(`${l.parties!.share.zh} : ${l.parties!.rest.zh} = 4 : 6`);
    expect(shareRatio(l, 0.25, 'en')).toBe(`${l.parties!.share.en} : ${l.parties!.rest.en} = 25 : 75`);
  });

  it('one set of bounds: the discount rate and year levers are checked the same for the page and --set', async () => {
    const s = await resolved('scenarios/jinniu-pengzhou.json');
    const rate = describeLever(s, '/discountRate');
    expect([rate.min, rate.max]).toEqual([0, 0.5]);
    expect(() => withLevers(s, [{ path: '/discountRate/value', value: 0.3 }])).not.toThrow();
    expect(() => withLevers(s, [{ path: '/discountRate/value', value: 0.6 }])).toThrow(/must be at most 0.5/);
    const end = describeLever(s, '/policy/agreement/to');
    expect(end.min).toBe(s.policy.agreement.from);
    expect(() => withLevers(s, [{ path: '/policy/agreement/to', value: end.max! + 1 }])).toThrow(/must be at most/);
    expect(() => withLevers(s, [{ path: '/policy/agreement/to', value: end.max! - 0.5 }])).toThrow(/whole year/);
    const session = new Session();
    const opened = await session.openBuiltin('scenarios/jinniu-pengzhou.json');
    if (!opened.ok) throw new Error('open failed');
    const res = await session.run(opened.columns[0]!.handle, { '/discountRate/value': 0.6 });
    expect(res.ok ? [] : res.issues).toEqual([{ path: '/discountRate/value', message: 'must be at most 0.5' }]);
  });
});

describe('cost-share regression (issue 16: the page and --set used to disagree)', () => {
  // Project 3 of the benchmark scenario has three cost items, split A:B = .403:.597, .249:.751, .524:.476.
  const BENCH = 'scenarios/bench/bench-2p-200x30.json';
  const ITEM0 = '/economy/projects/3/costs/0/shares/0/share/value';
  const SPLIT = '/economy/projects/3/costs';
  const split = (s: ResolvedScenario) => s.economy.projects[3]!.costs!.map((c) => c.shares.map((x) => x.share.value));

  it('a pointer to one item sets that item only, the same for --set and the lever model', async () => {
    const s = await resolved(BENCH);
    const written = split(s);
    expect(written).toHaveLength(3);
    const cli = split(withLevers(s, [{ path: ITEM0, value: 0.3 }]));
    expect(cli[0]![0]).toBe(0.3);
    expect(cli[0]![1]).toBeCloseTo(0.7, 12);
    expect(cli.slice(1)).toEqual(written.slice(1));
    const model = await LeverModel.create(s, [ITEM0]);
    expect(split(model.scenarioAt([0.3]))).toEqual(cli);
  });

  it('the project cost-split lever moves every item, and the page and --set give identical results', async () => {
    const s = await resolved(BENCH);
    const lever = leverRegistry(s).find((l) => l.id === SPLIT)!;
    expect(lever).toMatchObject({ kind: 'costSplit', group: 'costShare', min: 0, max: 1 });
    const viaCli = withLevers(s, [{ path: SPLIT, value: 0.3 }]);
    expect(split(viaCli).map(([a, b]) => [a, Math.round(b! * 1e12) / 1e12])).toEqual([
      [0.3, 0.7],
      [0.3, 0.7],
      [0.3, 0.7],
    ]);
    const session = new Session();
    // The benchmark scenarios are not in the page's built-in library: open the file as a user would.
    const opened = await session.openText('bench-2p-200x30.json', readFileSync(root + BENCH, 'utf8'));
    if (!opened.ok) throw new Error(`open failed: ${JSON.stringify(opened.issues)}`);
    const col = opened.columns[0]!;
    // The page offers the project's split under the same id, not the first item's pointer.
    expect(col.levers.map((l) => l.id)).toContain(SPLIT);
    expect(col.levers.map((l) => l.id)).not.toContain(ITEM0);
    const defaults = Object.fromEntries(col.levers.map((l) => [l.id, l.value]));
    const ui = await session.run(col.handle, { ...defaults, [SPLIT]: 0.3 });
    if (!ui.ok) throw new Error(JSON.stringify(ui.issues));
    const cli = simulate(await compileScenario(viaCli), { synergyParts: true });
    expect(ui.summary).toEqual(cli.summary);
    // …and differ from the one-item setting, which is what the old page did not distinguish.
    const oneItem = simulate(await compileScenario(withLevers(s, [{ path: ITEM0, value: 0.3 }])));
    expect(oneItem.summary.parties[0]!.discountedGain.netFiscal).not.toBeCloseTo(cli.summary.parties[0]!.discountedGain.netFiscal, 6);
  });
});
