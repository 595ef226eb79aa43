// Aligned chart rows, driven in Debian's chromium against the built app at 1440×900: in a
// comparison each chart kind starts at the same height in every column, although the columns
// above the charts differ (levers, headline, check-up and modes sections).
import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { useBrowser, openApp as openBrowserApp, openLibrary } from './browser.js';

const browser = useBrowser();

const openApp = () => openBrowserApp(browser());

interface ColumnLayout {
  /** Page y of each chart's figure, by chart id. */
  charts: Record<string, number>;
  /** Page x of each chart's figure, by chart id. */
  chartsX: Record<string, number>;
  headline: number | null;
  /** Heights of parts above the charts (levers; targets, modes and check-up), which differ between columns. */
  levers: number;
  sections: number;
}

/** Where each column's charts and parts are, once every column has drawn its charts. */
async function layout(page: Page, columns: number): Promise<ColumnLayout[]> {
  for (let i = 0; i < columns; i++) {
    const col = page.locator('pw-column').nth(i);
    await col.getByTestId('headline').waitFor();
    await col.locator('pw-chart svg').first().waitFor();
  }
  // Let late layout (fonts, resize observers) settle: the measure is the laid-out page.
  await page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok))));
  return page.locator('pw-column').evaluateAll((cols) =>
    cols.map((col) => {
      const root = col.shadowRoot!;
      const top = (e: Element | null | undefined) => (e ? e.getBoundingClientRect().top + window.scrollY : null);
      const charts: Record<string, number> = {};
      const chartsX: Record<string, number> = {};
      // The primary charts (those behind "more charts" are left out).
      for (const chart of [...root.querySelectorAll('.charts > pw-chart')].filter((c) => !c.closest('details'))) {
        const figure = chart.shadowRoot!.querySelector('figure[data-testid^="chart-"]')!;
        const id = figure.getAttribute('data-testid')!.slice('chart-'.length);
        charts[id] = top(figure)!;
        chartsX[id] = figure.getBoundingClientRect().left - col.getBoundingClientRect().left;
      }
      return {
        charts,
        chartsX,
        headline: top(root.querySelector('[data-testid="headline"]')),
        levers: root.querySelector('fieldset')!.getBoundingClientRect().height,
        // The sections' own content (their row is as tall as the tallest column's).
        sections: [...root.querySelectorAll('pw-targets, pw-modes')].reduce((a, e) => a + e.getBoundingClientRect().height, 0),
      };
    }),
  );
}

/** For every chart kind shown in two columns or more: the spread of its top across columns. */
function spreads(cols: ColumnLayout[]): Record<string, number> {
  const ids = new Set(cols.flatMap((c) => Object.keys(c.charts)));
  const out: Record<string, number> = {};
  for (const id of ids) {
    const tops = cols.map((c) => c.charts[id]).filter((v): v is number => v !== undefined);
    if (tops.length >= 2) out[id] = Math.max(...tops) - Math.min(...tops);
  }
  return out;
}

describe('chart rows aligned across columns at 1440×900', () => {
  test('four columns of two pairs under two approaches: each chart kind on one row, though levers and sections differ', async () => {
    const { page, errors, context } = await openApp();
    await openLibrary(page, 'scenarios/comparisons/chengdu-vs-yrd.json');
    await expect.poll(() => page.locator('pw-column').count()).toBe(4);
    const cols = await layout(page, 4);
    // What sits above the charts differs, so equal tops are not a coincidence.
    const levers = cols.map((c) => c.levers);
    expect(Math.max(...levers) - Math.min(...levers)).toBeGreaterThan(10);
    const s = spreads(cols);
    expect(Object.keys(s).length).toBeGreaterThanOrEqual(3);
    for (const [id, spread] of Object.entries(s)) expect(spread, id).toBeLessThanOrEqual(1);
    // The headline tables start on one row too.
    const heads = cols.map((c) => c.headline!);
    expect(Math.max(...heads) - Math.min(...heads)).toBeLessThanOrEqual(1);
    // The charts follow one another down the column (one per row at this width).
    const first = cols[0]!.charts;
    const order = Object.entries(first).sort((a, b) => a[1] - b[1]).map(([id]) => id);
    expect(new Set(order.map((id) => first[id])).size).toBe(order.length);
    expect(errors).toEqual([]);
    await context.close();
  });

  test('two columns with two charts per row, one with a check-up section the other lacks: pairs of charts on shared rows', async () => {
    const { page, errors, context } = await openApp();
    await openLibrary(page, 'scenarios/jinniu-pengzhou-4-6.json');
    await expect.poll(() => page.locator('pw-column').count()).toBe(1);
    await openLibrary(page, 'scenarios/jinniu-pengzhou-metro-approach.json');
    await expect.poll(() => page.locator('pw-column').count()).toBe(2);
    const cols = await layout(page, 2);
    // The metropolitan approach brings round targets and a check-up the flat ratio lacks.
    expect(Math.abs(cols[0]!.sections - cols[1]!.sections)).toBeGreaterThan(10);
    const s = spreads(cols);
    expect(Object.keys(s).length).toBeGreaterThanOrEqual(4);
    for (const [id, spread] of Object.entries(s)) expect(spread, id).toBeLessThanOrEqual(1);
    // Two charts side by side: the first two primary charts share a row, in two places across.
    const [a, b] = Object.entries(cols[0]!.charts).sort((x, y) => x[1] - y[1] || cols[0]!.chartsX[x[0]]! - cols[0]!.chartsX[y[0]]!);
    expect(Math.abs(a![1] - b![1])).toBeLessThanOrEqual(1);
    expect(cols[0]!.chartsX[b![0]]!).toBeGreaterThan(cols[0]!.chartsX[a![0]]! + 100);
    expect(errors).toEqual([]);
    await context.close();
  });
});
