// The engine worker: every scenario is resolved, compiled and simulated here, never on the page.
import * as Comlink from 'comlink';
import { loadPrecompiledValidators, prepareValidator } from '../engine/schema/validate.js';
import { Session } from './engine/session.js';
import type { Calibrations } from './engine/calibration.js';
import { libraryObserved } from './engine/observed-files.js';
import type { EngineApi } from './protocol.js';
import { packRun, packedBuffers } from './packed-rows.js';

const session = new Session();
// Calibration (its fitting code and matrix library) is loaded the first time it is used, not at
// start-up: the worker then boots and opens the first view sooner.
const calibrationModule = () => import('./engine/calibration.js');
let calibrationsLoaded: Promise<Calibrations> | null = null;
const calibrations = () =>
  (calibrationsLoaded ??= calibrationModule().then(({ Calibrations }) => new Calibrations((handle, levers) => session.at(handle, levers))));
const api: EngineApi = {
  library: () => session.library(),
  openBuiltin: (path) => session.openBuiltin(path),
  openText: (name, text) => session.openText(name, text),
  run: async (handle, levers) => {
    const wire = packRun(await session.run(handle, levers));
    return wire.ok ? Comlink.transfer(wire, packedBuffers(wire.packed)) : wire;
  },
  close: (handle) => session.close(handle),
  negotiate: (handle, levers, path) => session.negotiate(handle, levers, path),
  uncertainty: (handle, levers, draws, seed, runId, onProgress) => session.uncertainty(handle, levers, draws, seed, runId, onProgress),
  cancel: (runId) => session.cancel(runId),
  check: (name, text) => session.check(name, text),
  inspect: (name, text) => session.inspect(name, text),
  standalone: (handle, levers) => session.standalone(handle, levers),
  sourceText: (handle) => session.sourceText(handle),
  libraryObserved: (path) => libraryObserved(path),
  observed: async (handle, levers, csv) => {
    // A scenario without figures, and no file given: answered here, without loading the calibration code.
    if (!csv) {
      const at = session.at(handle, levers);
      if (at.ok && !at.scenario.observed?.length) return { ok: true, none: true };
    }
    return (await calibrations()).observed(handle, levers, csv);
  },
  calibrate: async (handle, levers, csv, specs, runId, onProgress) => (await calibrations()).calibrate(handle, levers, csv, specs, runId, onProgress),
  cancelCalibration: (runId) => void calibrationsLoaded?.then((c) => c.cancel(runId)),
};

// The first view (the built-in library, trusted) needs no JSON Schema validator; the ones an
// edit, an opened file or a moved slider needs are readied here once the worker has been quiet
// for a moment: the build's precompiled chunk is loaded (from the sources, or if it cannot be
// loaded, they are compiled, one schema per task, so a request waits for at most one of them).
const QUIET_MS = 400;
let warmTimer: ReturnType<typeof setTimeout> | undefined;
const warmLater = () => {
  clearTimeout(warmTimer);
  warmTimer = setTimeout(() => {
    void loadPrecompiledValidators().then(() => {
      if (prepareValidator()) warmLater();
    });
  }, QUIET_MS);
};
for (const name of Object.keys(api) as (keyof EngineApi)[]) {
  const call = api[name] as (...args: unknown[]) => unknown;
  (api as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => {
    clearTimeout(warmTimer);
    try {
      const answer = call(...args);
      if (answer instanceof Promise) answer.finally(warmLater).catch(() => {});
      else warmLater();
      return answer;
    } catch (err) {
      warmLater();
      throw err;
    }
  };
}

// Fault drills for the browser tests: these messages make the worker fail the way a bug
// would (an uncaught exception), or stop answering the way a step that cannot be
// interrupted would (a busy loop), so the page's recovery and watchdog can be exercised.
self.addEventListener('message', (e: MessageEvent) => {
  const drill = e.data && (e.data as { pwFaultDrill?: unknown }).pwFaultDrill;
  if (drill === true)
    setTimeout(() => {
      throw new Error('fault drill: the engine worker was made to fail');
    });
  else if (drill === 'hang')
    setTimeout(() => {
      for (;;); // only terminate() ends this
    });
});
Comlink.expose(api);
