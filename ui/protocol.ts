// Messages between the page and the engine worker: plain, structured-clone-able data only.
import type { Bilingual, Summary } from '../engine/index.js';

export interface Issue {
  /** JSON Pointer of the offending value ('' = the whole document). */
  path: string;
  message: string;
}

export interface LibraryEntry {
  /** Path inside the bundled library, e.g. "scenarios/jinniu-pengzhou.json". */
  path: string;
  kind: 'scenario' | 'comparison';
  id: string;
  title: Bilingual;
  description: Bilingual;
}

/** What a lever moves; the page picks the label for the group and adds the subject. */
export type LeverGroup =
  | 'statisticsShare'
  | 'taxShare'
  | 'taxShareRegisteredAtOrigin'
  | 'taxShareRegisteredAtHost'
  | 'basis'
  | 'agreementEnd'
  | 'sunset'
  | 'discountRate'
  | 'costShare';

export interface LeverDef {
  /** Unique within a column: the JSON Pointer the lever sets (the first one for a cost share). */
  id: string;
  group: LeverGroup;
  /** What the lever applies to (a linkage category or a project), if not the whole scenario. */
  subject?: Bilingual;
  /** Key of the sharing rule (linkage category or "*") for per-category levers. */
  rule?: string;
  /** Numeric levers have a range; the basis lever has options. */
  min?: number;
  max?: number;
  step?: number;
  options?: string[];
  value: number | string;
}

export interface PartyInfo {
  id: string;
  name: Bilingual;
  tier: string;
}

export interface ColumnInfo {
  /** Worker-side handle of the resolved scenario. */
  handle: string;
  /** Where the scenario came from (library path or file name). */
  source: string;
  /** For library scenarios: the library path, and the position when it came from a comparison (for shareable URLs). */
  library?: { path: string; index?: number };
  id: string;
  title: Bilingual;
  description: Bilingual;
  policyTitle: Bilingual;
  economyTitle: Bilingual;
  mode: string;
  years: { from: number; to: number };
  parties: PartyInfo[];
  levers: LeverDef[];
}

export type LoadResult =
  | { ok: true; columns: ColumnInfo[]; reference?: number; comparisonTitle?: Bilingual }
  | { ok: false; source: string; issues: Issue[] };

export type World = 'deal' | 'noDeal' | 'gain';

/** One tidy row for Observable Plot. Imbalance rows have party "*". */
export interface TidyRow {
  year: number;
  party: string;
  world: World;
  measure: string;
  value: number;
}

export type LeverValues = Record<string, number | string>;

export type RunResult =
  | { ok: true; handle: string; rows: TidyRow[]; summary: Summary }
  | { ok: false; handle: string; issues: Issue[] };

export interface EngineApi {
  library(): LibraryEntry[];
  openBuiltin(path: string): Promise<LoadResult>;
  openText(name: string, text: string): Promise<LoadResult>;
  run(handle: string, levers: LeverValues): Promise<RunResult>;
  close(handle: string): void;
}
