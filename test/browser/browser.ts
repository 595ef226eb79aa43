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
