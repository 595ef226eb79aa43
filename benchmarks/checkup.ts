// What a slider move costs on a check-up scenario (engine/model/run.ts): the page's session
// reuses the cached compiled tables, then the check-up loop recompiles once per response year.
// `npx tsx benchmarks/checkup.ts` prints one JSON document; no test asserts these timings.
import { loadDocument } from '../engine/schema/resolve.js';
import { readDocument } from '../engine/cli/read.js';
import { compileScenario } from '../engine/model/compile.js';
import { simulate } from '../engine/model/simulate.js';
import { runScenario } from '../engine/model/run.js';
import { timeAsync, time, ms } from './timing.js';

const PATH = 'scenarios/jinniu-pengzhou-metro-approach.json';
const doc = await loadDocument(PATH, readDocument);
if (doc.kind !== 'scenario') throw new Error(`${PATH} is not a scenario`);
const s = doc.scenario;
const compiled = await compileScenario(s);
const responses = (await runScenario(s, compiled)).checkups?.length ?? 0;
const options = { samples: 9, sampleMs: 200, warmupMs: 500 };
// A cache hit without the loop (what the page did before), and with it (what it does now).
const simulateOnly = time(() => simulate(compiled), options);
const withResponses = await timeAsync(() => runScenario(s, compiled), options);
const fullRebuild = await timeAsync(async () => simulate(await compileScenario(s)), options);
process.stdout.write(
  JSON.stringify(
    {
      scenario: PATH,
      responses,
      msPerRun: { simulateCachedCompile: ms(simulateOnly), runScenarioCachedCompile: ms(withResponses), compileAndSimulate: ms(fullRebuild) },
      detail: { simulateOnly, withResponses, fullRebuild },
    },
    null,
    2,
  ) + '\n',
);
