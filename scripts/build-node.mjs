#!/usr/bin/env node
// Builds the Node side once, so nothing transpiles TypeScript at run time: the CLI, the Monte
// Carlo worker thread and the library entry, bundled by esbuild into build/ (ESM, code-split
// so `pairsim --help` loads only the command table), plus .d.ts types for the library.
// Runs from `npm ci`/`npm install` (the `prepare` script), from `npm pack`, from the test
// set-up (without types), and from bin/pairsim.mjs when build/ is missing.
// Usage: node scripts/build-node.mjs [--no-types | --types-only]
import { build } from 'esbuild';
import { rm, mkdir, writeFile, rename } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';

const root = fileURLToPath(new URL('..', import.meta.url));
export const OUT = join(root, 'build');

/** The bundles: the CLI, the worker-thread entry, the library (package "." export) and its Node-only part ("./node"). */
export const ENTRIES = {
  cli: 'engine/cli/main.ts',
  // The worker thread of the commands that evaluate scenarios under a hard deadline (engine/cli/isolate.ts).
  'cli-worker': 'engine/cli/cli-worker.ts',
  'node-worker': 'engine/analysis/node-worker.ts',
  index: 'engine/api.ts',
  node: 'engine/node.ts',
};

/**
 * ajv standalone code for the schemas validate.ts checks documents against (ajv-options.ts),
 * compiled with the same options and the same $defs hoisting: the bundles then validate
 * without compiling a schema at start-up (seconds of CPU for the scenario format).
 */
export async function precompiledValidators(tmp) {
  const entry = join(tmp, 'validators-source.mjs');
  await build({
    absWorkingDir: root,
    stdin: {
      contents: "export { AJV_OPTIONS, VALIDATED } from './engine/schema/ajv-options.ts'; export { withDefs } from './engine/schema/defs.ts';",
      resolveDir: root,
      loader: 'ts',
    },
    outfile: entry,
    bundle: true,
    format: 'esm',
    platform: 'node',
    packages: 'external',
    logLevel: 'warning',
  });
  const { AJV_OPTIONS, VALIDATED, withDefs } = await import(pathToFileURL(entry).href);
  const { default: Ajv } = await import('ajv');
  const { default: standaloneCode } = await import('ajv/dist/standalone/index.js');
  const ajv = new Ajv({ ...AJV_OPTIONS, code: { source: true, esm: true } });
  const names = Object.keys(VALIDATED);
  for (const name of names) ajv.addSchema(withDefs(JSON.parse(JSON.stringify(VALIDATED[name]))), name);
  const code = standaloneCode(ajv, Object.fromEntries(names.map((n) => [n, n])));
  await rm(entry, { force: true });
  return `${code}\nexport const PRECOMPILED = { ${names.join(', ')} };\n`;
}

export async function buildNode({ types = true, metafile = false } = {}) {
  // Build into a fresh directory, then swap it in, so a reader never sees half a build.
  const tmp = `${OUT}.tmp-${process.pid}`;
  await rm(tmp, { recursive: true, force: true });
  await mkdir(tmp, { recursive: true });
  const validators = await precompiledValidators(tmp);
  const result = await build({
    absWorkingDir: root,
    entryPoints: ENTRIES,
    outdir: tmp,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    // Prefer packages' ESM builds: jsonc-parser's CommonJS build is a UMD wrapper whose requires esbuild cannot follow.
    mainFields: ['module', 'main'],
    target: 'node20',
    outExtension: { '.js': '.mjs' },
    // Chunks sit beside the entries: the pool finds the worker as ./node-worker.mjs.
    chunkNames: 'chunk-[hash]',
    // CommonJS dependencies (ajv, jsonata…) call require(); give bundled ESM a real one.
    banner: { js: "import { createRequire as __pwRequire } from 'node:module'; const require = __pwRequire(import.meta.url);" },
    legalComments: 'linked',
    minifySyntax: true,
    minifyWhitespace: true,
    sourcemap: false,
    metafile,
    logLevel: 'warning',
    plugins: [
      {
        name: 'precompiled-validators',
        setup(b) {
          b.onLoad({ filter: /engine[\\/]schema[\\/]precompiled\.ts$/ }, () => ({ contents: validators, loader: 'js', resolveDir: join(root, 'engine/schema') }));
        },
      },
    ],
  });
  if (types) await emitTypes(join(tmp, 'types'));
  // Without --types, keep the declarations of the last full build (they only describe the API).
  else if (existsSync(join(OUT, 'types'))) await rename(join(OUT, 'types'), join(tmp, 'types'));
  await writeFile(join(tmp, 'package.json'), '{ "type": "module" }\n');
  await rm(OUT, { recursive: true, force: true });
  await rename(tmp, OUT);
  return result;
}

/** .d.ts files for the library entry, with the TypeScript compiler API (declarations only). */
async function emitTypes(outDir) {
  const ts = (await import('typescript')).default;
  await mkdir(outDir, { recursive: true });
  const program = ts.createProgram([join(root, 'engine/api.ts'), join(root, 'engine/node.ts')], {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ['lib.es2022.d.ts', 'lib.dom.d.ts', 'lib.webworker.importscripts.d.ts'],
    types: ['node'],
    strict: true,
    skipLibCheck: true,
    esModuleInterop: true,
    resolveJsonModule: true,
    declaration: true,
    emitDeclarationOnly: true,
    rootDir: join(root, 'engine'),
    outDir,
  });
  // Type errors are the typecheck's job (npm run typecheck, land, CI); declarations are emitted regardless.
  const { emitSkipped, diagnostics } = program.emit(undefined, undefined, undefined, true);
  // A declaration problem in one module must not stop `npm ci` (the JavaScript is what runs):
  // say so, keep what was emitted; the pack test checks the entry's declarations are there.
  if (emitSkipped || diagnostics.length) {
    const text = ts.formatDiagnostics(diagnostics.slice(0, 5), { getCanonicalFileName: (f) => f, getCurrentDirectory: () => root, getNewLine: () => '\n' });
    process.stderr.write(`build: warning: some .d.ts files were not emitted:\n${text}`);
  }
}

/** Only the declarations, swapped into build/types without touching the JavaScript. */
export async function buildTypes() {
  const tmp = join(OUT, `types.tmp-${process.pid}`);
  await rm(tmp, { recursive: true, force: true });
  await emitTypes(tmp);
  await rm(join(OUT, 'types'), { recursive: true, force: true });
  await rename(tmp, join(OUT, 'types'));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const started = Date.now();
  if (process.argv.includes('--types-only')) await buildTypes();
  else await buildNode({ types: !process.argv.includes('--no-types') });
  process.stderr.write(`build: build/ written in ${Date.now() - started} ms\n`);
}
