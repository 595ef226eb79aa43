// A lever: one policy knob of a resolved scenario, as plain data that crosses the worker
// boundary. The registry that derives levers lives in engine/analysis/levers.ts; this leaf
// module holds only the shape, the bilingual group names and the one bounds check, so the
// page (number fields), the worker and the CLI share them without importing the engine.
import type { Bilingual } from '../schema/scenario.js';

/** What a lever moves; the label is built from the group's name, the subject and the parties. */
export type LeverGroup =
  | 'statisticsShare'
  | 'taxShare'
  | 'taxShareRegisteredAtOrigin'
  | 'taxShareRegisteredAtHost'
  | 'basis'
  | 'agreementEnd'
  | 'sunset'
  | 'discountRate'
  | 'costShare'
  /** A numeric parameter of a policy instrument (/policy/instruments/KEY/PARAM/value). */
  | 'instruments'
  /** Any other number of the scenario, named by its pointer (CLI --set / --lever). */
  | 'value';

/**
 * How a value is applied. "value": the number at `path` is set (a party's share of one cost
 * item rebalances the item's other shares so it still adds up to 1). "fixedShareRule": `path`
 * is a share rule (/policy/rules/KEY/tax) replaced by a fixed origin share, so expression and
 * cost-proportional rules can be bargained over too. "costSplit": `path` is a project's cost
 * items (/economy/projects/I/costs); every item gives its first party the value and the other
 * party the rest. "partySplit": `path` is an instrument's two-party {party, share} list
 * (/policy/instruments/KEY/PARAM, e.g. a joint venture's equity); the first party gets the value,
 * the second the rest, so the list still adds up to 1. "option": a string choice (the sharing basis).
 */
export type LeverKind = 'value' | 'fixedShareRule' | 'costSplit' | 'partySplit' | 'option';

export interface LeverDef {
  /** Stable id (in links and events): the JSON Pointer the lever sets. */
  id: string;
  /** The JSON Pointer it sets (the same as id; named for what it is where a pointer is meant). */
  path: string;
  kind: LeverKind;
  group: LeverGroup;
  /** Full bilingual label, naming the parties it concerns (origin first for a share). */
  label: Bilingual;
  /** What the lever applies to (a linkage category or a project), if not the whole scenario. */
  subject?: Bilingual;
  /** Key of the sharing rule (linkage category or "*") for per-rule levers. */
  rule?: string;
  /** For a share: whose share the value is, and who gets the rest (shown as a ratio). */
  parties?: { share: Bilingual; rest: Bilingual };
  unit: string | null;
  /** Bounds, the one set used by the sliders, the number fields, --set, sweeps and bargaining. */
  min?: number;
  max?: number;
  /** Slider step (1 for calendar years). */
  step?: number;
  /** Whole numbers only (calendar years, durations). */
  integer: boolean;
  /** Choices of an option lever. */
  options?: string[];
  /** Its value in the scenario as written (NaN for a rule a fixedShareRule lever would replace). */
  value: number | string;
}

/** A lever that takes numbers (every kind but "option"). */
export type NumericLever = LeverDef & { value: number };

/** Group names, the first words of every lever label. */
export const LEVER_GROUP_NAMES: Record<LeverGroup, Bilingual> = {
  statisticsShare: { zh: '统计分算：派出方份额', en: 'Statistics share to origin' },
  taxShare: { zh: '税收分成：派出方份额', en: 'Tax share to origin' },
  taxShareRegisteredAtOrigin: { zh: '税收分成：派出方份额（在派出方纳税）', en: 'Tax share to origin, firm pays tax at origin' },
  taxShareRegisteredAtHost: { zh: '税收分成：派出方份额（在承接方纳税）', en: 'Tax share to origin, firm pays tax at host' },
  basis: { zh: '分成基数', en: 'Sharing basis' },
  agreementEnd: { zh: '协议终止年份', en: 'Agreement end year' },
  sunset: { zh: '分成终止年份', en: 'Sunset year' },
  discountRate: { zh: '贴现率', en: 'Discount rate' },
  costShare: { zh: '成本分担比例', en: 'Cost share' },
  instruments: { zh: '政策工具', en: 'Policy instrument' },
  value: { zh: '取值', en: 'Value' },
};

/** Null when the value fits the lever, else what was expected. */
export function checkLeverValue(def: LeverDef, value: unknown): string | null {
  if (def.options) return typeof value === 'string' && def.options.includes(value) ? null : `expected one of ${def.options.join(', ')}`;
  if (typeof value !== 'number' || !Number.isFinite(value)) return 'expected a number';
  if (def.min !== undefined && value < def.min) return `must be at least ${def.min}`;
  if (def.max !== undefined && value > def.max) return `must be at most ${def.max}`;
  if (def.integer && !Number.isInteger(value)) return def.group === 'agreementEnd' || def.group === 'sunset' || def.unit === 'year' ? 'expected a whole year' : 'expected a whole number';
  return null;
}

/**
 * A share lever's value as a ratio of the two parties, e.g. "金牛区 : 彭州市 = 4 : 6"
 * (tenths when exact, else percentages).
 */
export function shareRatio(def: LeverDef, value: number, lang: 'zh' | 'en'): string | null {
  if (!def.parties) return null;
  const tenths = Math.round(value * 10);
  const exact = Math.abs(value * 10 - tenths) < 1e-9;
  const round = (x: number) => Math.round(x * 1000) / 10;
  const ratio = exact ? `${tenths} : ${10 - tenths}` : `${round(value)} : ${round(1 - value)}`;
  return `${def.parties.share[lang]} : ${def.parties.rest[lang]} = ${ratio}`;
}
