// Writes the JSON Schema file of the scenario format (scenarios/scenario.schema.json)
// from the TypeBox definitions, so editors can check scenario files. `npm run schema`.
import { writeFileSync } from 'node:fs';
import { ScenarioFile } from './scenario.js';

export function schemaDocument(): string {
  const doc = {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://pairing-workbench.local/scenario.schema.json',
    title: 'Pairing Workbench scenario file',
    ...JSON.parse(JSON.stringify(ScenarioFile)),
  };
  return JSON.stringify(doc, null, 2) + '\n';
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  writeFileSync(new URL('../../scenarios/scenario.schema.json', import.meta.url), schemaDocument());
  console.log('wrote scenarios/scenario.schema.json');
}
