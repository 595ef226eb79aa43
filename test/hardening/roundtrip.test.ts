// No lost work, engine side: export → import is lossless for valid scenarios, validation
// does not depend on the trip through JSON, and loading (successful or not) never changes
// its input: every input here is deep-frozen, so any write would throw.
import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileScenario } from '../../engine/model/compile.js';
import { simulate } from '../../engine/model/simulate.js';
import { ScenarioError, validateDocument, validateScenario } from '../../engine/schema/validate.js';
import { loadDocument, resolveScenario, type DocumentReader } from '../../engine/schema/resolve.js';
import type { ResolvedScenario } from '../../engine/schema/scenario.js';
import { scenarioArb } from '../arbitraries.js';
import { readJson } from '../helpers.js';

const SEED = 20261125;

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

const roundTrip = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

async function results(s: ResolvedScenario) {
  const r = simulate(await compileScenario(s));
  return { deal: r.deal, noDeal: r.noDeal, summary: r.summary };
}

describe('export → import round trip', { timeout: 120_000 }, () => {
  it('a generated valid scenario survives JSON unchanged, validates the same and simulates to the same numbers', async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb(), async (s) => {
        const back = roundTrip(s);
        // toEqual, not toStrictEqual: fast-check builds some records with a null prototype.
        expect(back).toEqual(s);
        expect(JSON.stringify(back)).toBe(JSON.stringify(s));
        expect(validateDocument(back)).toEqual(validateDocument(s));
        expect(validateScenario(back).ok).toBe(true);
        expect(await results(back)).toEqual(await results(s));
      }),
      { seed: SEED, numRuns: 100 },
    );
  });

  it('every scenario of the library survives JSON unchanged after loading', async () => {
    const files = readdirSync('scenarios').filter((f) => f.endsWith('.json') && f !== 'scenario.schema.json');
    expect(files.length).toBeGreaterThan(0);
    let scenarios = 0;
    for (const f of files) {
      const raw = (await readJson(`scenarios/${f}`)) as { kind?: string };
      if (raw.kind !== 'scenario') continue;
      const loaded = await loadDocument(`scenarios/${f}`, readJson);
      if (loaded.kind !== 'scenario') continue;
      scenarios++;
      const back = roundTrip(loaded.scenario);
      expect(back, f).toStrictEqual(loaded.scenario);
      expect(validateScenario(back).ok, f).toBe(true);
      // An exported resolved scenario is itself a complete scenario file.
      const again = await resolveScenario(back, `exported/${f}`, async () => {
        throw new Error('an exported scenario needs no other file');
      });
      expect(again).toStrictEqual(loaded.scenario);
    }
    expect(scenarios).toBeGreaterThan(0);
  });

  it('validation gives the same issues before and after the trip for any JSON-representable document', () => {
    const mutated = scenarioArb().chain((s) =>
      fc.tuple(fc.constant(s), fc.constantFrom('/discountRate/value', '/economy/projects', '/policy/rules', '/years/from', '/id'), fc.constantFrom<unknown>('x', -1, 1e308, null, [], {}, { extra: 1 })),
    );
    fc.assert(
      fc.property(mutated, ([s, pointer, value]) => {
        const doc = structuredClone(s) as any;
        const segs = pointer.split('/').slice(1);
        let node = doc;
        for (const seg of segs.slice(0, -1)) node = node[seg];
        node[segs[segs.length - 1]!] = value;
        const back = roundTrip(doc);
        expect(back).toEqual(doc);
        expect(validateDocument(back)).toEqual(validateDocument(doc));
      }),
      { seed: SEED + 1, numRuns: 100 },
    );
  });
});

/** An in-memory library of deep-frozen documents. */
function frozenLibrary(files: Record<string, unknown>): DocumentReader {
  for (const v of Object.values(files)) deepFreeze(v);
  return async (path) => {
    if (!Object.prototype.hasOwnProperty.call(files, path)) throw new Error(`no such file "${path}"`);
    return files[path];
  };
}

function split(s: ResolvedScenario, extra: Record<string, unknown> = {}) {
  const { economy, policy, ...rest } = structuredClone(s);
  return {
    'lib/economies/e.json': economy,
    'lib/policies/p.json': policy,
    'lib/s.json': { ...rest, economy: 'economies/e.json', policy: 'policies/p.json', ...extra },
  };
}

describe('loading never mutates its input', { timeout: 120_000 }, () => {
  it('validate, resolve (with overrides), compile and simulate work on deep-frozen inputs', async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb(), async (s) => {
        const frozen = deepFreeze(structuredClone(s));
        const snapshot = JSON.stringify(frozen);
        expect(validateDocument(frozen)).toEqual([]);
        expect(validateScenario(frozen).ok).toBe(true);
        await results(frozen);
        const files = split(s, { overrides: [{ path: '/discountRate/value', value: 0.1 }] });
        const read = frozenLibrary(files);
        const before = JSON.stringify(files);
        const loaded = await loadDocument('lib/s.json', read);
        expect(loaded.kind === 'scenario' && loaded.scenario.discountRate.value).toBe(0.1);
        expect(JSON.stringify(files)).toBe(before);
        expect(JSON.stringify(frozen)).toBe(snapshot);
        // The loaded scenario shares nothing with the (cached) library documents.
        if (loaded.kind === 'scenario') expect(loaded.scenario.economy).not.toBe(files['lib/economies/e.json']);
      }),
      { seed: SEED + 2, numRuns: 60 },
    );
  });

  it('a failed import changes nothing: rejected overrides, references and values leave every input as it was', async () => {
    const failures = fc.constantFrom<[string, unknown]>(
      ['overrides', [{ path: '/discountRate/value', value: 0.1 }, { path: '/economy/nothing', value: 1 }]],
      ['overrides', [{ path: '/economy/projects', value: 'none' }]],
      ['overrides', [{ path: '/economy/__proto__/x', value: 1 }]],
      ['overrides', [{ path: '/discountRate/value', value: 0.9 }]],
      ['economy', 'missing.json'],
      ['policy', 's.json'],
      ['years', { from: 2030, to: 2020 }],
    );
    await fc.assert(
      fc.asyncProperty(scenarioArb(), failures, async (s, [field, value]) => {
        const files = split(s, { [field]: value });
        const read = frozenLibrary(files);
        const before = JSON.stringify(files);
        const err = await loadDocument('lib/s.json', read).catch((e) => e);
        expect(err).toBeInstanceOf(ScenarioError);
        expect(JSON.stringify(files)).toBe(before);
        const again = await resolveScenario(files['lib/s.json'], 'lib/s.json', read).catch((e) => e);
        expect(again).toBeInstanceOf(ScenarioError);
        expect((again as ScenarioError).issues).toEqual((err as ScenarioError).issues);
      }),
      { seed: SEED + 3, numRuns: 60 },
    );
  });

  it('a comparison of frozen documents loads without writing to them', async () => {
    const s = (fc.sample(scenarioArb(), { seed: SEED, numRuns: 1 }) as ResolvedScenario[])[0]!;
    const files: Record<string, unknown> = {
      ...split(s),
      'lib/c.json': { kind: 'comparison', id: 'c', title: { zh: 'c', en: 'c' }, description: { zh: 'c', en: 'c' }, scenarios: ['s.json', structuredClone(s)] },
    };
    const read = frozenLibrary(files);
    const before = JSON.stringify(files);
    const loaded = await loadDocument('lib/c.json', read);
    expect(loaded.kind).toBe('comparison');
    expect(JSON.stringify(files)).toBe(before);
  });

  it('the fixture file on disk is read, not rewritten', async () => {
    const before = readFileSync('test/fixtures/two-project.json', 'utf8');
    await loadDocument('test/fixtures/two-project.json', async (p) => deepFreeze(await readJson(p)));
    expect(readFileSync('test/fixtures/two-project.json', 'utf8')).toBe(before);
  });
});
