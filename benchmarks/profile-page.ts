// CPU profile of the page's main thread (Chrome DevTools Protocol, via playwright-core) during
// the first load and during slider moves with four columns, on an unminified benchmark build
// (dist-profile/). `npx tsx benchmarks/profile-page.ts [--no-build]`; prints the functions with
// the most self time per phase, and writes the .cpuprofile files to /tmp for DevTools.
import { writeFileSync } from 'node:fs';
import { encodeView } from '../ui/url-state.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const LEVER = '/policy/rules/joint/tax/originShare/value';
const OUT = 'dist-profile';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

/** Self time per function (ms), top n, with the total sampled time. */
function top(profile: Profile, n = 25): { totalMs: number; top: [string, number][] } {
  const byId = new Map(profile.nodes.map((x) => [x.id, x]));
  const self = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const dt = (profile.timeDeltas[i] ?? 0) / 1000;
    const node = byId.get(id)!;
    const f = node.callFrame;
    if (f.functionName === '(idle)' || f.functionName === '(program)') return;
    const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}:${f.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + dt);
    total += dt;
  });
  return { totalMs: Math.round(total), top: [...self].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, v]) => [k, Math.round(v * 10) / 10]) };
}

if (!process.argv.includes('--no-build')) {
  const { build } = await import('vite');
  process.env.VITE_BENCH_LIBRARY = '1';
  await build({ logLevel: 'warn', build: { outDir: OUT, emptyOutDir: true, minify: false } });
  delete process.env.VITE_BENCH_LIBRARY;
}
const { chromium } = await import('playwright-core');
const { serveStatic } = await import('../test/browser/static-server.js');
const { url, server } = await serveStatic(OUT, '/p/');
const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
try {
  // Phase 1: first load of the bare URL.
  {
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
    await page.goto(url);
    await page.waitForFunction(
      () => !!document.querySelector('pw-app')?.shadowRoot?.querySelector('pw-column')?.shadowRoot?.querySelector('pw-chart')?.shadowRoot?.querySelector('.plot svg'),
      null,
      { timeout: 60_000, polling: 50 },
    );
    const { profile } = (await cdp.send('Profiler.stop')) as { profile: Profile };
    writeFileSync('/tmp/first-load.cpuprofile', JSON.stringify(profile));
    console.log('first load', JSON.stringify(top(profile), null, 1));
    await context.close();
  }
  // Phase 2: four columns of the bench scenario, 20 slider moves on the first.
  {
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    const page = await context.newPage();
    await page.goto(url + encodeView({ columns: [], reference: 0, difference: false }));
    await page.getByTestId('library-entry').first().waitFor({ state: 'attached', timeout: 30_000 });
    const values = await page.getByTestId('library-entry').evaluateAll((els) => els.map((e) => (e as HTMLOptionElement).value));
    await page.getByTestId('library-select').selectOption(values.find((v) => v.endsWith('bench/bench-2p-200x30.json'))!);
    for (let k = 0; k < 4; k++) {
      await page.getByTestId('library-open').click();
      await page.locator('pw-column').nth(k).getByTestId('table-taxRetained').locator('tbody tr').first().waitFor({ state: 'attached', timeout: 60_000 });
    }
    const slider = page.locator('pw-column').first().locator(`input[type="range"][data-lever="${LEVER}"]`);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
    for (let i = 0; i < 20; i++) {
      await slider.evaluate((el, v) => {
        (el as HTMLInputElement).value = String(v);
        el.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
      }, ((i * 37) % 100) / 100);
      await page.waitForTimeout(150);
    }
    const { profile } = (await cdp.send('Profiler.stop')) as { profile: Profile };
    writeFileSync('/tmp/slider.cpuprofile', JSON.stringify(profile));
    console.log('slider (20 moves)', JSON.stringify(top(profile, 35), null, 1));
    await context.close();
  }
} finally {
  await browser.close();
  server.close();
}
