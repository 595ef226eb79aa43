// CLI conventions: --version, `help CMD`, `CMD --help`/`-h` with an example, usage wrapped to
// the terminal width; and the built CLI runs with no TypeScript loader.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { main } from '../../engine/cli/main.js';
import { SPECS } from '../../engine/cli/commands/specs.js';
import { fill, usageWords, wrapUsage } from '../../engine/cli/wrap.js';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));

async function pairsim(args: string[], columns?: number) {
  let out = '';
  let err = '';
  const code = await main(args, { out: (t) => void (out += t), err: (t) => void (err += t), errIsTty: false, ...(columns ? { columns } : {}) });
  return { code, out, err };
}

describe('pairsim conventions', { timeout: 60_000 }, () => {
  it('--version prints the package version, from the built CLI with no TypeScript loader', () => {
    const r = spawnSync(process.execPath, ['bin/pairsim.mjs', '--version'], { encoding: 'utf8', timeout: 30_000 });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(`${pkg.version}\n`);
    // The launcher imports the bundle, never tsx; tsx is a development dependency only.
    expect(readFileSync('bin/pairsim.mjs', 'utf8')).not.toMatch(/tsx/);
    expect(pkg.dependencies.tsx).toBeUndefined();
    expect(pkg.devDependencies.tsx).toBeDefined();
  });

  it('a reader that closes the pipe early (| head) ends the command quietly, exit 0, nothing on stderr', async () => {
    // 1,000 sweep rows are far more than one pipe buffer: the CLI is still writing when the reader leaves.
    const child = spawn(process.execPath, ['bin/pairsim.mjs', 'sweep', 'scenarios/jinniu-pengzhou.json', '--from', '0', '--to', '1', '--steps', '1000', '--format', 'csv'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    const first = await new Promise<string>((resolve) => child.stdout.once('data', (d) => resolve(String(d))));
    child.stdout.destroy();
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(first).toMatch(/^lever,party,/);
    expect(err).toBe('');
    expect(code).toBe(0);
  });

  it('help CMD, CMD --help and CMD -h print that command\'s usage and an example, exit 0', async () => {
    for (const spec of SPECS) {
      const a = await pairsim(['help', spec.name]);
      const b = await pairsim([spec.name, '--help']);
      const c = await pairsim([spec.name, 'some-file.json', '-h']);
      expect(a.code).toBe(0);
      expect(b).toEqual(a);
      expect(c).toEqual(a);
      expect(a.out).toContain(`usage: pairsim ${spec.name}`);
      expect(a.out).toContain(`example:\n  pairsim ${spec.name}`);
      // Every option of the usage is in the help (wrapping only moves words to new lines).
      expect(a.out.replace(/\s+/g, ' ')).toContain(spec.usage.replace(/^pairsim \S+ /, ''));
    }
  });

  it('an unknown command after help is a usage error; -- ends option parsing before --help', async () => {
    expect((await pairsim(['help', 'frobnicate'])).code).toBe(2);
    // "--help" after "--" is a file name, not a help request.
    const r = await pairsim(['validate', '--', '--help']);
    expect(r.code).toBe(1);
  });

  it('usage wraps to the terminal width without splitting a bracketed option', async () => {
    const spec = SPECS.find((s) => s.name === 'montecarlo')!;
    for (const width of [50, 80, 100]) {
      const { out } = await pairsim(['help', 'montecarlo'], width);
      // The usage ends at the first blank line (montecarlo's --timeout note follows it).
      const usage = out.slice(out.indexOf('usage:'), out.indexOf('\n\n', out.indexOf('usage:')));
      expect(out).toMatch(/\n\n--timeout SECONDS: hard deadline/);
      const lines = usage.split('\n');
      expect(lines.length).toBeGreaterThan(1);
      // A line may be longer only when it holds one bracketed group that cannot be split.
      for (const line of lines) if ([...line].length > width) expect(line.trim().split(' [').length).toBeLessThanOrEqual(2);
      // Continuation lines are indented under the first option.
      for (const line of lines.slice(1)) expect(line.startsWith(' '.repeat('usage: pairsim montecarlo '.length))).toBe(true);
      expect(usage.replace(/\s+/g, ' ')).toBe(`usage: ${spec.usage}`);
    }
    expect(usageWords('pairsim x FILE [--a A --b B] [--c]')).toEqual(['pairsim', 'x', 'FILE', '[--a A --b B]', '[--c]']);
    expect(fill(['aaaa', 'bbbb', 'cc'], 9, '> ')).toEqual(['> aaaa', '  bbbb cc']);
    expect(wrapUsage('pairsim run', 80)).toBe('usage: pairsim run');
  });

  it('top-level help lists every command and wraps summaries', async () => {
    const r = await pairsim(['--help'], 60);
    expect(r.code).toBe(0);
    for (const spec of SPECS) expect(r.out).toMatch(new RegExp(`^  ${spec.name} `, 'm'));
    for (const line of r.out.split('\n')) expect([...line].length).toBeLessThanOrEqual(60);
    expect((await pairsim([])).code).toBe(2);
  });
});
