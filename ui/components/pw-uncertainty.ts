// Uncertainty view of a column: a Monte Carlo run in the engine worker in chunks (progress
// bar, cancel button), fan charts p5–p50–p95 per party and measure, the probability of
// losing versus no deal, and a tornado chart. The page only draws the worker's answer.
import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { engineContext } from '../controllers/engine-connection.js';
import { localized } from '@lit/localize';
import * as Comlink from 'comlink';
import * as Plot from '@observablehq/plot';
import type { EngineRef } from '../client.js';
import type { ColumnInfo, Issue, LeverValues, TidyRow, UncertaintyAnswer } from '../protocol.js';
import { axisFormat, formatMeasure, formatNumber, pick, t } from '../i18n.js';
import type { MessageId } from '../messages.js';
import { OKABE_ITO } from '../palette.js';
import { downloadFigure, downloadJson, downloadRecordsCsv, plotSvg } from '../export.js';
import { standaloneFigure, textWidth, type FigureMeta, type LegendItem } from '../figure.js';
import { accessiblePlot } from '../plot-a11y.js';
import { panelStyles } from './panel-styles.js';
import { columnNames, issueItems } from './issue-list.js';

const FANS: { measure: 'netFiscal' | 'outputCredited'; title: MessageId }[] = [
  { measure: 'netFiscal', title: 'fanNetFiscal' },
  { measure: 'outputCredited', title: 'fanOutputCredited' },
];

let nextRun = 1;

/** Accepted numbers of draws (the field's min and max). */
export const MIN_DRAWS = 10;
export const MAX_DRAWS = 200_000;
const BASE_COLOUR = '#000';

@localized()
@customElement('pw-uncertainty')
export class PwUncertainty extends LitElement {
  /** The engine, provided by the app (@lit/context); a new one after a worker restart. */
  @consume({ context: engineContext, subscribe: true }) @state() engine: EngineRef | null = null;
  @property({ attribute: false }) info!: ColumnInfo;
  @property({ attribute: false }) values: LeverValues = {};
  @property({ type: Number }) chartWidth = 420;
  @property({ type: Number }) cursor: number | null = null;
  @property({ type: Boolean }) large = false;
  /** The column's yearly rows at the same lever values (gain rows give the base case on the fan charts); absent while a difference is shown. */
  @property({ attribute: false }) baseRows: TidyRow[] | undefined;
  @state() private draws = 2000;
  /** The draw count typed when it is not accepted (shown beside the field until corrected). */
  @state() private drawsError = '';
  @state() private running = false;
  @state() private done = 0;
  @state() private total = 0;
  @state() private answer: UncertaintyAnswer | null = null;
  @state() private issues: Issue[] = [];
  @state() private cancelled = false;
  private runId = 0;

  static override styles = [
    panelStyles,
    css`
      h4 { margin: 0.5rem 0 0.25rem; font-size: 0.95rem; }
      .run { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; font-size: 0.85rem; }
      input[type='number'] { width: 7rem; }
      progress { width: 12rem; }
      :host([large]) .plot [class*='swatch'] { font-size: 18px; }
      :host([large]) table, :host([large]) input, :host([large]) button, :host([large]) .run { font-size: 1.15rem; }
    `,
  ];

  override willUpdate(changed: PropertyValues<this>): void {
    // A new engine (restart after a fault): a run in the old one will never answer.
    if (changed.has('engine') && changed.get('engine') && this.running) {
      this.running = false;
      this.runId = 0;
      this.issues = [{ path: '', message: t('engineFailed') }];
    }
    // A result belongs to the scenario and levers it was drawn for.
    if ((changed.has('info') && changed.get('info')) || (changed.has('values') && changed.get('values'))) {
      if (!this.running) this.answer = null;
    }
  }

  override disconnectedCallback(): void {
    this.cancel();
    super.disconnectedCallback();
  }

  private partyName(id: string): string {
    return pick(this.info.parties.find((p) => p.id === id)?.name) || id;
  }

  private uncertaintyName(id: string): string {
    return pick(this.info.uncertainties.find((u) => u.id === id)?.label) || id;
  }

  private async run() {
    if (!this.engine || this.running) return;
    const runId = nextRun++;
    this.runId = runId;
    this.running = true;
    this.cancelled = false;
    this.issues = [];
    this.done = 0;
    this.total = this.draws;
    const progress = Comlink.proxy((done: number, total: number) => {
      if (this.runId !== runId) return;
      this.done = done;
      this.total = total;
    });
    try {
      const res = await this.engine.api.uncertainty(this.info.handle, this.values, this.draws, 1, runId, progress);
      if (this.runId !== runId) return;
      if (res.ok) this.answer = res.answer;
      else if (res.cancelled) this.cancelled = true;
      else this.issues = res.issues;
    } catch (err) {
      if (this.runId === runId) this.issues = [{ path: '', message: String(err) }];
    } finally {
      if (this.runId === runId) this.running = false;
    }
  }

  private cancel() {
    if (!this.running) return;
    void this.engine?.api.cancel(this.runId);
  }

  /** The base case's yearly gains for a fan chart (the run at the written values), up to the cursor. */
  private baseCase(measure: 'netFiscal' | 'outputCredited') {
    return (this.baseRows ?? [])
      .filter((r) => r.world === 'gain' && r.measure === measure && (this.cursor === null || r.year <= this.cursor))
      .map((r) => ({ year: r.year, value: r.value, label: this.partyName(r.party) }));
  }

  private fan(a: UncertaintyAnswer, measure: 'netFiscal' | 'outputCredited'): Element {
    const rows = a.fan
      .filter((r) => r.measure === measure && (this.cursor === null || r.year <= this.cursor))
      .map((r) => ({ ...r, label: this.partyName(r.party) }));
    const names = a.parties.map((p) => this.partyName(p));
    const colours = names.map((_, i) => OKABE_ITO[i % OKABE_ITO.length]!);
    const years = [...new Set(a.fan.map((r) => r.year))];
    const base = this.baseCase(measure);
    const title = t(FANS.find((f) => f.measure === measure)!.title);
    return accessiblePlot(Plot.plot({
      width: this.chartWidth,
      height: this.large ? 300 : 200,
      marginLeft: 56,
      style: { fontSize: this.large ? '15px' : '11px', background: 'transparent' },
      x: { label: null, tickFormat: 'd', domain: [Math.min(...years), Math.max(...years)] },
      y: { grid: true, label: null, tickFormat: axisFormat('money') },
      color: { domain: names, range: colours, legend: true },
      marks: [
        Plot.ruleY([0], { stroke: '#999' }),
        Plot.areaY(rows, { x: 'year', y1: 'p5', y2: 'p95', z: 'label', fill: 'label', fillOpacity: 0.2 }),
        Plot.line(rows, { x: 'year', y: 'p50', z: 'label', stroke: 'label', strokeWidth: 2 }),
        Plot.line(rows, { x: 'year', y: 'p5', z: 'label', stroke: 'label', strokeWidth: 0.75, strokeDasharray: '3,3' }),
        Plot.line(rows, { x: 'year', y: 'p95', z: 'label', stroke: 'label', strokeWidth: 0.75, strokeDasharray: '3,3' }),
        // The base case in black over each party's band, with small dots so it reads without colour.
        Plot.line(base, { x: 'year', y: 'value', z: 'label', stroke: BASE_COLOUR, strokeWidth: 1.5 }),
        Plot.dot(base, { x: 'year', y: 'value', fill: 'label', stroke: BASE_COLOUR, r: 2.5 }),
      ],
    }), title);
  }

  private tornado(a: UncertaintyAnswer): Element {
    const rows = a.tornado.map((b) => ({
      ...b,
      label: this.partyName(b.party),
      name: `${this.partyName(b.party)} · ${this.uncertaintyName(b.uncertainty)}`,
      from: Math.min(b.low, b.high),
      to: Math.max(b.low, b.high),
    }));
    const names = a.parties.map((p) => this.partyName(p));
    return accessiblePlot(Plot.plot({
      width: this.chartWidth,
      height: Math.max(120, 26 * rows.length + 40),
      marginLeft: Math.min(this.chartWidth / 2, 16 + Math.max(60, ...rows.map((r) => textWidth(r.name, this.large ? 14 : 11)))),
      style: { fontSize: this.large ? '14px' : '11px', background: 'transparent' },
      x: { grid: true, label: null, tickFormat: axisFormat('money') },
      y: { label: null, domain: [...new Set(rows.map((r) => r.name))] },
      color: { domain: names, range: names.map((_, i) => OKABE_ITO[i % OKABE_ITO.length]!) },
      marks: [
        Plot.barX(rows, { x1: 'from', x2: 'to', y: 'name', fill: 'label' }),
        Plot.tickX(rows, { x: 'base', y: 'name', stroke: BASE_COLOUR, strokeWidth: 2 }),
      ],
    }), t('tornado'));
  }

  private parties(a: UncertaintyAnswer): LegendItem[] {
    return a.parties.map((p, i) => ({ label: this.partyName(p), colour: OKABE_ITO[i % OKABE_ITO.length]! }));
  }

  private figureMeta(a: UncertaintyAnswer, name: string): FigureMeta {
    const fan = FANS.find((f) => `fan-${f.measure}` === name);
    return {
      title: `${fan ? t(fan.title) : t('tornado')} · ${t('draws')}: ${formatNumber(a.draws, 0)}`,
      unit: fan ? t('unitMoneyPerYear') : t('unitMoney'),
      scenario: pick(this.info.title),
      legends: fan
        ? [this.parties(a), [{ label: t('band'), colour: '#888', opacity: 0.3 }, { label: t('median'), colour: '#333', dash: '' }, { label: t('baseCase'), colour: BASE_COLOUR, dash: '' }]]
        : [this.parties(a), [{ label: t('baseCase'), colour: BASE_COLOUR, dash: '' }]],
      notes: fan ? [t('baseCaseNote')] : [],
      source: t('figureSource').replace('{source}', () => this.info.source),
    };
  }

  private exportAs(a: UncertaintyAnswer, sel: string, name: string, kind: 'svg' | 'png') {
    downloadFigure(plotSvg(this.renderRoot.querySelector(sel)), this.figureMeta(a, name), `${this.info.id}-${name}`, kind);
  }

  /** The drawn fan charts and tornado as standalone figures (the ZIP export); none before a run. */
  standaloneFigures(): { name: string; svg: SVGSVGElement }[] {
    const a = this.answer;
    if (!a) return [];
    return [...FANS.map((f) => `fan-${f.measure}`), 'tornado'].flatMap((name) => {
      const chart = plotSvg(this.renderRoot.querySelector(`.${name}`));
      return chart ? [{ name, svg: standaloneFigure(chart, this.figureMeta(a, name)) }] : [];
    });
  }

  private exports(a: UncertaintyAnswer, sel: string, name: string) {
    return html`<div class="exports">
      <button data-testid="${name}-svg" @click=${() => this.exportAs(a, sel, name, 'svg')}>${t('downloadSvg')}</button>
      <button @click=${() => this.exportAs(a, sel, name, 'png')}>${t('downloadPng')}</button>
    </div>`;
  }

  private setDraws(text: string) {
    const v = Number(text);
    if (text.trim() !== '' && Number.isInteger(v) && v >= MIN_DRAWS && v <= MAX_DRAWS) {
      this.draws = v;
      this.drawsError = '';
    } else
      this.drawsError = t('drawsInvalid')
        .replace('{min}', () => formatNumber(MIN_DRAWS, 0))
        .replace('{max}', () => formatNumber(MAX_DRAWS, 0))
        .replace('{last}', () => formatNumber(this.draws, 0));
  }

  override render() {
    if (!this.info) return nothing;
    if (!this.info.uncertain) return html`<p class="note" data-testid="no-uncertainties">${t('noUncertainties')}</p>`;
    const id = `draws-${this.info.handle}`;
    const a = this.answer;
    return html`
      <div class="run">
        <label for=${id}>${t('draws')}</label>
        <input id=${id} type="number" data-testid="mc-draws" value=${String(this.draws)} min=${MIN_DRAWS} max=${MAX_DRAWS} step="10"
          aria-invalid=${this.drawsError ? 'true' : 'false'} aria-describedby=${this.drawsError ? `${id}-error` : nothing}
          @change=${(e: Event) => this.setDraws((e.target as HTMLInputElement).value)} />
        <button data-testid="mc-run" ?disabled=${this.running || !!this.drawsError} @click=${() => this.run()}>${t('runMonteCarlo')}</button>
        <button data-testid="mc-cancel" ?disabled=${!this.running} @click=${() => this.cancel()}>${t('cancel')}</button>
        ${this.running
          ? html`<label>${t('progress')} <progress data-testid="mc-progress" max=${this.total} .value=${this.done}></progress>
              ${formatNumber(this.done, 0)} / ${formatNumber(this.total, 0)}</label>`
          : nothing}
      </div>
      ${this.drawsError ? html`<p class="issues" role="alert" id="${id}-error" data-testid="mc-draws-error">${this.drawsError}</p>` : nothing}
      ${this.cancelled ? html`<p class="note" data-testid="mc-cancelled" role="status">${t('cancelled')}</p>` : nothing}
      ${this.issues.length
        ? html`<div class="issues" role="alert">${t('runFailed')}:
            <ul>${issueItems(this.issues, columnNames(this.info))}</ul></div>`
        : nothing}
      ${a
        ? html`
            <div class="exports">
              <button data-testid="mc-csv" @click=${() => downloadRecordsCsv(a.fan, `${this.info.id}-fan`)}>${t('downloadCsv')}</button>
              <button data-testid="mc-json" @click=${() => downloadJson(a, `${this.info.id}-uncertainty`)}>${t('downloadJson')}</button>
            </div>
            <table data-testid="prob-loss" data-evaluator=${a.evaluator}>
              <caption style="text-align:left">${t('probLossTable')} · ${t('draws')}: ${formatNumber(a.draws, 0)}</caption>
              <thead><tr><th scope="col">${t('party')}</th><th scope="col">${t('probLoss')}</th><th scope="col">${t('mean')}</th>
                <th scope="col">p5</th><th scope="col">p50</th><th scope="col">p95</th></tr></thead>
              <tbody>${a.stats.map(
                (s) => html`<tr><th scope="row">${this.partyName(s.party)}</th><td>${formatNumber(s.probLoss * 100, 1)}%</td>
                  <td>${formatMeasure(s.mean, 'money')}</td><td>${formatMeasure(s.p5, 'money')}</td><td>${formatMeasure(s.p50, 'money')}</td><td>${formatMeasure(s.p95, 'money')}</td></tr>`,
              )}
              <tr><th scope="row" colspan="5">${t('probAllGain')}</th><td data-testid="prob-all-gain">${formatNumber(a.probAllGain * 100, 1)}%</td></tr></tbody>
            </table>
            <p class="note" data-testid="base-case-note">${t('baseCaseNote')}</p>
            ${FANS.map(
              (f) => html`<h4>${t(f.title)} <span class="unit">${t('unitMoneyPerYear')}</span></h4>
                <div class="plot fan-${f.measure}" data-testid="fan-${f.measure}">${this.fan(a, f.measure)}</div>
                ${this.exports(a, `.fan-${f.measure}`, `fan-${f.measure}`)}
                <details><summary>${t('dataTable')}</summary>
                  <table><thead><tr><th scope="col">${t('year')}</th><th scope="col">${t('party')}</th><th scope="col">p5</th><th scope="col">p50</th><th scope="col">p95</th><th scope="col">${t('probLoss')}</th></tr></thead>
                  <tbody>${a.fan.filter((r) => r.measure === f.measure).map(
                    (r) => html`<tr><td>${r.year}</td><td>${this.partyName(r.party)}</td><td>${formatMeasure(r.p5, 'money')}</td><td>${formatMeasure(r.p50, 'money')}</td><td>${formatMeasure(r.p95, 'money')}</td><td>${formatNumber(r.probLoss * 100, 1)}%</td></tr>`,
                  )}</tbody></table>
                </details>`,
            )}
            <h4>${t('tornado')} <span class="unit">${t('unitMoney')}</span></h4>
            <div class="plot tornado" data-testid="tornado">${this.tornado(a)}</div>
            ${this.exports(a, '.tornado', 'tornado')}
            <details><summary>${t('dataTable')}</summary>
              <table><thead><tr><th scope="col">${t('party')}</th><th scope="col">${t('uncertainty')}</th><th scope="col">${t('low')}</th><th scope="col">${t('base')}</th><th scope="col">${t('high')}</th></tr></thead>
              <tbody>${a.tornado.map(
                (b) => html`<tr><td>${this.partyName(b.party)}</td><td>${this.uncertaintyName(b.uncertainty)}</td><td>${formatMeasure(b.low, 'money')}</td><td>${formatMeasure(b.base, 'money')}</td><td>${formatMeasure(b.high, 'money')}</td></tr>`,
              )}</tbody></table>
            </details>
          `
        : nothing}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'pw-uncertainty': PwUncertainty;
  }
}
