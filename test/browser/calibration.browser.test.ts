// The calibration panel as a user meets it: the library's calibration example opens with its
// observed figures drawn on the output chart, the fit runs in the engine worker, and the
// metrics and fitted values shown are the ones `pairsim calibrate` prints for the same
// scenario and file (run here in-process through the CLI's main, not hard-coded). The fitted
// scenario is applied to the column (and undone) and downloaded, and `pairsim validate`
// accepts the download. A bad CSV is refused beside the file field and the figures stay.
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, inject, test } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { useBrowser, seriousViolations, refuseOutsideApp, watchErrors } from './browser.js';
import { encodeView } from '../../ui/url-state.js';
import { main } from '../../engine/cli/main.js';
import { formatValue } from '../../ui/format.js';

const SCENARIO = 'scenarios/chengdu-ecosystem.json';
const OBSERVED = 'scenarios/observed/chengdu-ecosystem.csv';

async function pairsim(...args: string[]) {
  let out = '';
  let err = '';
  const code = await main(args, { out: (t) => void (out += t), err: (t) => void (err += t), errIsTty: false });
  return { code, out, err };
}

/** The number behind a cell (data-value), as the page computed it. */
async function cellValue(cell: Locator): Promise<number> {
  return Number(await cell.getAttribute('data-value'));
}


const zhPercent = (v: number) => `${new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 2 }).format(v)} %`;

const browser = useBrowser();

describe('calibration panel', () => {
  test('library example: observed points on the chart, fit equal to pairsim calibrate, apply, undo, download', async () => {
    // What the CLI gives for the same scenario and observed file (default parameters, as the panel checks them).
    const cli = await pairsim('calibrate', SCENARIO, '--observed', OBSERVED);
    expect(cli.code, cli.err).toBe(0);
    const expected = JSON.parse(cli.out) as {
      fitted: { path: string; before: number; after: number }[];
      metrics: { before: { mape: number }; after: { mape: number } };
    };
    // The example must be one the fit improves, else "after" proves nothing.
    expect(expected.metrics.after.mape).toBeLessThan(expected.metrics.before.mape - 1);
    const observedRows = readFileSync(OBSERVED, 'utf8').trim().split('\n').length - 1;

    const context = await browser().newContext({ viewport: { width: 1440, height: 1000 }, acceptDownloads: true });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await refuseOutsideApp(context, errors);
    const view = { columns: [{ path: SCENARIO, levers: {} }], reference: 0, difference: false, lang: 'zh-CN' as const };
    await page.goto(inject('appUrl') + encodeView(view));
    await page.getByTestId('app-title').waitFor();
    const col = page.locator('pw-column').first();
    const panel = col.getByTestId('calibration');

    // The library's observed file is found for the library scenario and the panel opens on it.
    await expect.poll(() => panel.getByTestId('cal-source').textContent(), { timeout: 30_000 }).toContain(OBSERVED);
    expect(await panel.locator('summary').first().textContent()).toContain('按观测数据校准');

    // Observed points: drawn on the output chart (promoted out of "more charts"), and in its data table.
    const chart = col.getByTestId('chart-output');
    await expect.poll(() => chart.locator('g.observed-points path').count()).toBe(observedRows);
    await expect.poll(() => chart.getByTestId('observed-legend').count()).toBe(1);
    const tableValues = await chart.getByTestId('observed-row').evaluateAll((rows) => rows.map((r) => Number(r.querySelector('td[data-value]')!.getAttribute('data-value'))));
    expect(tableValues.sort((a, b) => a - b)).toEqual([650, 920]);

    // Metrics before the fit: the overall MAPE is the CLI's "before".
    const overall = panel.getByTestId('cal-overall-mape');
    expect(await cellValue(overall)).toBeCloseTo(expected.metrics.before.mape, 9);
    expect(await overall.textContent()).toBe(zhPercent(expected.metrics.before.mape));
    expect(await panel.getByTestId('cal-point').count()).toBe(observedRows);

    // The default set is checked: the same parameters the CLI fitted.
    const checked = await panel.getByTestId('cal-candidate').evaluateAll((rows) =>
      rows.filter((r) => (r.querySelector('[data-testid="cal-choose"]') as HTMLInputElement).checked).map((r) => r.getAttribute('data-path')),
    );
    expect(checked).toEqual(expected.fitted.map((f) => f.path));

    // Large money values in 万/亿: Chengdu's base-year GDP (in 亿元) as the page's formatter writes it.
    const gdp = panel.locator('[data-testid="cal-candidate"][data-path="/economy/parties/0/base/gdp/value"] td[data-value]');
    const gdpValue = await cellValue(gdp);
    expect(gdpValue).toBeGreaterThanOrEqual(1e4);
    expect(await gdp.textContent()).toBe(`${formatValue(gdpValue, 'money', 'zh-CN')} 亿元/年`);
    expect(await gdp.textContent()).toContain('万');

    // A bad bound is refused beside its field, and the fit does not start.
    const firstLo = panel.getByTestId('cal-candidate').first().getByTestId('cal-lo');
    const loBefore = await firstLo.inputValue();
    await firstLo.fill('5000');
    await firstLo.dispatchEvent('change');
    await panel.getByTestId('cal-run').click();
    await expect.poll(() => panel.getByTestId('cal-bound-error').textContent()).toBe('下限须小于上限。');
    expect(await panel.getByTestId('cal-result').count()).toBe(0);
    await firstLo.fill(loBefore);
    await firstLo.dispatchEvent('change');

    // The fit, in the worker: after-MAPE and fitted values equal the CLI's.
    await panel.getByTestId('cal-run').click();
    const result = panel.getByTestId('cal-result');
    await result.waitFor({ timeout: 60_000 });
    const after = panel.getByTestId('cal-after-mape');
    expect(await cellValue(after)).toBeCloseTo(expected.metrics.after.mape, 6);
    expect(await after.textContent()).toBe(zhPercent(expected.metrics.after.mape));
    expect(await cellValue(panel.getByTestId('cal-before-mape'))).toBeCloseTo(expected.metrics.before.mape, 9);
    const fitted = await panel.getByTestId('cal-fitted-row').evaluateAll((rows) =>
      rows.map((r) => ({ path: r.getAttribute('data-path'), after: Number(r.querySelector('[data-testid="cal-after-value"]')!.getAttribute('data-value')) })),
    );
    expect(fitted.map((f) => f.path)).toEqual(expected.fitted.map((f) => f.path));
    fitted.forEach((f, i) => expect(f.after).toBeCloseTo(expected.fitted[i]!.after, 4));
    // The series' paths before and after the fit, with the figures on them.
    const curve = result.getByTestId('cal-curve');
    expect(await curve.count()).toBe(1);
    expect(await curve.locator('g.observed-points path').count()).toBe(observedRows);
    // The open panel with its result (tables, inputs, the chart) has no serious accessibility problem.
    expect(await seriousViolations(page)).toEqual([]);
    // Money in the reader's idiom: the fitted steady output in 亿元/年.
    expect(await result.getByTestId('cal-after-value').first().textContent()).toContain('亿元/年');

    // Download: the calibrated scenario, which `pairsim validate` accepts and which carries the figures.
    const [download] = await Promise.all([page.waitForEvent('download'), panel.getByTestId('cal-download').click()]);
    expect(download.suggestedFilename()).toBe('chengdu-ecosystem-calibrated.json');
    const text = readFileSync((await download.path())!, 'utf8');
    const dir = mkdtempSync(join(tmpdir(), 'pw-calibration-'));
    const file = join(dir, download.suggestedFilename());
    writeFileSync(file, text);
    const validated = await pairsim('validate', file);
    expect(validated.code, validated.err).toBe(0);
    const doc = JSON.parse(text) as { observed: unknown[]; economy: { projects: { steadyOutput: { value: number; assumption: string } }[] } };
    expect(doc.observed).toHaveLength(observedRows);
    expect(doc.economy.projects[0]!.steadyOutput.assumption).toMatch(/^fitted to chengdu-ecosystem\.csv/);
    // And `pairsim run` of it reproduces the fitted metrics.
    const rerun = await pairsim('run', file);
    expect(rerun.code, rerun.err).toBe(0);
    expect(JSON.parse(rerun.out).observed.overall.mape).toBeCloseTo(expected.metrics.after.mape, 6);

    // Apply: the column takes the calibrated scenario; its figures now come from the observed block.
    await panel.getByTestId('cal-apply').click();
    await expect.poll(() => panel.getByTestId('cal-source').textContent()).toContain('observed 数据块');
    await expect.poll(async () => cellValue(panel.getByTestId('cal-overall-mape'))).toBeCloseTo(expected.metrics.after.mape, 6);
    await expect.poll(() => chart.locator('g.observed-points path').count()).toBe(observedRows);
    // Undo: the library scenario again, with its MAPE before the fit.
    await panel.getByTestId('cal-undo').click();
    await expect.poll(() => panel.getByTestId('cal-source').textContent()).toContain(OBSERVED);
    await expect.poll(async () => cellValue(panel.getByTestId('cal-overall-mape'))).toBeCloseTo(expected.metrics.before.mape, 9);
    expect(await panel.getByTestId('cal-undo').count()).toBe(0);

    // A CSV with a unit mismatch is refused beside the file field, naming its line; the figures shown stay.
    const bad = ['year,party,measure,value,unit,source', '2018,CD,output,650,CNY_1e8/yr,x', '2019,CD,employment,9,CNY_1e8/yr,x'].join('\n');
    await panel.getByTestId('cal-file').setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
    const fileError = panel.getByTestId('cal-file-error');
    await fileError.waitFor();
    expect(await fileError.textContent()).toContain('第 3 行');
    expect(await fileError.textContent()).toContain('单位“CNY_1e8/yr”与指标 employment 不符');
    expect(await panel.getByTestId('cal-source').textContent()).toContain(OBSERVED);
    expect(await chart.locator('g.observed-points path').count()).toBe(observedRows);

    expect(errors).toEqual([]);
    await context.close();
  });

  test('a CSV the user loads (English): points on the chart, metrics and fit equal to the CLI', async () => {
    const scenario = 'scenarios/jinniu-pengzhou.json';
    const rows = [
      'year,party,measure,value,unit,source',
      '2026,PZ,output,100,CNY_1e8/yr,test bulletin',
      '2030,PZ,output,150,CNY_1e8/yr,test bulletin',
      '2030,PZ,gdp,1000,CNY_1e8/yr,test yearbook',
    ];
    const dir = mkdtempSync(join(tmpdir(), 'pw-calibration-'));
    const file = join(dir, 'pz.csv');
    writeFileSync(file, rows.join('\n') + '\n');
    const run = await pairsim('run', scenario, '--observed', file);
    expect(run.code, run.err).toBe(0);
    const before = JSON.parse(run.out).observed.overall.mape as number;
    const cli = await pairsim('calibrate', scenario, '--observed', file);
    expect(cli.code, cli.err).toBe(0);
    const expected = JSON.parse(cli.out) as { fitted: { path: string }[]; metrics: { before: { mape: number }; after: { mape: number } } };
    expect(expected.metrics.before.mape).toBeCloseTo(before, 9);

    const context = await browser().newContext({ viewport: { width: 1440, height: 1000 } });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await refuseOutsideApp(context, errors);
    const requested: string[] = [];
    context.on('request', (r) => void requested.push(r.url()));
    const calibrationChunk = () => requested.filter((u) => /\/calibration-[^/]*\.js$/.test(u)).length;
    await page.goto(inject('appUrl') + encodeView({ columns: [{ path: scenario, levers: {} }], reference: 0, difference: false, lang: 'en' }));
    await page.getByTestId('app-title').waitFor();
    const col = page.locator('pw-column').first();
    const panel = col.getByTestId('calibration');
    // Without figures the panel starts closed; the user opens it.
    await panel.getByTestId('cal-none').waitFor({ state: 'attached' });
    expect(await panel.getAttribute('open')).toBeNull();
    await panel.locator('summary').first().click();
    expect(await panel.getByTestId('cal-none').textContent()).toContain('This scenario has no observed figures');
    expect(await col.locator('g.observed-points').count()).toBe(0);
    // A scenario without figures does not load the calibration code into the worker.
    expect(calibrationChunk()).toBe(0);

    await panel.getByTestId('cal-file').setInputFiles({ name: 'pz.csv', mimeType: 'text/csv', buffer: readFileSync(file) });
    await expect.poll(() => panel.getByTestId('cal-source').textContent()).toBe('Figures from the loaded file pz.csv');
    expect(calibrationChunk()).toBe(1);
    const chart = col.getByTestId('chart-output');
    await expect.poll(() => chart.locator('g.observed-points path').count()).toBe(2);
    // GDP levels have no chart in a column: said, and listed in the table.
    expect(await panel.getByTestId('cal-uncharted').textContent()).toContain('GDP (where produced)');
    expect(await panel.getByTestId('cal-point').count()).toBe(3);
    expect(await cellValue(panel.getByTestId('cal-overall-mape'))).toBeCloseTo(before, 9);

    await panel.getByTestId('cal-run').click();
    await panel.getByTestId('cal-result').waitFor({ timeout: 60_000 });
    const fittedPaths = await panel.getByTestId('cal-fitted-row').evaluateAll((r) => r.map((x) => x.getAttribute('data-path')));
    expect(fittedPaths).toEqual(expected.fitted.map((f) => f.path));
    expect(await cellValue(panel.getByTestId('cal-after-mape'))).toBeCloseTo(expected.metrics.after.mape, 6);
    expect(await panel.getByTestId('cal-after-mape').textContent()).toBe(`${new Intl.NumberFormat('en', { maximumFractionDigits: 2 }).format(expected.metrics.after.mape)} %`);
    expect(errors).toEqual([]);
    await context.close();
  });
});
