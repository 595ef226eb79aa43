// The calibration panel of a column: its observed figures (a CSV the user loads, the
// scenario's `observed` block, or the library's file for a library scenario) against the run,
// with MAPE, RMSE and bias; a choice of numbers to fit with bounds (the CLI's default set
// checked); the fit in the engine worker (progress, cancel); before/after metrics, fitted
// values and residuals; "apply" (the column takes the calibrated scenario, undoable) and
// "download" (the scenario `pairsim calibrate --write` would write). The worker computes
// everything (ui/engine/calibration.ts); this element lays it out and reports the observed
// points to its column, which draws them on the charts.
import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { localized } from '@lit/localize';
import * as Comlink from 'comlink';
import * as Plot from '@observablehq/plot';
import { accessiblePlot } from '../plot-a11y.js';
import { yearTicks } from './pw-chart.js';
import type { NumberKind } from '../format.js';
import { engineContext } from '../controllers/engine-connection.js';
import type { EngineRef } from '../client.js';
import type { CalibrationCurve, CalibrationShown, ColumnInfo, FitCandidate, Issue, LeverValues, ObservedAnswer, ObservedMetrics, ObservedText, TidyRow } from '../protocol.js';
import { emit } from '../events.js';
import { axisFormat, formatMeasure, formatNumber, locale, pick, t } from '../i18n.js';
import { CHARTS } from '../series.js';
import { calibrationMessage, lineZh, MEASURE_NAMES } from '../calibration-text.js';
import { downloadBlob, safeName } from '../export.js';
import { panelStyles } from './panel-styles.js';

let nextRun = 1;

type Observed = Extract<ObservedAnswer, { ok: true; name: string }>;
type Choice = { on: boolean; lo: string; hi: string };

/** Measures some chart of a column draws in the deal world (observed points go there). */
export function chartedMeasures(indirect: boolean): Set<string> {
  return new Set(CHARTS.filter((c) => c.worlds.includes('deal') && (!c.indirect || indirect)).map((c) => c.measure));
}

@localized()
@customElement('pw-calibration')
export class PwCalibration extends LitElement {
  @property({ attribute: false }) info!: ColumnInfo;
  @property({ attribute: false }) values: LeverValues = {};
  /** The column's latest rows: a new run means new simulated values at the observed points. */
  @property({ attribute: false }) rows: TidyRow[] | undefined;
  @property({ type: Boolean }) indirect = false;
  /** The column took a calibration that can be undone. */
  @property({ type: Boolean }) undoable = false;
  @property({ type: Number }) chartWidth = 360;
  @consume({ context: engineContext, subscribe: true }) @state() engine: EngineRef | null = null;

  /** A CSV the user loaded (takes precedence over the scenario's block and the library's file). */
  @state() private userCsv: ObservedText | null = null;
  /** The library's observed file of a library scenario (used when the scenario has no block). */
  private libraryCsv: ObservedText | null = null;
  /** The CSV behind the figures shown (null: the scenario's block). */
  private shownCsv: ObservedText | null = null;
  @state() private source: 'file' | 'block' | 'library' | null = null;
  @state() private observed: Observed | null = null;
  @state() private none = false;
  @state() private observedIssues: Issue[] = [];
  /** A CSV that could not be loaded: its name and problems, shown beside the file field. */
  @state() private csvError: { name: string; issues: Issue[] } | null = null;
  @state() private choices: Record<string, Choice> = {};
  @state() private boundErrors: Record<string, string> = {};
  @state() private chooseError = false;
  @state() private running = false;
  @state() private done = 0;
  @state() private total = 0;
  @state() private cancelled = false;
  @state() private runIssues: Issue[] = [];
  @state() private result: { shown: CalibrationShown; text: string; curves: CalibrationCurve[]; key: string } | null = null;
  @state() private open_ = false;
  private runId = 0;
  private query = 0;

  static override styles = [
    panelStyles,
    css`
      :host { margin-top: 0.5rem; border-top: 1px solid #ddd; padding-top: 0.3rem; }
      details.panel > summary { cursor: pointer; font-weight: 600; font-size: 0.95rem; }
      details.panel { font-size: 0.85rem; }
      h4 { margin: 0.6rem 0 0.25rem; font-size: 0.9rem; }
      .row { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; margin: 0.3rem 0; }
      .hint { color: #444; font-size: 0.8rem; }
      .field-error { color: #B00020; font-size: 0.8rem; margin: 0.2rem 0; }
      .field-error ul { margin: 0.1rem 0; padding-left: 1.2rem; }
      input[type='number'] { width: 6.5rem; }
      td input[type='number'] { width: 6rem; }
      progress { width: 10rem; }
      .warnings { color: #7a4b00; }
      .mark { font-size: 0.7rem; background: #eef; border-radius: 3px; padding: 0 0.25rem; margin-left: 0.25rem; }
      td.label { text-align: left; max-width: 16rem; }
      code.pointer { font-size: 0.7rem; color: #555; overflow-wrap: anywhere; }
    `,
  ];

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('info') && changed.get('info')?.handle !== this.info?.handle) this.reset();
    // A new engine (restart after a fault): a fit in the old one will never answer.
    if (changed.has('engine') && changed.get('engine') && this.running) {
      this.running = false;
      this.runId = 0;
    }
  }

  override updated(changed: PropertyValues<this>): void {
    if (!this.info || !this.engine) return;
    const handleChanged = changed.has('info') && changed.get('info')?.handle !== this.info.handle;
    if (handleChanged || (changed.has('engine') && this.engine)) void this.loadLibraryFile().then(() => this.refresh());
    // Lever moves: new simulated values at the points (nothing to ask when the scenario has no figures and none were loaded).
    else if (changed.has('rows') && !(this.none && !this.userCsv && !this.libraryCsv)) void this.refresh();
  }

  override disconnectedCallback(): void {
    this.cancel();
    super.disconnectedCallback();
  }

  private reset() {
    this.cancel();
    this.userCsv = null;
    this.libraryCsv = null;
    this.shownCsv = null;
    this.source = null;
    this.observed = null;
    this.none = false;
    this.observedIssues = [];
    this.csvError = null;
    this.choices = {};
    this.boundErrors = {};
    this.result = null;
    this.runIssues = [];
    this.cancelled = false;
  }

  private async loadLibraryFile() {
    const path = this.info.library && this.info.library.index === undefined ? this.info.library.path : null;
    this.libraryCsv = path && this.engine ? await this.engine.api.libraryObserved(path).catch(() => null) : null;
  }

  /** Ask the worker for the figures against the current run: the user's file, else the block, else the library's file. */
  private async refresh() {
    if (!this.engine) return;
    const q = ++this.query;
    const { handle } = this.info;
    const values = this.values;
    try {
      let csv = this.userCsv;
      let res = await this.engine.api.observed(handle, values, csv);
      let source: PwCalibration['source'] = csv ? 'file' : 'block';
      if (res.ok && res.none && !csv && this.libraryCsv) {
        csv = this.libraryCsv;
        source = 'library';
        res = await this.engine.api.observed(handle, values, csv);
      }
      if (q !== this.query) return;
      if (!res.ok) {
        // The figures shown before stay; the problem is said beside them.
        this.observedIssues = res.issues;
        return;
      }
      this.observedIssues = [];
      if (res.none) {
        this.none = true;
        this.setObserved(null, null, null);
        return;
      }
      this.none = false;
      this.setObserved(res, csv, source);
    } catch (err) {
      if (q === this.query) this.observedIssues = [{ path: '', message: String(err) }];
    }
  }

  private setObserved(res: Observed | null, csv: ObservedText | null, source: PwCalibration['source']) {
    const first = !this.observed && res;
    this.observed = res;
    this.shownCsv = csv;
    this.source = source;
    if (first) this.open_ = true;
    if (res) {
      // New candidates take their defaults; the user's choices and bounds for known ones stay.
      const next = { ...this.choices };
      for (const c of res.candidates) next[c.path] ??= { on: c.fitByDefault, lo: String(c.lo), hi: String(c.hi) };
      this.choices = next;
    }
    emit(this, 'observed-change', {
      handle: this.info.handle,
      points: (res?.points ?? []).map((p) => ({ year: p.year, party: p.party, measure: p.measure, value: p.observed, source: p.source })),
    });
  }

  /** A file the user chose: checked by the worker against the scenario; a bad one leaves everything as it was. */
  private async loadFile(file: File) {
    if (!this.engine) return;
    let text: string;
    try {
      text = await file.text();
    } catch (err) {
      this.csvError = { name: file.name, issues: [{ path: '', message: String(err) }] };
      return;
    }
    const csv = { name: file.name, text };
    const res = await this.engine.api.observed(this.info.handle, this.values, csv).catch((err: unknown) => ({ ok: false as const, issues: [{ path: '', message: String(err) }] }));
    if (!res.ok) {
      this.csvError = { name: file.name, issues: res.issues };
      return;
    }
    this.csvError = null;
    if (res.none) return;
    this.userCsv = csv;
    this.result = null;
    this.setObserved(res, csv, 'file');
  }

  private language(): 'zh-CN' | 'en' {
    return locale() === 'en' ? 'en' : 'zh-CN';
  }

  private labels(): Map<string, string> {
    return new Map((this.observed?.candidates ?? []).map((c) => [c.path, pick(c.label)]));
  }

  private message(m: string): string {
    return calibrationMessage(m, this.language(), this.labels());
  }

  private partyName(id: string): string {
    return pick(this.info.parties.find((p) => p.id === id)?.name) || id;
  }

  private measureName(m: string): string {
    const n = MEASURE_NAMES[m];
    return n ? (this.language() === 'en' ? n.en : n.zh) : m;
  }

  /** A value with its unit in the reader's idiom (万/亿 for money and people; years as written; rates in %). */
  private valueText(v: number, unit: string | null): string {
    if (unit === 'year' || unit === 'years') return String(Math.round(v));
    if (unit === '1/yr') return `${formatNumber(v * 100, 3)} %`;
    if (unit === 'share') return formatNumber(v, 4);
    if (unit === 'CNY_1e8/yr') return t('calMoneyValue').replace('{v}', () => formatMeasure(v, 'money'));
    if (unit === 'person') return t('calPersonsValue').replace('{v}', () => formatMeasure(v, 'persons'));
    return formatNumber(v, 4);
  }

  private percent(v: number): string {
    return `${formatNumber(v, 2)} %`;
  }

  private key(): string {
    return JSON.stringify([this.info.handle, this.values, this.shownCsv?.name ?? null, this.shownCsv?.text.length ?? 0]);
  }

  private setChoice(path: string, patch: Partial<Choice>) {
    this.choices = { ...this.choices, [path]: { ...this.choices[path]!, ...patch } };
    if (this.boundErrors[path]) {
      const { [path]: _gone, ...rest } = this.boundErrors;
      this.boundErrors = rest;
    }
    this.chooseError = false;
  }

  /** The chosen parameters with their bounds, or null with the problems beside the fields. */
  private specs(): { path: string; lo: number; hi: number }[] | null {
    const candidates = this.observed?.candidates ?? [];
    const errors: Record<string, string> = {};
    const specs: { path: string; lo: number; hi: number }[] = [];
    for (const c of candidates) {
      const ch = this.choices[c.path];
      if (!ch?.on) continue;
      const lo = ch.lo.trim() === '' ? NaN : Number(ch.lo);
      const hi = ch.hi.trim() === '' ? NaN : Number(ch.hi);
      if (!Number.isFinite(lo) || !Number.isFinite(hi)) errors[c.path] = t('calBoundNumber');
      else if (c.integer && (!Number.isInteger(lo) || !Number.isInteger(hi))) errors[c.path] = t('calBoundWhole');
      else if (!(lo < hi)) errors[c.path] = t('calBoundOrder');
      else specs.push({ path: c.path, lo, hi });
    }
    this.boundErrors = errors;
    this.chooseError = !specs.length && !Object.keys(errors).length;
    return Object.keys(errors).length || !specs.length ? null : specs;
  }

  private async fit() {
    if (!this.engine || this.running || !this.observed) return;
    const specs = this.specs();
    if (!specs) return;
    const runId = nextRun++;
    this.runId = runId;
    this.running = true;
    this.cancelled = false;
    this.runIssues = [];
    this.done = 0;
    this.total = 0;
    const key = this.key();
    const progress = Comlink.proxy((done: number, total: number) => {
      if (this.runId !== runId) return;
      this.done = done;
      this.total = total;
    });
    try {
      const res = await this.engine.api.calibrate(this.info.handle, this.values, this.shownCsv, specs, runId, progress);
      if (this.runId !== runId) return;
      if (res.ok) this.result = { shown: res.result, text: res.text, curves: res.curves, key };
      else if (res.cancelled) this.cancelled = true;
      else this.runIssues = res.issues;
    } catch (err) {
      if (this.runId === runId) this.runIssues = [{ path: '', message: String(err) }];
    } finally {
      if (this.runId === runId) this.running = false;
    }
  }

  private cancel() {
    if (!this.running) return;
    void this.engine?.api.cancelCalibration(this.runId);
  }

  private apply() {
    if (!this.result || this.result.key !== this.key()) return;
    emit(this, 'calibration-apply', { handle: this.info.handle, name: `${this.info.id}-calibrated.json`, text: this.result.text });
  }

  private download() {
    if (!this.result) return;
    downloadBlob(new Blob([this.result.text], { type: 'application/json' }), safeName(`${this.info.id}-calibrated`, 'json'));
  }

  // ------------------------------------------------------------------ rendering

  private issueList(issues: readonly Issue[]) {
    return html`<ul>
      ${issues.map((i) => html`<li data-testid="cal-issue">${i.path ? html`<strong>${this.language() === 'en' ? i.path : lineZh(i.path)}</strong>：` : nothing}${this.message(i.message)}</li>`)}
    </ul>`;
  }

  private renderSource() {
    const o = this.observed;
    const what =
      this.source === 'file' && o
        ? t('calSourceFile').replace('{name}', () => o.name)
        : this.source === 'library' && o
          ? t('calSourceLibrary').replace('{name}', () => o.name)
          : this.source === 'block' && o
            ? t('calSourceBlock')
            : '';
    return html`<div class="row">
        <input
          type="file"
          hidden
          aria-label=${t('calLoadCsv')}
          accept=".csv,text/csv"
          data-testid="cal-file"
          @change=${(e: Event) => {
            const input = e.target as HTMLInputElement;
            const f = input.files?.[0];
            if (f) void this.loadFile(f);
            input.value = '';
          }}
        />
        <button
          data-testid="cal-file-button"
          aria-describedby=${this.csvError ? 'cal-file-hint cal-file-error' : 'cal-file-hint'}
          @click=${() => this.renderRoot.querySelector<HTMLInputElement>('[data-testid="cal-file"]')?.click()}
        >${t('calLoadCsv')}</button>
      </div>
      <p class="hint" id="cal-file-hint">${t('calCsvHint')}</p>
      ${this.csvError
        ? html`<div class="field-error" role="alert" id="cal-file-error" data-testid="cal-file-error">
            ${t('calCsvNotLoaded').replace('{name}', () => this.csvError!.name)} ${this.issueList(this.csvError.issues)}
          </div>`
        : nothing}
      ${what ? html`<p class="note" data-testid="cal-source">${what}</p>` : nothing}
      ${this.none && !o ? html`<p class="note" data-testid="cal-none">${t('calNone')}</p>` : nothing}
      ${this.observedIssues.length ? html`<div class="issues" role="alert">${this.issueList(this.observedIssues)}</div>` : nothing}`;
  }

  private metricCells(m: ObservedMetrics, unit: string | null, relative: boolean, testid?: string) {
    const v = (x: number) => (relative ? this.percent(x) : this.valueText(x, unit));
    return html`<td data-testid=${testid ? `${testid}-mape` : nothing} data-value=${m.mape}>${this.percent(m.mape)}</td>
      <td data-value=${m.rmse}>${v(m.rmse)}</td>
      <td data-value=${m.bias}>${v(m.bias)}</td>`;
  }

  private renderMetrics(o: Observed) {
    const charted = chartedMeasures(this.indirect);
    const uncharted = [...new Set(o.points.map((p) => p.measure))].filter((m) => !charted.has(m));
    return html`<h4>${t('calMetricsCaption')}</h4>
      <table data-testid="cal-metrics">
        <thead>
          <tr><th scope="col">${t('calMeasure')}</th><th scope="col">n</th><th scope="col">${t('calMape')}</th><th scope="col">${t('calRmse')}</th><th scope="col">${t('calBias')}</th></tr>
        </thead>
        <tbody>
          ${o.series.map(
            (s) => html`<tr data-testid="cal-series">
              <th scope="row">${this.partyName(s.party)} · ${this.measureName(s.measure)}</th>
              <td>${s.n}</td>
              ${this.metricCells(s, s.unit, false)}
            </tr>`,
          )}
          <tr>
            <th scope="row">${t('calOverall')}</th>
            <td>${o.overall.n}</td>
            ${this.metricCells(o.overall, null, true, 'cal-overall')}
          </tr>
        </tbody>
      </table>
      <p class="hint">${t('calUnitsNote')}</p>
      ${uncharted.length ? html`<p class="hint" data-testid="cal-uncharted">${t('calNoChart').replace('{measures}', () => uncharted.map((m) => this.measureName(m)).join(this.language() === 'en' ? ', ' : '、'))}</p>` : nothing}
      <details>
        <summary>${t('calPoints')} (${o.points.length})</summary>
        <table data-testid="cal-points">
          <thead>
            <tr>
              <th scope="col">${t('year')}</th><th scope="col">${t('party')}</th><th scope="col">${t('calMeasure')}</th>
              <th scope="col">${t('calObserved')}</th><th scope="col">${t('calSimulated')}</th><th scope="col">${t('calResidual')}</th><th scope="col">${t('calSourceColumn')}</th>
            </tr>
          </thead>
          <tbody>
            ${o.points.map(
              (p) => html`<tr data-testid="cal-point" data-year=${p.year} data-party=${p.party} data-measure=${p.measure}>
                <td>${p.year}</td><td>${this.partyName(p.party)}</td><td>${this.measureName(p.measure)}</td>
                <td data-value=${p.observed}>${this.valueText(p.observed, p.unit)}</td>
                <td data-value=${p.simulated}>${this.valueText(p.simulated, p.unit)}</td>
                <td data-value=${p.residual}>${this.valueText(p.residual, p.unit)} (${this.percent(p.relative * 100)})</td>
                <td class="label">${p.source}</td>
              </tr>`,
            )}
          </tbody>
        </table>
      </details>`;
  }

  private renderCandidate(c: FitCandidate) {
    const ch = this.choices[c.path] ?? { on: false, lo: String(c.lo), hi: String(c.hi) };
    const id = `cal-${c.path.replace(/[^a-zA-Z0-9]/g, '_')}`;
    const err = this.boundErrors[c.path];
    const step = c.integer ? '1' : 'any';
    return html`<tr data-testid="cal-candidate" data-path=${c.path}>
        <td class="label">
          <label><input type="checkbox" aria-label=${pick(c.label)} data-testid="cal-choose" .checked=${ch.on} @change=${(e: Event) => this.setChoice(c.path, { on: (e.target as HTMLInputElement).checked })} />
            ${pick(c.label)}</label>${c.fitByDefault ? html`<span class="mark">${t('calDefaultMark')}</span>` : nothing}
          <code class="pointer">${c.path}</code>
        </td>
        <td data-value=${c.value}>${this.valueText(c.value, c.unit)}</td>
        <td><input type="number" step=${step} aria-label="${pick(c.label)} · ${t('calLo')}" data-testid="cal-lo" .value=${ch.lo} aria-invalid=${err ? 'true' : 'false'}
          aria-describedby=${err ? `${id}-error` : nothing} @change=${(e: Event) => this.setChoice(c.path, { lo: (e.target as HTMLInputElement).value })} /></td>
        <td><input type="number" step=${step} aria-label="${pick(c.label)} · ${t('calHi')}" data-testid="cal-hi" .value=${ch.hi} aria-invalid=${err ? 'true' : 'false'}
          aria-describedby=${err ? `${id}-error` : nothing} @change=${(e: Event) => this.setChoice(c.path, { hi: (e.target as HTMLInputElement).value })} /></td>
      </tr>
      ${err ? html`<tr><td colspan="4" class="field-error" role="alert" id="${id}-error" data-testid="cal-bound-error">${err}</td></tr>` : nothing}`;
  }

  private renderParameters(o: Observed) {
    return html`<h4>${t('calParameters')}</h4>
      <p class="hint">${t('calDefaultNote')} ${t('calBoundsNote')}</p>
      ${o.warnings.length ? html`<ul class="warnings">${o.warnings.map((w) => html`<li>${this.message(w)}</li>`)}</ul>` : nothing}
      <table data-testid="cal-candidates">
        <thead><tr><th scope="col">${t('calParameter')}</th><th scope="col">${t('calCurrent')}</th><th scope="col">${t('calLo')}</th><th scope="col">${t('calHi')}</th></tr></thead>
        <tbody>${o.candidates.map((c) => this.renderCandidate(c))}</tbody>
      </table>
      ${this.chooseError ? html`<p class="field-error" role="alert" data-testid="cal-choose-error">${t('calChooseOne')}</p>` : nothing}
      <div class="row">
        <button data-testid="cal-run" ?disabled=${this.running} @click=${() => void this.fit()}>${t('calRun')}</button>
        <button data-testid="cal-cancel" ?disabled=${!this.running} @click=${() => this.cancel()}>${t('cancel')}</button>
        ${this.running
          ? html`<label>${t('progress')} <progress data-testid="cal-progress" max=${this.total || 1} .value=${this.done}></progress></label>
              <span role="status">${t('calRunning').replace('{n}', formatMeasure(this.done, 'count'))}</span>`
          : nothing}
      </div>
      ${this.cancelled ? html`<p class="note" role="status" data-testid="cal-cancelled">${t('calCancelled')}</p>` : nothing}
      ${this.runIssues.length ? html`<div class="issues" role="alert" data-testid="cal-failed">${t('calFailed')}: ${this.issueList(this.runIssues)}</div>` : nothing}`;
  }

  /** How numbers of a unit are written. */
  private kindOf(unit: string): NumberKind {
    return unit === 'person' ? 'persons' : unit === 'CNY_1e8/yr' ? 'money' : 'index';
  }

  /** One observed series: the simulated path before (dashed) and after (solid) the fit, the figures as diamonds; its numbers in a table. */
  private renderCurve(c: CalibrationCurve, shown: CalibrationShown) {
    const kind = this.kindOf(c.unit);
    const title = `${this.partyName(c.party)} · ${this.measureName(c.measure)}`;
    const before = t('calBefore');
    const after = t('calAfter');
    const lines = c.years.flatMap((year, i) => [
      { year, value: c.before[i]!, which: before },
      { year, value: c.after[i]!, which: after },
    ]);
    const obs = shown.residuals.filter((r) => r.party === c.party && r.measure === c.measure).map((r) => ({ year: r.year, value: r.observed }));
    const width = Math.max(260, this.chartWidth);
    const tip = (d: { year: number; value: number; which?: string }) => `${d.which ?? t('calObservedTip')}\n${d.year}: ${this.valueText(d.value, c.unit)}`;
    const plot = accessiblePlot(
      Plot.plot({
        width,
        height: 200,
        marginLeft: 56,
        ariaLabel: title,
        style: { fontSize: '11px', background: 'transparent' },
        x: { label: null, tickFormat: 'd', ticks: yearTicks(c.years, width) },
        y: { grid: true, label: null, tickFormat: axisFormat(kind) },
        color: { domain: [before, after], range: ['#777777', '#0072B2'] },
        marks: [
          Plot.line(lines.filter((d) => d.which === before), { x: 'year', y: 'value', stroke: 'which', strokeWidth: 2, strokeDasharray: '6,4' }),
          Plot.line(lines.filter((d) => d.which === after), { x: 'year', y: 'value', stroke: 'which', strokeWidth: 2 }),
          Plot.dot(obs, { x: 'year', y: 'value', symbol: 'diamond', r: 5, stroke: '#000', fill: 'white', strokeWidth: 2, className: 'observed-points' }),
          Plot.tip(lines, Plot.pointer({ x: 'year', y: 'value', title: tip })),
        ],
      }),
      title,
    );
    const observedAt = new Map(obs.map((o) => [o.year, o.value]));
    return html`<figure class="curve" data-testid="cal-curve" data-party=${c.party} data-measure=${c.measure} style="margin:0.3rem 0">
      <h4>${title} <span class="unit">${this.valueUnit(c.unit)}</span></h4>
      <p class="hint">— ${after}　- - ${before}　◇ ${t('calObservedMark')}</p>
      ${plot}
      <details>
        <summary>${t('dataTable')}</summary>
        <table>
          <thead><tr><th scope="col">${t('year')}</th><th scope="col">${before}</th><th scope="col">${after}</th><th scope="col">${t('calObserved')}</th></tr></thead>
          <tbody>
            ${c.years.map(
              (y, i) => html`<tr>
                <td>${y}</td>
                <td data-value=${c.before[i]}>${formatMeasure(c.before[i]!, kind, 3)}</td>
                <td data-value=${c.after[i]}>${formatMeasure(c.after[i]!, kind, 3)}</td>
                <td>${observedAt.has(y) ? formatMeasure(observedAt.get(y)!, kind, 3) : ''}</td>
              </tr>`,
            )}
          </tbody>
        </table>
      </details>
    </figure>`;
  }

  /** The unit of a series as the reader says it. */
  private valueUnit(unit: string): string {
    return unit === 'CNY_1e8/yr' ? t('unitMoneyPerYear') : unit === 'person' ? t('unitPersons') : unit;
  }

  private renderResult() {
    const r = this.result;
    if (!r) return nothing;
    const { shown } = r;
    const labels = this.labels();
    const stale = r.key !== this.key();
    return html`<section data-testid="cal-result">
      <h4>${t('calResult')} <span class="unit">${t('calEvaluations').replace('{n}', formatMeasure(shown.evaluations, 'count'))}</span></h4>
      <table data-testid="cal-before-after">
        <thead>
          <tr><th scope="col"></th><th scope="col">${t('calMape')}</th><th scope="col">${t('calRmse')}</th><th scope="col">${t('calBias')}</th></tr>
        </thead>
        <tbody>
          <tr><th scope="row">${t('calBefore')}</th>${this.metricCells(shown.metrics.before, null, true, 'cal-before')}</tr>
          <tr><th scope="row">${t('calAfter')}</th>${this.metricCells(shown.metrics.after, null, true, 'cal-after')}</tr>
        </tbody>
      </table>
      ${r.curves.map((c) => this.renderCurve(c, shown))}
      <table data-testid="cal-fitted">
        <caption style="text-align:left">${t('calFittedValues')}</caption>
        <thead>
          <tr><th scope="col">${t('calParameter')}</th><th scope="col">${t('calBefore')}</th><th scope="col">${t('calAfter')}</th><th scope="col">${t('calLo')}</th><th scope="col">${t('calHi')}</th></tr>
        </thead>
        <tbody>
          ${shown.fitted.map(
            (f) => html`<tr data-testid="cal-fitted-row" data-path=${f.path}>
              <td class="label">${labels.get(f.path) ?? f.path}</td>
              <td data-value=${f.before}>${this.valueText(f.before, f.unit)}</td>
              <td data-value=${f.after} data-testid="cal-after-value">${this.valueText(f.after, f.unit)}</td>
              <td>${this.valueText(f.lo, f.unit)}</td>
              <td>${this.valueText(f.hi, f.unit)}</td>
            </tr>`,
          )}
        </tbody>
      </table>
      <details>
        <summary>${t('calPoints')} (${shown.residuals.length})</summary>
        <table data-testid="cal-residuals">
          <thead>
            <tr>
              <th scope="col">${t('year')}</th><th scope="col">${t('party')}</th><th scope="col">${t('calMeasure')}</th>
              <th scope="col">${t('calObserved')}</th><th scope="col">${t('calSimulated')} · ${t('calBefore')}</th><th scope="col">${t('calSimulated')} · ${t('calAfter')}</th>
            </tr>
          </thead>
          <tbody>
            ${shown.residuals.map(
              (p) => html`<tr>
                <td>${p.year}</td><td>${this.partyName(p.party)}</td><td>${this.measureName(p.measure)}</td>
                <td data-value=${p.observed}>${this.valueText(p.observed, p.unit)}</td>
                <td data-value=${p.simulatedBefore}>${this.valueText(p.simulatedBefore, p.unit)}</td>
                <td data-value=${p.simulated}>${this.valueText(p.simulated, p.unit)}</td>
              </tr>`,
            )}
          </tbody>
        </table>
      </details>
      ${shown.warnings.length
        ? html`<h4>${t('calWarnings')}</h4>
            <ul class="warnings" data-testid="cal-warnings">${shown.warnings.map((w) => html`<li>${this.message(w)}</li>`)}</ul>`
        : nothing}
      ${stale ? html`<p class="note" role="status" data-testid="cal-stale">${t('calStale')}</p>` : nothing}
      <p class="hint">${t('calApplyHint')}</p>
      <div class="row">
        <button data-testid="cal-apply" ?disabled=${stale} @click=${() => this.apply()}>${t('calApply')}</button>
        <button data-testid="cal-download" @click=${() => this.download()}>${t('calDownload')}</button>
      </div>
    </section>`;
  }

  override render() {
    if (!this.info) return nothing;
    const o = this.observed;
    return html`<details class="panel" data-testid="calibration" ?open=${this.open_} @toggle=${(e: Event) => (this.open_ = (e.target as HTMLDetailsElement).open)}>
      <summary>${t('calTitle')}${o ? html` · ${t('calMape')} <span data-testid="cal-summary-mape">${this.percent(o.overall.mape)}</span>` : nothing}</summary>
      <p class="hint">${t('calIntro')}</p>
      ${this.undoable
        ? html`<div class="row"><button data-testid="cal-undo" @click=${() => emit(this, 'calibration-undo', { handle: this.info.handle })}>${t('calUndo')}</button></div>`
        : nothing}
      ${this.renderSource()}
      ${o ? html`${this.renderMetrics(o)} ${this.renderParameters(o)} ${this.renderResult()}` : nothing}
    </details>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'pw-calibration': PwCalibration;
  }
}
