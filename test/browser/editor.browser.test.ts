// The scenario editor's policy form (built on the lever registry) and JSON view, driven in
// Debian's chromium against the built app: a share typed as a ratio becomes an override whose
// column equals the engine with the same `--set`; a bad value stays beside its field; a JSON
// syntax error is shown at its line and column; undo works after a reload.
import { describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { useBrowser, seriousViolations, openApp as openBrowserApp } from './browser.js';
import { runScenario } from '../../engine/model/run.js';
import { withLevers } from '../../engine/analysis/levers.js';
import { loadFixture } from '../helpers.js';

const ROOT = join(import.meta.dirname, '../..');
const SCENARIO = 'scenarios/jinniu-pengzhou-4-6.json';
const TAX = '/policy/rules/*/tax/originShare/value';


const browser = useBrowser();

const openApp = () => openBrowserApp(browser(), { acceptDownloads: true });

async function column(page: Page, index: number): Promise<Locator> {
  const col = page.locator('pw-column').nth(index);
  await col.getByTestId('headline').waitFor();
  return col;
}

/** The column's own numbers: the summary in its JSON download. */
async function columnSummary(page: Page, col: Locator): Promise<unknown> {
  const [download] = await Promise.all([page.waitForEvent('download'), col.getByTestId('download-json').click()]);
  return (JSON.parse(readFileSync((await download.path())!, 'utf8')) as { summary: unknown }).summary;
}

/**
 * The same structure and the same numbers up to rounding: the page runs the simulation in its
 * worker along its own path (compile cache), which may differ from a fresh run in the last
 * digits (1e-9 relative, far below the share's effect).
 */
function expectSameNumbers(actual: unknown, expected: unknown, at = ''): void {
  if (typeof expected === 'number' && typeof actual === 'number') {
    expect(Math.abs(actual - expected), at).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(expected)));
  } else if (expected && typeof expected === 'object') {
    expect(actual && typeof actual === 'object', at).toBe(true);
    expect(Object.keys(actual as object).sort(), at).toEqual(Object.keys(expected).sort());
    for (const [k, v] of Object.entries(expected)) expectSameNumbers((actual as Record<string, unknown>)[k], v, `${at}/${k}`);
  } else expect(actual, at).toEqual(expected);
}

async function openEditor(page: Page): Promise<Locator> {
  await page.getByTestId('library-select').selectOption(SCENARIO);
  await page.getByTestId('library-open').click();
  const col = await column(page, 0);
  await col.getByTestId('edit-scenario').click();
  const editor = page.getByTestId('editor');
  await editor.getByTestId('editor-valid').waitFor();
  return editor;
}

async function typeInto(field: Locator, text: string) {
  await field.fill(text);
  await field.dispatchEvent('change');
}

describe('the editor form on the lever registry', () => {
  test('a tax share typed as a ratio becomes an override; the column equals the engine with the same --set; undo survives a reload', async () => {
    const { page, errors, context } = await openApp();
    await page.getByTestId('lang-en').click();
    const editor = await openEditor(page);
    const field = editor.locator(`input[data-lever-field="${TAX}"]`);
    // The registry's share, labelled with the parties' names.
    expect(await field.inputValue()).toBe('0.4');
    const ratio = editor.locator(`[data-lever-ratio="${TAX}"]`);
    expect(await ratio.textContent()).toMatch(/Jinniu.* : .*Pengzhou.* = 4 : 6/);
    const original = await editor.getByTestId('editor-text').inputValue();

    await typeInto(field, '3:7');
    await expect.poll(() => ratio.textContent()).toMatch(/= 3 : 7/);
    await expect.poll(() => editor.getByTestId('editor-text').inputValue()).toContain('"overrides"');
    const doc = JSON.parse(await editor.getByTestId('editor-text').inputValue()) as { overrides: { path: string; value: number }[] };
    expect(doc.overrides).toContainEqual(expect.objectContaining({ path: TAX, value: 0.3 }));
    await editor.getByTestId('editor-valid').waitFor();

    // The edited scenario as a column: its numbers are the engine's with --set TAX=0.3.
    await editor.getByTestId('editor-apply').click();
    await expect.poll(() => page.locator('pw-column').count()).toBe(2);
    const edited = await columnSummary(page, await column(page, 1));
    const base = await loadFixture(join(ROOT, SCENARIO));
    // As `pairsim run` computes it (runScenario with the synergy decomposition), after --set TAX=0.3.
    const ran = await runScenario(withLevers(base, [{ path: TAX, value: 0.3 }]), undefined, { synergyParts: true });
    const expected = JSON.parse(JSON.stringify(ran.result.summary));
    expectSameNumbers(edited, expected);
    // …and not the unedited scenario's (the share moved money between the parties).
    const unedited = await columnSummary(page, await column(page, 0));
    const originPV = (s: unknown) => (s as { parties: { discountedGain: { netFiscal: number } }[] }).parties[0]!.discountedGain.netFiscal;
    // Jinniu (the origin) gets 3 tenths of the shared tax instead of 4.
    expect(originPV(unedited)).toBeGreaterThan(originPV(edited) + 1);

    // A value out of bounds: the message beside the field, the text kept, nothing written.
    const before = await editor.getByTestId('editor-text').inputValue();
    await typeInto(field, '1.5');
    const error = editor.locator(`[data-lever-error="${TAX}"]`);
    await error.waitFor();
    expect(await error.textContent()).toMatch(/must be at most 1/);
    expect(await field.inputValue()).toBe('1.5');
    expect(await seriousViolations(page, 'pw-editor')).toEqual([]);
    expect(await editor.getByTestId('editor-text').inputValue()).toBe(before);
    // In Chinese too, beside the same field.
    await page.getByTestId('lang-zh').click();
    await expect.poll(() => error.textContent()).toMatch(/不得大于 1/);
    await page.getByTestId('lang-en').click();

    // A schema error from the JSON (a share of 2 written by hand) lands beside the lever's field.
    const text = editor.getByTestId('editor-text');
    await text.fill(before.replace(/"value": 0\.3\b/, '"value": 2'));
    await expect.poll(() => error.textContent()).toMatch(/<= 1|at most 1/);
    expect(await editor.getByTestId('editor-apply').isDisabled()).toBe(true);
    // The issue names its line in the JSON (the override's value), and goes there.
    const shareLine = (await text.inputValue()).split('\n').findIndex((l) => /"value": 2\b/.test(l)) + 1;
    const toLine = editor.getByTestId('issue-line').first();
    await toLine.waitFor();
    // The override's value object starts a line or two above its number.
    const named = Number(await toLine.getAttribute('data-line'));
    expect(named).toBeGreaterThan(0);
    expect(shareLine - named).toBeGreaterThanOrEqual(0);
    expect(shareLine - named).toBeLessThanOrEqual(2);
    await toLine.click();
    expect(await editor.getByTestId('editor-marked-line').textContent()).toBe(String(named));
    await editor.getByTestId('editor-undo').click();
    await editor.getByTestId('editor-valid').waitFor();
    expect(await text.inputValue()).toBe(before);

    // Undo after a reload: the history was kept; the share is back at 4 : 6.
    await page.reload();
    await page.getByTestId('app-title').waitFor();
    const again = page.getByTestId('editor');
    await again.getByTestId('editor-valid').waitFor();
    const field2 = again.locator(`input[data-lever-field="${TAX}"]`);
    await expect.poll(() => field2.inputValue()).toBe('0.3');
    await again.getByTestId('editor-undo').click();
    await expect.poll(() => again.getByTestId('editor-text').inputValue()).toBe(original);
    await again.getByTestId('editor-valid').waitFor();
    await expect.poll(() => field2.inputValue()).toBe('0.4');
    expect(await again.locator(`[data-lever-ratio="${TAX}"]`).textContent()).toMatch(/= 4 : 6/);
    expect(errors).toEqual([]);
    await context.close();
  });

  test('a JSON syntax error is shown with its line and column, and the line is marked', async () => {
    const { page, errors, context } = await openApp();
    await page.getByTestId('lang-en').click();
    const editor = await openEditor(page);
    const text = editor.getByTestId('editor-text');
    const lines = (await text.inputValue()).split('\n');
    // A stray character at line 6, column 3 (after the indentation).
    lines[5] = lines[5]!.slice(0, 2) + '@' + lines[5]!.slice(2);
    await text.fill(lines.join('\n'));
    const syntax = editor.getByTestId('editor-syntax');
    await syntax.waitFor();
    expect(await syntax.textContent()).toMatch(/line 6, column 3/);
    expect(await editor.getByTestId('editor-error-line').textContent()).toBe('6');
    // The gutter numbers every line.
    expect((await editor.getByTestId('editor-gutter').textContent())!.trim().split('\n')).toHaveLength(lines.length);
    await page.getByTestId('lang-zh').click();
    await expect.poll(() => syntax.textContent()).toMatch(/第 6 行，第 3 列/);
    // "Go to the error" puts the cursor there.
    await editor.getByTestId('editor-goto-error').click();
    const caret = await text.evaluate((el) => (el as HTMLTextAreaElement).selectionStart);
    const offset = lines.slice(0, 5).join('\n').length + 1 + 2;
    expect(caret).toBe(offset);
    expect(await editor.getByTestId('editor-apply').isDisabled()).toBe(true);
    expect(await seriousViolations(page, 'pw-editor')).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
});
