// "First chart": navigation start → the first frame in which the first column holds a chart's
// SVG, polled every frame from a script that runs before the page's own. Shared by the
// benchmark (browser.ts) and the start-up attribution (trace-first-load.ts).
import type { Page } from 'playwright-core';

/** Install the probe; call before page.goto. */
export async function watchFirstChart(page: Page): Promise<void> {
  // A string, not a function: tsx would wrap a named inner function in __name(), undefined in the page.
  await page.addInitScript(`(() => {
    const check = () => {
      const column = document.querySelector('pw-app')?.shadowRoot?.querySelector('pw-column');
      if (column && window.__firstColumn === undefined) window.__firstColumn = performance.now();
      const svg = column?.shadowRoot?.querySelector('pw-chart')?.shadowRoot?.querySelector('.plot svg');
      if (svg) window.__firstChart = performance.now();
      else requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  })()`);
}

/** Wait for the first chart, then read the probe and the navigation timing (ms from navigation start). */
export async function readFirstChart(page: Page): Promise<{ firstChartMs: number; firstColumnMs: number; domContentLoadedMs: number; loadMs: number }> {
  await page.waitForFunction(() => (window as unknown as { __firstChart?: number }).__firstChart !== undefined, null, { timeout: 60_000, polling: 100 });
  return page.evaluate(() => {
    const w = window as unknown as { __firstChart: number; __firstColumn?: number };
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
    return { firstChartMs: w.__firstChart, firstColumnMs: w.__firstColumn ?? Number.NaN, domContentLoadedMs: nav?.domContentLoadedEventEnd ?? Number.NaN, loadMs: nav?.loadEventEnd ?? Number.NaN };
  });
}
