// Exit codes and output of the analysis commands (sweep, bargain, montecarlo, merge).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../engine/cli/main.js';
import { EXIT, type Io } from '../../engine/cli/common.js';
import { FIXTURE, threeParty, twoPartyWithZopa, withUncertainties } from './helpers.js';

async function cli(...argv: string[]) {
  let out = '';
  let err = '';
  const io: Io = { out: (t) => void (out += t), err: (t) => void (err += t), errIsTty: false };
  const code = await main(argv, io);
  return { code, out, err };
}

const dir = mkdtempSync(join(tmpdir(), 'pairsim-analysis-'));
const write = (name: string, doc: unknown) => {
  const p = join(dir, name);
  writeFileSync(p, JSON.stringify(doc));
  return p;
};
const ZOPA = write('zopa.json', twoPartyWithZopa());
const THREE = write('three.json', threeParty());
const UNC = write('unc.json', withUncertainties());

function oneLine(err: string) {
  expect(err.trim().split('\n')).toHaveLength(1);
  expect(err).not.toMatch(/\n\s+at /); // no stack trace
}

describe('pairsim sweep', () => {
  it('prints a JSON grid and CSV rows', async () => {
    const json = await cli('sweep', FIXTURE, '--lever', '/policy/rules/joint/tax/originShare/value', '--from', '0', '--to', '1', '--steps', '3');
    expect(json.code).toBe(EXIT.ok);
    const r = JSON.parse(json.out);
    expect(r.points.map((p: { values: number[] }) => p.values[0])).toEqual([0, 0.5, 1]);
    const csv = await cli('sweep', FIXTURE, '--steps', '3', '--format', 'csv');
    expect(csv.code).toBe(EXIT.ok);
    expect(csv.out.split('\n')[0]).toMatch(/^lever,party,netFiscalPV/);
    expect(csv.out.trim().split('\n')).toHaveLength(1 + 3 * 2);
  });
  it('fails with one line and exit 1 on a bad lever or value, exit 2 on bad usage', async () => {
    const bad = await cli('sweep', FIXTURE, '--lever', '/policy/nope');
    expect(bad.code).toBe(EXIT.invalidInput);
    oneLine(bad.err);
    const range = await cli('sweep', FIXTURE, '--from', '0', '--to', '3');
    expect(range.code).toBe(EXIT.invalidInput);
    expect(range.err).toMatch(/must be at most 1/);
    expect((await cli('sweep', FIXTURE, '--steps', 'many')).code).toBe(EXIT.usage);
    expect((await cli('sweep')).code).toBe(EXIT.usage);
    expect((await cli('sweep', FIXTURE, '--format', 'xml')).code).toBe(EXIT.usage);
    expect((await cli('sweep', join(dir, 'missing.json'))).code).toBe(EXIT.invalidInput);
  });
});

describe('pairsim bargain', () => {
  it('prints zopa, equalGain, nash, kalaiSmorodinsky, costProportional', async () => {
    const r = await cli('bargain', ZOPA);
    expect(r.code).toBe(EXIT.ok);
    const j = JSON.parse(r.out);
    for (const k of ['zopa', 'equalGain', 'nash', 'kalaiSmorodinsky', 'costProportional']) expect(j).toHaveProperty(k);
    expect(j.zopa.intervals[0].from).toBeLessThan(j.nash.x);
    expect(j.shapley).toBeUndefined();
  });
  it('adds shapley and core for three parties', async () => {
    const j = JSON.parse((await cli('bargain', THREE)).out);
    expect(j.shapley).toHaveLength(3);
    expect(typeof j.core.inCore).toBe('boolean');
  });
  it('states plainly when there is no zone of agreement', async () => {
    const r = await cli('bargain', FIXTURE);
    expect(r.code).toBe(EXIT.ok);
    expect(JSON.parse(r.out).noZopa).toMatch(/no value of/);
  });
  it('with --draws adds the probability that each split makes every party gain', async () => {
    const r = await cli('bargain', UNC, '--draws', '40', '--seed', '2');
    expect(r.code).toBe(EXIT.ok);
    const j = JSON.parse(r.out);
    expect(j.robustness.xs).toHaveLength(21);
    expect(j.robustness.probAllGain.every((p: number) => p >= 0 && p <= 1)).toBe(true);
    expect((await cli('bargain', UNC, '--seed', '2')).code).toBe(EXIT.usage);
  });

  it('exit codes: 1 for a lever without a range, 2 for a bad grid', async () => {
    const r = await cli('bargain', FIXTURE, '--lever', '/economy/projects/0/steadyOutput');
    expect(r.code).toBe(EXIT.invalidInput);
    expect(r.err).toMatch(/give --from and --to/);
    oneLine(r.err);
    expect((await cli('bargain', FIXTURE, '--grid', '1')).code).toBe(EXIT.usage);
  });
});

describe('pairsim montecarlo and merge', () => {
  it('shards merged equal one run', async () => {
    const one = await cli('montecarlo', UNC, '--draws', '90', '--seed', '3', '--sampling', 'lhs');
    expect(one.code).toBe(EXIT.ok);
    const parts = [];
    for (const i of [1, 2]) {
      const r = await cli('montecarlo', UNC, '--draws', '90', '--seed', '3', '--sampling', 'lhs', '--shard', `${i}/2`);
      expect(r.code).toBe(EXIT.ok);
      parts.push(write(`shard${i}.json`, JSON.parse(r.out)));
    }
    const merged = await cli('merge', parts[1]!, parts[0]!);
    expect(merged.code).toBe(EXIT.ok);
    expect(merged.out).toBe(one.out);
    // A missing shard gives a partial result and says so.
    const partial = await cli('merge', parts[0]!);
    expect(partial.code).toBe(EXIT.ok);
    expect(partial.err).toMatch(/partial/);
  });
  it('--workers 2 (worker threads) prints the in-thread result', async () => {
    const inThread = await cli('montecarlo', UNC, '--draws', '120', '--seed', '5', '--sampling', 'lhs');
    const pooled = await cli('montecarlo', UNC, '--draws', '120', '--seed', '5', '--sampling', 'lhs', '--workers', '2', '--chunk', '25');
    expect(pooled.code).toBe(EXIT.ok);
    expect(pooled.out).toBe(inThread.out);
  }, 120_000);

  it('CSV has one row per party and measure', async () => {
    const r = await cli('montecarlo', UNC, '--draws', '20', '--format', 'csv');
    expect(r.code).toBe(EXIT.ok);
    expect(r.out.split('\n')[0]).toBe('party,measure,mean,sd,meanStdError,p5,p50,p95,min,max,probLoss');
  });
  it('exit codes for bad input and usage', async () => {
    expect((await cli('montecarlo', UNC, '--draws', '0')).code).toBe(EXIT.usage);
    expect((await cli('montecarlo', UNC, '--shard', '3/2')).code).toBe(EXIT.usage);
    expect((await cli('montecarlo', UNC, '--shard', 'half')).code).toBe(EXIT.usage);
    expect((await cli('montecarlo', UNC, '--seed', '-1')).code).toBe(EXIT.usage);
    const bad = withUncertainties() as any;
    bad.economy.uncertainties[1].projects = ['NOPE'];
    const r = await cli('montecarlo', write('bad-unc.json', bad), '--draws', '5');
    expect(r.code).toBe(EXIT.invalidInput);
    expect(r.err).toMatch(/unknown project "NOPE"/);
    oneLine(r.err);
    const notState = await cli('merge', FIXTURE);
    expect(notState.code).toBe(EXIT.invalidInput);
    oneLine(notState.err);
  });
});

describe('pairsim sensitivity', () => {
  it('prints tornado rows, and exit 1 without uncertainties', async () => {
    const r = await cli('sensitivity', UNC, '--format', 'csv');
    expect(r.code).toBe(EXIT.ok);
    expect(r.out.split('\n')[0]).toBe('uncertainty,party,base,low,high,swing');
    const none = await cli('sensitivity', FIXTURE);
    expect(none.code).toBe(EXIT.invalidInput);
    oneLine(none.err);
    expect((await cli('sensitivity', UNC, '--measure', 'happiness')).code).toBe(EXIT.usage);
  });
});

describe('--set PATH=VALUE', () => {
  it('fixes a lever before the analysis, and is checked', async () => {
    const plain = JSON.parse((await cli('montecarlo', UNC, '--draws', '30')).out);
    const set = JSON.parse((await cli('montecarlo', UNC, '--draws', '30', '--set', '/policy/rules/joint/tax/originShare/value=0.55')).out);
    // A larger origin share of the joint project's tax: A (origin) gains more on average, B less.
    expect(set.parties[0].measures.taxRetained.mean).toBeGreaterThan(plain.parties[0].measures.taxRetained.mean);
    expect(set.parties[1].measures.taxRetained.mean).toBeLessThan(plain.parties[1].measures.taxRetained.mean);
    expect(set.scenario.fingerprint).not.toBe(plain.scenario.fingerprint);
    const bargained = JSON.parse((await cli('bargain', ZOPA, '--set', '/economy/projects/0/costs/0/shares/0/share/value=0.8')).out);
    const base = JSON.parse((await cli('bargain', ZOPA)).out);
    // A pays more of P1's cost, so it needs a larger tax share before it gains.
    expect(bargained.zopa.intervals[0].from).toBeGreaterThan(base.zopa.intervals[0].from);
    const bad = await cli('sweep', FIXTURE, '--set', '/policy/rules/joint/tax/originShare/value=1.5');
    expect(bad.code).toBe(EXIT.invalidInput);
    oneLine(bad.err);
    expect((await cli('sweep', FIXTURE, '--set', 'nonsense')).code).toBe(EXIT.usage);
    expect((await cli('sweep', FIXTURE, '--set', '/discountRate=abc')).code).toBe(EXIT.usage);
  });
});
