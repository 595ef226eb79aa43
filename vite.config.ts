// Vite builds the workbench (index.html → dist/, relative base so dist/ works from any
// path or file server); vitest runs the unit tests and the browser tests of the built app.
import { defineConfig } from 'vitest/config';
import type { Plugin } from 'vite';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The commit the page is built from, named in exported archives (ui/zip-export.ts); "unknown" outside git. */
function commit(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short=12', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() || 'unknown';
  } catch {
    return 'unknown';
  }
}
/**
 * The web worker's validators compiled ahead of time: engine/schema/precompiled-web.ts becomes
 * ajv's standalone code (what scripts/build-node.mjs makes for the Node build), a chunk the worker
 * loads after the first view or before it validates a user's file, instead of compiling. The
 * code's few require() calls of ajv's runtime helpers become imports.
 */
function precompiledWebValidators(): Plugin {
  // Per plugin instance, i.e. per worker bundle of one build (a module-wide cache would outlive a
  // change of the schemas in a long-lived process).
  let code: Promise<string> | null = null;
  return {
    name: 'pw-precompiled-web-validators',
    apply: 'build',
    load: {
      filter: { id: /engine[\\/]schema[\\/]precompiled-web\.ts$/ },
      handler() {
        code ??= (async () => {
          // @ts-expect-error plain JavaScript build script without types
          const { precompiledValidators } = (await import('./scripts/build-node.mjs')) as { precompiledValidators(tmp: string): Promise<string> };
          // Inside the repository (build.tmp-* is ignored): the bundled schema source imports its packages from node_modules.
          const tmp = await mkdtemp(join(fileURLToPath(new URL('.', import.meta.url)), 'build.tmp-validators-'));
          try {
            const standalone = await precompiledValidators(tmp);
            const imports: string[] = [];
            const body = standalone.replace(/require\("(ajv\/dist\/runtime\/[\w-]+)"\)/g, (_, path: string) => {
              const name = `__pwRuntime${imports.length}`;
              imports.push(`import * as ${name} from ${JSON.stringify(path)};`);
              // The CommonJS module's exports whichever way the bundler maps its default.
              return `(${name}.default && ${name}.default.default ? ${name}.default : ${name})`;
            });
            return `${imports.join('\n')}\n${body}`;
          } finally {
            await rm(tmp, { recursive: true, force: true });
          }
        })();
        return code;
      },
    },
  };
}

const version = (JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string }).version;

export default defineConfig({
  base: './',
  define: { __APP_VERSION__: JSON.stringify(version), __APP_COMMIT__: JSON.stringify(commit()) },
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 2000 },
  worker: { format: 'es', plugins: () => [precompiledWebValidators()] },
  preview: { host: '127.0.0.1', port: 4173 },
  server: { host: '127.0.0.1' },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          // Tests spawn bin/pairsim.mjs and start worker threads: both run build/, rebuilt here first.
          globalSetup: ['test/build-setup.ts'],
          // Unit tests open the generated benchmark scenarios from the built-in library, as the
          // benchmark build of the app does (the app's own build leaves them out).
          env: { VITE_BENCH_LIBRARY: '1' },
          exclude: ['test/browser/**', 'node_modules/**'],
          environment: 'node',
          // The machines are small and shared: a property test that takes 2 s alone can take
          // far longer under load. A hang is still caught; no test asserts a timing.
          testTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/browser/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 180_000,
          // The machine is slow and shared: waiting for the page is not a timing assertion.
          expect: { poll: { timeout: 30_000, interval: 100 } },
          // One chromium at a time: the machine is small and shared.
          fileParallelism: false,
        },
      },
    ],
  },
});
