// The open scenario columns: opening (library, file, editor), the lever values and the latest
// answer of each, reference and difference, reopening everything in a fresh worker after a
// fault, and the column events (declared in ui/events.ts) that change them.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Summary, TargetsReport } from '../../engine/index.js';
import { EngineTimeoutError, type Engine } from '../client.js';
import { LatestRunner } from '../latest.js';
import { unpackRun } from '../packed-rows.js';
import type { ColumnInfo, Issue, LeverValues, LibraryEntry, LoadResult, ProjectModeInfo, RunResult, TidyRow } from '../protocol.js';
import type { CheckupRow } from '../../engine/model/checkup.js';
import type { ColumnViewName, EditorState } from '../events.js';
import type { ViewColumn } from '../url-state.js';
import { pick, t } from '../i18n.js';
import { differencePlan, differenceRows, sameDomains, sharedDomains, type DifferencePlan, type Domains } from '../series.js';
import type { MessageId } from '../messages.js';

export const MAX_COLUMNS = 4;
/** How long a lever's run may take before its column says "computing" (shorter runs show no busy state). */
export const BUSY_DELAY_MS = 150;

/** Where a column's scenario came from, so it can be reopened (worker restart) and shared. */
export type Source = { kind: 'library'; path: string; index?: number } | { kind: 'text'; name: string; text: string; index?: number };

export interface Column {
  info: ColumnInfo;
  source: Source;
  view: ColumnViewName;
  /** The negotiation view's lever (JSON pointer), '' for the default. */
  bargain: string;
  values: LeverValues;
  rows?: TidyRow[];
  summary?: Summary;
  /** Input–output spillover in the last run, and its round targets (both from the worker). */
  indirect?: boolean;
  targets?: TargetsReport;
  /** Per-project pairing modes and the check-up's responses of the last run (from the worker). */
  modes?: ProjectModeInfo[];
  checkups?: CheckupRow[];
  issues: Issue[];
  busy: boolean;
  runner: LatestRunner<LeverValues, RunResult>;
  /** What the column showed before each calibration it took (newest last), for undo. */
  history?: { source: Source; values: LeverValues }[];
}

/** What could not be opened: the file (or, with sourceId, a message drawn in the reader's language at render time) and the engine's issues. */
export type LoadError = { source: string; sourceId?: MessageId; issues: Issue[] } | null;

/** Each lever at its value as written. */
export function defaults(info: ColumnInfo): LeverValues {
  return Object.fromEntries(info.levers.map((l) => [l.id, l.value]));
}

/** A column of a shared view: where it comes from, and its levers, view and negotiation lever. */
export function viewColumn(c: Column): ViewColumn {
  return {
    ...(c.source.kind === 'library' ? { path: c.source.path } : { text: c.source.text, name: c.source.name }),
    ...(c.source.index !== undefined ? { index: c.source.index } : {}),
    levers: Object.fromEntries(c.info.levers.filter((l) => c.values[l.id] !== l.value).map((l) => [l.id, c.values[l.id]!])),
    ...(c.view !== 'charts' ? { view: c.view } : {}),
    ...(c.bargain ? { bargain: c.bargain } : {}),
  };
}

export class ColumnsController implements ReactiveController {
  library: LibraryEntry[] = [];
  columns: Column[] = [];
  reference = 0;
  difference = false;
  loadError: LoadError = null;
  /** True while columns are being reopened (a shared view, a worker restart): the URL waits. */
  restoring = false;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    /** The current engine (a new one after a restart). */
    private readonly engine: () => Engine | null,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    const h = this.host;
    h.addEventListener('lever-input', this.onLever);
    h.addEventListener('reset-levers', this.onReset);
    h.addEventListener('close-column', this.onClose);
    h.addEventListener('view-change', this.onView);
    h.addEventListener('bargain-lever', this.onBargain);
    h.addEventListener('set-reference', this.onReference);
    h.addEventListener('calibration-apply', this.onCalibrationApply);
    h.addEventListener('calibration-undo', this.onCalibrationUndo);
  }

  hostDisconnected(): void {
    const h = this.host;
    h.removeEventListener('lever-input', this.onLever);
    h.removeEventListener('reset-levers', this.onReset);
    h.removeEventListener('close-column', this.onClose);
    h.removeEventListener('view-change', this.onView);
    h.removeEventListener('bargain-lever', this.onBargain);
    h.removeEventListener('set-reference', this.onReference);
    h.removeEventListener('calibration-apply', this.onCalibrationApply);
    h.removeEventListener('calibration-undo', this.onCalibrationUndo);
    for (const timer of this.busyTimers.values()) clearTimeout(timer);
    this.busyTimers.clear();
  }

  private changed() {
    this.host.requestUpdate();
  }

  fail(source: string, err: unknown) {
    this.loadError = { source, issues: [{ path: '', message: String(err) }] };
    this.changed();
  }

  dismissError() {
    this.loadError = null;
    this.changed();
  }

  setDifference(on: boolean) {
    this.difference = on;
    this.changed();
  }

  /** The years the open columns span. */
  years(): { from: number; to: number } | null {
    if (!this.columns.length) return null;
    return {
      from: Math.min(...this.columns.map((c) => c.info.years.from)),
      to: Math.max(...this.columns.map((c) => c.info.years.to)),
    };
  }

  // ------------------------------------------------------------ opening

  async openBuiltin(entry: LibraryEntry) {
    const engine = this.engine();
    if (!engine) return;
    try {
      this.accept(await engine.openBuiltin(entry.path), entry.kind === 'comparison', { kind: 'library', path: entry.path });
    } catch (err) {
      this.fail(entry.path, err);
    }
  }

  async openText(name: string, text: string) {
    const engine = this.engine();
    if (!engine) return;
    try {
      this.accept(await engine.openText(name, text), false, { kind: 'text', name, text });
    } catch (err) {
      this.fail(name, err);
    }
  }

  /** Add what was opened; a comparison replaces the columns. Errors keep the open columns. */
  accept(result: LoadResult, replace: boolean, source: Source) {
    const engine = this.engine();
    if (!result.ok) {
      this.loadError = { source: result.source, issues: result.issues };
      return this.changed();
    }
    const isComparison = result.reference !== undefined;
    if (!isComparison && !replace && this.columns.length + result.columns.length > MAX_COLUMNS) {
      this.loadError = { source: pick(result.columns[0]?.title), issues: [{ path: '', message: t('tooManyColumns') }] };
      for (const c of result.columns) void engine?.close(c.handle);
      return this.changed();
    }
    this.loadError = null;
    const fresh = result.columns.slice(0, MAX_COLUMNS).map((info, index) => this.makeColumn(info, isComparison ? { ...source, index } : source));
    if (isComparison) {
      for (const c of this.columns) void engine?.close(c.info.handle);
      this.columns = fresh;
      this.reference = Math.min(result.reference ?? 0, fresh.length - 1);
    } else this.columns = [...this.columns, ...fresh];
    for (const c of fresh) c.runner.request(c.values);
    this.changed();
  }

  /** Reopen the columns of a shared view; unknown lever ids are ignored, bad values are reported by the worker. */
  async restore(wanted: ViewColumn[], reference: number, difference: boolean) {
    if (!this.engine()) return;
    this.restoring = true;
    const columns: Column[] = [];
    try {
      for (const w of wanted) {
        const index = w.index !== undefined ? { index: w.index } : {};
        const source: Source =
          w.text !== undefined ? { kind: 'text', name: w.name ?? 'scenario.json', text: w.text, ...index } : { kind: 'library', path: w.path!, ...index };
        const column = await this.openSource(source);
        if (!column) continue;
        for (const def of column.info.levers) if (Object.prototype.hasOwnProperty.call(w.levers, def.id)) column.values[def.id] = w.levers[def.id]!;
        column.view = w.view ?? 'charts';
        column.bargain = w.bargain ?? '';
        columns.push(column);
      }
    } finally {
      this.restoring = false;
    }
    this.columns = columns.slice(0, MAX_COLUMNS);
    this.reference = Math.min(reference, Math.max(0, this.columns.length - 1));
    this.difference = difference;
    for (const c of this.columns) c.runner.request(c.values);
    this.changed();
  }

  /** Open one column from its source in the current worker; problems go to the error panel as text. */
  private async openSource(source: Source): Promise<Column | null> {
    const engine = this.engine()!;
    let res: LoadResult;
    try {
      res = source.kind === 'library' ? await engine.openBuiltin(source.path) : await engine.openText(source.name, source.text);
    } catch (err) {
      // The watchdog gave up on this source (or the worker restarted): say so, open the rest.
      this.loadError = { source: source.kind === 'library' ? source.path : source.name, issues: [{ path: '', message: String(err) }] };
      return null;
    }
    if (!res.ok) {
      this.loadError = { source: res.source, issues: res.issues };
      return null;
    }
    const keep = res.columns[source.index ?? 0];
    for (const c of res.columns) if (c !== keep) void engine.close(c.handle);
    return keep ? this.makeColumn(keep, source) : null;
  }

  /** The worker failed and a fresh one runs: reopen every column with its lever values and view. */
  async reopen() {
    const old = this.columns;
    const reopened: (Column | null)[] = [];
    this.restoring = true;
    try {
      for (const c of old) reopened.push(await this.openSource(c.source));
    } finally {
      this.restoring = false;
    }
    // Lever moves and view switches made while the worker restarted are kept too.
    old.forEach((c, i) => {
      const now = this.columns.find((x) => x.info.handle === c.info.handle) ?? c;
      const column = reopened[i];
      if (!column) return;
      column.values = { ...now.values };
      column.view = now.view;
      column.bargain = now.bargain;
      if (now.history) column.history = now.history;
    });
    const fresh = reopened.filter((c): c is Column => c !== null);
    this.columns = fresh;
    for (const c of fresh) c.runner.request(c.values);
    this.changed();
  }

  private makeColumn(info: ColumnInfo, source: Source): Column {
    const handle = info.handle;
    const engine = this.engine()!;
    const runner = new LatestRunner<LeverValues, RunResult>(
      (values) => engine.run(handle, values).then(unpackRun),
      (res) => {
        this.answered = true;
        this.answeredBusy(handle, runner);
        // A "computing" line already shown stays while a newer run is pending; none is shown here
        // (a slider drag answers every few frames: the line would flicker).
        this.patch(handle, (c) =>
          res.ok
            ? { ...c, rows: res.rows, summary: res.summary, indirect: res.indirect, targets: res.targets, modes: res.modes, checkups: res.checkups, issues: [], busy: c.busy && runner.busy }
            : { ...c, issues: res.issues, busy: c.busy && runner.busy },
        );
      },
      (err) => {
        this.answeredBusy(handle, runner);
        this.patch(handle, (c) => ({
          ...c,
          busy: false,
          issues: [{ path: '', message: err instanceof EngineTimeoutError ? err.message : `${t('engineFailed')}: ${String(err)}` }],
        }));
      },
    );
    return { info, source, view: 'charts', bargain: '', values: defaults(info), issues: [], busy: true, runner };
  }

  /** A run's answer arrived since the last takeAnswered() (the page's update that draws it). */
  private answered = false;

  /** True once after a run's answer arrived: that update draws charts, and the address bar can wait for an idle moment. */
  takeAnswered(): boolean {
    const was = this.answered;
    this.answered = false;
    return was;
  }

  patch(handle: string, f: (c: Column) => Column) {
    this.columns = this.columns.map((c) => (c.info.handle === handle ? f(c) : c));
    this.changed();
  }

  find(handle: string): Column | undefined {
    return this.columns.find((c) => c.info.handle === handle);
  }

  /** The last display() and what it was computed from (compared by identity); its domains are given again where equal. */
  private lastShown: { key: unknown[]; shown: ReturnType<ColumnsController['computeDisplay']> } | null = null;

  /**
   * Rows per column (differences from the reference when asked) and the axes they share. A
   * column whose domains did not change gets the same object as before, so moving one column's
   * slider does not re-render the other columns.
   */
  display(): { rows: (TidyRow[] | undefined)[]; domains: Domains[]; plans: (DifferencePlan | null)[] } {
    // The page renders on every busy flip of a column; what is displayed changes only with the
    // columns' rows and parties, the reference and the difference switch.
    const key = [this.reference, this.difference, ...this.columns.flatMap((c) => [c.rows, c.info.parties])];
    if (this.lastShown && key.length === this.lastShown.key.length && key.every((x, i) => x === this.lastShown!.key[i])) return this.lastShown.shown;
    const shown = this.computeDisplay();
    const lastDomains = this.lastShown?.shown.domains ?? [];
    shown.domains = shown.domains.map((d, i) => {
      const last = lastDomains[i];
      return last && sameDomains(last, d) ? last : d;
    });
    this.lastShown = { key, shown };
    return shown;
  }

  private computeDisplay(): { rows: (TidyRow[] | undefined)[]; domains: Domains[]; plans: (DifferencePlan | null)[] } {
    const { columns, reference, difference } = this;
    const ref = columns[reference];
    const diff = difference && columns.length > 1 && ref?.rows !== undefined;
    // Columns with other parties than the reference meet it by role (core with core…), or not at all.
    const plans = columns.map((c, i) => (diff && i !== reference ? differencePlan(c.info.parties, ref!.info.parties) : null));
    const rows = columns.map((c, i) => (diff && i !== reference && c.rows ? differenceRows(c.rows, ref!.rows!, plans[i] ?? undefined) : c.rows));
    if (!diff) {
      const shared = sharedDomains(rows.filter((r): r is TidyRow[] => !!r));
      return { rows, domains: rows.map(() => shared), plans };
    }
    const others = sharedDomains(rows.filter((r, i): r is TidyRow[] => !!r && i !== reference));
    const own = sharedDomains([ref!.rows!]);
    return { rows, domains: rows.map((_, i) => (i === reference ? own : others)), plans };
  }

  /** What the editor opens for a column: its own text, or the built-in file's, with where it came from. */
  async editorState(handle: string): Promise<EditorState | null> {
    const col = this.find(handle);
    const engine = this.engine();
    if (!col || !engine) return null;
    const text = await engine.sourceText(col.info.handle);
    if (text === null) return null;
    const { source } = col;
    const origin = source.kind === 'library' ? { path: source.path, ...(source.index !== undefined ? { index: source.index } : {}) } : null;
    const name = source.kind === 'text' ? source.name : `${col.info.id}.json`;
    return { text: source.kind === 'text' && source.index === undefined ? source.text : text, name, origin };
  }

  // ------------------------------------------------------------ column events

  private setValues(col: Column, values: LeverValues) {
    this.patch(col.info.handle, (c) => ({ ...c, values, busy: true }));
    col.runner.request(values);
  }

  /**
   * A lever moved. The input that moved already shows its value (pw-column sets its partner
   * field and spoken value), so the page is not redrawn until the answer arrives: drawing the
   * column (and the "computing" line) on every input cost a frame of layout and paint that the
   * answer then waited behind (a slider move, 4 columns: p50 ~31 -> ~21 ms in an A/B of the two
   * builds). A run that takes longer than BUSY_DELAY_MS redraws the column with the new values
   * and the "computing" line (armBusy).
   */
  private onLever = (e: HTMLElementEventMap['lever-input']) => {
    const { handle, id, value } = e.detail;
    const col = this.find(handle);
    if (!col) return;
    col.values = { ...col.values, [id]: value };
    col.runner.request(col.values);
    this.armBusy(handle);
  };

  /** Column handle → the timer that shows "computing" if no answer comes first. */
  private readonly busyTimers = new Map<string, ReturnType<typeof setTimeout>>();

  private armBusy(handle: string) {
    if (this.busyTimers.has(handle)) return;
    this.busyTimers.set(
      handle,
      setTimeout(() => {
        this.busyTimers.delete(handle);
        const c = this.find(handle);
        if (c?.runner.busy && !c.busy) this.patch(handle, (x) => ({ ...x, busy: true }));
      }, BUSY_DELAY_MS),
    );
  }

  /** An answer came: the busy line waits BUSY_DELAY_MS again for the next one, if a run is still pending. */
  private answeredBusy(handle: string, runner: LatestRunner<LeverValues, RunResult>) {
    clearTimeout(this.busyTimers.get(handle));
    this.busyTimers.delete(handle);
    if (runner.busy) this.armBusy(handle);
  }

  private onReset = (e: HTMLElementEventMap['reset-levers']) => {
    const col = this.find(e.detail.handle);
    if (col) this.setValues(col, defaults(col.info));
  };

  private onClose = (e: HTMLElementEventMap['close-column']) => {
    const i = this.columns.findIndex((c) => c.info.handle === e.detail.handle);
    if (i < 0) return;
    void this.engine()?.close(e.detail.handle);
    this.columns = this.columns.filter((_, j) => j !== i);
    if (i < this.reference || this.reference >= this.columns.length) this.reference = Math.max(0, this.reference - 1);
    this.changed();
  };

  private onView = (e: HTMLElementEventMap['view-change']) => this.patch(e.detail.handle, (c) => ({ ...c, view: e.detail.view }));

  private onBargain = (e: HTMLElementEventMap['bargain-lever']) => this.patch(e.detail.handle, (c) => ({ ...c, bargain: e.detail.path }));

  /**
   * Put another source in a column's place (same position, view and reference; the old
   * scenario closed). Problems go to the error panel and leave the column as it was.
   */
  private async replaceSource(handle: string, source: Source, values: LeverValues | null, history: Column['history']) {
    const old = this.find(handle);
    if (!old || !this.engine()) return;
    const column = await this.openSource(source);
    if (!column) return this.changed();
    const at = this.columns.findIndex((c) => c.info.handle === handle);
    if (at < 0) {
      void this.engine()?.close(column.info.handle);
      return;
    }
    if (values) for (const def of column.info.levers) if (Object.prototype.hasOwnProperty.call(values, def.id)) column.values[def.id] = values[def.id]!;
    column.view = old.view;
    column.bargain = old.bargain;
    if (history?.length) column.history = history;
    this.columns = this.columns.map((c, i) => (i === at ? column : c));
    void this.engine()?.close(handle);
    column.runner.request(column.values);
    this.changed();
  }

  /** The calibration panel's "apply": the column takes the calibrated scenario; what it showed is kept for undo. */
  private onCalibrationApply = (e: HTMLElementEventMap['calibration-apply']) => {
    const col = this.find(e.detail.handle);
    if (!col) return;
    const history = [...(col.history ?? []), { source: col.source, values: col.values }];
    void this.replaceSource(col.info.handle, { kind: 'text', name: e.detail.name, text: e.detail.text }, null, history);
  };

  private onCalibrationUndo = (e: HTMLElementEventMap['calibration-undo']) => {
    const col = this.find(e.detail.handle);
    const last = col?.history?.at(-1);
    if (!col || !last) return;
    void this.replaceSource(col.info.handle, last.source, last.values, col.history!.slice(0, -1));
  };

  private onReference = (e: HTMLElementEventMap['set-reference']) => {
    this.reference = e.detail.index;
    this.changed();
  };
}
