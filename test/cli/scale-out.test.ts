// Scale-out on existing schedulers (docs/scale-out.md): the xargs recipe with 8 shards merges
// to the single run byte for byte; --shard auto reads SLURM and Kubernetes indices; --out is
// atomic; --resume skips only a valid shard of the same study; merge takes a directory;
// evaluate runs a design table.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../engine/cli/main.js';
import { resolveShard } from '../../engine/cli/scale-out.js';

const SCENARIO = 'scenarios/jinniu-pengzhou.json';
const STUDY = ['--draws', '800', '--seed', '3'];
const dir = mkdtempSync(join(tmpdir(), 'pairsim-scale-'));

async function pairsim(args: string[], env: Record<string, string> = {}) {
  let out = '';
  let err = '';
  const code = await main(args, { out: (t) => void (out += t), err: (t) => void (err += t), errIsTty: false, env });
  return { code, out, err };
}

describe('scale-out', { timeout: 180_000 }, () => {
  it('the xargs -P recipe with 8 shards and `merge DIR` is byte-identical to one run', () => {
    const shards = join(dir, 'xargs');
    mkdirSync(shards);
    // The recipe of docs/scale-out.md, as a shell runs it.
    execFileSync(
      'bash',
      ['-c', `seq 1 8 | xargs -P 2 -I{} node bin/pairsim.mjs montecarlo ${SCENARIO} ${STUDY.join(' ')} --shard {}/8 --out ${shards}/shard-{}.json --resume`],
      { stdio: ['ignore', 'ignore', 'pipe'], timeout: 170_000 },
    );
    expect(readdirSync(shards).sort()).toEqual([1, 2, 3, 4, 5, 6, 7, 8].map((i) => `shard-${i}.json`));
    const merged = spawnSync(process.execPath, ['bin/pairsim.mjs', 'merge', shards], { encoding: 'utf8' });
    const single = spawnSync(process.execPath, ['bin/pairsim.mjs', 'montecarlo', SCENARIO, ...STUDY], { encoding: 'utf8' });
    expect(merged.status).toBe(0);
    expect(single.status).toBe(0);
    expect(merged.stdout.length).toBeGreaterThan(1000);
    expect(merged.stdout).toBe(single.stdout);
    // Each shard covers its own eighth of the draws.
    const third = JSON.parse(readFileSync(join(shards, 'shard-3.json'), 'utf8'));
    expect(third.state.ranges).toEqual([[200, 300]]);
  });

  it('--shard auto takes the shard from a SLURM job array (0- or 1-based) or a Kubernetes Indexed Job', async () => {
    const explicit = await pairsim(['montecarlo', SCENARIO, ...STUDY, '--shard', '3/4']);
    expect(explicit.code).toBe(0);
    const slurm1 = await pairsim(['montecarlo', SCENARIO, ...STUDY, '--shard', 'auto'], { SLURM_ARRAY_TASK_ID: '3', SLURM_ARRAY_TASK_MIN: '1', SLURM_ARRAY_TASK_COUNT: '4' });
    const slurm0 = await pairsim(['montecarlo', SCENARIO, ...STUDY, '--shard', 'auto'], { SLURM_ARRAY_TASK_ID: '2', SLURM_ARRAY_TASK_MIN: '0', SLURM_ARRAY_TASK_COUNT: '4' });
    const k8s = await pairsim(['montecarlo', SCENARIO, ...STUDY, '--shard', 'auto', '--shards', '4'], { JOB_COMPLETION_INDEX: '2' });
    for (const r of [slurm1, slurm0, k8s]) {
      expect(r.code).toBe(0);
      expect(r.out).toBe(explicit.out);
    }
    expect(JSON.parse(explicit.out).state.ranges).toEqual([[400, 600]]);
    // The index arithmetic, including --shards overriding SLURM's count.
    expect(resolveShard('auto', undefined, { SLURM_ARRAY_TASK_ID: '8', SLURM_ARRAY_TASK_MIN: '1', SLURM_ARRAY_TASK_COUNT: '8' })).toEqual([8, 8]);
    expect(resolveShard('auto', '10', { SLURM_ARRAY_TASK_ID: '0', SLURM_ARRAY_TASK_MIN: '0', SLURM_ARRAY_TASK_COUNT: '8' })).toEqual([1, 10]);
    expect(resolveShard('auto', '5', { JOB_COMPLETION_INDEX: '0' })).toEqual([1, 5]);
    expect(resolveShard('2/5', undefined, {})).toEqual([2, 5]);
    expect(resolveShard(undefined, undefined, { SLURM_ARRAY_TASK_ID: '3' })).toBeNull();
  });

  it('--shard auto without a scheduler, a Kubernetes index without --shards, or an index past the count is a usage error', async () => {
    const cases: [string[], Record<string, string>, RegExp][] = [
      [['--shard', 'auto'], {}, /SLURM_ARRAY_TASK_ID.*JOB_COMPLETION_INDEX/],
      [['--shard', 'auto'], { JOB_COMPLETION_INDEX: '1' }, /--shards N/],
      [['--shard', 'auto', '--shards', '4'], { JOB_COMPLETION_INDEX: '4' }, /shard 5 of 4/],
      [['--shard', 'auto'], { SLURM_ARRAY_TASK_ID: '9', SLURM_ARRAY_TASK_MIN: '1', SLURM_ARRAY_TASK_COUNT: '8' }, /shard 9 of 8/],
      [['--shard', 'auto'], { SLURM_ARRAY_TASK_ID: 'x', SLURM_ARRAY_TASK_COUNT: '8' }, /whole number/],
      [['--shard', '2/4', '--shards', '4'], {}, /--shards N goes with --shard auto/],
      [['--resume'], {}, /--resume needs --out/],
    ];
    for (const [args, env, message] of cases) {
      const r = await pairsim(['montecarlo', SCENARIO, ...STUDY, ...args], env);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err).toMatch(message);
    }
  });

  it('--out writes atomically (no temporary file left); --resume skips a valid shard and redoes an invalid or foreign one', async () => {
    const out = join(dir, 'resume', 'shard.json');
    mkdirSync(join(dir, 'resume'));
    const args = ['montecarlo', SCENARIO, ...STUDY, '--shard', '2/4', '--out', out, '--resume'];
    const first = await pairsim(args);
    expect(first.code).toBe(0);
    expect(first.out).toBe('');
    expect(readdirSync(join(dir, 'resume'))).toEqual(['shard.json']);
    const written = readFileSync(out, 'utf8');
    expect(JSON.parse(written).state.ranges).toEqual([[200, 400]]);
    const mtime = statSync(out).mtimeMs;

    const again = await pairsim(args);
    expect(again.code).toBe(0);
    expect(again.err).toMatch(/already holds shard 2\/4; skipped/);
    expect(statSync(out).mtimeMs).toBe(mtime);

    // Another seed: the file is not this study's shard, so it is redone.
    const otherSeed = await pairsim(['montecarlo', SCENARIO, '--draws', '800', '--seed', '4', '--shard', '2/4', '--out', out, '--resume']);
    expect(otherSeed.code).toBe(0);
    expect(otherSeed.err).toMatch(/redone: it is from another configuration/);
    expect(readFileSync(out, 'utf8')).not.toBe(written);

    // A truncated file (a crash of a writer that was not atomic) is redone.
    writeFileSync(out, written.slice(0, 500));
    const truncated = await pairsim(args);
    expect(truncated.err).toMatch(/redone: it is not a valid state/);
    expect(readFileSync(out, 'utf8')).toBe(written);

    // A different shard of the same study is not this shard.
    const shard3 = await pairsim(['montecarlo', SCENARIO, ...STUDY, '--shard', '3/4', '--out', out, '--resume']);
    expect(shard3.err).toMatch(/redone: it covers draws \[\[200,400\]\], not \[400,600\]/);

    // An output that cannot be written is an input error, not a crash.
    const bad = await pairsim(['montecarlo', SCENARIO, ...STUDY, '--out', join(dir, 'no-such-dir', 'x.json')]);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/cannot write/);
  });

  it('merge DIR equals merge of the files; an empty directory is an input error', async () => {
    const d = join(dir, 'merge');
    mkdirSync(d);
    for (const i of [1, 2, 3]) expect((await pairsim(['montecarlo', SCENARIO, ...STUDY, '--shard', `${i}/3`, '--out', join(d, `s${i}.json`)])).code).toBe(0);
    const byDir = await pairsim(['merge', d]);
    const byFiles = await pairsim(['merge', join(d, 's3.json'), join(d, 's1.json'), join(d, 's2.json')]);
    expect(byDir.code).toBe(0);
    expect(byDir.out).toBe(byFiles.out);
    expect(JSON.parse(byDir.out).complete).toBe(true);
    mkdirSync(join(dir, 'empty'));
    const empty = await pairsim(['merge', join(dir, 'empty')]);
    expect(empty.code).toBe(1);
    expect(empty.err).toMatch(/no \*\.json/);
  });
});

describe('pairsim evaluate', { timeout: 120_000 }, () => {
  const LEVER = '/policy/taxRules/jointInvestment/tax/originShareIfRegisteredAtHost';

  it('one row of outcomes per experiment, equal to a sweep at the same lever values; label columns copied', async () => {
    const design = join(dir, 'design.csv');
    writeFileSync(design, `id,${LEVER}\na,0.3\nb,0.7\nc,0.5\n`);
    const r = await pairsim(['evaluate', SCENARIO, '--design', design, '--format', 'json']);
    expect(r.code).toBe(0);
    const { experiments, parties } = JSON.parse(r.out);
    expect(experiments.map((e: any) => [e.id, e[LEVER]])).toEqual([['a', 0.3], ['b', 0.7], ['c', 0.5]]);
    const sweep = JSON.parse((await pairsim(['sweep', SCENARIO, '--lever', LEVER, '--from', '0.3', '--to', '0.7', '--steps', '3'])).out);
    const byValue = new Map<number, any>(sweep.points.map((p: any) => [p.values[0], p]));
    for (const e of experiments) {
      const point = byValue.get(e[LEVER])!;
      parties.forEach((party: string, n: number) => {
        expect(e[`${party}:netFiscalPV`]).toBe(point.parties[n].netFiscalPV);
        expect(e[`${party}:employment`]).toBe(point.parties[n].employment);
      });
    }
    // Moving the origin's tax share changes who gains: the experiments differ.
    expect(experiments[0][`${parties[0]}:taxRetained`]).not.toBe(experiments[1][`${parties[0]}:taxRetained`]);
    const csv = await pairsim(['evaluate', SCENARIO, '--design', 'docs/examples/design.csv']);
    expect(csv.code).toBe(0);
    const lines = csv.out.trim().split('\n');
    expect(lines).toHaveLength(5);
    expect(lines[0]).toMatch(/^experiment,\/policy\/.*,\/discountRate\/value,JN:netFiscalPV,/);
  });

  it('a bad cell, a missing lever column or an out-of-range value names the row and column; exit 1', async () => {
    const cases: [string, RegExp][] = [
      [`${LEVER}\n0.4\nabc\n`, /row 3, column \/policy\/.*expected a number; got "abc"/],
      ['id,name\n1,x\n', /no lever column/],
      [`${LEVER}\n0.4\n1.7\n`, /row 3: /],
      [`${LEVER},/discountRate/value\n0.4\n`, /row 2 has 1 cells/],
    ];
    for (const [text, message] of cases) {
      const f = join(dir, `bad-${Math.random().toString(36).slice(2)}.csv`);
      writeFileSync(f, text);
      const r = await pairsim(['evaluate', SCENARIO, '--design', f]);
      expect(r.code, text).toBe(1);
      expect(r.err).toMatch(message);
      expect(r.err.trim().split('\n')).toHaveLength(1);
    }
    expect((await pairsim(['evaluate', SCENARIO])).code).toBe(2);
  });
});
