// Calibration in the engine worker: a column's observed figures (a CSV the user loaded, the
// scenario's `observed` block, or the library's scenarios/observed/<name>.csv) compared with
// the simulation, the parameters one can fit, and the fit itself (engine/analysis/calibrate.ts,
// the code behind `pairsim calibrate`), run here so the page never blocks; cancel by run id.
import type { Bilingual, ResolvedScenario } from '../../engine/index.js';
import { leverRegistry } from '../../engine/analysis/levers.js';
import { CancelledError } from '../../engine/analysis/errors.js';
import { validateScenario } from '../../engine/schema/validate.js';
import { compileScenario } from '../../engine/model/compile.js';
import { simulate } from '../../engine/model/simulate.js';
import { flowRows } from '../../engine/model/report.js';
import { calibrate, calibratedScenario, compareCompiled, defaultBounds, defaultFitSpecs, type FitSpec } from '../../engine/analysis/calibrate.js';
import { ObservedError, observedFromBlock, observedIssues, parseObservedCsv, type ObservedPoint } from '../../engine/data/observed.js';
import type { CalibrationAnswer, CalibrationCurve, FitCandidate, Issue, LeverValues, ObservedAnswer, ObservedText, ProgressCallback } from '../protocol.js';
import { issuesOf } from './session.js';

export { libraryObserved } from './observed-files.js';

/** The most projects offered as fit candidates (the largest by steady output). */
const MAX_PROJECT_CANDIDATES = 12;

const KIND_LABELS: Record<string, Bilingual> = {
  baseGdp: { zh: '基准年GDP', en: 'base-year GDP' },
  gdpGrowth: { zh: '基准GDP年增速', en: 'baseline GDP growth' },
  steadyOutput: { zh: '达产后年产出', en: 'steady output' },
  growth: { zh: '达产后年增速', en: 'growth after ramp-up' },
  startYear: { zh: '投产年份', en: 'start year' },
  rampYears: { zh: '爬坡年数', en: 'ramp-up years' },
};

function labelOf(subject: Bilingual, kind: string): Bilingual {
  const k = KIND_LABELS[kind]!;
  return { zh: `${subject.zh} · ${k.zh}`, en: `${subject.en} · ${k.en}` };
}

/** Points of a column: from the given CSV, else the scenario's block. Shape and scenario problems name the CSV line. */
export function observedPoints(s: ResolvedScenario, csv: ObservedText | null): { name: string; points: ObservedPoint[] } | { issues: Issue[] } | null {
  let name: string;
  let points: ObservedPoint[];
  try {
    if (csv) {
      name = csv.name;
      points = parseObservedCsv(csv.text);
    } else if (s.observed?.length) {
      name = 'observed';
      points = observedFromBlock(s.observed);
    } else return null;
  } catch (err) {
    if (err instanceof ObservedError) return { issues: err.issues.map((i) => ({ path: i.where, message: i.message })) };
    return { issues: issuesOf(err) };
  }
  const issues = observedIssues(points, { parties: s.economy.parties.map((p) => p.id), years: s.years });
  if (issues.length) return { issues: issues.map((i) => ({ path: i.where, message: i.message })) };
  return { name, points };
}

/**
 * What can be fitted: the CLI's default set first (checked), then each party's base-year GDP
 * and baseline growth, each of the largest projects' steady output, growth, start year and
 * ramp-up, and the numeric levers of the lever registry, with their default bounds.
 */
export function fitCandidates(s: ResolvedScenario, points: readonly ObservedPoint[]): { candidates: FitCandidate[]; warnings: string[] } {
  const defaults = defaultFitSpecs(s, points);
  const out: FitCandidate[] = [];
  const add = (path: string, label: Bilingual, unit: string | null, integer: boolean, value: number, bounds: [number, number] | null) => {
    if (out.some((c) => c.path === path)) return;
    const spec = defaults.specs.find((d) => d.path === path);
    let lo: number;
    let hi: number;
    if (spec?.lo !== undefined && spec.hi !== undefined) [lo, hi] = [spec.lo, spec.hi];
    else if (bounds) [lo, hi] = bounds;
    else {
      try {
        [lo, hi] = defaultBounds({ id: path, path, kind: 'value', group: 'value', label, unit, integer, value });
      } catch {
        return; // a zero without natural bounds: not offered (the CLI asks for --fit P=LO:HI)
      }
    }
    if (integer) [lo, hi] = [Math.ceil(lo), Math.floor(hi)];
    out.push({ path, label, unit, integer, value, lo, hi, fitByDefault: !!spec });
  };
  s.economy.parties.forEach((p, n) => {
    if (p.baseline) return; // its GDP is a forecast of a history
    add(`/economy/parties/${n}/base/gdp/value`, labelOf(p.name, 'baseGdp'), p.base.gdp.unit, false, p.base.gdp.value, [p.base.gdp.value * 0.5, p.base.gdp.value * 1.5]);
    add(`/economy/parties/${n}/growth/gdp/value`, labelOf(p.name, 'gdpGrowth'), p.growth.gdp.unit, false, p.growth.gdp.value, [-0.05, 0.2]);
  });
  const projects = s.economy.projects
    .map((p, i) => ({ p, i }))
    .sort((a, b) => b.p.steadyOutput.value - a.p.steadyOutput.value)
    .slice(0, MAX_PROJECT_CANDIDATES)
    .sort((a, b) => a.i - b.i);
  for (const { p, i } of projects) {
    const at = `/economy/projects/${i}`;
    add(`${at}/steadyOutput/value`, labelOf(p.name, 'steadyOutput'), p.steadyOutput.unit, false, p.steadyOutput.value, null);
    if (p.growth) add(`${at}/growth/value`, labelOf(p.name, 'growth'), p.growth.unit, false, p.growth.value, [-0.05, 0.3]);
    add(`${at}/startYear/value`, labelOf(p.name, 'startYear'), 'year', true, p.startYear.value, null);
    add(`${at}/rampYears/value`, labelOf(p.name, 'rampYears'), 'years', true, p.rampYears.value, null);
  }
  for (const l of leverRegistry(s)) {
    if (l.kind === 'option' || l.kind === 'fixedShareRule' || typeof l.value !== 'number' || !Number.isFinite(l.value)) continue;
    add(l.path, l.label, l.unit, l.integer, l.value, l.min !== undefined && l.max !== undefined ? [l.min, l.max] : null);
  }
  // The defaults first, in the CLI's order.
  const order = (c: FitCandidate) => {
    const k = defaults.specs.findIndex((d) => d.path === c.path);
    return k < 0 ? defaults.specs.length : k;
  };
  out.sort((a, b) => order(a) - order(b));
  return { candidates: out, warnings: defaults.warnings };
}

/** Observed figures against the column's run, the fit candidates, or the problems with the figures. */
export async function observedAnswer(s: ResolvedScenario, csv: ObservedText | null): Promise<ObservedAnswer> {
  const got = observedPoints(s, csv);
  if (!got) return { ok: true, none: true };
  if ('issues' in got) return { ok: false, issues: got.issues };
  try {
    const cmp = compareCompiled(got.points, await compileScenario(s));
    const { candidates, warnings } = fitCandidates(s, got.points);
    return { ok: true, name: got.name, points: cmp.points, series: cmp.series, overall: cmp.overall, candidates, warnings };
  } catch (err) {
    return { ok: false, issues: issuesOf(err) };
  }
}

/** Run a fit; the calibrated scenario (economy and policy inline, the figures in `observed`) is validated before it is returned. */
export async function calibrationAnswer(
  s: ResolvedScenario,
  csv: ObservedText | null,
  specs: FitSpec[],
  signal: AbortSignal,
  onProgress: ProgressCallback,
): Promise<CalibrationAnswer> {
  const got = observedPoints(s, csv);
  if (!got) return { ok: false, cancelled: false, issues: [{ path: '', message: 'no observations; load an observed CSV file' }] };
  if ('issues' in got) return { ok: false, cancelled: false, issues: got.issues };
  try {
    const result = await calibrate(s, got.points, specs, { signal, onProgress: (d, t) => void onProgress(d, t) });
    const fileName = got.name.split(/[\\/]/).pop() || got.name;
    const doc = calibratedScenario(s, result, fileName, got.points);
    const checked = validateScenario(doc);
    if (!checked.ok) return { ok: false, cancelled: false, issues: checked.errors.map((e) => ({ path: e.path, message: e.message })) };
    const { values: _values, ...shown } = result;
    return { ok: true, result: shown, text: JSON.stringify(doc, null, 2) + '\n', curves: await curves(s, checked.value, got.points) };
  } catch (err) {
    if (err instanceof CancelledError || signal.aborted) return { ok: false, cancelled: true, issues: [] };
    return { ok: false, cancelled: false, issues: issuesOf(err) };
  }
}

/** Each observed series' simulated path (deal world) over the horizon, before and after the fit, for the panel's chart. */
async function curves(before: ResolvedScenario, after: ResolvedScenario, points: readonly ObservedPoint[]): Promise<CalibrationCurve[]> {
  const rowsOf = async (s: ResolvedScenario) => {
    const r = simulate(await compileScenario(s));
    return flowRows(r, r.deal) as unknown as ({ year: number; party: string } & Record<string, number>)[];
  };
  const [b, a] = [await rowsOf(before), await rowsOf(after)];
  const series = [...new Map(points.map((p) => [`${p.party}|${p.measure}`, p])).values()];
  return series.map((p) => {
    const pick = (rows: typeof b) => rows.filter((r) => r.party === p.party);
    const own = pick(b);
    return { party: p.party, measure: p.measure, unit: p.unit, years: own.map((r) => r.year), before: own.map((r) => r[p.measure]!), after: pick(a).map((r) => r[p.measure]!) };
  });
}

/** The worker's calibration runs, by the page's run id (cancel). */
export class Calibrations {
  private runs = new Map<number, AbortController>();

  constructor(private readonly scenarioAt: (handle: string, values: LeverValues) => { ok: true; scenario: ResolvedScenario } | { ok: false; issues: Issue[] }) {}

  async observed(handle: string, values: LeverValues, csv: ObservedText | null): Promise<ObservedAnswer> {
    const at = this.scenarioAt(handle, values);
    return at.ok ? observedAnswer(at.scenario, csv) : { ok: false, issues: at.issues };
  }

  async calibrate(handle: string, values: LeverValues, csv: ObservedText | null, specs: FitSpec[], runId: number, onProgress: ProgressCallback): Promise<CalibrationAnswer> {
    const at = this.scenarioAt(handle, values);
    if (!at.ok) return { ok: false, cancelled: false, issues: at.issues };
    const controller = new AbortController();
    this.runs.set(runId, controller);
    try {
      return await calibrationAnswer(at.scenario, csv, specs, controller.signal, onProgress);
    } finally {
      this.runs.delete(runId);
    }
  }

  cancel(runId: number): void {
    this.runs.get(runId)?.abort();
  }
}
