// What a slider move costs on a check-up scenario (engine/model/run.ts): the page's session
// reuses the cached compiled tables, then the check-up loop recompiles once per response year.
// Also one sweep/bargaining evaluation (engine/analysis): the patched lever model alone
// (compiledAt, what sweeps did before) against the check-up loop on it (respondedAt).
// `npx tsx benchmarks/checkup.ts` prints one JSON document; no test asserts these timings.
import { loadDocument } from '../engine/schema/resolve.js';
import { readDocument } from '../engine/cli/read.js';
import { compileScenario } from '../engine/model/compile.js';
import { simulate } from '../engine/model/simulate.js';
import { runScenario } from '../engine/model/run.js';
import { LeverModel, defaultLever } from '../engine/analysis/levers.js';
import { Evaluation, M } from '../engine/analysis/measures.js';
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
// One sweep point at a time, the lever moving over its range as a sweep does.
const model = await LeverModel.create(s, [defaultLever(s)]);
const ev = new Evaluation(s.economy.parties.length, s.years.to - s.years.from + 1);
const buf = new Float64Array(s.economy.parties.length * M);
let k = 0;
const next = () => (k++ % 101) / 100;
const pointPatched = time(() => ev.run(model.compiledAt([next()]), buf, k > 1), options);
const pointResponded = time(() => ev.run(model.respondedAt([next()]), buf, k > 1), options);
process.stdout.write(
  JSON.stringify(
    {
      scenario: PATH,
      responses,
      msPerRun: { simulateCachedCompile: ms(simulateOnly), runScenarioCachedCompile: ms(withResponses), compileAndSimulate: ms(fullRebuild) },
      msPerSweepPoint: { lever: model.levers[0]!.path, patchedWithoutResponses: ms(pointPatched), withResponses: ms(pointResponded) },
      detail: { simulateOnly, withResponses, fullRebuild, pointPatched, pointResponded },
    },
    null,
    2,
  ) + '\n',
);
