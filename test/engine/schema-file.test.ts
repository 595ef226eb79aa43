// The JSON Schema file editors use must be the one the engine validates with.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { schemaDocument } from '../../engine/schema/emit.js';

describe('scenarios/scenario.schema.json', () => {
  it('is up to date with engine/schema/scenario.ts (run `npm run schema` after changing the format)', () => {
    expect(JSON.parse(readFileSync('scenarios/scenario.schema.json', 'utf8'))).toEqual(JSON.parse(schemaDocument()));
  });
});
