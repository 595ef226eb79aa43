// pairsim validate FILE…: exit 0 when every file is valid, else one "FILE: POINTER: message" line per error.
import { loadDocument } from '../../schema/resolve.js';
import { ScenarioError, validateDocument } from '../../schema/validate.js';
import { compileScenario } from '../../model/compile.js';
import { readDocument, referenceReader } from '../read.js';
import { EXIT, UsageError, issueLine, oneLine, parse, type Command } from '../common.js';
import { spec } from './specs.js';
import { loadMathFor } from '../../math.js';
import { watchFile } from '../../model/watch.js';

function isSchemaDocument(doc: unknown): boolean {
  const schema = (doc as { $schema?: unknown })?.$schema;
  return typeof schema === 'string' && schema.includes('json-schema.org');
}

export const validate: Command = {
  ...spec('validate'),
  async run(argv, io) {
    const { positionals } = parse(argv, {}, this.usage);
    if (!positionals.length) throw new UsageError(`give at least one file\nusage: ${this.usage}`);
    let failed = 0;
    for (const path of positionals) {
      const problems: string[] = [];
      watchFile(path); // the hard deadline's message names the file whose rule it stopped
      try {
        const doc = await readDocument(path);
        const kind = (doc as { kind?: unknown })?.kind;
        // The format's own JSON Schema sits among the scenario files (for editors); a glob
        // such as scenarios/*.json picks it up, so it is named and skipped, not failed.
        if (kind === undefined && isSchemaDocument(doc)) {
          io.out(`${path}: skipped (the JSON Schema of the scenario format, not a scenario file)\n`);
          continue;
        }
        if (kind === 'scenario' || kind === 'comparison') {
          // Follow references and compile too: expressions are checked by running them.
          const loaded = await loadDocument(path, referenceReader(path));
          for (const s of loaded.kind === 'scenario' ? [loaded.scenario] : loaded.scenarios) await compileScenario(s);
        } else {
          await loadMathFor(doc);
          problems.push(...validateDocument(doc).map((i) => issueLine(path, i)));
        }
      } catch (err) {
        if (err instanceof ScenarioError) problems.push(...err.issues.map((i) => issueLine(path, i)));
        else problems.push(oneLine(`${path}: ${(err as Error)?.message ?? String(err)}`));
      }
      if (problems.length) {
        failed++;
        for (const p of problems) io.err(`${p}\n`);
      } else io.out(`${path}: valid\n`);
    }
    return failed ? EXIT.invalidInput : EXIT.ok;
  },
};
