// Browser tests: build the app once with vite's build() API, serve dist/ on a free port.
import { build } from 'vite';
import type { TestProject } from 'vitest/node';
import { fileURLToPath } from 'node:url';
import { serveStatic } from './static-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    appUrl: string;
  }
}

const root = fileURLToPath(new URL('../..', import.meta.url));

export default async function setup(project: TestProject) {
  // vitest sets NODE_ENV=test, which would make vite resolve Lit's development build.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    // Mode "test": the build carries the fault-drill hook (window.__pairingWorkbench) that
    // production builds leave out (ui/controllers/engine-connection.ts).
    await build({ root, configFile: `${root}vite.config.ts`, logLevel: 'warn', mode: 'test' });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
  const { url, server } = await serveStatic(`${root}dist`, '/some/deep/path/');
  project.provide('appUrl', url);
  return async () => {
    await new Promise<void>((ok) => server.close(() => ok()));
  };
}
