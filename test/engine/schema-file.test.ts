// The JSON Schema file editors use must be the one the engine validates with, and fit for
// editors: repeated blocks under $defs, a stable $id, every library file pointing at it.
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import { SCHEMA_ID, schemaDocument } from '../../engine/schema/emit.js';
import { withDefs } from '../../engine/schema/defs.js';

const FILE = 'scenarios/scenario.schema.json';
const schema = JSON.parse(readFileSync(FILE, 'utf8'));
const walk = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith('.json') ? [join(dir, e.name)] : []));
const library = walk('scenarios').filter((f) => f !== FILE);

/** Every object in a JSON value, with its serialisation. */
function objects(v: unknown, out: string[] = []): string[] {
  if (Array.isArray(v)) v.forEach((x) => objects(x, out));
  else if (v && typeof v === 'object') {
    out.push(JSON.stringify(v));
    Object.values(v).forEach((x) => objects(x, out));
  }
  return out;
}

describe('scenarios/scenario.schema.json', () => {
  it('is up to date with engine/schema/scenario.ts (run `npm run schema` after changing the format)', () => {
    expect(schema).toEqual(JSON.parse(schemaDocument()));
  });

  it('has a stable $id and no block of 120+ characters repeated: repeats are $defs referenced by $ref', () => {
    expect(schema.$id).toBe(SCHEMA_ID);
    expect(Object.keys(schema.$defs).length).toBeGreaterThan(5);
    // Schemas (not maps of property names) of 120+ characters.
    const isSchema = (s: string) => ['type', 'anyOf', 'oneOf', 'allOf'].some((k) => k in JSON.parse(s));
    const big = objects(schema).filter((s) => s.length >= 120 && isSchema(s));
    const seen = new Map<string, number>();
    for (const s of big) seen.set(s, (seen.get(s) ?? 0) + 1);
    const repeated = [...seen].filter(([, n]) => n > 1).map(([s]) => s.slice(0, 80));
    expect(repeated).toEqual([]);
    // Every $ref resolves.
    for (const s of objects(schema)) {
      const m = /^\{"\$ref":"#\/\$defs\/([^"]+)"\}$/.exec(s);
      if (m) expect(schema.$defs[m[1]!], m[1]).toBeDefined();
    }
  });

  it('every library file names it in $schema (a relative path) and validates against the file itself', () => {
    const validate = new Ajv({ strict: false, discriminator: true, allErrors: true }).compile(schema);
    expect(library.length).toBeGreaterThan(40);
    for (const f of library) {
      const doc = JSON.parse(readFileSync(f, 'utf8'));
      expect(doc.$schema, f).toBe(relative(dirname(f), FILE).replace(/^(?!\.)/, './'));
      expect(validate(doc), `${f}: ${JSON.stringify(validate.errors?.slice(0, 2))}`).toBe(true);
    }
  });

  it('withDefs keeps the meaning: a hoisted schema accepts and rejects the same documents', () => {
    const block = { type: 'object', properties: { value: { type: 'number', minimum: 0 }, unit: { const: 'share', description: 'x'.repeat(120) } }, required: ['value'], additionalProperties: false };
    const plain = { type: 'object', properties: { a: block, b: block, c: { type: 'array', items: block } } };
    const hoisted = withDefs(plain);
    expect(Object.keys(hoisted.$defs as object)).toEqual(['a']);
    expect(hoisted.properties).toEqual({ a: { $ref: '#/$defs/a' }, b: { $ref: '#/$defs/a' }, c: { type: 'array', items: { $ref: '#/$defs/a' } } });
    const ajv = new Ajv({ strict: false });
    const v1 = ajv.compile(plain);
    const v2 = ajv.compile(hoisted);
    for (const doc of [{}, { a: { value: 1 } }, { a: { value: -1 } }, { b: { value: 1, extra: 1 } }, { c: [{ value: 2 }, { unit: 'share' }] }, { c: [{ value: 2, unit: 'share' }] }])
      expect(v2(doc), JSON.stringify(doc)).toBe(v1(doc));
  });
});
