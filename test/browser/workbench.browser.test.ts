// What a person does with the built workbench, in Debian's chromium: open scenarios side
// by side, move a slider, compare with the reference, switch language, open a broken file.
import { describe, expect, inject, test } from 'vitest';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { useBrowser, EMPTY_VIEW, refuseOutsideApp, watchErrors } from './browser.js';
import { decodeView } from '../../ui/url-state.js';

const ROOT = join(import.meta.dirname, '../..');
const FIXTURE = readFileSync(join(ROOT, 'test/fixtures/two-project.json'));
const TAX_JOINT = '/policy/rules/joint/tax/originShare/value';

const browser = useBrowser();

async function openApp(context?: BrowserContext): Promise<{ page: Page; errors: string[]; context: BrowserContext }> {
  const ctx = context ?? (await browser().newContext({ viewport: { width: 1400, height: 1000 } }));
  const page = await ctx.newPage();
  const errors = watchErrors(page);
  await refuseOutsideApp(ctx, errors);
  await page.goto(inject('appUrl') + EMPTY_VIEW);
  await page.getByTestId('app-title').waitFor();
  return { page, errors, context: ctx };
}

async function openFile(page: Page, name: string, buffer: Buffer) {
  await page.getByTestId('file-input').setInputFiles({ name, mimeType: 'application/json', buffer });
}

/** Wait until the given column has drawn its charts, and return it. */
async function column(page: Page, index: number) {
  const col = page.locator('pw-column').nth(index);
  await col.getByTestId('table-taxRetained').locator('tbody tr').first().waitFor({ state: 'attached' });
  return col;
}

/** The fixture opened from two files, side by side, once both columns have drawn their charts. */
async function twoColumns(page: Page, names: [string, string] = ['two-project.json', 'two-project-copy.json']) {
  for (const name of names) await openFile(page, name, FIXTURE);
  await expect.poll(() => page.locator('pw-column').count()).toBe(2);
  return [await column(page, 0), await column(page, 1)] as const;
}

function tableValues(text: string | null): number[] {
  return [...(text ?? '').matchAll(/-?[\d,]+(?:\.\d+)?(?=\s*$)/gm)].map((m) => Number(m[0].replace(/,/g, '')));
}

interface TableRow {
  year: string;
  party: string;
  world: string;
  value: number;
}

/** A chart's data table: year, party and world as shown, and the exact value. */
async function tableRows(col: ReturnType<Page['locator']>, chart: string): Promise<TableRow[]> {
  return col.getByTestId(`table-${chart}`).locator('tbody tr').evaluateAll((trs) =>
    trs.map((tr) => {
      const td = [...tr.querySelectorAll('td')];
      return { year: td[0]!.textContent!.trim(), party: td[1]!.textContent!.trim(), world: td[2]!.textContent!.trim(), value: Number(td[3]!.getAttribute('data-value')) };
    }),
  );
}

async function cellValues(col: ReturnType<Page['locator']>, chart: string): Promise<number[]> {
  // The exact value (the cell's text is rounded, and grouped by 万 in Chinese).
  return col.getByTestId(`table-${chart}`).locator('tbody td:last-child').evaluateAll((tds) => tds.map((td) => Number(td.getAttribute('data-value'))));
}

describe('the built workbench', () => {
  test('starts in zh-CN, lists the built-in library and shows no console errors', async () => {
    const { page, errors, context } = await openApp();
    const warnings: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'warning') warnings.push(m.text());
    });
    await page.reload();
    await expect.poll(() => page.getByTestId('app-title').textContent()).toBe('结对联动工作台');
    // The built app uses Lit's production build.
    expect(warnings.filter((w) => w.includes('dev mode'))).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    // The library lists exactly the scenario and comparison files under scenarios/.
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const f of readdirSync(dir)) {
        const p = join(dir, f);
        // scenarios/bench is bundled only into the browser benchmark's build (ui/engine/library.ts).
        if (statSync(p).isDirectory()) {
          if (f !== 'bench') walk(p);
        }
        else if (f.endsWith('.json') && !f.endsWith('.schema.json')) {
          const kind = (JSON.parse(readFileSync(p, 'utf8')) as { kind?: string }).kind;
          if (kind === 'scenario' || kind === 'comparison') files.push(p);
        }
      }
    };
    walk(join(ROOT, 'scenarios'));
    await expect.poll(() => page.getByTestId('library-entry').count()).toBe(files.length);
    if (files.length === 0) await page.getByTestId('library-empty').waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });

  test('opens two scenarios side by side; moving a slider changes the chart and its table', async () => {
    const { page, errors, context } = await openApp();
    const [first, second] = await twoColumns(page);

    const tableBefore = await first.getByTestId('table-taxRetained').textContent();
    const svgBefore = await first.getByTestId('chart-taxRetained').locator('svg').last().innerHTML();
    const otherBefore = await cellValues(second, 'taxRetained');

    // Hand-computed example: both parties lose in net fiscal terms (NPV −5.8 and −14.05).
    expect(await first.getByTestId('every-party-gains').textContent()).toBe('否');
    // Every control is labelled.
    const unlabelled = await first.locator('input, select').evaluateAll((els) =>
      els.filter((e) => !(e.getAttribute('aria-label') || (e.id && (e.getRootNode() as ShadowRoot).querySelector(`label[for="${e.id}"]`)))).length,
    );
    expect(unlabelled).toBe(0);
    // Keyboard operation: focus the tax-share slider of the joint category and press End (share 1).
    const slider = first.locator(`input[type="range"][data-lever="${TAX_JOINT}"]`);
    await slider.focus();
    await page.keyboard.press('End');
    await expect.poll(() => first.locator(`input[data-lever-number="${TAX_JOINT}"]`).inputValue()).toBe('1');
    await expect.poll(() => first.getByTestId('table-taxRetained').textContent()).not.toBe(tableBefore);
    expect(await first.getByTestId('chart-taxRetained').locator('svg').last().innerHTML()).not.toBe(svgBefore);
    // The other column keeps its numbers.
    expect(await cellValues(second, 'taxRetained')).toEqual(otherBefore);
    expect(tableValues(tableBefore).length).toBeGreaterThan(0);

    // The slider and its number field follow each other, and the spoken value follows both, in
    // the same task as the change (the column itself is drawn when the run's answer comes).
    const spokenBefore = await slider.getAttribute('aria-valuetext');
    const followed = await first.evaluate((col, id) => {
      const root = col.shadowRoot!;
      const number = root.querySelector(`input[data-lever-number="${id}"]`) as HTMLInputElement;
      const range = root.querySelector(`input[type="range"][data-lever="${id}"]`) as HTMLInputElement;
      number.value = '0.25';
      number.dispatchEvent(new Event('change'));
      const fromNumber = [range.value, range.getAttribute('aria-valuetext')];
      range.value = '0.75';
      range.dispatchEvent(new Event('input'));
      return [...fromNumber, number.value, range.getAttribute('aria-valuetext')];
    }, TAX_JOINT);
    expect(followed[0]).toBe('0.25');
    expect(followed[2]).toBe('0.75');
    expect(new Set([spokenBefore, followed[1], followed[3]]).size).toBe(3);

    // A number typed out of range is refused beside the field, in Chinese, naming the lever (and its JSON pointer).
    const numberField = first.locator(`input[data-lever-number="${TAX_JOINT}"]`);
    await numberField.fill('2');
    await numberField.press('Enter');
    await numberField.blur();
    const error = first.locator('.lever .error');
    await expect.poll(() => error.textContent()).toContain(TAX_JOINT);
    expect(await error.textContent()).toMatch(/税收分成.*不得大于 1/);
    expect(await numberField.inputValue()).toBe('2');

    expect(errors).toEqual([]);
    await context.close();
  });

  test('a slider move redraws only the lines that changed, in place; "computing" does not move the page; the tip shows the new numbers', async () => {
    // Speed (issue 17 item 13): every chart of every column was redrawn on each move, then every
    // element of a redrawn chart was put in the page anew (axes, labels, legend, style sheets),
    // and the busy line grew the column, which relaid and repainted the whole page.
    const { page, errors, context } = await openApp();
    const [first, second] = await twoColumns(page);
    const plotOf = (col: typeof first, chart: string) => col.getByTestId(`chart-${chart}`).locator('.plot svg:not([class*="swatch"] svg)').first();
    const slider = first.locator(`input[type="range"][data-lever="${TAX_JOINT}"]`);
    /** Press a key on the slider and wait for the moved chart's numbers. */
    const press = async (key: string) => {
      const before = await first.getByTestId('table-taxRetained').textContent();
      await slider.focus();
      await page.keyboard.press(key);
      await expect.poll(() => first.getByTestId('table-taxRetained').textContent()).not.toBe(before);
    };
    /** Sweep the pointer down the middle of a chart until Plot shows a tip (within 40 px of a point); its text. */
    const hoverTip = async (plot: ReturnType<typeof plotOf>) => {
      await plot.scrollIntoViewIfNeeded();
      const box = (await plot.boundingBox())!;
      const tip = plot.locator('text', { hasText: '·' }); // the tip's text (plot-a11y.ts strips Plot's aria-labels from groups)
      for (let y = box.y + 10; y < box.y + box.height && (await tip.count()) === 0; y += 15) await page.mouse.move(box.x + box.width * 0.6, y);
      await expect.poll(() => tip.first().textContent()).toMatch(/·.*\d{4}: /);
      // Plot separates the tip's parts with zero-width spaces.
      return (await tip.first().textContent())!.replace(/\u200b/g, '');
    };

    // A chart that has shown a tip (drawn with Plot's pointer listeners), then a move with the pointer elsewhere.
    await hoverTip(plotOf(first, 'taxRetained'));
    await page.mouse.move(0, 0);
    await press('End');
    const rowsBefore = await tableRows(first, 'taxRetained');

    // Tag the drawn nodes: each chart's <svg> and its line groups. A node put in the page anew has no tag.
    const tag = (col: typeof first, chart: string) =>
      plotOf(col, chart).evaluate((svg) => {
        for (const n of [svg, ...svg.querySelectorAll('g[data-mark="line"]')]) (n as Element & { drawn?: string }).drawn = 'before';
      });
    const tagged = (col: typeof first, chart: string) =>
      plotOf(col, chart).evaluate((svg) => ({
        svg: (svg as Element & { drawn?: string }).drawn ?? 'new',
        lines: [...svg.querySelectorAll('g[data-mark="line"]')].map((g) => (g as Element & { drawn?: string }).drawn ?? 'new'),
      }));
    for (const col of [first, second]) for (const chart of ['taxRetained', 'employment', 'outputCredited']) await tag(col, chart);
    await press('Home');
    // The moved column's tax chart kept its <svg> and got new line groups; its jobs and
    // credited-output charts, and the other column's, kept every tagged node.
    const moved = await tagged(first, 'taxRetained');
    expect(moved.svg).toBe('before');
    expect(moved.lines.length).toBeGreaterThan(0);
    expect(moved.lines.every((l) => l === 'new')).toBe(true);
    for (const [col, chart] of [[first, 'employment'], [first, 'outputCredited'], [second, 'employment'], [second, 'outputCredited']] as const) {
      const kept = await tagged(col, chart);
      expect([kept.svg, ...kept.lines].every((l) => l === 'before')).toBe(true);
    }
    // Plot numbers its line markers from a page-wide counter: compared without those numbers.
    const drawing = (col: typeof first) => plotOf(col, 'taxRetained').evaluate((svg) => svg.outerHTML.replace(/plot-marker-\d+/g, 'plot-marker'));
    const inPlace = await drawing(first);
    const rowsAfter = await tableRows(first, 'taxRetained');

    // The hover tip (formatted only for the row under the pointer) names party, world, year and
    // value with its unit, and shows the numbers after the move (a tip left listening on a chart
    // redrawn in place would show the old ones).
    const text = await hoverTip(plotOf(first, 'taxRetained'));
    expect(text).toContain('亿元');
    expect(text).not.toContain('object');
    const [, party, world, year, value] = text.match(/^(.+?) · (.+?)(\d{4}): (-?[\d,.]+)/)!;
    const key = (r: TableRow) => r.year === year && r.party === party && r.world === world;
    const now = rowsAfter.find(key)!;
    expect(Math.abs(Number(value!.replace(/,/g, '')) - now.value)).toBeLessThan(0.01);
    expect(Math.abs(rowsBefore.find(key)!.value - now.value)).toBeGreaterThan(0.02);
    await page.mouse.move(0, 0);

    // While a run is in flight the column says so on a line of fixed height.
    const height = () => first.evaluate((el) => el.getBoundingClientRect().height);
    const idle = await height();
    await first.evaluate(async (el) => {
      const col = el as HTMLElement & { busy: boolean; updateComplete: Promise<boolean> };
      col.busy = true;
      await col.updateComplete;
    });
    expect(await first.locator('.busy').textContent()).not.toBe('');
    expect(await height()).toBe(idle);

    // Redrawn in place, the chart is the one a fresh page draws for the same view (the link holds the lever).
    await expect.poll(async () => decodeView(await page.evaluate(() => location.hash))?.columns[0]?.levers[TAX_JOINT]).toBe(0);
    await page.reload();
    const fresh = await column(page, 0);
    await column(page, 1);
    await expect.poll(() => drawing(fresh)).toBe(inPlace);
    expect(errors).toEqual([]);
    await context.close();
  });

  test('opens a comparison from the library: its scenarios replace the columns, with the reference marked', async () => {
    const { page, errors, context } = await openApp();
    await openFile(page, 'two-project.json', FIXTURE);
    await column(page, 0);
    await page.getByTestId('library-select').waitFor();
    const comparisons = await page.locator('optgroup').first().locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    const path = comparisons.find((p) => p.includes('comparisons/'));
    expect(path, 'the library has a comparison').toBeTruthy();
    const doc = JSON.parse(readFileSync(join(ROOT, path!), 'utf8')) as { scenarios: unknown[]; reference?: number };
    await page.getByTestId('library-select').selectOption(path!);
    await page.getByTestId('library-open').click();
    await expect.poll(() => page.locator('pw-column').count()).toBe(doc.scenarios.length);
    for (let i = 0; i < doc.scenarios.length; i++) await column(page, i);
    const refIndex = doc.reference ?? 0;
    expect(await page.locator('pw-column').nth(refIndex).locator('.badge').count()).toBe(1);
    // The fixture column was replaced; no column reports a problem.
    expect(await page.locator('pw-column').getByTestId('column-title').allTextContents()).not.toContain('手算示例：两个项目三年');
    expect(await page.locator('pw-column .issues').count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  test('main view: two library scenarios side by side (screenshot)', async () => {
    const { page, errors, context } = await openApp(await browser().newContext({ viewport: { width: 1400, height: 1300 } }));
    await page.getByTestId('library-select').waitFor();
    const options = await page.getByTestId('library-entry').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    const wanted = ['scenarios/jinniu-pengzhou-4-6.json', 'scenarios/jinniu-pengzhou-25-75.json'];
    const scenarios = options.filter((p) => !p.includes('comparisons/') && !p.includes('bench/'));
    const chosen = wanted.every((w) => options.includes(w)) ? wanted : scenarios.slice(0, 2);
    expect(chosen).toHaveLength(2);
    for (const path of chosen) {
      await page.getByTestId('library-select').selectOption(path);
      await page.getByTestId('library-open').click();
    }
    await expect.poll(() => page.locator('pw-column').count()).toBe(2);
    const first = await column(page, 0);
    const second = await column(page, 1);
    // Shared y-scales: the same chart has the same y ticks in both columns.
    const ticks = (col: typeof first) => col.getByTestId('chart-taxRetained').locator('svg [data-mark="y-axis tick label"] text').allTextContents();
    expect(await ticks(first)).toEqual(await ticks(second));
    expect((await ticks(first)).length).toBeGreaterThan(1);
    await page.screenshot({ path: join(ROOT, 'docs/screenshot-main.png') });
    expect(errors).toEqual([]);
    await context.close();
  });

  test('a view of library scenarios is kept in the URL: columns, levers and difference survive a reload', async () => {
    const { page, errors, context } = await openApp();
    await page.getByTestId('library-select').waitFor();
    const options = await page.getByTestId('library-entry').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    const [a, b] = options.filter((p) => !p.includes('comparisons/') && !p.includes('bench/'));
    for (const path of [a!, b!]) {
      await page.getByTestId('library-select').selectOption(path);
      await page.getByTestId('library-open').click();
      await expect.poll(() => page.locator('pw-column').count()).toBe(path === a ? 1 : 2);
    }
    const first = await column(page, 0);
    const slider = first.locator('input[type="range"]').first();
    const id = (await slider.getAttribute('data-lever'))!;
    const before = await first.locator(`input[data-lever-number="${id}"]`).inputValue();
    await slider.focus();
    await page.keyboard.press('Home');
    const moved = await first.locator(`input[data-lever-number="${id}"]`).inputValue();
    expect(moved).not.toBe(before);
    await page.getByTestId('difference-toggle').check();
    const titles = await page.locator('pw-column').getByTestId('column-title').allTextContents();
    // The address bar is written when the page is idle after the run's answer: wait for the moved lever in it.
    await expect.poll(async () => {
      const view = decodeView(await page.evaluate(() => location.hash));
      return view && [view.columns[0]?.levers[id], view.difference];
    }).toEqual([Number(moved), true]);
    await page.reload();
    await expect.poll(() => page.locator('pw-column').count()).toBe(2);
    expect(await page.locator('pw-column').getByTestId('column-title').allTextContents()).toEqual(titles);
    await column(page, 1);
    expect(await page.locator('pw-column').nth(0).locator(`input[data-lever-number="${id}"]`).inputValue()).toBe(moved);
    expect(await page.getByTestId('difference-toggle').isChecked()).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });

  test('downloads the column rows as CSV, the difference included when the toggle is on', async () => {
    const { page, errors, context } = await openApp();
    const [, second] = await twoColumns(page, ['a.json', 'b.json']);
    const read = async () => {
      const [download] = await Promise.all([page.waitForEvent('download'), second.getByTestId('download-csv').click()]);
      expect(download.suggestedFilename()).toBe('hand-computed.csv');
      return readFileSync((await download.path())!, 'utf8').replace(/^\ufeff/, '');
    };
    const csv = await read();
    // Party names in the reader's language beside the ids, and a unit on every row.
    expect(csv.split('\n')[0]).toBe('year,party,partyId,world,measure,value,unit');
    expect(csv).toMatch(/^2026,甲区,A,deal,taxRetained,[-\d.e]+,亿元\/年$/m);
    expect(csv).toMatch(/^2026,乙县,B,deal,employment,[-\d.e]+,人$/m);
    await page.getByTestId('difference-toggle').check();
    const diff = await read();
    const retained = diff.split('\n').filter((l) => l.includes(',taxRetained,')).map((l) => Number(l.split(',')[5]));
    expect(retained.length).toBeGreaterThan(0);
    expect(retained.every((v) => v === 0)).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });

  test('the difference toggle shows each column minus the reference column', async () => {
    const { page, errors, context } = await openApp();
    const [, second] = await twoColumns(page, ['a.json', 'b.json']);
    const absolute = await cellValues(second, 'taxRetained');
    expect(absolute.some((v) => v !== 0)).toBe(true);
    await page.getByTestId('difference-toggle').check();
    // Same scenario in both columns: every difference is zero.
    await expect.poll(async () => (await cellValues(second, 'taxRetained')).every((v) => v === 0)).toBe(true);
    // Move the reference column's slider: the second column's difference is no longer zero.
    const first = await column(page, 0);
    await first.locator(`input[type="range"][data-lever="${TAX_JOINT}"]`).focus();
    await page.keyboard.press('Home');
    await expect.poll(async () => (await cellValues(second, 'taxRetained')).some((v) => v !== 0)).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });

  test('switching language changes the labels and is remembered after reload', async () => {
    const { page, errors, context } = await openApp();
    await openFile(page, 'two-project.json', FIXTURE);
    const col = await column(page, 0);
    await expect.poll(() => col.getByTestId('column-title').textContent()).toBe('手算示例：两个项目三年');
    await page.getByTestId('lang-en').click();
    await expect.poll(() => page.getByTestId('app-title').textContent()).toBe('Pairing Workbench');
    await expect.poll(() => col.getByTestId('column-title').textContent()).toBe('Hand-computed example: two projects, three years');
    expect(await col.getByTestId('chart-taxRetained').locator('h4').textContent()).toContain('Tax retained');
    await page.reload();
    await expect.poll(() => page.getByTestId('app-title').textContent()).toBe('Pairing Workbench');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await page.getByTestId('lang-zh').click();
    await expect.poll(() => page.getByTestId('app-title').textContent()).toBe('结对联动工作台');
    expect(errors).toEqual([]);
    await context.close();
  });

  test('a broken file shows the JSON pointer and message, and open columns stay', async () => {
    const { page, errors, context } = await openApp();
    await twoColumns(page, ['two-project.json', 'second.json']);
    const broken = JSON.parse(FIXTURE.toString('utf8'));
    broken.discountRate.value = 'five percent';
    await openFile(page, 'broken.json', Buffer.from(JSON.stringify(broken)));
    const box = page.getByTestId('load-errors');
    await expect.poll(() => box.textContent()).toContain('/discountRate/value');
    expect(await box.textContent()).toContain('broken.json');
    expect(await page.locator('pw-column').count()).toBe(2);
    // Not JSON at all: a message for the document root, columns still there.
    await openFile(page, 'garbage.json', Buffer.from('{ "kind": "scenario", '));
    await expect.poll(() => box.textContent()).toContain('not valid JSON');
    expect(await page.locator('pw-column').count()).toBe(2);
    expect((await cellValues(await column(page, 0), 'taxRetained')).length).toBeGreaterThan(0);
    // Drag and drop: a broken file dropped on the zone is reported the same way…
    const drop = async (name: string, text: string) => {
      const dataTransfer = await page.evaluateHandle(
        ([n, t]) => {
          const dt = new DataTransfer();
          dt.items.add(new File([t], n, { type: 'application/json' }));
          return dt;
        },
        [name, text] as const,
      );
      await page.getByTestId('drop-zone').dispatchEvent('drop', { dataTransfer });
    };
    const noYears = JSON.parse(FIXTURE.toString('utf8'));
    delete noYears.years;
    await drop('dropped.json', JSON.stringify(noYears));
    await expect.poll(() => box.textContent()).toContain('dropped.json');
    expect(await box.textContent()).toContain('years');
    expect(await page.locator('pw-column').count()).toBe(2);
    // …and a good one becomes a third column.
    await drop('good.json', FIXTURE.toString('utf8'));
    await expect.poll(() => page.locator('pw-column').count()).toBe(3);
    await expect.poll(() => box.count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });
});
