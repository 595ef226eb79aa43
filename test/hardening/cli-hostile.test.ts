// pairsim on hostile files, as a user runs it (node bin/pairsim.mjs): every attack ends with
// exit code 1 and one line per issue, no stack trace, no terminal escape sequence; an
// unexpected internal exception ends with exit code 3 and one line.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../engine/cli/main.js';

// Generous hang detector for one process on a slow shared machine (process start-up included);
// not a timing assertion: the attacks themselves end in well under a second.
const HANG_MS = 20_000;

function pairsimProcess(args: string[], nodeArgs: string[] = []): Promise<{ code: number | null; out: string; err: string; ms: number }> {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(process.execPath, [...nodeArgs, 'bin/pairsim.mjs', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), HANG_MS);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, out, err, ms: Date.now() - started });
    });
  });
}

/** The same entry point in-process (no process start-up: the machine is small and shared). */
async function pairsimInProcess(...args: string[]) {
  let out = '';
  let err = '';
  const started = Date.now();
  const code = await main(args, { out: (t) => void (out += t), err: (t) => void (err += t), errIsTty: false });
  return { code, out, err, ms: Date.now() - started };
}

const noStack = (text: string) => expect(text).not.toMatch(/\n\s+at .+:\d+:\d+/);
const noControl = (text: string) => expect(text.replace(/\n/g, '')).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
const H = 'test/fixtures/hostile';
const dir = mkdtempSync(join(tmpdir(), 'pairsim-hostile-'));

describe('pairsim on hostile files', { timeout: 4 * HANG_MS }, () => {
  // Hostile expressions run in a real process (a hang there is what a user would see); the
  // self-references go through the same loader in-process (no process start-up cost).
  const cases: [string, RegExp, 'process' | 'in-process'][] = [
    // Refused by the rule-language check before anything runs (engine/model/rule-language.ts).
    ['redos.json', /sharing rule refused: regular expressions are not allowed/, 'process'],
    ['recursion.json', /sharing rule refused: function definitions are not allowed/, 'process'],
    ['pad.json', /sharing rule refused: \$pad may not be called/, 'process'],
    // 1.2 s per evaluation with 12 signature groups, 19.8 s with 14: this one has 20.
    ['signature-hang.json', /\/policy\/rules\/joint\/tax\/jsonata: sharing rule refused: function definitions with a signature are not allowed/, 'process'],
    ['self-economy.json', /\/economy: .*self-economy\.json" is a scenario file; expected a economy/, 'in-process'],
    ['self-comparison.json', /\/scenarios\/0\/kind: this is a comparison file; expected a scenario/, 'in-process'],
  ];
  for (const [file, message, how] of cases)
    for (const command of ['validate', 'run'])
      it(`${command} ${file} (${how}): exit 1, one line, within the hang bound`, async () => {
        const r = how === 'process' ? await pairsimProcess([command, `${H}/${file}`]) : await pairsimInProcess(command, `${H}/${file}`);
        expect(r.ms).toBeLessThan(HANG_MS);
        expect(r.code).toBe(1);
        const lines = r.err.trimEnd().split('\n');
        expect(lines).toHaveLength(1);
        expect(lines[0]).toMatch(new RegExp(`^${H}/${file}: /\\S*: `));
        expect(lines[0]).toMatch(message);
        expect(r.out).toBe('');
        noStack(r.err);
      });

  it('refuses a field name carrying terminal escape sequences, without echoing them', async () => {
    for (const command of ['validate', 'run']) {
      const r = command === 'validate' ? await pairsimProcess([command, `${H}/escape.json`]) : await pairsimInProcess(command, `${H}/escape.json`);
      expect(r.code).toBe(1);
      expect(r.err.trimEnd().split('\n')).toEqual([
        `${H}/escape.json: /economy/projects/0: a field name contains the control or direction-override character U+001B`,
      ]);
      noControl(r.err);
    }
  });

  it('refuses a 2.4-million-element array under the file size limit quickly, with the limit', async () => {
    const doc = JSON.parse(readFileSync('test/fixtures/two-project.json', 'utf8'));
    doc.economy.projects = new Array(2_400_000).fill(0);
    const file = join(dir, 'big-array.json');
    writeFileSync(file, JSON.stringify(doc));
    for (const command of ['validate', 'run']) {
      const r = command === 'validate' ? await pairsimProcess([command, file]) : await pairsimInProcess(command, file);
      expect(r.code).toBe(1);
      expect(r.err.trimEnd().split('\n')).toEqual([`${file}: /economy/projects: a list of 2400000 items is longer than the limit of 5000`]);
    }
  });

  it('a reference to a device or a directory is refused, not read forever', async () => {
    for (const ref of ['/dev/zero', '/dev/urandom', '.']) {
      const doc = JSON.parse(readFileSync('test/fixtures/two-project.json', 'utf8'));
      doc.economy = ref;
      const file = join(dir, 'device.json');
      writeFileSync(file, JSON.stringify(doc));
      const r = ref === '/dev/zero' ? await pairsimProcess(['validate', file]) : await pairsimInProcess('validate', file);
      expect(r.ms).toBeLessThan(HANG_MS);
      expect(r.code).toBe(1);
      expect(r.err.trimEnd().split('\n')).toEqual([
        ref === '.'
          ? `${file}: /economy: cannot read "${dir}": not a regular file`
          : `${file}: /economy: "${ref}" refused: a reference must be a relative path with "/" separators`,
      ]);
    }
  });

  it('a reference outside the scenario\'s folder is refused the same way whether or not it exists, and a symbolic link is not followed', async () => {
    const lines: string[] = [];
    for (const ref of ['../../../etc/passwd', '../../../no/such/file.json', '/etc/passwd', '/no/such/file.json', 'sub/../../x.json']) {
      const doc = JSON.parse(readFileSync('test/fixtures/two-project.json', 'utf8'));
      doc.economy = ref;
      const file = join(dir, 'outside.json');
      writeFileSync(file, JSON.stringify(doc));
      const r = await pairsimInProcess('validate', file);
      expect(r.code).toBe(1);
      lines.push(r.err.trimEnd().replace(ref, 'REF'));
      expect(r.err).not.toMatch(/no such file|bytes|root:/);
    }
    // Existing and missing targets give the same message.
    expect(lines[0]).toBe(lines[1]);
    expect(lines[2]).toBe(lines[3]);
    expect(lines[0]).toMatch(/refused: a reference must stay inside the referring file's folder/);
    // A link inside the folder that points outside.
    const doc = JSON.parse(readFileSync('test/fixtures/two-project.json', 'utf8'));
    writeFileSync(join(dir, 'real-economy.json'), JSON.stringify(doc.economy));
    symlinkSync(join(dir, 'real-economy.json'), join(dir, 'link-economy.json'));
    doc.economy = 'link-economy.json';
    writeFileSync(join(dir, 'linked.json'), JSON.stringify(doc));
    const r = await pairsimInProcess('validate', join(dir, 'linked.json'));
    expect(r.code).toBe(1);
    expect(r.err).toContain('a symbolic link; a reference must name a regular file inside the folder');
  });

  it('refuses 100k-deep nesting without a stack overflow', async () => {
    const file = join(dir, 'deep.json');
    writeFileSync(file, `{"kind":"scenario","id":"deep","title":${'['.repeat(100_000)}${']'.repeat(100_000)}}`);
    const r = await pairsimInProcess('validate', file);
    expect(r.code).toBe(1);
    expect(r.err.trimEnd().split('\n')).toHaveLength(1);
    expect(r.err).toMatch(/nesting deeper than 32 levels/);
    noStack(r.err);
  });

  it('an unclosed 1-million-deep nesting is reported as invalid JSON, not as a stack overflow', async () => {
    const file = join(dir, 'unclosed.json');
    writeFileSync(file, '['.repeat(1_000_000));
    for (const command of ['validate', 'run']) {
      const r = await pairsimInProcess(command, file);
      expect(r.code).toBe(1);
      expect(r.err.trimEnd().split('\n')).toHaveLength(1);
      expect(r.err).toMatch(/not valid JSON/);
      expect(r.err).not.toMatch(/call stack/);
    }
  });

  it('an exception escaping main (thrown later from a timer) is one line, exit 3', async () => {
    // The first write to stdout (inside main, after the entry point is set up) schedules a throw outside main.
    const inject = `data:text/javascript,process.stdout.write = () => { setTimeout(() => { throw new Error('injected failure\\nsecond line') }, 0); return true; }`;
    const r = await pairsimProcess(['run', 'test/fixtures/two-project.json'], ['--import', inject]);
    expect(r.code).toBe(3);
    expect(r.err.trimEnd().split('\n')).toEqual(['pairsim: internal error: injected failure']);
  });
});

describe('analysis commands on hostile files (in-process)', { timeout: 120_000 }, () => {
  // (sensitivity stops earlier on these files: they declare no uncertainties.)
  const commands: string[][] = [
    ['compare', 'FILE', 'test/fixtures/two-project.json'],
    ['sweep', 'FILE', '--lever', '/discountRate', '--steps', '3'],
    ['bargain', 'FILE', '--grid', '5'],
    ['montecarlo', 'FILE', '--draws', '5'],
  ];
  for (const command of commands)
    for (const file of ['redos.json', 'recursion.json', 'pad.json', 'signature-hang.json'])
      it(`${command[0]} ${file}: an input error (exit 1) naming the rule, not an internal error`, async () => {
        const r = await pairsimInProcess(...command.map((a) => (a === 'FILE' ? `${H}/${file}` : a)));
        expect(r.code).toBe(1);
        const lines = r.err.trimEnd().split('\n');
        // montecarlo may first note that the file declares no uncertainties.
        expect(lines.length).toBeLessThanOrEqual(2);
        expect(lines[lines.length - 1]).toMatch(new RegExp(`^${H}/${file}: /policy/rules/joint/tax/jsonata: sharing rule refused: `));
        expect(r.err).not.toMatch(/internal error/);
      });
});

describe('pairsim internal errors (in-process)', () => {
  it('an unexpected exception inside a command is one line with exit 3', async () => {
    let err = '';
    const failure = new Error('output stream broke\n    at somewhere (file.js:1:1)\n\u001b[31mred');
    const code = await main(['run', 'test/fixtures/two-project.json'], {
      out: () => {
        throw failure;
      },
      err: (t) => void (err += t),
      errIsTty: false,
    });
    expect(code).toBe(3);
    expect(err.trimEnd().split('\n')).toEqual(['pairsim run: internal error: output stream broke']);
  });

  it('an issue message from a hostile $error cannot split lines or reach the terminal', async () => {
    const doc = JSON.parse(readFileSync('test/fixtures/two-project.json', 'utf8'));
    doc.policy.rules.joint.tax = { kind: 'expression', jsonata: '$error("\\u001b[2Jboom\\nsecond")', assumption: 'hostile' };
    const file = join(dir, 'error.json');
    writeFileSync(file, JSON.stringify(doc));
    let err = '';
    const code = await main(['run', file], { out: () => {}, err: (t) => void (err += t), errIsTty: false });
    expect(code).toBe(1);
    expect(err.trimEnd().split('\n')).toHaveLength(1);
    expect(err).toContain('\\u001b[2Jboom');
    noControl(err);
  });
});
