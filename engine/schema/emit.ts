// Writes the JSON Schema file of the scenario format (scenarios/scenario.schema.json)
// from the TypeBox definitions, so editors can check scenario files. `npm run schema`.
// Repeated blocks (provenance, bilingual labels, identifiers…) are emitted once under `$defs`
// and referenced with `$ref`; the `$id` names the format, not a location, so it never changes
// when the file moves (library files point at the file itself with a relative `$schema`).
import { writeFileSync } from 'node:fs';
import { ScenarioFile } from './scenario.js';
import { withDefs } from './defs.js';

/** The schema's stable identifier (bump the version only for an incompatible format). */
export const SCHEMA_ID = 'urn:pairing-workbench:scenario-file:v1';

export function schemaDocument(): string {
  const body = withDefs(JSON.parse(JSON.stringify(ScenarioFile)));
  const doc = {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: SCHEMA_ID,
    title: 'Pairing Workbench scenario file',
    ...body,
  };
  return JSON.stringify(doc, null, 2) + '\n';
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  writeFileSync(new URL('../../scenarios/scenario.schema.json', import.meta.url), schemaDocument());
  console.log('wrote scenarios/scenario.schema.json');
}
