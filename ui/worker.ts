// The engine worker: every scenario is resolved, compiled and simulated here, never on the page.
import * as Comlink from 'comlink';
import { Session } from './engine/session.js';
import type { EngineApi } from './protocol.js';

const session = new Session();
const api: EngineApi = {
  library: () => session.library(),
  openBuiltin: (path) => session.openBuiltin(path),
  openText: (name, text) => session.openText(name, text),
  run: (handle, levers) => session.run(handle, levers),
  close: (handle) => session.close(handle),
};
Comlink.expose(api);
