// Every figure of the library that cites a seed file carries a locator found in that seed, with
// a number that agrees with the figure; a changed locator or value is caught. Needs the seed
// documents in ../shared/seeds: without them the checks are skipped, and say so.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { locatorCandidates, provenanceIssues } from './provenance.js';

const ROOT = fileURLToPath(new URL('../../scenarios/', import.meta.url));
const SEEDS = fileURLToPath(new URL('../../../shared/seeds/', import.meta.url));
const haveSeeds = existsSync(SEEDS);

function listJson(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? (e.name === 'bench' ? [] : listJson(join(dir, e.name))) : e.name.endsWith('.json') && e.name !== 'scenario.schema.json' ? [join(dir, e.name)] : [],
  );
}
const files = listJson(ROOT).map((p) => relative(ROOT, p)).sort();
const doc = (rel: string) => JSON.parse(readFileSync(join(ROOT, rel), 'utf8')) as unknown;

describe('locator numbers', () => {
  it('reads ratios as shares and numbers as themselves or percentages', () => {
    expect(locatorCandidates('2.5:7.5')).toEqual([0.25, 0.75]);
    expect(locatorCandidates('4:6')).toEqual([0.4, 0.6]);
    expect(locatorCandidates('202个')).toEqual([202, 2.02]);
    expect(locatorCandidates('体检')).toEqual([]);
  });
});

describe.skipIf(!haveSeeds)(haveSeeds ? 'provenance locators' : `provenance locators — SKIPPED: seed documents not found at ${SEEDS}`, () => {
  const seeds = haveSeeds
    ? new Map(readdirSync(SEEDS).filter((n) => n.endsWith('.txt')).map((n) => [n, readFileSync(join(SEEDS, n), 'utf8')]))
    : new Map<string, string>();

  it('every seed-sourced figure of the library has a locator in its seed that agrees with it', () => {
    let sourced = 0;
    for (const f of files) {
      const text = JSON.stringify(doc(f));
      sourced += (text.match(/"locator":/g) ?? []).length;
      expect(provenanceIssues(doc(f), seeds), f).toEqual([]);
    }
    expect(sourced).toBeGreaterThan(40);
  });

  it('fails when a locator is changed, or a value no longer agrees with it', () => {
    const p = doc('policies/jinniu-pengzhou.json') as { taxRules: Record<string, { tax: { originShareIfRegisteredAtHost: { value: number; locator: string } } }> };
    const q = p.taxRules.jointInvestment!.tax.originShareIfRegisteredAtHost;
    expect(q.locator).toBe('2.5:7.5');
    expect(provenanceIssues(p, seeds)).toEqual([]);
    q.locator = '2.5:7.6';
    expect(provenanceIssues(p, seeds).map((i) => i.path)).toContain('/taxRules/jointInvestment/tax/originShareIfRegisteredAtHost/locator');
    q.locator = '4:6'; // occurs in the seed, but 0.25 is not 4:6
    expect(provenanceIssues(p, seeds).map((i) => i.path)).toEqual(['/taxRules/jointInvestment/tax/originShareIfRegisteredAtHost/value']);
    delete (q as { locator?: string }).locator;
    expect(provenanceIssues(p, seeds)[0]!.message).toMatch(/no locator/);
    const y = doc('policies/yrd-demonstration-zone.json') as { rounds: { from: number; locator: string }[] };
    y.rounds[1]!.from = 2022;
    expect(provenanceIssues(y, seeds).map((i) => i.path)).toEqual(['/rounds/1/from']);
  });
});
