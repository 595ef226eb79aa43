// The built CLI validates with schemas compiled at build time (ajv standalone code); the
// sources compile the same schemas at run time. Both must report the same issues.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../engine/cli/main.js';

const dir = mkdtempSync(join(tmpdir(), 'pairsim-precompiled-'));
const base = JSON.parse(readFileSync('test/fixtures/two-project.json', 'utf8'));

/** Invalid variants of a valid scenario, one schema rule broken in each. */
const variants: Record<string, (d: any) => void> = {
  missingTitle: (d) => delete d.title,
  wrongType: (d) => (d.discountRate.value = 'five'),
  unknownField: (d) => (d.economy.parties[0].colour = 'red'),
  badUnit: (d) => (d.discountRate.unit = 'percent'),
  noProvenance: (d) => {
    delete d.discountRate.source;
    delete d.discountRate.assumption;
  },
  badKind: (d) => (d.policy.rules.joint.tax.kind = 'lottery'),
  badId: (d) => (d.id = '9 lives'),
  several: (d) => {
    d.years.from = 'soon';
    d.economy.parties[1].tier = 42;
    d.extra = true;
  },
};

describe('precompiled validators', { timeout: 120_000 }, () => {
  it('the bundle carries ajv standalone validators instead of compiling at run time', () => {
    const chunks = readdirSync('build').filter((f) => f.endsWith('.mjs'));
    const withValidators = chunks.filter((f) => /PRECOMPILED\s*=\s*\{\s*Economy/.test(readFileSync(join('build', f), 'utf8')));
    expect(withValidators.length).toBeGreaterThan(0);
  });

  it('report the same issues, in the same order, as validators compiled from the sources', async () => {
    const files = Object.entries(variants).map(([name, change]) => {
      const d = structuredClone(base);
      change(d);
      const f = join(dir, `${name}.json`);
      writeFileSync(f, JSON.stringify(d));
      return f;
    });
    let err = '';
    const code = await main(['validate', ...files], { out: () => {}, err: (t) => void (err += t), errIsTty: false });
    const built = spawnSync(process.execPath, ['bin/pairsim.mjs', 'validate', ...files], { encoding: 'utf8' });
    expect(code).toBe(1);
    expect(built.status).toBe(1);
    // Every variant is reported (the rules really are broken), identically.
    for (const f of files) expect(err).toContain(f);
    expect(built.stderr).toBe(err);
  });
});
