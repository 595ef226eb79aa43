// Start-up: the first view needs no JSON Schema validator (the built-in library is trusted);
// a user's file is validated with the validators the build compiled ahead of time, a chunk of
// their own the worker loads when it first needs them. Checked here in the built app: that
// chunk is fetched and its validators give the same pointer errors as ajv compiled at run time
// (ui/engine/session.ts, engine/schema/validate.ts loadPrecompiledValidators).
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { launch, openApp } from './browser.js';

const ROOT = join(import.meta.dirname, '../..');
const FIXTURE = JSON.parse(readFileSync(join(ROOT, 'test/fixtures/two-project.json'), 'utf8')) as Record<string, unknown>;

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe('validators at start-up', () => {
  test("a user's broken file, opened at once, is checked by the precompiled validators: each problem at its pointer", async () => {
    const { page, errors, context } = await openApp(browser);
    const fetched: string[] = [];
    context.on('request', (r) => fetched.push(r.url()));
    const broken = structuredClone(FIXTURE) as { years: { from: unknown }; id: string };
    broken.years.from = 'soon';
    // Past the identifier limit (64): the schema's length check is one of the runtime helpers
    // the precompiled code imports (ucs2length), so a wrong import would fail here.
    broken.id = 'x'.repeat(65);
    await page.getByTestId('file-input').setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(broken)) });
    const box = page.getByTestId('load-errors');
    await expect.poll(() => box.textContent()).toContain('/years/from');
    expect(await box.textContent()).toMatch(/\/id\b[^\n]*64/);
    expect(fetched.some((u) => /\/precompiled-web-[\w-]+\.js$/.test(u))).toBe(true);
    // A valid file after it opens and draws its charts.
    await page.getByTestId('file-input').setInputFiles({ name: 'ok.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(FIXTURE)) });
    await page.locator('pw-column').first().getByTestId('table-taxRetained').locator('tbody tr').first().waitFor({ state: 'attached' });
    expect(errors).toEqual([]);
    await context.close();
  });
});
