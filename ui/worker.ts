// The engine worker: every scenario is resolved, compiled and simulated here, never on the page.
import * as Comlink from 'comlink';
import { Session } from './engine/session.js';
import { Calibrations, libraryObserved } from './engine/calibration.js';
import type { EngineApi } from './protocol.js';

const session = new Session();
const calibrations = new Calibrations((handle, levers) => session.at(handle, levers));
const api: EngineApi = {
  library: () => session.library(),
  openBuiltin: (path) => session.openBuiltin(path),
  openText: (name, text) => session.openText(name, text),
  run: (handle, levers) => session.run(handle, levers),
  close: (handle) => session.close(handle),
  negotiate: (handle, levers, path) => session.negotiate(handle, levers, path),
  uncertainty: (handle, levers, draws, seed, runId, onProgress) => session.uncertainty(handle, levers, draws, seed, runId, onProgress),
  cancel: (runId) => session.cancel(runId),
  check: (name, text) => session.check(name, text),
  inspect: (name, text) => session.inspect(name, text),
  standalone: (handle, levers) => session.standalone(handle, levers),
  sourceText: (handle) => session.sourceText(handle),
  libraryObserved: (path) => libraryObserved(path),
  observed: (handle, levers, csv) => calibrations.observed(handle, levers, csv),
  calibrate: (handle, levers, csv, specs, runId, onProgress) => calibrations.calibrate(handle, levers, csv, specs, runId, onProgress),
  cancelCalibration: (runId) => calibrations.cancel(runId),
};

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
