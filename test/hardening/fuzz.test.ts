// Fuzzing the engine's door: hostile scenarios (valid ones from test/arbitraries.ts, then
// mutated: wrong types, NaN, Infinity, huge and negative numbers, missing and unknown
// fields, prototype-named ids and keys, long strings, deep nesting, hostile expressions,
// self-referencing files, hostile overrides) go through load → validate → compile →
// simulate → report. Each either validates and gives finite results, or is rejected with a
// ScenarioError whose issues each carry a path and a message: never another exception,
// a hang, or NaN. Fixed seeds, bounded runs.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileScenario } from '../../engine/model/compile.js';
import { simulate } from '../../engine/model/simulate.js';
import { runReport } from '../../engine/model/report.js';
import { ScenarioError, validateDocument, validateScenario, type ValidationIssue } from '../../engine/schema/validate.js';
import { loadDocument, resolveScenario, type DocumentReader } from '../../engine/schema/resolve.js';
import type { ResolvedScenario } from '../../engine/schema/scenario.js';
import { scenarioArb } from '../arbitraries.js';
import { evaluateShares } from '../../engine/model/expressions.js';

const SEED = 9_2026_1125;
const HANG_MS = 15_000; // generous "did not hang" bound for one input

// ------------------------------------------------------------------ checks

function checkIssues(issues: ValidationIssue[]): void {
  expect(issues.length).toBeGreaterThan(0);
  for (const i of issues) {
    expect(typeof i.path).toBe('string');
    expect(i.path === '' || i.path.startsWith('/')).toBe(true);
    expect(typeof i.message).toBe('string');
    expect(i.message.length).toBeGreaterThan(0);
  }
}

/** Every number in a result (plain numbers and typed arrays, nested) is finite. */
function expectFinite(value: unknown, path = ''): void {
  const stack: [unknown, string][] = [[value, path]];
  while (stack.length) {
    const [v, p] = stack.pop()!;
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) throw new Error(`non-finite number ${v} at ${p}`);
    } else if (ArrayBuffer.isView(v)) {
      const a = v as unknown as ArrayLike<number>;
      for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i]!)) throw new Error(`non-finite number ${a[i]} at ${p}/${i}`);
    } else if (Array.isArray(v)) v.forEach((x, i) => stack.push([x, `${p}/${i}`]));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) stack.push([x, `${p}/${k}`]);
  }
}

type Outcome = 'rejected' | 'simulated';

/**
 * Run one hostile input: it either finishes (→ 'simulated', the body checks its results) or is
 * rejected with a ScenarioError whose issues are well-formed; any other exception fails the
 * test, and so does taking longer than the hang bound.
 */
async function outcome(body: () => Promise<Outcome>): Promise<Outcome> {
  const started = Date.now();
  try {
    return await body();
  } catch (err) {
    if (!(err instanceof ScenarioError)) throw err;
    checkIssues(err.issues);
    return 'rejected';
  } finally {
    expect(Date.now() - started).toBeLessThan(HANG_MS);
  }
}

/** The whole pipeline on a resolved-scenario candidate. */
function pipeline(doc: unknown): Promise<Outcome> {
  return outcome(async () => {
    const issues = validateDocument(doc); // must not throw, whatever the input
    const v = validateScenario(doc);
    if (!v.ok) {
      checkIssues(v.errors);
      return 'rejected';
    }
    expect(issues).toEqual([]);
    const compiled = await compileScenario(v.value);
    const result = simulate(compiled);
    expectFinite(result);
    expectFinite(runReport(v.value, result));
    return 'simulated';
  });
}

// ------------------------------------------------------------------ mutations

type Path = (string | number)[];

/** Every path into a JSON value (containers and leaves). */
function paths(value: unknown, at: Path = [], out: Path[] = []): Path[] {
  out.push(at);
  if (Array.isArray(value)) value.forEach((v, i) => paths(v, [...at, i], out));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) paths(v, [...at, k], out);
  return out;
}

function parentOf(root: unknown, path: Path): { parent: any; key: string | number } | null {
  if (!path.length) return null;
  let node: any = root;
  for (const seg of path.slice(0, -1)) node = node[seg];
  return { parent: node, key: path[path.length - 1]! };
}

const PROTO_NAMES = ['constructor', 'toString', 'valueOf', 'hasOwnProperty', '__proto__', 'prototype', 'isPrototypeOf', '__defineGetter__'];
const hostileNumber = fc.constantFrom(NaN, Infinity, -Infinity, 1e308, -1e308, -1, 0, 5e-324, 2 ** 53 + 1, 1e15, -0, 0.1 + 0.2, 1 - 1e-16);
const hostileString = fc.oneof(
  fc.constantFrom('', ' ', 'x'.repeat(5000), '\u0000\u001b[2J', '../../../etc/passwd', '__proto__', 'constructor', '😀'.repeat(10), '\ud800'),
  fc.string({ maxLength: 30 }),
);

function deep(depth: number): unknown {
  let d: unknown = 1;
  for (let i = 0; i < depth; i++) d = { a: d };
  return d;
}

/** Expressions for share rules: benign, wrong-typed and hostile. */
const EXPRESSIONS = [
  '0.5',
  'yearsSinceStart < 3 ? 0.7 : 0.4',
  'project.registration = project.origin ? 0.6 : 0.25',
  '$lookup(project.costShares, project.origin)',
  '$min([1, agreementYear / 10])',
  '1.5',
  '"0.5"',
  '$sum',
  '(',
  '$eval("0.5")',
  '$random()',
  '$now()',
  '($f := function($n){ $f($n) }; $f(1))',
  '$count([1..9999999]) ? 0.5 : 0',
  '$contains(project.id & "!", /(a+)+b/) ? 0.5 : 0',
  '$length($pad("x", 400000000)) ? 0.5 : 0',
  '($f := function($s, $n){ $n = 0 ? $s : $f($s & $s, $n - 1) }; $length($f("x", 40)) ? 0.5 : 0)',
  '$lookup($, "constructor") ? 0 : 0.5',
  '$$.constructor.constructor("return 0.5")()',
  '$error("boom\\nline")',
  '1 / 0',
  '$number("1e400")',
];

/** One mutation: which kind, a number to pick the path with, and a value. */
const mutationArb = fc.record({
  kind: fc.constantFrom(
    'number',
    'string',
    'wrongType',
    'delete',
    'unknownField',
    'protoId',
    'deep',
    'expression',
    'truncateArray',
    'duplicateArrayItem',
  ),
  at: fc.nat(),
  number: hostileNumber,
  string: hostileString,
  wrong: fc.constantFrom<unknown>(null, true, [], {}, '1', [1, 2], { value: 1 }),
  protoName: fc.constantFrom(...PROTO_NAMES),
  expression: fc.constantFrom(...EXPRESSIONS),
  depth: fc.constantFrom(5, 40, 2000),
});
type MutationSpec = { kind: string; at: number; number?: number; string?: string; wrong?: unknown; protoName?: string; expression?: string; depth?: number };

function applyMutation(doc: any, m: MutationSpec): void {
  const all = paths(doc).filter((p) => p.length > 0);
  const target = all[m.at % all.length]!;
  const loc = parentOf(doc, target)!;
  const { parent, key } = loc;
  switch (m.kind) {
    case 'number': {
      const numeric = all.filter((p) => typeof parentOf(doc, p)!.parent[p[p.length - 1]!] === 'number');
      const t = numeric.length ? numeric[m.at % numeric.length]! : target;
      const l = parentOf(doc, t)!;
      l.parent[l.key] = m.number;
      return;
    }
    case 'string':
      parent[key] = m.string;
      return;
    case 'wrongType':
      parent[key] = m.wrong;
      return;
    case 'delete':
      if (Array.isArray(parent)) parent.splice(Number(key), 1);
      else delete parent[key];
      return;
    case 'unknownField': {
      const objects = all.filter((p) => {
        const v = parentOf(doc, p)!.parent[p[p.length - 1]!];
        return v && typeof v === 'object' && !Array.isArray(v);
      });
      const t = objects.length ? objects[m.at % objects.length]! : [];
      const o = t.length ? parentOf(doc, t)!.parent[t[t.length - 1]!] : doc;
      Object.defineProperty(o, m.protoName!, { value: m.string, enumerable: true, writable: true, configurable: true });
      return;
    }
    case 'protoId': {
      // Rename one id everywhere it is used, to a name that exists on Object.prototype.
      const ids = all.filter((p) => p[p.length - 1] === 'id' && p.length > 1);
      if (!ids.length) return;
      const t = ids[m.at % ids.length]!;
      const l = parentOf(doc, t)!;
      const old = l.parent[l.key];
      const name = m.protoName!;
      const rename = (v: any): any => {
        if (v === old) return name;
        if (Array.isArray(v)) return v.map(rename);
        if (v && typeof v === 'object') {
          const o: any = {};
          for (const [k, x] of Object.entries(v)) Object.defineProperty(o, k === old ? name : k, { value: rename(x), enumerable: true, writable: true, configurable: true });
          return o;
        }
        return v;
      };
      const renamed = rename(doc);
      for (const k of Object.keys(doc)) delete doc[k];
      for (const [k, v] of Object.entries(renamed)) doc[k] = v;
      return;
    }
    case 'deep':
      parent[key] = deep(m.depth!);
      return;
    case 'expression': {
      const rules = doc?.policy?.rules;
      if (!rules || typeof rules !== 'object') return;
      const keys = Object.keys(rules);
      if (!keys.length) return;
      const rule = rules[keys[m.at % keys.length]!];
      if (rule && typeof rule === 'object') rule[m.at % 2 ? 'tax' : 'statistics'] = { kind: 'expression', jsonata: m.expression, assumption: 'fuzz' };
      return;
    }
    case 'truncateArray': {
      const arrays = all.filter((p) => Array.isArray(parentOf(doc, p)!.parent[p[p.length - 1]!]));
      if (!arrays.length) return;
      const t = arrays[m.at % arrays.length]!;
      const l = parentOf(doc, t)!;
      l.parent[l.key] = l.parent[l.key].slice(0, m.at % 2);
      return;
    }
    case 'duplicateArrayItem': {
      const arrays = all.filter((p) => {
        const v = parentOf(doc, p)!.parent[p[p.length - 1]!];
        return Array.isArray(v) && v.length > 0;
      });
      if (!arrays.length) return;
      const t = arrays[m.at % arrays.length]!;
      const l = parentOf(doc, t)!;
      l.parent[l.key].push(l.parent[l.key][0]); // shared, not cloned: a deep item would overflow structuredClone
      return;
    }
  }
}

const hostileScenarioArb = fc
  .tuple(scenarioArb(), fc.array(mutationArb, { minLength: 1, maxLength: 4 }))
  .map(([s, ms]) => {
    const doc = structuredClone(s) as any;
    for (const m of ms) applyMutation(doc, m as MutationSpec);
    return doc;
  });

// ------------------------------------------------------------------ properties

describe('fuzz: hostile scenarios through validate → compile → simulate', { timeout: 120_000 }, () => {
  it('every mutated scenario is simulated with finite results or rejected with issues', async () => {
    const seen: Record<Outcome, number> = { rejected: 0, simulated: 0 };
    await fc.assert(
      fc.asyncProperty(hostileScenarioArb, async (doc) => {
        seen[await pipeline(doc)]++;
      }),
      { seed: SEED, numRuns: 300 },
    );
    // The generator must exercise both outcomes, or the property says little.
    expect(seen.rejected).toBeGreaterThan(50);
    expect(seen.simulated).toBeGreaterThan(15);
  });

  it('valid scenarios whose ids are Object.prototype names simulate to finite results', async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb(), fc.constantFrom(...PROTO_NAMES.filter((n) => /^[A-Za-z]/.test(n))), fc.nat(), async (s, name, at) => {
        const doc = structuredClone(s) as any;
        applyMutation(doc, { kind: 'protoId', at, protoName: name } as MutationSpec);
        expect(await pipeline(doc)).toBe('simulated');
      }),
      { seed: SEED + 1, numRuns: 60 },
    );
  });

  it('valid scenarios with an expression rule: finite results, or a ScenarioError at the rule', async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb(), fc.constantFrom(...EXPRESSIONS), async (s, jsonata) => {
        const doc = structuredClone(s) as any;
        const key = Object.keys(doc.policy.rules)[0]!;
        doc.policy.rules[key].tax = { kind: 'expression', jsonata, assumption: 'fuzz' };
        await pipeline(doc);
      }),
      { seed: SEED + 2, numRuns: 80 },
    );
  });
});

// ------------------------------------------------------------------ files, references, overrides

/** An in-memory library: the reader refuses paths it does not hold, like a missing file. */
function library(files: Record<string, unknown>): DocumentReader {
  return async (path) => {
    if (!Object.prototype.hasOwnProperty.call(files, path)) throw new Error(`no such file "${path}"`);
    return structuredClone(files[path]);
  };
}

function split(s: ResolvedScenario): Record<string, unknown> {
  const { economy, policy, ...rest } = s;
  return {
    'lib/economies/e.json': economy,
    'lib/policies/p.json': policy,
    'lib/s.json': { ...rest, economy: 'economies/e.json', policy: 'policies/p.json' },
  };
}

function load(path: string, files: Record<string, unknown>): Promise<Outcome> {
  return outcome(async () => {
    const doc = await loadDocument(path, library(files));
    const scenarios = doc.kind === 'scenario' ? [doc.scenario] : doc.scenarios;
    for (const s of scenarios) expectFinite(simulate(await compileScenario(s)));
    return 'simulated';
  });
}

const refArb = fc.constantFrom(
  'economies/e.json',
  'policies/p.json',
  's.json',
  '../lib/s.json',
  '/lib/s.json',
  'missing.json',
  '../../../../etc/passwd',
  'economies/../economies/e.json',
  '',
  'c.json',
);

const overrideArb = fc.record({
  path: fc.oneof(
    fc.constantFrom(
      '/discountRate/value',
      '/economy/projects/0/steadyOutput/value',
      '/policy/agreement/to',
      '/economy/__proto__/polluted',
      '/__proto__/polluted',
      '/economy/constructor/prototype/polluted',
      '/economy/parties/0/name/constructor',
      '/',
      '/nothing/here',
      '/economy/projects/99/id',
      '/years',
      '/economy/projects',
    ),
    fc.string({ maxLength: 20 }).map((s) => `/${s}`),
  ),
  value: fc.oneof(hostileNumber, hostileString, fc.constantFrom<unknown>(null, [], {}, { polluted: true }, deep(100))),
});

describe('fuzz: file references and overrides', { timeout: 120_000 }, () => {
  it('any reference graph (self, cycles, missing, outside the library) ends with a clear result', async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb(), refArb, refArb, fc.array(refArb, { maxLength: 5 }), async (s, economyRef, policyRef, entries) => {
        const files = split(s);
        (files['lib/s.json'] as any).economy = economyRef;
        (files['lib/s.json'] as any).policy = policyRef;
        files['lib/c.json'] = { kind: 'comparison', id: 'c', title: { zh: 'c', en: 'c' }, description: { zh: 'c', en: 'c' }, scenarios: entries };
        await load('lib/s.json', files);
        await load('lib/c.json', files);
      }),
      { seed: SEED + 3, numRuns: 120 },
    );
  });

  it('hostile overrides are refused or applied, never pollute a prototype', async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb(), fc.array(overrideArb, { minLength: 1, maxLength: 4 }), async (s, overrides) => {
        const files = split(s);
        (files['lib/s.json'] as any).overrides = overrides;
        await load('lib/s.json', files);
        expect(({} as any).polluted).toBeUndefined();
        expect((Object.prototype as any).polluted).toBeUndefined();
      }),
      { seed: SEED + 4, numRuns: 150 },
    );
  });

  it('the self-references of the brief end with a named error, not recursion', async () => {
    const files = split((fc.sample(scenarioArb(), { seed: SEED, numRuns: 1 }) as ResolvedScenario[])[0]!);
    (files['lib/s.json'] as any).economy = 's.json';
    await expect(loadDocument('lib/s.json', library(files))).rejects.toMatchObject({
      issues: [{ path: '/economy', message: expect.stringContaining('is a scenario file; expected a economy') }],
    });
    files['lib/c.json'] = { kind: 'comparison', id: 'c', title: { zh: 'c', en: 'c' }, description: { zh: 'c', en: 'c' }, scenarios: ['c.json', 's.json'] };
    await expect(loadDocument('lib/c.json', library(files))).rejects.toMatchObject({
      issues: [{ path: '/scenarios/0/kind', message: expect.stringContaining('expected a scenario') }],
    });
    // A resolved scenario given to resolveScenario again is simply valid: no reference to follow.
    const s = (fc.sample(scenarioArb(), { seed: SEED, numRuns: 1 }) as ResolvedScenario[])[0]!;
    await expect(resolveScenario(s, 'x.json', library({}))).resolves.toEqual(s);
  });
});

// ------------------------------------------------------------------ random expressions

const ATOMS = ['1', '0.5', '-1', '1e300', '999999999', '""', '"abc"', '$pad("", 1000, "a")', '[1..9999]', '[1..100]', '{"a": 1}', '$', 'project', 'project.id', 'year', 'null', 'true', '/a*/', '/(ab)+/', 'function($x){$x}', 'function($a,$b){$a>$b}', '$string([1..9999])'];
const FUNCTIONS = ['$sum', '$count', '$max', '$min', '$average', '$string', '$substring', '$substringBefore', '$substringAfter', '$lowercase', '$uppercase', '$length', '$trim', '$pad', '$match', '$contains', '$replace', '$split', '$join', '$formatNumber', '$formatBase', '$number', '$floor', '$ceil', '$round', '$abs', '$sqrt', '$power', '$boolean', '$not', '$map', '$zip', '$filter', '$single', '$reduce', '$sift', '$keys', '$lookup', '$append', '$exists', '$spread', '$merge', '$reverse', '$each', '$type', '$sort', '$distinct', '$base64encode', '$base64decode', '$encodeUrlComponent', '$encodeUrl', '$decodeUrlComponent', '$decodeUrl', '$clone', '$eval', '$random', '$toMillis'];
const randomExpression = fc.letrec((tie) => ({
  e: fc.oneof(
    { depthSize: 'small' },
    fc.constantFrom(...ATOMS),
    fc.tuple(fc.constantFrom(...FUNCTIONS), fc.array(tie('e'), { maxLength: 3 })).map(([f, args]) => `${f}(${args.join(', ')})`),
    fc.tuple(tie('e'), fc.constantFrom('&', '+', '*', '=', '.', ' in ', '~>'), tie('e')).map(([a, op, b]) => `(${a}${op}${b})`),
  ),
})).e as fc.Arbitrary<string>;

describe('fuzz: random compositions of every built-in with hostile arguments', { timeout: 120_000 }, () => {
  it('end with a share or a ScenarioError at the rule, within the hang bound', async () => {
    const input = { year: 2025, yearsSinceStart: 1, agreementYear: 1, project: { id: 'p1', category: 'c', origin: 'A', host: 'B', registration: 'A', steadyOutput: 10, costShares: { A: 0.5, B: 0.5 } } };
    await fc.assert(
      fc.asyncProperty(randomExpression, async (src) => {
        const started = Date.now();
        try {
          const r = await evaluateShares(`($r := ${src}; 0.5)`, [input], '/policy/rules/x/tax/jsonata');
          expect(r[0]).toBe(0.5);
        } catch (err) {
          if (!(err instanceof ScenarioError)) throw err;
          expect(err.issues).toHaveLength(1);
          expect(err.issues[0]!.path).toBe('/policy/rules/x/tax/jsonata');
        }
        expect(Date.now() - started).toBeLessThan(HANG_MS);
      }),
      { seed: SEED + 5, numRuns: 300 },
    );
  });
});
