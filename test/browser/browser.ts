// Shared helpers of the browser tests: launch Debian's chromium, watch for console errors,
// and keep the app offline.
import { inject } from 'vitest';
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
