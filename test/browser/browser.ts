// Shared helpers of the browser tests: launch Debian's chromium, watch for console errors,
// and keep the app offline.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, inject } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { encodeView } from '../../ui/url-state.js';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/** One chromium per test file: launched before its tests, closed after them. Call at the top of the file. */
export function useBrowser(): () => Browser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });
  return () => {
    if (!browser) throw new Error('the browser is launched in beforeAll: use it inside a test');
    return browser;
  };
}

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * axe-core over the page, or over the first element with the tag `within` (found through open
 * shadow roots, which axe walks too): the serious and critical findings, one line each.
 */
export async function seriousViolations(page: Page, within?: string): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE });
  const found = await page.evaluate(async (tag) => {
    const find = (root: Document | ShadowRoot): Element | null => {
      const hit = root.querySelector(tag!);
      if (hit) return hit;
      for (const el of root.querySelectorAll('*')) {
        const inner = el.shadowRoot && find(el.shadowRoot);
        if (inner) return inner;
      }
      return null;
    };
    const context = tag ? find(document) : document;
    if (!context) throw new Error(`no <${tag}> on the page to check`);
    type Result = { violations: { id: string; impact: string; nodes: { target: unknown }[] }[] };
    const axe = (window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<Result> } }).axe;
    const res = await axe.run(context, { resultTypes: ['violations'] });
    return res.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length, first: JSON.stringify(v.nodes[0]?.target) }));
  }, within);
  return found.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}, ${v.nodes}×, e.g. ${v.first})`);
}

/** Collect console errors and uncaught exceptions of a page. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  return errors;
}

/** Offline: everything the app needs is in dist/; any other request is refused and reported in errors. */
export async function refuseOutsideApp(context: BrowserContext, errors: string[]): Promise<void> {
  const origin = new URL(inject('appUrl')).origin;
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(origin) || url.startsWith('data:') || url.startsWith('blob:')) return route.continue();
    errors.push(`request outside the app: ${url}`);
    return route.abort();
  });
}

/** A link to a page with no columns: the tests that open their own scenarios start here (a bare URL opens the Chengdu vs Yangtze Delta comparison). */
export const EMPTY_VIEW = encodeView({ columns: [], reference: 0, difference: false });

export interface OpenedApp {
  page: Page;
  errors: string[];
  context: BrowserContext;
}

/**
 * A fresh context and page on the built app, offline, its console errors collected, opened on
 * `hash` (the empty view unless given) and waited for until the title is drawn.
 */
export async function openApp(
  browser: Browser,
  { viewport = { width: 1440, height: 900 }, acceptDownloads = false, hash = EMPTY_VIEW }: { viewport?: { width: number; height: number }; acceptDownloads?: boolean; hash?: string } = {},
): Promise<OpenedApp> {
  const context = await browser.newContext({ viewport, acceptDownloads });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await refuseOutsideApp(context, errors);
  await page.goto(inject('appUrl') + hash);
  await page.getByTestId('app-title').waitFor();
  return { page, errors, context };
}

/** Open a built-in library entry (scenario or comparison) through the picker, as a user does. */
export async function openLibrary(page: Page, path: string): Promise<void> {
  await page.getByTestId('library-select').selectOption(path);
  await page.getByTestId('library-open').click();
}
