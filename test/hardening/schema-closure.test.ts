// Schema closure: every object in the scenario format is closed (additionalProperties:
// false), maps included (policy.rules, keyed by category id). A hostile key anywhere is an
// issue with its JSON pointer, never a crash, and a policy file validated alone gets the
// same checks as inside a scenario.
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { escapeSegment, formatPointer } from '../../engine/pointer.js';
import { validateDocument, validateScenario } from '../../engine/schema/validate.js';
import { readJson } from '../helpers.js';

const SEED = 18_2026_1202;
const ID = /^(\*|[A-Za-z][A-Za-z0-9_-]*)$/;

/** Keys a hostile file might use: not ids, escapes, prototype names, look-alikes. */
const hostileKey = fc.oneof(
  fc.constantFrom('a b', 'x/y', '~', '~0', '~1', '', ' ', '__proto__', 'constructor', 'prototype', 'toString', '1abc', '-x', '*x', 'ａ', 'a\tb', 'a.b', '../x', '%2F'),
  fc.string({ maxLength: 12 }),
);

function objectPaths(value: unknown, at: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (Array.isArray(value)) value.forEach((v, i) => objectPaths(v, [...at, i], out));
  else if (value && typeof value === 'object') {
    out.push(at);
    for (const [k, v] of Object.entries(value)) objectPaths(v, [...at, k], out);
  }
  return out;
}

describe('schema closure', () => {
  it('every object schema of the format is closed (additionalProperties: false)', () => {
    const schema = JSON.parse(readFileSync('scenarios/scenario.schema.json', 'utf8'));
    const open: string[] = [];
    const walk = (node: unknown, at: string) => {
      if (Array.isArray(node)) return node.forEach((n, i) => walk(n, `${at}/${i}`));
      if (!node || typeof node !== 'object') return;
      const o = node as Record<string, unknown>;
      // A discriminated union (oneOf, no fields of its own) is closed when its branches are;
      // each branch is an object schema of its own, checked where the walk meets it.
      const union = Array.isArray(o.oneOf) && !o.properties && !o.patternProperties;
      if ((o.type === 'object' || o.properties || o.patternProperties) && !union && o.additionalProperties !== false) open.push(at);
      for (const [k, v] of Object.entries(o)) walk(v, `${at}/${escapeSegment(k)}`);
    };
    walk(schema, '');
    expect(open).toEqual([]);
  });

  it('a hostile rule key is an issue at its pointer, inside a scenario and in a policy file alone (fuzz)', async () => {
    const base = (await readJson('test/fixtures/two-project.json')) as { policy: { rules: Record<string, unknown> } };
    fc.assert(
      fc.property(hostileKey, (key) => {
        const doc = structuredClone(base);
        // defineProperty, so that "__proto__" becomes an own key, as JSON.parse makes it.
        const rules: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(doc.policy.rules))
          Object.defineProperty(rules, k === 'joint' ? key : k, { value: v, enumerable: true, writable: true, configurable: true });
        doc.policy.rules = rules;
        const where = `/policy/rules/${escapeSegment(key)}`;
        const inScenario = validateDocument(doc);
        const alone = validateDocument(doc.policy);
        const checked = validateScenario(doc);
        // An id-shaped key ("constructor" too) is a category name: inside a scenario it must be
        // one of the economy's categories (checked elsewhere); alone, it cannot be checked.
        if (ID.test(key) && key.length <= 64) return;
        for (const issues of [inScenario, checked.ok ? [] : checked.errors]) {
          expect(issues.length, key).toBeGreaterThan(0);
          expect(issues.some((i) => i.path === where || i.path.startsWith(`${where}/`)), `${key}: ${JSON.stringify(issues)}`).toBe(true);
        }
        expect(alone.some((i) => i.path === `/rules/${escapeSegment(key)}` || i.path.startsWith(`/rules/${escapeSegment(key)}/`)), `${key}: ${JSON.stringify(alone)}`).toBe(true);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('a hostile key in any object of a scenario is an issue naming that object or the key, never an exception (fuzz)', async () => {
    const base = await readJson('test/fixtures/two-project.json');
    const paths = objectPaths(base);
    fc.assert(
      fc.property(fc.nat(), hostileKey, (n, key) => {
        const doc = structuredClone(base) as Record<string, unknown>;
        const at = paths[n % paths.length]!;
        let node: Record<string | number, unknown> = doc;
        for (const seg of at) node = node[seg] as Record<string | number, unknown>;
        if (Object.prototype.hasOwnProperty.call(node, key)) return;
        Object.defineProperty(node, key, { value: 1, enumerable: true, writable: true, configurable: true });
        const issues = validateDocument(doc);
        expect(issues.length, `${formatPointer(at)} + ${JSON.stringify(key)}`).toBeGreaterThan(0);
        const parent = formatPointer(at);
        expect(issues.some((i) => parent === '' || i.path === parent || i.path.startsWith(`${parent}/`) || parent.startsWith(i.path)), JSON.stringify(issues)).toBe(true);
      }),
      { seed: SEED + 1, numRuns: 300 },
    );
  });
});
