// JSON Schema without repeated blocks: every subschema that occurs more than once (and is not
// trivially small) moves to `$defs` once and is referenced with `$ref`. The emitted editor
// schema uses it (the provenance blocks alone were repeated hundreds of times), and so does
// the validator: ajv compiles each definition once instead of once per occurrence.

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Schema = { [k: string]: Json };

const isObject = (v: unknown): v is Schema => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Keywords whose value is a schema, an array of schemas, or a map of name → schema. */
const ONE = ['items', 'additionalProperties', 'additionalItems', 'not', 'if', 'then', 'else', 'contains', 'propertyNames'];
const MANY = ['anyOf', 'oneOf', 'allOf', 'prefixItems'];
const MAP = ['properties', 'patternProperties', 'definitions', '$defs'];

/** Apply f to every direct child schema of s (returning a new object when f changes one). */
function mapChildren(s: Schema, f: (child: Schema, hint: string) => Json): Schema {
  const out: Schema = { ...s };
  for (const k of ONE) if (isObject(s[k])) out[k] = f(s[k] as Schema, k);
  for (const k of MANY) if (Array.isArray(s[k])) out[k] = (s[k] as Json[]).map((c) => (isObject(c) ? f(c, k) : c));
  for (const k of MAP)
    if (isObject(s[k])) out[k] = Object.fromEntries(Object.entries(s[k] as Schema).map(([name, c]) => [name, isObject(c) ? f(c, name) : c]));
  return out;
}

export interface DefsOptions {
  /** Subschemas whose JSON is shorter than this stay inline (a `$ref` would not be shorter). */
  minChars?: number;
}

/**
 * A copy of `root` (plain JSON) with every repeated subschema moved to `root.$defs`. Names come
 * from the property (or keyword) where a block first occurs, made unique with a number, so the
 * same schema always gives the same names.
 */
export function withDefs(root: Schema, options: DefsOptions = {}): Schema {
  const minChars = options.minChars ?? 120;
  // 1. Intern every subschema bottom-up: identical blocks get the same id.
  const ids = new Map<string, number>();
  const count: number[] = [];
  const size: number[] = [];
  const idOf = new Map<Schema, number>();
  const intern = (s: Schema): number => {
    let childChars = 0;
    const shallow = mapChildren(s, (c) => {
      const id = intern(c);
      childChars += size[id]!;
      return `#${id}`;
    });
    const key = JSON.stringify(shallow);
    let id = ids.get(key);
    if (id === undefined) {
      id = ids.size;
      ids.set(key, id);
      count[id] = 0;
      size[id] = key.length + childChars;
    }
    count[id]!++;
    idOf.set(s, id);
    return id;
  };
  intern(root);

  // 2. Top-down: the first repeated block on a path becomes a definition; inside it, the same rule.
  const defs: Schema = {};
  const nameOf = new Map<number, string>();
  const used = new Set<string>(Object.keys(isObject(root.$defs) ? root.$defs : {}));
  const hoistable = (id: number) => count[id]! > 1 && size[id]! >= minChars;
  const rewrite = (s: Schema, isDefRoot: boolean, hint: string): Json => {
    const id = idOf.get(s)!;
    if (!isDefRoot && hoistable(id)) {
      let name = nameOf.get(id);
      if (!name) {
        const base = hint.replace(/[^A-Za-z0-9_]/g, '') || 'def';
        name = base;
        for (let i = 2; used.has(name); i++) name = `${base}${i}`;
        used.add(name);
        nameOf.set(id, name);
        defs[name] = rewrite(s, true, hint);
      }
      return { $ref: `#/$defs/${name}` };
    }
    // (ajv's discriminator follows a $ref in a oneOf branch, so those are hoisted too.)
    return mapChildren(s, (c, k) => rewrite(c, false, k));
  };
  const out = rewrite(root, true, 'root') as Schema;

  // 3. A definition referenced once is inlined back (it was repeated only inside another definition).
  const refs = new Map<string, number>();
  const countRefs = (v: Json): void => {
    if (Array.isArray(v)) v.forEach(countRefs);
    else if (isObject(v)) {
      if (typeof v.$ref === 'string' && v.$ref.startsWith('#/$defs/')) refs.set(v.$ref.slice(8), (refs.get(v.$ref.slice(8)) ?? 0) + 1);
      Object.values(v).forEach(countRefs);
    }
  };
  countRefs(out);
  countRefs(defs);
  const inline = (v: Json): Json => {
    if (Array.isArray(v)) return v.map(inline);
    if (!isObject(v)) return v;
    if (typeof v.$ref === 'string' && v.$ref.startsWith('#/$defs/') && Object.keys(v).length === 1) {
      const name = v.$ref.slice(8);
      if (refs.get(name) === 1) return inline(defs[name]!);
    }
    return Object.fromEntries(Object.entries(v).map(([k, c]) => [k, inline(c)]));
  };
  const kept = Object.keys(defs).filter((n) => (refs.get(n) ?? 0) > 1);
  const result = inline(out) as Schema;
  if (kept.length) result.$defs = { ...(isObject(root.$defs) ? root.$defs : {}), ...Object.fromEntries(kept.map((n) => [n, inline(defs[n]!)])) };
  return result;
}
