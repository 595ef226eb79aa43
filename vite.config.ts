// Vite builds the workbench (index.html → dist/, relative base so dist/ works from any
// path or file server); vitest runs the unit tests and the browser tests of the built app.
import { defineConfig } from 'vitest/config';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** The commit the page is built from, named in exported archives (ui/zip-export.ts); "unknown" outside git. */
function commit(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short=12', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() || 'unknown';
  } catch {
    return 'unknown';
  }
}
const version = (JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string }).version;

export default defineConfig({
  base: './',
  define: { __APP_VERSION__: JSON.stringify(version), __APP_COMMIT__: JSON.stringify(commit()) },
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 2000 },
  worker: { format: 'es' },
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
