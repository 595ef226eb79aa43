// Direct and indirect effects (input–output spillover) and the round targets' traffic-light
// table, driven in Debian's chromium against the built app.
import { describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { useBrowser, openApp as openBrowserApp, openLibrary } from './browser.js';
import { compileScenario, runReport, simulate } from '../../engine/index.js';
import { loadFixture } from '../helpers.js';
import { runScenario } from '../../engine/model/run.js';

const ROOT = join(import.meta.dirname, '../..');

const browser = useBrowser();

const openApp = () => openBrowserApp(browser(), { viewport: { width: 1400, height: 1000 } });

/** Wait until the column has drawn its charts, and return it. */
async function column(page: Page, index: number): Promise<Locator> {
  const col = page.locator('pw-column').nth(index);
  await col.getByTestId('table-taxRetained').locator('tbody tr').first().waitFor({ state: 'attached' });
  return col;
}

const num = (s: string) => Number(s.replace(/,/g, '').replace(/\u2212/g, '-'));

async function expectedTargets(path: string) {
  const s = await loadFixture(join(ROOT, path));
  // The run the page and `pairsim run` show (check-up responses applied: engine/model/run.ts).
  const ran = await runScenario(s);
  const report = runReport(ran.scenario, ran.result);
  if (!report.targets) throw new Error(`${path} has no targets`);
  return report.targets;
}

describe('direct and indirect effects', () => {
  test('a scenario with an input–output block shows indirect output and jobs; one without shows nothing new', async () => {
    const { page, errors, context } = await openApp();
    await page.getByTestId('lang-en').click();
    await openLibrary(page, 'scenarios/jinniu-pengzhou-io.json');
    const io = await column(page, 0);
    const chart = io.getByTestId('chart-outputIndirect');
    await chart.waitFor();
    expect(await chart.locator('h4').textContent()).toContain('Indirect output');
    // The chart is drawn (Plot's SVG with lines) and its data table has deal and no-deal rows.
    expect(await chart.locator('svg path').count()).toBeGreaterThan(0);
    const table = io.getByTestId('table-outputIndirect');
    const rows = table.locator('tbody tr');
    // 2023–2040 (18 years) × 2 parties × 2 worlds.
    expect(await rows.count()).toBe(18 * 2 * 2);
    const worlds = new Set(await rows.locator('td:nth-child(3)').allTextContents());
    expect(worlds).toEqual(new Set(['with deal', 'no deal']));
    const values = (await rows.locator('td:last-child').allTextContents()).map(num);
    expect(values.every(Number.isFinite)).toBe(true);
    expect(values.some((v) => v > 0)).toBe(true);
    // Indirect employment too.
    const jobs = (await io.getByTestId('table-employmentIndirect').locator('tbody td:last-child').allTextContents()).map(num);
    expect(jobs.some((v) => v > 0)).toBe(true);
    // Headline: the indirect gains per party, as the engine's summary has them (193.39 for Jinniu).
    await io.getByTestId('headline-indirect-output').waitFor();
    const gains = (await io.getByTestId('indirect-output-gain').allTextContents()).map(num);
    expect(gains).toHaveLength(2);
    expect(gains.some((g) => g !== 0)).toBe(true);
    const s = await loadFixture(join(ROOT, 'scenarios/jinniu-pengzhou-io.json'));
    const summary = simulate(await compileScenario(s)).summary;
    summary.parties.forEach((p, i) => expect(gains[i]).toBeCloseTo(p.cumulativeGain.outputIndirect, 1));
    expect(await io.getByTestId('indirect-note').count()).toBe(1);
    // No round targets in this scenario: no targets table.
    expect(await io.getByTestId('targets-table').count()).toBe(0);

    // A second column without an input–output block: nothing new in it.
    await page.getByTestId('library-select').selectOption('scenarios/jinniu-pengzhou.json');
    await page.getByTestId('library-open').click();
    await expect.poll(() => page.locator('pw-column').count()).toBe(2);
    const plain = await column(page, 1);
    // Output where produced is one of the charts behind "more charts".
    await plain.getByTestId('more-charts').locator('summary').click();
    await io.getByTestId('more-charts').locator('summary').click();
    await plain.getByTestId('chart-output').waitFor();
    expect(await plain.getByTestId('chart-output').count()).toBe(1);
    expect(await plain.getByTestId('chart-outputIndirect').count()).toBe(0);
    expect(await plain.getByTestId('chart-employmentIndirect').count()).toBe(0);
    expect(await plain.getByTestId('headline-indirect-output').count()).toBe(0);
    expect(await plain.getByTestId('indirect-note').count()).toBe(0);
    // …while the first column still has its indirect chart.
    expect(await io.getByTestId('chart-outputIndirect').count()).toBe(1);
    // Difference to a reference without spillover leaves nothing to draw: the indirect charts go, the others stay.
    await plain.getByRole('button', { name: 'Set as reference' }).click();
    await page.getByTestId('difference-toggle').check();
    await expect.poll(() => io.getByTestId('chart-outputIndirect').count()).toBe(0);
    expect(await io.getByTestId('chart-output').count()).toBe(1);
    await page.getByTestId('difference-toggle').uncheck();
    await expect.poll(() => io.getByTestId('chart-outputIndirect').count()).toBe(1);
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('round targets', () => {
  test('a traffic-light table with the engine’s status per year, as text and shape; headings follow the language', async () => {
    const expected = await expectedTargets('scenarios/chengdu-metro.json');
    const { page, errors, context } = await openApp();
    await openLibrary(page, 'scenarios/chengdu-metro.json');
    const col = await column(page, 0);
    const table = col.getByTestId('targets-table');
    await table.waitFor();
    // One row group per quantitative target, in the engine's order.
    const groups = table.getByTestId('target');
    expect(await groups.count()).toBe(expected.quantitative.length);
    expect(await groups.evaluateAll((els) => els.map((e) => e.getAttribute('data-target')))).toEqual(expected.quantitative.map((q) => q.id));
    // Every checked year has a status cell; the statuses are the engine's.
    const cells = table.getByTestId('target-status');
    const want = expected.quantitative.flatMap((q) => q.checks.map((c) => c.status));
    expect(want.length).toBeGreaterThan(0);
    expect(await cells.count()).toBe(want.length);
    expect(await cells.evaluateAll((els) => els.map((e) => e.getAttribute('data-status')))).toEqual(want);
    // Not colour alone: every status cell carries its label and a shape.
    const shapes: Record<string, string> = { green: '✓', amber: '▲', red: '✕' };
    const zhLabels: Record<string, string> = { green: '按进度达标', amber: '略有滞后', red: '明显滞后' };
    const texts = await cells.allTextContents();
    texts.forEach((text, i) => {
      expect(text).toContain(shapes[want[i]!]!);
      expect(text).toContain(zhLabels[want[i]!]!);
    });
    // The gap column is the engine's gap (actual − path).
    const gaps = (await table.getByTestId('target-gap').allTextContents()).map(num);
    const wantGaps = expected.quantitative.flatMap((q) => q.checks.map((c) => c.gap));
    // The table shows three significant figures in the reader's idiom: equal to the
    // engine's gap within half a unit of the last figure shown.
    gaps.forEach((g, i) => {
      const want = wantGaps[i]!;
      expect(Math.abs(g - want)).toBeLessThanOrEqual(Math.max(0.05, Math.abs(want) * 0.005));
    });
    // Target label, target year and value with its unit (zh-CN by default).
    const first = groups.first();
    expect(await first.textContent()).toContain(expected.quantitative[0]!.label!.zh);
    expect(await first.getByTestId('target-value').textContent()).toContain('亿元');
    // Qualitative targets are listed as text.
    const qual = col.getByTestId('qualitative-targets');
    expect(await qual.locator('li').count()).toBe(expected.qualitative.length);
    expect(await qual.textContent()).toContain(expected.qualitative[0]!.label.zh);
    // No input–output block in this economy: no indirect chart.
    expect(await col.getByTestId('chart-outputIndirect').count()).toBe(0);

    // Switch language: headings, labels and statuses change.
    const headZh = await table.locator('thead').textContent();
    expect(headZh).toContain('状态');
    await page.getByTestId('lang-en').click();
    await expect.poll(() => table.locator('thead').textContent()).not.toBe(headZh);
    const headEn = await table.locator('thead').textContent();
    expect(headEn).toContain('Status');
    expect(headEn).toContain('Year');
    expect(headEn).not.toMatch(/[\u4e00-\u9fff]/);
    expect(await first.textContent()).toContain(expected.quantitative[0]!.label!.en);
    const enLabels: Record<string, string> = { green: 'on track', amber: 'slightly behind', red: 'behind' };
    const textsEn = await cells.allTextContents();
    textsEn.forEach((text, i) => expect(text).toContain(enLabels[want[i]!]!));
    expect(await first.getByTestId('target-value').textContent()).toContain('100 million yuan per year');
    expect(errors).toEqual([]);
    await context.close();
  });

  test('target labels from a file are shown as text, never as HTML', async () => {
    const policy = JSON.parse(readFileSync(join(ROOT, 'scenarios/policies/chengdu-metro-action-plan.json'), 'utf8'));
    const hostile = '<img src=x onerror="window.__pwTargetsInjected=1">';
    policy.rounds[0].targets[0].label = { zh: hostile, en: hostile };
    const scenario = JSON.parse(readFileSync(join(ROOT, 'scenarios/chengdu-metro.json'), 'utf8'));
    scenario.policy = policy;
    const { page, errors, context } = await openApp();
    await page.getByTestId('file-input').setInputFiles({ name: 'hostile.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(scenario)) });
    const col = await column(page, 0);
    const table = col.getByTestId('targets-table');
    await table.waitFor();
    expect(await table.getByTestId('target').first().locator('th').first().textContent()).toBe(hostile);
    expect(await col.locator('pw-targets img').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwTargetsInjected?: number }).__pwTargetsInjected)).toBeUndefined();
    expect(errors).toEqual([]);
    await context.close();
  });
});
