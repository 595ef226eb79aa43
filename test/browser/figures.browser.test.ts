// Figures a researcher can put in a report, read in the reader's idiom, and a page that
// assistive technology can use: exports that stand alone, 万/亿 ticks, the negotiation chart's
// labels inside the plot, the uncertainty view's base case and draw-count check, and axe-core.
import { describe, expect, inject, test } from 'vitest';
import { readFileSync } from 'node:fs';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { useBrowser, seriousViolations, refuseOutsideApp, watchErrors } from './browser.js';
import { encodeView, type ViewState } from '../../ui/url-state.js';

const browser = useBrowser();

const CDYRD = 'scenarios/comparisons/chengdu-vs-yrd.json';

/** Jinniu–Pengzhou (Chengdu approach, the reference) beside Qingpu–Jiashan (Chengdu approach): different parties. */
function twoPairs(extra: Partial<ViewState> = {}, view?: 'negotiation' | 'uncertainty'): ViewState {
  return {
    columns: [
      { path: CDYRD, index: 0, levers: {}, ...(view ? { view } : {}) },
      { path: CDYRD, index: 2, levers: {}, ...(view ? { view } : {}) },
    ],
    reference: 0,
    difference: false,
    lang: 'zh-CN',
    ...extra,
  };
}

async function openView(view: ViewState, width = 1440, height = 900): Promise<{ page: Page; errors: string[]; context: BrowserContext }> {
  const context = await browser().newContext({ viewport: { width, height } });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await refuseOutsideApp(context, errors);
  await page.goto(inject('appUrl') + encodeView(view));
  await page.getByTestId('app-title').waitFor();
  return { page, errors, context };
}

async function chartsOf(page: Page, index: number): Promise<Locator> {
  const col = page.locator('pw-column').nth(index);
  await col.getByTestId('table-taxRetained').locator('tbody tr').first().waitFor({ state: 'attached' });
  return col;
}

async function download(page: Page, button: Locator): Promise<{ name: string; text: string }> {
  const [file] = await Promise.all([page.waitForEvent('download'), button.click()]);
  return { name: file.suggestedFilename(), text: readFileSync((await file.path())!, 'utf8').replace(/^\ufeff/, '') };
}


describe('figures that stand alone', () => {
  test('axes speak 万/亿, an exported SVG carries title, unit, scenario, party names and source; the CSV names parties', async () => {
    const { page, errors, context } = await openView(twoPairs());
    const col = await chartsOf(page, 0);
    // No SI suffixes on any value axis in Chinese (the issue saw "15k", "20k", "15m").
    const ticks = await page.locator('pw-column').evaluateAll((cols) =>
      cols.flatMap((c) => [...c.shadowRoot!.querySelectorAll('pw-chart')].flatMap((ch) => [...ch.shadowRoot!.querySelectorAll('svg text')].map((t) => t.textContent ?? ''))),
    );
    expect(ticks.length).toBeGreaterThan(20);
    expect(ticks.filter((t) => /\d[kmMGµ]$/.test(t.trim()))).toEqual([]);
    // Employment is counted in people, above 万 in this column: its axis and table say 万.
    const jobs = col.getByTestId('chart-employment');
    const people = await jobs.locator('tbody td:last-child').evaluateAll((tds) => tds.map((td) => Number(td.getAttribute('data-value'))));
    expect(Math.max(...people)).toBeGreaterThanOrEqual(1e4);
    expect(await jobs.locator('svg[role="img"]').textContent()).toMatch(/\d万/);
    expect(await jobs.locator('tbody').textContent()).toMatch(/\d万/);

    const chart = col.getByTestId('chart-taxRetained');
    const svg = await download(page, chart.getByTestId('export-svg'));
    expect(svg.name).toMatch(/\.svg$/);
    const doc = svg.text;
    expect(doc).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(doc).toContain('结算后留存税收'); // title
    expect(doc).toContain('亿元/年'); // unit
    expect(doc).toContain('金牛区'); // party legend
    expect(doc).toContain('彭州市');
    expect(doc).toContain('有协议'); // line-style legend
    expect(doc).toContain('无协议');
    expect(doc).toContain(await col.getByTestId('column-title').textContent()); // scenario
    expect(doc).toContain('来源：结对联动工作台'); // source line, naming the scenario file
    expect(doc).toContain('scenarios/comparisons/chengdu-vs-yrd.json');

    const csv = await download(page, col.getByTestId('download-csv'));
    const [header, ...lines] = csv.text.trim().split('\n');
    expect(header).toBe('year,party,partyId,world,measure,value,unit');
    expect(lines.some((l) => /^\d{4},金牛区,JN,deal,employment,[-\d.e]+,人$/.test(l))).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });

  test('negotiation: labels inside the plot at a split of 1.0, coinciding fair points labelled, the side named as the seeds do; the export keeps its legends', async () => {
    const { page, errors, context } = await openView(twoPairs({}, 'negotiation'));
    const col = page.locator('pw-column').first();
    const plot = col.getByTestId('negotiation-chart');
    await plot.locator('svg').first().waitFor();
    const slider = col.getByTestId('proposed-split');
    await slider.focus();
    await page.keyboard.press('End');
    await expect.poll(() => col.getByTestId('proposed-value').textContent()).toBe('1');
    // Every text of the chart lies within the chart's own box (the issue saw "拟i" cut off).
    const outside = await plot.evaluate((el) => {
      const svg = [...el.querySelectorAll('svg')].at(-1)!;
      const box = svg.getBoundingClientRect();
      return [...svg.querySelectorAll('text')]
        .filter((t) => {
          const r = t.getBoundingClientRect();
          return r.width > 0 && (r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1);
        })
        .map((t) => t.textContent);
    });
    expect(outside).toEqual([]);
    expect(await plot.textContent()).toContain('拟议 1');
    // Jinniu–Pengzhou's equal-gain, Nash and Kalai–Smorodinsky points coincide: drawn side by side, labelled once as one point.
    expect(await plot.textContent()).toMatch(/同一点 0\.\d+/);
    // A pair (合作共建) calls the sending side 派出方, never 输出方.
    expect(await col.locator('label', { hasText: '拟议分成' }).textContent()).toContain('派出方');
    expect(await col.locator('pw-negotiation').evaluate((n) => n.shadowRoot!.textContent)).not.toContain('输出方');
    expect(await slider.getAttribute('aria-valuetext')).toMatch(/派出方占 1，承接方占 0/);
    const svg = await download(page, col.getByTestId('negotiation-svg'));
    for (const expected of ['金牛区', '彭州市', '等收益', '纳什谈判解', '协议区间', '拟议分成', '来源']) expect(svg.text).toContain(expected);
    expect(errors).toEqual([]);
    await context.close();
  });

  test('uncertainty: a draw count below the minimum is refused beside the field; the fan charts mark the base case with a note', async () => {
    const { page, errors, context } = await openView(twoPairs({}, 'uncertainty'));
    const col = page.locator('pw-column').first();
    const draws = col.getByTestId('mc-draws');
    await draws.waitFor();
    await draws.fill('5');
    await draws.dispatchEvent('change');
    const error = col.getByTestId('mc-draws-error');
    await error.waitFor();
    expect(await error.textContent()).toMatch(/10.*200,000|10.*20万/);
    expect(await draws.getAttribute('aria-invalid')).toBe('true');
    expect(await col.getByTestId('mc-run').isDisabled()).toBe(true);
    await draws.fill('100');
    await draws.dispatchEvent('change');
    await expect.poll(() => error.count()).toBe(0);
    await col.getByTestId('mc-run').click();
    await col.getByTestId('prob-loss').waitFor();
    expect(await col.getByTestId('prob-loss').textContent()).toMatch(/100/);
    expect(await col.getByTestId('base-case-note').textContent()).toMatch(/基准情形/);
    // The base case is drawn: a black line per party on the fan chart, beside the bands.
    const black = await col.getByTestId('fan-netFiscal').evaluate((el) => el.querySelectorAll('[stroke="#000"] path, path[stroke="#000"], g[stroke="#000"]').length);
    expect(black).toBeGreaterThan(0);
    const svg = await download(page, col.getByTestId('fan-netFiscal-svg'));
    expect(svg.text).toContain('基准情形');
    expect(svg.text).toContain('p5–p95');
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('the headline tells statistics schemes apart', () => {
  test('moving the statistics split changes the credited GDP gain in the headline, the net fiscal gain stays', async () => {
    const { page, errors, context } = await openView(twoPairs());
    const col = await chartsOf(page, 0);
    const credited = () => col.getByTestId('credited-gdp-pv').allTextContents();
    const fiscal = () => col.locator('table.headline tbody tr').first().locator('td').first().textContent();
    const [before, fiscalBefore] = [await credited(), await fiscal()];
    const slider = col.locator('input[type="range"][data-lever*="/statistics/originShare/"]').first();
    await slider.evaluate((el) => {
      const input = el as HTMLInputElement;
      input.value = input.value === '0.9' ? '0.1' : '0.9';
      input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    });
    await expect.poll(credited).not.toEqual(before);
    expect(await fiscal()).toBe(fiscalBefore);
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('accessibility', () => {
  test('axe-core finds no serious or critical violation on the charts, negotiation, uncertainty and workshop views; sliders say their value', async () => {
    const { page, errors, context } = await openView(twoPairs());
    const col = await chartsOf(page, 0);
    await chartsOf(page, 1);
    expect(await seriousViolations(page)).toEqual([]);
    // A share slider says both parties' parts, not only a bare number.
    const slider = col.locator('input[type="range"][data-lever*="/originShare/"]').first();
    expect(await slider.getAttribute('aria-valuetext')).toMatch(/^(金牛区 : 彭州市|彭州市 : 金牛区) = [\d.]+ : [\d.]+$/);
    // Skip links between the columns: the first column's link moves the focus to the second column's title.
    await col.getByTestId('skip-2').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('pw-column').nth(1).evaluate((c) => c.shadowRoot!.activeElement?.getAttribute('data-testid'))).toBe('column-title');

    await col.getByTestId('view-negotiation').click();
    await col.getByTestId('negotiation-chart').locator('svg').first().waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    await col.getByTestId('view-uncertainty').click();
    await col.getByTestId('mc-draws').fill('50');
    await col.getByTestId('mc-draws').dispatchEvent('change');
    await col.getByTestId('mc-run').click();
    await col.getByTestId('tornado').locator('svg').first().waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    await col.getByTestId('view-charts').click();
    await page.getByTestId('workshop-toggle').check();
    await page.getByTestId('workshop-bar').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('the first view, the phone and the projector', () => {
  test('a bare URL opens the Chengdu vs Yangtze Delta comparison with its charts drawn and the overview above, saying "loading" until then', async () => {
    const context = await browser().newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await refuseOutsideApp(context, errors);
    await page.goto(inject('appUrl'));
    await page.getByTestId('app-title').waitFor();
    // Never "the library is empty" or "no scenario open" while it loads.
    expect(await page.getByTestId('library-empty').count()).toBe(0);
    expect(await page.getByTestId('no-columns').count()).toBe(0);
    await expect.poll(() => page.locator('pw-column').count()).toBe(4);
    const first = await chartsOf(page, 0);
    expect(await first.getByTestId('chart-netFiscalGain').locator('svg[role="img"] path').count()).toBeGreaterThan(0);
    expect(await first.getByTestId('column-title').textContent()).toContain('金牛');
    const overview = page.getByTestId('overview');
    await expect.poll(() => overview.getByTestId('overview-card').count()).toBe(4);
    await expect.poll(() => overview.locator('tr[data-measure="netFiscalPv"] td').count()).toBe(8);
    expect(await overview.textContent()).toMatch(/回收年份（未折现）/);
    expect(errors).toEqual([]);
    await context.close();
  });

  test('difference view by party role when the parties differ, never empty axes', async () => {
    const { page, errors, context } = await openView(twoPairs({ difference: true }));
    const second = await chartsOf(page, 1);
    const note = second.getByTestId('difference-by-role');
    await note.waitFor();
    expect(await note.textContent()).toMatch(/上海市青浦区 − 金牛区/);
    expect(await note.textContent()).toMatch(/浙江省嘉善县 − 彭州市/);
    // Qingpu minus Jinniu, year by year: the table has numbers for both parties, and the chart has lines.
    const table = second.getByTestId('table-taxRetained');
    const parties = new Set(await table.locator('tbody td:nth-child(2)').allTextContents());
    expect(parties).toEqual(new Set(['上海市青浦区', '浙江省嘉善县']));
    expect(await second.getByTestId('chart-taxRetained').locator('svg[role="img"] path[stroke]').count()).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  test('at 390 px one column at a time and no sideways scroll', async () => {
    const { page, errors, context } = await openView(
      { columns: [0, 1, 2, 3].map((index) => ({ path: CDYRD, index, levers: {} })), reference: 0, difference: false, lang: 'zh-CN' },
      390,
      844,
    );
    await chartsOf(page, 0);
    const visible = async () => (await page.locator('pw-column').evaluateAll((cols) => cols.filter((c) => (c as HTMLElement).offsetParent !== null).length));
    expect(await visible()).toBe(1);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    // The column tabs switch the column shown.
    await page.getByTestId('column-tab').nth(2).click();
    await expect.poll(() => page.locator('pw-column').nth(2).evaluate((c) => (c as HTMLElement).offsetParent !== null)).toBe(true);
    expect(await visible()).toBe(1);
    await chartsOf(page, 2);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: 'docs/screenshot-phone.png' });
    expect(errors).toEqual([]);
    await context.close();
  });

  test('workshop: the headline waits to be revealed, hide all / reveal all in one click, the year cursor applies to the headline', async () => {
    const { page, errors, context } = await openView({ ...twoPairs(), workshop: true, cursor: 2030 }, 1920, 1080);
    const col = await chartsOf(page, 0);
    const overview = page.getByTestId('overview');
    await overview.getByTestId('overview-hidden').waitFor();
    await page.getByTestId('reveal-all').click();
    await overview.getByTestId('overview-card').first().waitFor();
    expect(await overview.textContent()).toMatch(/截至 2030 年/);
    // Legends readable on a projector.
    const legendPx = await col.getByTestId('chart-taxRetained').locator('.worlds').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(legendPx).toBeGreaterThanOrEqual(18);
    await page.getByTestId('hide-all').click();
    await expect.poll(() => page.locator('pw-column').nth(1).getByTestId('hidden-note').count()).toBeGreaterThan(2);
    expect(await col.getByTestId('hidden-note').count()).toBe(await col.locator('pw-chart').count());
    await overview.getByTestId('overview-hidden').waitFor();
    await page.getByTestId('reveal-all').click();
    await expect.poll(() => col.getByTestId('hidden-note').count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });
});
