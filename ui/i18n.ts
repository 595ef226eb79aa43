// Languages: @lit/localize in runtime mode with the hand-written zh-CN template module.
// zh-CN is the default; the choice is remembered in localStorage.
import { configureLocalization, msg } from '@lit/localize';
import type { Bilingual } from '../engine/index.js';
import { EN, type MessageId } from './messages.js';
import * as zhCN from './locales/zh-CN.js';
import { formatValue, tickFormatter, type NumberKind } from './format.js';
import { pointerLabel, translateMessage } from './issue-text.js';

export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const LOCALE_STORAGE_KEY = 'pairing-workbench.locale';

const { getLocale, setLocale } = configureLocalization({
  sourceLocale: 'en',
  targetLocales: ['zh-CN'],
  loadLocale: async () => zhCN,
});

/** A label in the active language. */
export function t(id: MessageId): string {
  return msg(EN[id], { id });
}

export function locale(): Locale {
  return getLocale() === 'en' ? 'en' : 'zh-CN';
}

/** Pick the active language's side of a bilingual label from a scenario file. */
export function pick(b: Bilingual | undefined): string {
  if (!b) return '';
  return locale() === 'en' ? b.en || b.zh : b.zh || b.en;
}

export function storedLocale(): Locale {
  try {
    return localStorage.getItem(LOCALE_STORAGE_KEY) === 'en' ? 'en' : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

export async function switchLocale(next: Locale): Promise<void> {
  try {
    localStorage.setItem(LOCALE_STORAGE_KEY, next);
  } catch {
    // Private mode: the choice lasts for this page only.
  }
  document.documentElement.lang = next;
  await setLocale(next);
}

// Building an Intl.NumberFormat is costly (it was a third of the main thread's time while a
// slider moved, one per table cell): keep one per locale and precision.
const numberFormats = new Map<string, Intl.NumberFormat>();

/** A measured value in the reader's idiom (万/亿 for money and people in Chinese), see format.ts. */
export function formatMeasure(v: number, kind: NumberKind, digits?: number): string {
  return formatValue(v, kind, locale(), digits);
}

/** Axis tick labels for a measure in the active language (Plot's tickFormat). */
export function axisFormat(kind: NumberKind): (v: number) => string {
  return tickFormatter(kind, locale());
}

/** A plain number (shares, lever values, counts): no 万/亿 grouping. */
export function formatNumber(v: number, digits = 2): string {
  const lang = locale() === 'en' ? 'en' : 'zh-CN';
  const key = `${lang}:${digits}`;
  let f = numberFormats.get(key);
  if (!f) numberFormats.set(key, (f = new Intl.NumberFormat(lang, { maximumFractionDigits: digits })));
  return f.format(v);
}

/** An engine message in the active language (see issue-text.ts). */
export function issueMessage(message: string): string {
  return translateMessage(message, locale());
}

/** A JSON pointer in words in the active language, ids replaced by the given names. */
export function issuePlace(path: string, names?: ReadonlyMap<string, string>): string {
  return pointerLabel(path, locale(), names);
}
