// Messages between the page and the engine worker: plain, structured-clone-able data only.
import type { Bilingual, Summary, TargetsReport } from '../engine/index.js';
import type { LeverDef, LeverKind } from '../engine/model/lever.js';
import type { CheckupRow } from '../engine/model/checkup.js';
import type { WireRunResult } from './packed-rows.js';

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

/** Levers are the engine's (engine/model/lever.ts): one registry for the page, the worker and the CLI. */
export type { LeverDef, LeverGroup } from '../engine/model/lever.js';

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
  /** The mode the policy file declares (a label; it names the sides: 派出方/承接方 or 飞出地/飞入地). */
  mode: string;
  /** The pairing mode the projects' geometry gives (engine/model/modes.ts), shown as the column's mode. */
  projectMode?: string;
  years: { from: number; to: number };
  parties: PartyInfo[];
  levers: LeverDef[];
  /** Levers the negotiation view can bargain over (JSON pointers); the first is the default. */
  bargainLevers: string[];
  /** Whether the economy has uncertainties (the uncertainty view needs them). */
  uncertain: boolean;
  /** The economy's uncertainties with their bilingual labels. */
  uncertainties: { id: string; label: Bilingual }[];
}

/** A project's pairing mode under the deal, as the engine derives it (engine/model/modes.ts). */
export interface ProjectModeInfo {
  project: string;
  name: Bilingual;
  mode: string;
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
  | {
      ok: true;
      handle: string;
      rows: TidyRow[];
      summary: Summary;
      /** Whether the scenario has input–output spillover (some indirect output or jobs ≠ 0); the rows then carry outputIndirect and employmentIndirect. */
      indirect: boolean;
      /** The policy's round targets checked year by year by the engine (present when its rounds have targets). */
      targets?: TargetsReport;
      /** Each project's pairing mode under the deal at these lever values. */
      modes?: ProjectModeInfo[];
      /** The annual check-up's responses year by year (present when the policy declares a check-up). */
      checkups?: CheckupRow[];
    }
  | { ok: false; handle: string; issues: Issue[] };

/** A fair point of the negotiation view. */
export type FairRule = 'equalGain' | 'nash' | 'kalaiSmorodinsky' | 'costProportional';

export interface NegotiationAnswer {
  lever: { path: string; kind: LeverKind; domain: [number, number]; current: number | null };
  parties: string[];
  /** The sweep: lever values on an even grid, gains[k][n] = party n's discounted net fiscal gain at xs[k]. */
  xs: number[];
  gains: number[][];
  zopa: { from: number; to: number; fromBinding: string | null; toBinding: string | null }[];
  noZopa?: string;
  points: { rule: FairRule; x: number; gains: number[] }[];
  shapley?: { party: string; value: number }[];
  inCore?: boolean;
}

export type NegotiationResult = { ok: true; answer: NegotiationAnswer } | { ok: false; issues: Issue[] };

export interface UncertaintyAnswer {
  draws: number;
  /** Where the draws ran: "in-thread" (the engine worker) or "web-workers(k)". */
  evaluator: string;
  parties: string[];
  /** Share of draws in which every party gains. */
  probAllGain: number;
  /** Per party: discounted net fiscal gain statistics and the probability of losing versus no deal. */
  stats: { party: string; mean: number; p5: number; p50: number; p95: number; probLoss: number }[];
  fan: { year: number; party: string; measure: 'netFiscal' | 'outputCredited'; p5: number; p50: number; p95: number; probLoss: number }[];
  tornado: { uncertainty: string; party: string; base: number; low: number; high: number; swing: number }[];
}

export type UncertaintyResult = { ok: true; answer: UncertaintyAnswer } | { ok: false; cancelled: boolean; issues: Issue[] };

export type ProgressCallback = (done: number, total: number) => void;

/** What the editor's form needs of a scenario text (Session.inspect). */
export interface EditorInspection {
  issues: Issue[];
  /** The resolved scenario's levers (engine/analysis/levers.ts), null when it does not resolve. */
  levers: LeverDef[] | null;
  /** Per cost-split lever id: how many cost items the project has. */
  costItems: Record<string, number>;
}

/** An observed CSV the user loaded into a column (or the library's file for a library scenario). */
export interface ObservedText {
  name: string;
  text: string;
}

/** A number the calibration panel can fit, with its default bounds (engine/analysis/calibrate.ts). */
export interface FitCandidate {
  path: string;
  label: Bilingual;
  unit: string | null;
  integer: boolean;
  value: number;
  lo: number;
  hi: number;
  /** In the set `pairsim calibrate` fits without --fit. */
  fitByDefault: boolean;
}

export interface ObservedMetrics {
  n: number;
  mape: number;
  rmse: number;
  bias: number;
}

/** A column's observed figures against its run (deal world), the fit candidates; or the problems with the figures (CSV line or JSON pointer). */
export type ObservedAnswer =
  | { ok: true; none: true }
  | {
      ok: true;
      none?: undefined;
      name: string;
      points: { year: number; party: string; measure: string; unit: string; observed: number; simulated: number; residual: number; relative: number; source: string }[];
      series: (ObservedMetrics & { party: string; measure: string; unit: string })[];
      overall: ObservedMetrics;
      candidates: FitCandidate[];
      /** Why the default set leaves something out (as `pairsim calibrate` warns). */
      warnings: string[];
    }
  | { ok: false; issues: Issue[] };

/** What `pairsim calibrate` prints, and the calibrated scenario as `--write` would write it. */
export interface CalibrationShown {
  fitted: { path: string; unit: string | null; integer: boolean; lo: number; hi: number; before: number; after: number }[];
  metrics: { before: ObservedMetrics; after: ObservedMetrics };
  series: { party: string; measure: string; unit: string; before: ObservedMetrics; after: ObservedMetrics }[];
  residuals: { year: number; party: string; measure: string; unit: string; observed: number; simulatedBefore: number; simulated: number }[];
  warnings: string[];
  evaluations: number;
}

/** One observed series' simulated path (deal world) year by year, before and after the fit. */
export interface CalibrationCurve {
  party: string;
  measure: string;
  unit: string;
  years: number[];
  before: number[];
  after: number[];
}

export type CalibrationAnswer = { ok: true; result: CalibrationShown; text: string; curves: CalibrationCurve[] } | { ok: false; cancelled: boolean; issues: Issue[] };

export interface EngineApi {
  library(): LibraryEntry[];
  openBuiltin(path: string): Promise<LoadResult>;
  openText(name: string, text: string): Promise<LoadResult>;
  /** A run at these lever values; its rows packed into transferred typed arrays (unpackRun gives the RunResult). */
  run(handle: string, levers: LeverValues): Promise<WireRunResult>;
  close(handle: string): void;
  /** Sweep and bargaining over one lever (the others at the given values). */
  negotiate(handle: string, levers: LeverValues, leverPath: string): Promise<NegotiationResult>;
  /** Monte Carlo in chunks (progress through the proxied callback; cancel(runId) stops it) and a tornado. */
  uncertainty(handle: string, levers: LeverValues, draws: number, seed: number, runId: number, onProgress: ProgressCallback): Promise<UncertaintyResult>;
  cancel(runId: number): void;
  /** Check a scenario text without opening it: issues with JSON pointers (empty when valid). */
  check(name: string, text: string): Promise<Issue[]>;
  /** The editor's form: issues and the lever registry of a scenario text. */
  inspect(name: string, text: string): Promise<EditorInspection>;
  /** The scenario as a self-contained document (economy and policy inline) that `pairsim validate` accepts. */
  standalone(handle: string, levers: LeverValues): Promise<{ ok: true; text: string } | { ok: false; issues: Issue[] }>;
  /** The scenario's source document text (with its references), for the editor. */
  sourceText(handle: string): string | null;
  /** The library's observed CSV of a library scenario (scenarios/observed/<name>.csv), if any. */
  libraryObserved(scenarioPath: string): ObservedText | null | Promise<ObservedText | null>;
  /** Observed figures (the CSV given, else the scenario's observed block) against the run at these lever values. */
  observed(handle: string, levers: LeverValues, csv: ObservedText | null): Promise<ObservedAnswer>;
  /** Fit the given numbers (JSON pointers with bounds) to the observed figures; progress through the callback; cancelCalibration(runId) stops it. */
  calibrate(handle: string, levers: LeverValues, csv: ObservedText | null, specs: { path: string; lo: number; hi: number }[], runId: number, onProgress: ProgressCallback): Promise<CalibrationAnswer>;
  cancelCalibration(runId: number): void;
}
