// The package as another project uses it: `npm pack`, install the tarball into a fresh
// project, and import and run a library scenario from plain Node (no TypeScript loader).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadFixture } from '../helpers.js';
import { compileScenario } from '../../engine/model/compile.js';
import { simulate } from '../../engine/model/simulate.js';
import { runReport } from '../../engine/model/report.js';

const ROOT = resolve('.');
const pkg = JSON.parse(readFileSync('package.json', 'utf8'));

describe('npm pack → install → import', { timeout: 300_000 }, () => {
  it('installs from the tarball and runs a library scenario through the public API and the bin', async () => {
    // The test set-up rebuilt the JavaScript; declarations come from the last full build.
    if (!existsSync('build/types/api.d.ts')) execFileSync(process.execPath, ['scripts/build-node.mjs', '--types-only'], { stdio: 'ignore' });
    const dir = mkdtempSync(join(tmpdir(), 'pairsim-pack-'));
    const packed = JSON.parse(
      execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }),
    )[0] as { filename: string; files: { path: string }[] };
    const files = packed.files.map((f) => f.path);
    for (const f of ['bin/pairsim.mjs', 'build/index.mjs', 'build/node.mjs', 'build/cli.mjs', 'build/cli-worker.mjs', 'build/node-worker.mjs', 'build/types/api.d.ts', 'scenarios/jinniu-pengzhou.json', 'scenarios/scenario.schema.json'])
      expect(files, f).toContain(f);
    // Built JavaScript only: no TypeScript sources, tests or benchmark inputs.
    expect(files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);
    expect(files.some((f) => f.startsWith('test/') || f.startsWith('scenarios/bench/'))).toBe(false);

    const project = join(dir, 'consumer');
    mkdirSync(project);
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
    execFileSync('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', join(dir, packed.filename)], { cwd: project, stdio: 'ignore', timeout: 280_000 });
    writeFileSync(
      join(project, 'main.mjs'),
      `import { compileScenario, simulate, runReport, monteCarlo, validateDocument } from 'pairing-workbench';
import { loadScenarioFile } from 'pairing-workbench/node';
const s = await loadScenarioFile('node_modules/pairing-workbench/scenarios/jinniu-pengzhou.json');
const report = runReport(s, simulate(await compileScenario(s), { synergyParts: true }));
const mc = await monteCarlo(s, { draws: 40, seed: 2 });
const issues = validateDocument({ kind: 'scenario' });
let internal = 'importable';
try { await import('pairing-workbench/engine/model/kernel.ts'); } catch (e) { internal = e.code; }
console.log(JSON.stringify({ report, mcDraws: mc.config.draws, issues: issues.length, internal }));
`,
    );
    const run = spawnSync(process.execPath, ['main.mjs'], { cwd: project, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const got = JSON.parse(run.stdout);
    // The same numbers as the engine under test gives for the same file.
    const s = await loadFixture('scenarios/jinniu-pengzhou.json');
    expect(got.report).toEqual(JSON.parse(JSON.stringify(runReport(s, simulate(await compileScenario(s), { synergyParts: true })))));
    expect(got.report.summary.synergy.parts.gdp).toBeDefined();
    expect(got.mcDraws).toBe(40);
    expect(got.issues).toBeGreaterThan(0);
    expect(got.internal).toBe('ERR_PACKAGE_PATH_NOT_EXPORTED');

    const bin = spawnSync(join(project, 'node_modules/.bin/pairsim'), ['--version'], { cwd: project, encoding: 'utf8' });
    expect(bin.stdout).toBe(`${pkg.version}\n`);
    // validate runs in the CLI's worker thread (build/cli-worker.mjs), found beside the entry.
    const validate = spawnSync(join(project, 'node_modules/.bin/pairsim'), ['validate', 'node_modules/pairing-workbench/scenarios/jinniu-pengzhou.json'], { cwd: project, encoding: 'utf8' });
    expect(validate.stderr).toBe('');
    expect(validate.stdout).toBe('node_modules/pairing-workbench/scenarios/jinniu-pengzhou.json: valid\n');
    const types = readFileSync(join(project, 'node_modules/pairing-workbench/build/types/api.d.ts'), 'utf8');
    expect(types).toMatch(/export \{ compileScenario \}/);
    expect(types).toMatch(/export declare function monteCarlo/);
  });
});
