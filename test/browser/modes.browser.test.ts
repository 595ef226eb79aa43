// The pairing-modes and annual check-up sections of a column show what the engine derives:
// each project's mode under the deal (engine/model/modes.ts) and the check-up's responses year
// by year (engine/model/checkup.ts), both computed here in Node and compared with the page.
import { describe, expect, inject, test } from 'vitest';
import { useBrowser, refuseOutsideApp, watchErrors } from './browser.js';
import { encodeView } from '../../ui/url-state.js';
import { loadFixture } from '../helpers.js';
import { scenarioModes } from '../../engine/model/modes.js';
import { dealPlacement } from '../../engine/model/compile.js';
import { simulateWithCheckups } from '../../engine/model/checkup.js';
import { compileScenario } from '../../engine/model/compile.js';
import { simulate } from '../../engine/model/simulate.js';
import { main } from '../../engine/cli/main.js';
import { formatValue } from '../../ui/format.js';

const CDYRD = 'scenarios/comparisons/chengdu-vs-yrd.json';

const browser = useBrowser();

describe('pairing modes and check-up in a column', () => {
  test('modes equal the engine per-project modes; check-up rows equal the engine checkups (Jinniu–Pengzhou, Chengdu approach)', async () => {
    const s = await loadFixture('scenarios/jinniu-pengzhou-metro-approach.json');
    const modes = scenarioModes(s, (p) => dealPlacement(s, p)).projects.map((m) => ({ project: m.project, mode: m.mode }));
    const { checkups } = await simulateWithCheckups(s);
    // The scenario must have responses, else the check-up half of this test would prove nothing.
    expect(checkups.length).toBeGreaterThan(0);
    expect(modes.length).toBeGreaterThan(0);

    const context = await browser().newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await refuseOutsideApp(context, errors);
    const view = { columns: [{ path: CDYRD, index: 0, levers: {} }, { path: CDYRD, index: 1, levers: {} }], reference: 0, difference: false, lang: 'zh-CN' as const };
    await page.goto(inject('appUrl') + encodeView(view));
    await page.getByTestId('app-title').waitFor();
    const col = page.locator('pw-column').nth(0);
    // The header names the projects' mode; the policy's label (合作共建) only beside it, marked as declared.
    const header = col.getByTestId('column-mode');
    await header.waitFor();
    expect(await header.getAttribute('data-mode')).toBe(scenarioModes(s, (p) => dealPlacement(s, p)).mode);
    expect(await header.textContent()).toMatch(/^结对模式: 飞地园区/);
    expect((await col.getByTestId('declared-mode').textContent())?.trim()).toBe('(政策声明: 合作共建)');
    const section = col.getByTestId('modes');
    await section.waitFor();
    // Collapsed by default (compact); open it and read the rows.
    expect(await section.getAttribute('open')).toBeNull();
    await section.locator('summary').click();
    await expect.poll(() => section.locator('summary').textContent()).toBe('配对模式');
    const shown = await section.getByTestId('mode-row').evaluateAll((rows) =>
      rows.map((r) => ({ project: r.getAttribute('data-project'), mode: r.getAttribute('data-mode'), text: r.textContent?.replace(/\s+/g, ' ').trim() })),
    );
    expect(shown.map(({ project, mode }) => ({ project, mode }))).toEqual(modes);
    // Bilingual mode names, zh-CN first.
    const zh: Record<string, string> = { enclavePark: '飞地园区 / enclave park', coBuild: '合作共建 / co-build', hqBase: '总部+基地 / HQ + base' };
    const named = shown.filter((r) => zh[r.mode!]);
    expect(named.length).toBeGreaterThan(0);
    for (const r of named) expect(r.text).toContain(zh[r.mode!]);

    const checks = col.getByTestId('checkups');
    await checks.locator('summary').click();
    expect(await checks.locator('summary').textContent()).toBe('年度体检与应对');
    const rows = await checks.getByTestId('checkup-row').evaluateAll((rs) =>
      rs.map((r) => ({
        year: Number(r.getAttribute('data-year')),
        target: r.getAttribute('data-target'),
        parameter: r.getAttribute('data-parameter'),
        previous: Number(r.getAttribute('data-previous')),
        value: Number(r.getAttribute('data-value')),
      })),
    );
    expect(rows).toEqual(checkups.map((c) => ({ year: c.year, target: c.target, parameter: `${c.instrument}.${c.parameter}`, previous: c.previous, value: c.value })));

    // The Yangtze Delta policy has no check-up: no check-up section, but its modes are shown.
    const other = page.locator('pw-column').nth(1);
    await other.getByTestId('modes').waitFor();
    expect(await other.getByTestId('checkups').count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  test("the headline shows the CLI's run (check-up responses applied), not the run without responses", async () => {
    const path = 'scenarios/jinniu-pengzhou-metro-approach.json';
    let out = '';
    const code = await main(['run', path, '--format', 'json'], { out: (t) => void (out += t), err: () => undefined, errIsTty: false });
    expect(code).toBe(0);
    const printed = JSON.parse(out) as { checkups: unknown[]; summary: { parties: { party: string; discountedGain: { gdpCredited: number } }[] } };
    expect(printed.checkups.length).toBeGreaterThan(0);
    const s = await loadFixture(path);
    const plain = simulate(await compileScenario(s)).summary;
    // Credited GDP (present value) of each party, as the page writes it in Chinese.
    const cli = printed.summary.parties.map((p) => formatValue(p.discountedGain.gdpCredited, 'money', 'zh-CN'));
    const without = plain.parties.map((p) => formatValue(p.discountedGain.gdpCredited, 'money', 'zh-CN'));
    // The two runs differ at the precision shown, else this test could not tell them apart.
    expect(cli).not.toEqual(without);

    const context = await browser().newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await refuseOutsideApp(context, errors);
    const view = { columns: [{ path: CDYRD, index: 0, levers: {} }], reference: 0, difference: false, lang: 'zh-CN' as const };
    await page.goto(inject('appUrl') + encodeView(view));
    const col = page.locator('pw-column').nth(0);
    const cells = col.getByTestId('headline').getByTestId('credited-gdp-pv');
    await expect.poll(() => cells.allTextContents()).toEqual(cli);
    expect(errors).toEqual([]);
    await context.close();
  });
});
