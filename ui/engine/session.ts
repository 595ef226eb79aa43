// The engine session behind the worker: resolves scenarios, keeps them by handle, applies
// lever values, compiles (cached per lever set) and simulates into tidy rows.
import {
  LIMITS,
  LeverModel,
  ScenarioError,
  defaultLever,
  dimensions,
  joinPath,
  leverRegistry,
  setLevers,
  dirname,
  compileScenario,
  evaluateTargets,
  loadDocument,
  validateScenario,
  validatePolicyChange,
  loadPrecompiledValidators,
  type CompiledScenario,
  type ResolvedScenario,
  type SimulationResult,
} from '../../engine/index.js';
import type {
  ColumnInfo,
  EditorInspection,
  Issue,
  LeverDef,
  LeverValues,
  LoadResult,
  NegotiationResult,
  ProgressCallback,
  RunResult,
  TidyRow,
  UncertaintyResult,
} from '../protocol.js';
import { PAGE_MEASURES } from '../../engine/model/fields.js';
import { scenarioModes } from '../../engine/model/modes.js';
import { dealPlacement } from '../../engine/model/compile.js';
import { runScenario } from '../../engine/model/run.js';
import { LIBRARY, libraryEntries, libraryReader } from './library.js';
import { phaseShareLevers } from '../../engine/analysis/levers.js';

/** Measures per party and year, deal and no deal; gains are deal minus no deal (engine/model/fields.ts). */
export const FLOW_MEASURES = PAGE_MEASURES;
const COMPILE_CACHE_SIZE = 12;

/** Lever values that change what compile produces (everything except the discount rate). */
export function compileKey(values: LeverValues): string {
  return JSON.stringify(
    Object.keys(values)
      .filter((k) => k !== '/discountRate/value')
      .sort()
      .map((k) => [k, values[k]]),
  );
}

interface Entry {
  scenario: ResolvedScenario;
  levers: LeverDef[];
  compiled: Map<string, CompiledScenario>;
  /** The lever values of the last run, to tell which lever a slider moves. */
  lastValues?: LeverValues;
  /**
   * The lever being dragged: a LeverModel of the scenario with the other levers at their
   * values (key), which patches the compiled share tables instead of compiling again (null:
   * that lever has no fast path, compile as usual).
   */
  drag?: { key: string; model: LeverModel | null };
  /** The document as written (references unresolved), for the editor. */
  source: unknown;
}

export function issuesOf(err: unknown): Issue[] {
  if (err instanceof ScenarioError) return err.issues.map((i) => ({ path: i.path, message: i.message }));
  return [{ path: '', message: err instanceof Error ? err.message : String(err) }];
}

/** Indirect (input–output spillover) measures, in the rows only when the scenario has some. */
export const INDIRECT_MEASURES = ['outputIndirect', 'employmentIndirect'] as const;

/** Whether any indirect output or jobs are non-zero in either world (the scenario has an input–output block that acts). */
export function hasIndirect(result: SimulationResult): boolean {
  for (const w of [result.deal, result.noDeal]) for (const m of INDIRECT_MEASURES) if (w[m].some((v) => v !== 0)) return true;
  return false;
}

/** Tidy rows for the charts: flows per world, gains, settlement transfers and imbalance. */
export function tidyRows(result: SimulationResult): TidyRow[] {
  const rows: TidyRow[] = [];
  const Y = result.years;
  const measures: readonly ((typeof FLOW_MEASURES)[number] | (typeof INDIRECT_MEASURES)[number])[] = hasIndirect(result)
    ? [...FLOW_MEASURES, ...INDIRECT_MEASURES]
    : FLOW_MEASURES;
  result.parties.forEach((p, n) => {
    for (let y = 0; y < Y; y++) {
      const k = n * Y + y;
      const year = result.firstYear + y;
      for (const m of measures) {
        const d = result.deal[m][k]!;
        const o = result.noDeal[m][k]!;
        rows.push({ year, party: p.id, world: 'deal', measure: m, value: d });
        rows.push({ year, party: p.id, world: 'noDeal', measure: m, value: o });
        rows.push({ year, party: p.id, world: 'gain', measure: m, value: d - o });
      }
      const fiscal = (w: SimulationResult['deal']) => w.taxRetained[k]! - w.cost[k]!;
      rows.push({ year, party: p.id, world: 'gain', measure: 'netFiscal', value: fiscal(result.deal) - fiscal(result.noDeal) });
      rows.push({ year, party: p.id, world: 'deal', measure: 'transfer', value: result.deal.transfer[k]! });
    }
  });
  for (const [world, list] of [
    ['deal', result.summary.imbalance.deal],
    ['noDeal', result.summary.imbalance.noDeal],
  ] as const)
    for (const r of list) {
      // Territorial GDP (where produced) measures the gap between places; credited GDP is the assessment figure.
      rows.push({ year: r.year, party: '*', world, measure: 'theil', value: r.theil });
      rows.push({ year: r.year, party: '*', world, measure: 'theilCredited', value: r.theilCredited });
    }
  return rows;
}

export class Session {
  private entries = new Map<string, Entry>();
  /** How the last run got its compiled scenario: from the cache, patched by a LeverModel (a dragged lever) or compiled. */
  lastCompile: 'cache' | 'patched' | 'compiled' = 'compiled';
  private next = 1;

  library() {
    return libraryEntries();
  }

  private runs = new Map<number, AbortController>();

  private add(scenario: ResolvedScenario, source: string, library: ColumnInfo['library'] | undefined, doc: unknown): ColumnInfo {
    const handle = `s${this.next++}`;
    const levers = leverRegistry(scenario);
    this.entries.set(handle, { scenario, levers, compiled: new Map(), source: doc });
    // Tax shares only: the statistics split moves GDP credit, not money, so it leaves the
    // bargaining measure (discounted net fiscal gain) unchanged.
    const shares = levers.filter((l) => l.group === 'taxShare' || l.group === 'taxShareRegisteredAtOrigin' || l.group === 'taxShareRegisteredAtHost').map((l) => l.id);
    let main: string | null = null;
    try {
      main = defaultLever(scenario);
    } catch {
      // No project under a tax-sharing rule: only the column's share levers.
    }
    const bargainLevers = main ? [main, ...shares.filter((x) => x !== main)] : shares;
    return {
      handle,
      source,
      ...(library ? { library } : {}),
      id: scenario.id,
      title: scenario.title,
      description: scenario.description,
      policyTitle: scenario.policy.title,
      economyTitle: scenario.economy.title,
      mode: scenario.policy.mode,
      projectMode: scenarioModes(scenario, (p) => dealPlacement(scenario, p)).mode ?? scenario.policy.mode,
      years: { ...scenario.years },
      parties: scenario.economy.parties.map((p) => ({ id: p.id, name: p.name, tier: p.tier })),
      levers,
      bargainLevers,
      uncertain: dimensions(scenario).length > 0,
      uncertainties: (scenario.economy.uncertainties ?? []).map((u) => ({ id: u.id, label: u.label })),
    };
  }

  private async open(path: string, extra: Map<string, unknown>, source: string): Promise<LoadResult> {
    const builtin = extra.size === 0;
    try {
      const read = libraryReader(extra);
      // The built-in library matches the schema (the tests validate every file and scenario of
      // it in full), so its documents skip ajv: the first view then compiles no validator. A
      // user's file, and anything it shadows, is checked in full.
      const loaded = await loadDocument(path, read, { trusted: (p) => !extra.has(p) && LIBRARY.has(p) });
      const doc = await read(path);
      if (loaded.kind === 'scenario') return { ok: true, columns: [this.add(loaded.scenario, source, builtin ? { path } : undefined, doc)] };
      const entries = (doc as { scenarios: unknown[] }).scenarios;
      const docs = await Promise.all(entries.map((e) => (typeof e === 'string' ? read(joinPath(dirname(path), e)) : e)));
      return {
        ok: true,
        columns: loaded.scenarios.map((s, index) => this.add(s, source, builtin ? { path, index } : undefined, docs[index])),
        reference: loaded.comparison.reference ?? 0,
        comparisonTitle: loaded.comparison.title,
      };
    } catch (err) {
      return { ok: false, source, issues: issuesOf(err) };
    }
  }

  openBuiltin(path: string): Promise<LoadResult> {
    if (!LIBRARY.has(path)) return Promise.resolve({ ok: false, source: path, issues: [{ path: '', message: 'not in the built-in library' }] });
    return this.open(path, new Map(), path);
  }

  /**
   * Open a file the user chose. It is read as if it sat in scenarios/, so references such
   * as "economies/x.json" reach the built-in library.
   */
  async openText(name: string, text: string): Promise<LoadResult> {
    // A user's file is validated in full: with the build's precompiled validators when they
    // load (a chunk), instead of compiling the schemas in this request.
    await loadPrecompiledValidators();
    return this.openUserText(name, text);
  }

  private openUserText(name: string, text: string): Promise<LoadResult> {
    if (text.length > LIMITS.fileBytes)
      return Promise.resolve({ ok: false, source: name, issues: [{ path: '', message: `file is larger than ${LIMITS.fileBytes} bytes` }] });
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch (err) {
      return Promise.resolve({ ok: false, source: name, issues: [{ path: '', message: `not valid JSON: ${(err as Error).message}` }] });
    }
    const base = name.split(/[\\/]/).pop() || 'scenario.json';
    const path = `scenarios/${base}`;
    return this.open(path, new Map([[path, doc]]), name);
  }

  async run(handle: string, values: LeverValues): Promise<RunResult> {
    const entry = this.entries.get(handle);
    if (!entry) return { ok: false, handle, issues: [{ path: '', message: 'this scenario is no longer open' }] };
    try {
      const key = compileKey(values);
      let compiled = entry.compiled.get(key);
      const { scenario, issues } = setLevers(entry.scenario, entry.levers, values);
      if (issues.length) return { ok: false, handle, issues };
      const previous = entry.lastValues;
      entry.lastValues = values;
      this.lastCompile = 'cache';
      if (!compiled) {
        // The scenario was validated when opened; levers change the policy, the horizon's
        // scalars and (bounded, adding up to 1) cost shares, so only those are re-checked, and
        // not at all when every lever is at the scenario's own value (the same object).
        if (scenario !== entry.scenario) await loadPrecompiledValidators();
        const problems = scenario === entry.scenario ? [] : validatePolicyChange(scenario);
        if (problems.length) return { ok: false, handle, issues: problems };
        const patched = await this.dragged(entry, previous, values);
        this.lastCompile = patched ? 'patched' : 'compiled';
        compiled = patched ?? (await compileScenario(scenario));
        if (entry.compiled.size >= COMPILE_CACHE_SIZE) entry.compiled.delete(entry.compiled.keys().next().value!);
        entry.compiled.set(key, compiled);
      }
      // The run `pairsim run` prints (engine/model/run.ts): with a check-up, its responses are
      // applied, so charts, headline and check-up table show one run. The compiled tables are
      // reused (the discount rate only matters to the summary, so it does not force a
      // recompile); the responses are recomputed on every lever move, as they depend on it.
      // The headline table shows the synergy decomposition (on buffers kept per compiled scenario).
      const ran = await runScenario(scenario, compiled, { synergyParts: true });
      const { result } = ran;
      const policy = ran.scenario.policy;
      const targets = (policy.rounds ?? []).some((r) => r.targets?.length) ? evaluateTargets(policy, result) : undefined;
      const names = new Map(scenario.economy.projects.map((p) => [p.id, p.name]));
      const modes = scenarioModes(ran.scenario, (p) => dealPlacement(ran.scenario, p)).projects.map((m) => ({ project: m.project, name: names.get(m.project)!, mode: m.mode }));
      const { checkups } = ran;
      return { ok: true, handle, rows: tidyRows(result), summary: result.summary, indirect: hasIndirect(result), modes, ...(targets ? { targets } : {}), ...(checkups ? { checkups } : {}) };
    } catch (err) {
      return { ok: false, handle, issues: issuesOf(err) };
    }
  }

  /**
   * A slider drag moves one lever through many values: when only one numeric lever differs from
   * the last run, the compiled scenario comes from a LeverModel with that lever free (the other
   * levers at these values), which patches share tables in place of a compile (25 ms on the
   * 200-project benchmark scenario, ~0.1 ms patched). Null when that lever has no fast path
   * (the caller compiles). compiledAt equals compileScenario (tested for every library lever in
   * test/analysis/lever-registry.property.test.ts and here in test/ui/session-drag.test.ts).
   */
  private async dragged(entry: Entry, previous: LeverValues | undefined, values: LeverValues): Promise<CompiledScenario | null> {
    if (!previous) return null;
    const moved = entry.levers.filter((l) => values[l.id] !== previous[l.id]);
    if (moved.length !== 1) return null;
    const lever = moved[0]!;
    const x = values[lever.id];
    if (lever.kind === 'option' || lever.kind === 'costSplit' || typeof x !== 'number') return null;
    const others = { ...values };
    delete others[lever.id];
    const key = `${lever.id} ${compileKey(others)}`;
    if (entry.drag?.key !== key) {
      entry.drag = { key, model: null };
      try {
        const { scenario } = setLevers(entry.scenario, entry.levers, others);
        const model = await LeverModel.create(scenario, [lever.path]);
        if (model.fastPath) entry.drag.model = model;
      } catch {
        // A lever the model cannot free (e.g. an input of JSONata rules): compile as usual.
      }
    }
    return entry.drag.model ? entry.drag.model.compiledAt([x]) : null;
  }

  close(handle: string): void {
    this.entries.delete(handle);
  }

  /** The scenario of a column with lever values applied, or the issues (also the calibration's, ui/engine/calibration.ts). */
  at(handle: string, values: LeverValues): { ok: true; scenario: ResolvedScenario } | { ok: false; issues: Issue[] } {
    const entry = this.entries.get(handle);
    if (!entry) return { ok: false, issues: [{ path: '', message: 'this scenario is no longer open' }] };
    const { scenario, issues } = setLevers(entry.scenario, entry.levers, values);
    if (issues.length) return { ok: false, issues };
    // Every lever at the scenario's own value (the same object): it was validated when opened.
    // The page asks this of every column of the first view (observed figures).
    if (scenario === entry.scenario) return { ok: true, scenario };
    const checked = validateScenario(scenario);
    return checked.ok ? { ok: true, scenario: checked.value } : { ok: false, issues: checked.errors };
  }

  async negotiate(handle: string, values: LeverValues, leverPath: string): Promise<NegotiationResult> {
    const at = this.at(handle, values);
    if (!at.ok) return at;
    try {
      // The analysis modules (sweep, bargaining, Monte Carlo) load on first use, not at start-up.
      const { negotiate } = await import('./analysis.js');
      return { ok: true, answer: await negotiate(at.scenario, leverPath) };
    } catch (err) {
      return { ok: false, issues: issuesOf(err) };
    }
  }

  async uncertainty(handle: string, values: LeverValues, draws: number, seed: number, runId: number, onProgress: ProgressCallback): Promise<UncertaintyResult> {
    const at = this.at(handle, values);
    if (!at.ok) return { ok: false, cancelled: false, issues: at.issues };
    const controller = new AbortController();
    this.runs.set(runId, controller);
    try {
      const { uncertainty } = await import('./analysis.js');
      return await uncertainty(at.scenario, draws, seed, controller.signal, onProgress);
    } finally {
      this.runs.delete(runId);
    }
  }

  cancel(runId: number): void {
    this.runs.get(runId)?.abort();
  }

  async check(name: string, text: string): Promise<Issue[]> {
    const res = await this.openText(name, text);
    if (!res.ok) return res.issues;
    for (const c of res.columns) this.close(c.handle);
    return [];
  }

  /**
   * The editor's view of a scenario text: its issues (empty when valid) and, when it resolves,
   * the lever registry of the resolved scenario (overrides applied) with each cost-split
   * lever's number of cost items (the form writes one override per item and party).
   */
  async inspect(name: string, text: string): Promise<EditorInspection> {
    const res = await this.openText(name, text);
    if (!res.ok) return { issues: res.issues, levers: null, costItems: {} };
    const first = res.columns[0];
    const entry = first ? this.entries.get(first.handle) : undefined;
    const costItems: Record<string, number> = {};
    for (const l of entry?.levers ?? [])
      if (l.kind === 'costSplit') {
        const m = /^\/economy\/projects\/(\d+)\/costs$/.exec(l.path);
        const p = m ? entry!.scenario.economy.projects[Number(m[1])] : undefined;
        costItems[l.id] = p?.costs?.length ?? 0;
      }
    // The form also edits the phases' shares, which have no slider.
    const levers = entry ? [...entry.levers, ...phaseShareLevers(entry.scenario)] : null;
    for (const c of res.columns) this.close(c.handle);
    return { issues: [], levers, costItems };
  }

  async standalone(handle: string, values: LeverValues): Promise<{ ok: true; text: string } | { ok: false; issues: Issue[] }> {
    const at = this.at(handle, values);
    return at.ok ? { ok: true, text: JSON.stringify(at.scenario, null, 2) + '\n' } : at;
  }

  sourceText(handle: string): string | null {
    const entry = this.entries.get(handle);
    return entry ? JSON.stringify(entry.source, null, 2) : null;
  }
}
