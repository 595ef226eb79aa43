// Numbers in the reader's idiom, one module for axes, tables and tips. Money (亿元) and
// people are grouped by 万 and 亿 in Chinese ("1.5万" 亿元, "2万" 人), never by SI suffixes
// ("15k", "20k" mean nothing to a Chinese reader); indices stay plain decimals ("0.015", not
// "15m"). English uses its own grouping: "15K" on axes, "12,345.67" in tables.
//
// Intl.NumberFormat is costly to build (it was a third of the main thread's time while a
// slider moved, one per table cell), so each format is built once per locale and option set.

/** What a number measures decides its idiom. */
export type NumberKind =
  /** 亿元 or 亿元/年: grouped by 万/亿 in Chinese tables from 10,000 up. */
  | 'money'
  /** persons or person-years: whole numbers, grouped by 万/亿. */
  | 'persons'
  /** Theil index, shares, rates: plain decimals, never compact. */
  | 'index'
  /** counts of things (draws): plain, grouped by thousands in both languages. */
  | 'count';

export type NumberLocale = 'zh-CN' | 'en';

const cache = new Map<string, Intl.NumberFormat>();

function format(lang: NumberLocale, key: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const k = `${lang}|${key}`;
  let f = cache.get(k);
  if (!f) cache.set(k, (f = new Intl.NumberFormat(lang, options)));
  return f;
}

/** From this magnitude a Chinese table groups money and people by 万 (and 亿 from 10⁸). */
export const COMPACT_FROM = 1e4;

/**
 * A value for a table or a tip. `digits` is the number of decimals below 万 (money 2,
 * persons 0, index 4 by default); from 万 up Chinese shows four significant digits with
 * 万/亿 ("1.235万"), English keeps grouping by thousands ("12,345.67").
 */
export function formatValue(v: number, kind: NumberKind, lang: NumberLocale, digits?: number): string {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? '–' : v > 0 ? '∞' : '−∞';
  const d = digits ?? (kind === 'money' ? 2 : kind === 'index' ? 4 : 0);
  if (lang === 'zh-CN' && (kind === 'money' || kind === 'persons') && Math.abs(v) >= COMPACT_FROM)
    return format(lang, 'compact4', { notation: 'compact', maximumSignificantDigits: 4 }).format(v);
  return format(lang, `plain${d}`, { maximumFractionDigits: d }).format(v);
}

/**
 * Tick labels for an axis of the given kind: compact (万/亿, or K/M in English) for money and
 * people, plain decimals for indices. Ticks are round numbers, so three significant digits
 * are enough to keep neighbouring ticks distinct.
 */
export function tickFormatter(kind: NumberKind, lang: NumberLocale): (v: number) => string {
  if (kind === 'index') {
    const f = format(lang, 'tick-index', { maximumSignificantDigits: 3 });
    return (v) => f.format(v);
  }
  if (kind === 'count') {
    const f = format(lang, 'plain0', { maximumFractionDigits: 0 });
    return (v) => f.format(v);
  }
  const compact = format(lang, 'tick-compact', { notation: 'compact', maximumSignificantDigits: 3 });
  const small = format(lang, 'tick-small', { maximumSignificantDigits: 3 });
  // Below 万 plain numbers read better than "1.5千" in Chinese; English compact starts at 1K.
  const from = lang === 'zh-CN' ? COMPACT_FROM : 1e3;
  return (v) => (Math.abs(v) >= from ? compact.format(v) : small.format(v));
}
