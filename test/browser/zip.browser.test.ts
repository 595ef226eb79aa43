// "Download all as ZIP", driven in Debian's chromium against the built app: a column's archive
// holds every drawn chart as SVG and PNG, the data CSV with party names and units, the
// scenario as a self-contained file the engine accepts, and a bilingual README naming the
// version, the commit and the scenario; the comparison's archive has a folder per column.
import { describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { strFromU8, unzipSync } from 'fflate';
import Papa from 'papaparse';
import type { Locator, Page } from 'playwright-core';
import { useBrowser, openApp as openBrowserApp, openLibrary } from './browser.js';
import { resolveScenario } from '../../engine/schema/resolve.js';

const ROOT = join(import.meta.dirname, '../..');
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

const browser = useBrowser();

const openApp = () => openBrowserApp(browser(), { acceptDownloads: true });

/** A column whose charts are drawn. */
async function drawnColumn(page: Page, index: number): Promise<Locator> {
  const col = page.locator('pw-column').nth(index);
  await col.getByTestId('headline').waitFor();
  await col.locator('pw-chart svg').first().waitFor();
  return col;
}

/** Every chart id the column offers (its "more charts" opened to list them, then closed again). */
async function chartIds(col: Locator): Promise<string[]> {
  const more = col.getByTestId('more-charts');
  const hasMore = (await more.count()) > 0;
  if (hasMore) await more.locator(':scope > summary').click();
  const ids = await col.locator('figure[data-testid^="chart-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!.slice('chart-'.length)));
  if (hasMore) await more.locator(':scope > summary').click();
  return ids;
}

async function downloadZip(page: Page, button: Locator): Promise<{ name: string; files: Record<string, Uint8Array> }> {
  const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
  return { name: download.suggestedFilename(), files: unzipSync(new Uint8Array(readFileSync((await download.path())!))) };
}

function expectedCommit(): string | null {
  try {
    return execFileSync('git', ['rev-parse', '--short=12', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {
    return null;
  }
}

describe('download all as ZIP', () => {
  test('a column: figures as SVG and PNG, data CSV with party names and units, the scenario file, a bilingual README', async () => {
    const { page, errors, context } = await openApp();
    await page.getByTestId('lang-en').click();
    await openLibrary(page, 'scenarios/jinniu-pengzhou-4-6.json');
    const col = await drawnColumn(page, 0);
    const charts = await chartIds(col);
    expect(charts.length).toBeGreaterThanOrEqual(5);
    const { name, files } = await downloadZip(page, col.getByTestId('download-zip'));
    expect(name).toBe('jinniu-pengzhou-4-6.zip');
    const stem = 'jinniu-pengzhou-4-6';
    const expected = [
      'README.txt',
      `${stem}-data.csv`,
      `${stem}-scenario.json`,
      ...charts.flatMap((c) => [`figures/${stem}-${c}.svg`, `figures/${stem}-${c}.png`]),
    ];
    expect(Object.keys(files).sort()).toEqual(expected.sort());

    // Figures as the chart buttons export them: title, party names, source line; PNGs are PNGs.
    for (const c of charts) {
      const svg = strFromU8(files[`figures/${stem}-${c}.svg`]!);
      expect(svg).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
      expect(svg).toMatch(/class="figure-title"/);
      // The parties' legend (the inequality chart has one line for all parties).
      expect(svg).toMatch(/Jinniu District[\s\S]*Pengzhou|all parties/);
      expect(svg).toContain('scenarios/jinniu-pengzhou-4-6.json');
      expect([...files[`figures/${stem}-${c}.png`]!.slice(0, 8)]).toEqual(PNG_SIGNATURE);
    }
    const title = (await col.locator('figure[data-testid^="chart-"] h4').first().evaluate((h) => h.firstChild?.textContent ?? '')).trim();
    expect(strFromU8(files[`figures/${stem}-${charts[0]}.svg`]!)).toContain(title);

    // The data CSV: party names and ids, a unit on every row.
    const csv = Papa.parse<Record<string, string>>(strFromU8(files[`${stem}-data.csv`]!).replace(/^\ufeff/, ''), { header: true, skipEmptyLines: true });
    expect(csv.meta.fields).toEqual(['year', 'party', 'partyId', 'world', 'measure', 'value', 'unit']);
    const jinniu = csv.data.filter((r) => r.partyId === 'JN');
    expect(jinniu.length).toBeGreaterThan(0);
    expect(new Set(jinniu.map((r) => r.party))).toEqual(new Set(['Jinniu District']));
    expect(csv.data.some((r) => r.party === 'Pengzhou')).toBe(true);
    expect(csv.data.every((r) => r.unit !== '')).toBe(true);

    // The scenario stands alone: the engine resolves it without any other file.
    const scenario = JSON.parse(strFromU8(files[`${stem}-scenario.json`]!));
    const resolved = await resolveScenario(scenario, 'scenario.json', () => Promise.reject(new Error('no other file may be read')));
    expect(resolved.id).toBe(stem);

    // README in both languages, naming version, commit and scenario.
    const readme = strFromU8(files['README.txt']!);
    const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
    expect(readme).toContain(`版本：${version}`);
    expect(readme).toContain(`Version: ${version}`);
    const commit = expectedCommit();
    if (commit) expect(readme).toContain(`commit ${commit}`);
    expect(readme).toMatch(/情景：[\s\S]*jinniu-pengzhou-4-6: 金牛/);
    expect(readme).toMatch(/Scenarios:[\s\S]*jinniu-pengzhou-4-6: Jinniu/);
    // The "more charts" disclosure is left as it was.
    expect(await col.getByTestId('more-charts').evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);
    expect(errors).toEqual([]);
    await context.close();
  });

  test('a column in the negotiation view: its negotiation figure as SVG and PNG, with the data and scenario', async () => {
    const { page, errors, context } = await openApp();
    await page.getByTestId('lang-en').click();
    await openLibrary(page, 'scenarios/jinniu-pengzhou-5-5.json');
    const col = await drawnColumn(page, 0);
    await col.getByTestId('view-negotiation').click();
    await col.getByTestId('zopa').waitFor();
    const { files } = await downloadZip(page, col.getByTestId('download-zip'));
    const stem = 'jinniu-pengzhou-5-5';
    const figures = Object.keys(files).filter((p) => p.startsWith('figures/')).sort();
    expect(figures).toEqual([`figures/${stem}-negotiation.png`, `figures/${stem}-negotiation.svg`]);
    const svg = strFromU8(files[`figures/${stem}-negotiation.svg`]!);
    // The export keeps its legends: the parties and the zone of agreement.
    expect(svg).toMatch(/Jinniu District[\s\S]*Pengzhou/);
    expect(svg).toContain('Zone of agreement');
    expect([...files[`figures/${stem}-negotiation.png`]!.slice(0, 8)]).toEqual(PNG_SIGNATURE);
    expect(Object.keys(files)).toContain(`${stem}-data.csv`);
    expect(errors).toEqual([]);
    await context.close();
  });

  test('the comparison: a folder per column with its figures, data and scenario, one README listing them all', async () => {
    const { page, errors, context } = await openApp();
    await openLibrary(page, 'scenarios/comparisons/jinniu-pengzhou-ratios.json');
    await expect.poll(() => page.locator('pw-column').count()).toBe(4);
    for (let i = 0; i < 4; i++) await drawnColumn(page, i);
    const comparison = JSON.parse(readFileSync(join(ROOT, 'scenarios/comparisons/jinniu-pengzhou-ratios.json'), 'utf8')) as { scenarios: string[] };
    const stems = comparison.scenarios.map((p) => p.replace(/^.*\//, '').replace(/\.json$/, ''));
    const { name, files } = await downloadZip(page, page.getByTestId('download-all-zip'));
    expect(name).toBe('comparison.zip');
    const paths = Object.keys(files);
    stems.forEach((stem, i) => {
      const dir = `${i + 1}-${stem}/`;
      expect(paths).toContain(`${dir}${stem}-data.csv`);
      expect(paths).toContain(`${dir}${stem}-scenario.json`);
      expect(paths.filter((p) => p.startsWith(`${dir}figures/`) && p.endsWith('.svg')).length).toBeGreaterThanOrEqual(5);
      expect(paths.filter((p) => p.startsWith(`${dir}figures/`) && p.endsWith('.png')).length).toBe(paths.filter((p) => p.startsWith(`${dir}figures/`) && p.endsWith('.svg')).length);
    });
    const readme = strFromU8(files['README.txt']!);
    for (const stem of stems) expect(readme).toContain(stem);
    expect(errors).toEqual([]);
    await context.close();
  });
});
