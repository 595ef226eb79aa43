// Negotiation view of a column: each party's discounted net fiscal gain across a lever's
// range (a sweep run in the worker), the zone of agreement shaded, the fair points marked,
// Shapley values for three or more parties, and the proposed split as a slider with its
// verdict. The verdict is read off the worker's sweep grid; nothing is computed here.
import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { engineContext } from '../controllers/engine-connection.js';
import { localized } from '@lit/localize';
import * as Plot from '@observablehq/plot';
import type { EngineRef } from '../client.js';
import { LatestRunner } from '../latest.js';
import type { ColumnInfo, FairRule, Issue, LeverValues, NegotiationAnswer, NegotiationResult } from '../protocol.js';
import { axisFormat, formatMeasure, formatNumber, locale, pick, t } from '../i18n.js';
import type { MessageId } from '../messages.js';
import { OKABE_ITO } from '../palette.js';
import { downloadFigure, downloadJson, downloadRecordsCsv, plotSvg } from '../export.js';
import { accessiblePlot } from '../plot-a11y.js';
import { withSides } from '../sides.js';
import { columnNames, issueItems } from './issue-list.js';
import { clusterPoints, labelRows } from '../negotiation-grid.js';
import { standaloneFigure, textWidth, type FigureMeta } from '../figure.js';
import { emit } from '../events.js';
import { gridIndex } from '../negotiation-grid.js';
import { panelStyles } from './panel-styles.js';
import { unescapeSegment } from '../../engine/pointer.js';

const RULES: Record<FairRule, { label: MessageId; symbol: string; glyph: string }> = {
  equalGain: { label: 'ruleEqualGain', symbol: 'diamond', glyph: '◆' },
  nash: { label: 'ruleNash', symbol: 'star', glyph: '★' },
  kalaiSmorodinsky: { label: 'ruleKalaiSmorodinsky', symbol: 'triangle', glyph: '▲' },
  costProportional: { label: 'ruleCostProportional', symbol: 'square', glyph: '■' },
};
const ZOPA_FILL = '#009E73';
/** Horizontal spacing (px) between fair points drawn at the same lever value. */
const SPREAD = 13;

@localized()
@customElement('pw-negotiation')
export class PwNegotiation extends LitElement {
  /** The engine, provided by the app (@lit/context); a new one after a worker restart. */
  @consume({ context: engineContext, subscribe: true }) @state() engine: EngineRef | null = null;
  @property({ attribute: false }) info!: ColumnInfo;
  @property({ attribute: false }) values: LeverValues = {};
  @property({ type: Number }) chartWidth = 420;
  @property({ type: Boolean }) large = false;
  /** The lever chosen for this column (from the page or a shared link); unknown ones fall back to the default. */
  @property() lever = '';
  @state() private leverPath = '';
  @state() private answer: NegotiationAnswer | null = null;
  @state() private issues: Issue[] = [];
  @state() private loading = false;
  /** Proposed value for a lever that is not one of the column's levers (a rule replaced by a fixed share). */
  @state() private localProposal: number | null = null;
  private runner: LatestRunner<{ key: string; handle: string; values: LeverValues; path: string }, NegotiationResult> | null = null;
  private lastKey = '';

  static override styles = [
    panelStyles,
    css`
      h4 { margin: 0.25rem 0; font-size: 0.95rem; }
      label { font-size: 0.85rem; }
      .proposal { display: grid; grid-template-columns: auto 1fr 4rem; gap: 0.5rem; align-items: center; margin: 0.3rem 0; }
      .proposal input[type='range'] { width: 100%; }
      .verdict { font-weight: bold; padding: 0.3rem 0.5rem; border-radius: 4px; margin: 0.3rem 0; }
      .verdict.gain { background: #e3f4ee; border: 2px solid #009E73; }
      .verdict.loss { background: #fdecee; border: 2px solid #B00020; }
      :host([large]) .plot [class*='swatch'] { font-size: 18px; }
      :host([large]) label, :host([large]) table, :host([large]) select, :host([large]) input, :host([large]) button { font-size: 1.15rem; }
    `,
  ];

  override willUpdate(changed: PropertyValues<this>): void {
    if ((changed.has('info') || changed.has('lever')) && this.info) {
      const wanted = this.info.bargainLevers.includes(this.lever) ? this.lever : this.info.bargainLevers.includes(this.leverPath) ? this.leverPath : this.info.bargainLevers[0] ?? '';
      if (wanted !== this.leverPath) {
        this.leverPath = wanted;
        this.localProposal = null;
      }
    }
    if (changed.has('engine')) this.runner = null;
    this.maybeRequest();
  }

  /** The other levers decide the curves; the bargained lever itself does not, so dragging it never re-runs the sweep. */
  private maybeRequest() {
    if (!this.engine || !this.info || !this.leverPath) return;
    const others = Object.fromEntries(Object.entries(this.values).filter(([k]) => k !== this.leverPath));
    const key = JSON.stringify([this.info.handle, this.leverPath, Object.entries(others).sort()]);
    if (key === this.lastKey) return;
    this.lastKey = key;
    if (!this.runner) {
      const engine = this.engine.api;
      this.runner = new LatestRunner(
        (req): Promise<NegotiationResult> => engine.negotiate(req.handle, req.values, req.path),
        (res) => {
          this.loading = false;
          if (res.ok) {
            this.answer = res.answer;
            this.issues = [];
          } else {
            this.answer = null;
            this.issues = res.issues;
          }
        },
        (err) => {
          this.loading = false;
          this.issues = [{ path: '', message: String(err) }];
        },
      );
    }
    this.loading = true;
    this.runner.request({ key, handle: this.info.handle, values: others, path: this.leverPath });
  }

  /** Name the sides as the pairing mode does (飞出地/飞入地 or 派出方/承接方). */
  private sides(text: string): string {
    return withSides(text, this.info.mode);
  }

  private partyName(id: string): string {
    return pick(this.info.parties.find((p) => p.id === id)?.name) || id;
  }

  private leverLabel(path: string): string {
    const def = this.info.levers.find((l) => l.id === path);
    const groups: Record<string, MessageId> = {
      statisticsShare: 'statisticsShare',
      taxShare: 'taxShare',
      taxShareRegisteredAtOrigin: 'taxShareRegisteredAtOrigin',
      taxShareRegisteredAtHost: 'taxShareRegisteredAtHost',
    };
    if (def && groups[def.group]) return `${this.sides(t(groups[def.group]!))}${def.subject ? ` · ${pick(def.subject)}` : ''}`;
    const seg = /^\/policy\/rules\/([^/]+)\//.exec(path + '/')?.[1];
    const rule = seg === undefined ? undefined : (unescapeSegment(seg) ?? undefined);
    const subject = this.info.levers.find((l) => l.rule === rule)?.subject;
    return `${this.sides(t('fixedShareRule'))}${subject ? ` · ${pick(subject)}` : ''}`;
  }

  /** The proposed split: the column's lever value when it is a column lever, else the local one. */
  private proposed(a: NegotiationAnswer): number {
    const def = this.info.levers.find((l) => l.id === this.leverPath);
    if (def) return Number(this.values[def.id] ?? def.value);
    return this.localProposal ?? a.lever.current ?? a.xs[Math.floor(a.xs.length / 2)]!;
  }

  private setProposal(x: number) {
    const def = this.info.levers.find((l) => l.id === this.leverPath);
    if (def) emit(this, 'lever-input', { handle: this.info.handle, id: def.id, value: x });
    else this.localProposal = x;
  }

  private chart(a: NegotiationAnswer, x: number): Element {
    const rows = a.xs.flatMap((lever, k) => a.parties.map((p, n) => ({ lever, party: this.partyName(p), gain: a.gains[k]![n]! })));
    const names = a.parties.map((p) => this.partyName(p));
    const all = rows.map((r) => r.gain);
    const lo = Math.min(0, ...all);
    const hi = Math.max(0, ...all);
    const [d0, d1] = a.lever.domain;
    // Fair points that (nearly) coincide are drawn side by side, each with its own symbol, and
    // labelled once per cluster with all their rule names; labels open towards the plot's middle.
    const wide = this.chartWidth >= 560;
    const fontSize = this.large ? 15 : 11;
    const [marginLeft, marginRight] = [56, 16];
    const plotWidth = this.chartWidth - marginLeft - marginRight;
    const px = (v: number) => marginLeft + ((v - d0) / (d1 - d0 || 1)) * plotWidth;
    // Points closer than one symbol's width on screen count as the same point.
    const clusters = clusterPoints(a.points.map((pt) => pt.x), ((d1 - d0) * SPREAD) / plotWidth);
    const offset = new Map<number, number>();
    clusters.forEach((members) => members.forEach((i, k) => offset.set(i, (k - (members.length - 1) / 2) * SPREAD)));
    const dots = a.points.map((pt, i) =>
      Plot.dot(
        a.parties.map((p, n) => ({ lever: pt.x, gain: pt.gains[n]!, party: this.partyName(p), rule: t(RULES[pt.rule].label) })),
        { x: 'lever', y: 'gain', symbol: 'rule', stroke: 'party', fill: 'white', r: this.large ? 8 : 6, strokeWidth: 2, dx: offset.get(i) ?? 0 },
      ),
    );
    const labels = clusters.map((members) => {
      const pts = members.map((i) => a.points[i]!);
      const cx = pts.reduce((s, p) => s + p.x, 0) / pts.length;
      // One baseline for every label (above the highest fair point), so rows stack on screen.
      const top = Math.max(...a.points.flatMap((p) => p.gains));
      // A narrow chart names the rules by their symbols (the legend above says which is which).
      const names = pts.map((p) => (wide ? `${RULES[p.rule].glyph} ${t(RULES[p.rule].label)}` : RULES[p.rule].glyph)).join(wide ? ' ' : '');
      const text = members.length > 1 ? `${names} ${t('samePoint')} ${formatNumber(cx, 3)}` : `${names} ${formatNumber(cx, 3)}`;
      const left = cx > (d0 + d1) / 2;
      const w = textWidth(text, fontSize);
      return { x: cx, y: top, text, left, from: left ? px(cx) - w : px(cx), to: left ? px(cx) : px(cx) + w };
    });
    // Labels that would overlap go one line further up.
    const rowsOf = labelRows(labels);
    const height = this.large ? 420 : 300;
    const proposedLeft = x > (d0 + d1) / 2;
    return accessiblePlot(Plot.plot({
      width: this.chartWidth,
      height,
      marginLeft,
      marginRight,
      marginTop: 28,
      ariaLabel: t('negotiationChart'),
      style: { fontSize: `${fontSize}px`, background: 'transparent' },
      x: { label: this.sides(t('originShareAxis')), domain: a.lever.domain, labelAnchor: 'right' },
      y: { grid: true, label: null, tickFormat: axisFormat('money'), domain: [lo, hi] },
      color: { domain: names, range: names.map((_, i) => OKABE_ITO[i % OKABE_ITO.length]!), legend: true },
      symbol: { domain: a.points.map((pt) => t(RULES[pt.rule].label)), range: a.points.map((pt) => RULES[pt.rule].symbol), legend: true },
      marks: [
        Plot.rect(a.zopa, { x1: 'from', x2: 'to', y1: lo, y2: hi, fill: ZOPA_FILL, fillOpacity: 0.15 }),
        Plot.ruleY([0], { stroke: '#666' }),
        Plot.line(rows, { x: 'lever', y: 'gain', z: 'party', stroke: 'party', strokeWidth: 2 }),
        ...dots,
        ...labels.map((l, i) =>
          Plot.text([l], {
            x: 'x',
            y: 'y',
            text: 'text',
            dy: -(fontSize + 4) * (1 + rowsOf[i]!),
            textAnchor: l.left ? 'end' : 'start',
            fill: '#222',
            stroke: 'white',
            strokeWidth: 3,
            paintOrder: 'stroke',
          }),
        ),
        Plot.ruleX([x], { stroke: '#000', strokeWidth: 2, strokeDasharray: '4,3' }),
        // The proposal's label stays inside the frame: to the left of the line in the right half.
        Plot.text([x], { x: (d: number) => d, frameAnchor: 'top', dy: -14, text: () => `${t('proposedShort')} ${formatNumber(x, 3)}`, fill: '#000', textAnchor: proposedLeft ? 'end' : 'start', dx: proposedLeft ? -4 : 4 }),
      ],
    }), t('negotiationChart'));
  }

  /** Legends of the exported figure: parties, fair points, zone of agreement, proposed split. */
  private legends(a: NegotiationAnswer) {
    return [
      a.parties.map((p, i) => ({ label: this.partyName(p), colour: OKABE_ITO[i % OKABE_ITO.length]!, dash: '' })),
      a.points.map((pt) => ({ label: t(RULES[pt.rule].label), glyph: RULES[pt.rule].glyph })),
      [
        { label: t('zopa'), colour: ZOPA_FILL, opacity: 0.3 },
        { label: this.sides(t('proposedSplit')), colour: '#000', dash: '4,3' },
      ],
    ];
  }

  private figureMeta(a: NegotiationAnswer): FigureMeta {
    const x = this.proposed(a);
    return {
      title: `${t('negotiationChart')}: ${this.leverLabel(a.lever.path)}`,
      unit: t('unitMoney'),
      scenario: pick(this.info.title),
      legends: this.legends(a),
      notes: [`${this.sides(t('proposedSplit'))}: ${formatNumber(x, 3)} — ${this.verdictText(a, x)}`],
      source: t('figureSource').replace('{source}', () => this.info.source),
    };
  }

  private exportAs(kind: 'svg' | 'png', a: NegotiationAnswer) {
    downloadFigure(plotSvg(this.renderRoot.querySelector('.plot')), this.figureMeta(a), `${this.info.id}-negotiation`, kind);
  }

  /** The drawn negotiation chart as a standalone figure (the ZIP export); none before the sweep. */
  standaloneFigures(): { name: string; svg: SVGSVGElement }[] {
    const chart = plotSvg(this.renderRoot.querySelector('.plot'));
    return this.answer && chart ? [{ name: 'negotiation', svg: standaloneFigure(chart, this.figureMeta(this.answer)) }] : [];
  }

  /** The sweep as tidy rows (lever, party, gain), or the whole answer as JSON. */
  private exportData(kind: 'csv' | 'json', a: NegotiationAnswer) {
    const name = `${this.info.id}-negotiation`;
    if (kind === 'json') return downloadJson(a, name);
    downloadRecordsCsv(a.xs.flatMap((x, k) => a.parties.map((party, n) => ({ lever: a.lever.path, value: x, party, netFiscalPV: a.gains[k]![n]! }))), name);
  }

  private verdictText(a: NegotiationAnswer, x: number): string {
    const gains = a.gains[gridIndex(a.xs, x)] ?? [];
    const losers = a.parties.filter((_, n) => (gains[n] ?? 0) < 0);
    return losers.length === 0
      ? a.parties.length === 2 ? t('verdictBothGain') : t('verdictAllGain')
      : losers.length === 1
        ? t('verdictLoses').replace('{party}', () => this.partyName(losers[0]!))
        : t('verdictLoseMany').replace('{parties}', () => new Intl.ListFormat(locale(), { type: 'conjunction' }).format(losers.map((p) => this.partyName(p))));
  }

  private renderVerdict(a: NegotiationAnswer, x: number) {
    const k = gridIndex(a.xs, x);
    const gains = a.gains[k] ?? [];
    const losers = a.parties.filter((_, n) => (gains[n] ?? 0) < 0);
    const ok = losers.length === 0;
    const text = this.verdictText(a, x);
    return html`<div class="verdict ${ok ? 'gain' : 'loss'}" data-testid="verdict" role="status" aria-live="polite">${text}</div>
      <table data-testid="proposal-gains">
        <caption style="text-align:left">${t('npvNetFiscal')} — ${t('unitMoney')}</caption>
        <thead><tr><th scope="col">${t('party')}</th><th scope="col">${t('npvNetFiscal')}</th></tr></thead>
        <tbody>${a.parties.map((p, n) => html`<tr><th scope="row">${this.partyName(p)}</th><td>${formatMeasure(gains[n] ?? NaN, 'money')}</td></tr>`)}</tbody>
      </table>`;
  }

  override render() {
    if (!this.info) return nothing;
    if (!this.info.bargainLevers.length) return html`<p class="note">${t('noZopa')}</p>`;
    const a = this.answer;
    const id = `bargain-${this.info.handle}`;
    const x = a ? this.proposed(a) : 0;
    const [lo, hi] = a?.lever.domain ?? [0, 1];
    const step = (hi - lo) / 100;
    return html`
      <label for="${id}-lever">${t('bargainLever')}</label>
      <select id="${id}-lever" data-testid="bargain-lever" @change=${(e: Event) => {
        this.leverPath = (e.target as HTMLSelectElement).value;
        this.localProposal = null;
        emit(this, 'bargain-lever', { handle: this.info.handle, path: this.leverPath });
      }}>
        ${this.info.bargainLevers.map((p) => html`<option value=${p} ?selected=${p === this.leverPath}>${this.leverLabel(p)}</option>`)}
      </select>
      <div aria-live="polite" class="note">${this.loading ? t('computing') : ''}</div>
      ${this.issues.length
        ? html`<div class="issues" role="alert">${t('runFailed')}:
            <ul>${issueItems(this.issues, columnNames(this.info))}</ul></div>`
        : nothing}
      ${a
        ? html`
            <h4>${t('negotiationChart')} <span class="unit">${t('unitMoney')}</span></h4>
            <div class="plot" data-testid="negotiation-chart">${this.chart(a, x)}</div>
            <div class="exports">
              <button data-testid="negotiation-svg" @click=${() => this.exportAs('svg', a)}>${t('downloadSvg')}</button>
              <button data-testid="negotiation-png" @click=${() => this.exportAs('png', a)}>${t('downloadPng')}</button>
              <button data-testid="negotiation-csv" @click=${() => this.exportData('csv', a)}>${t('downloadCsv')}</button>
              <button data-testid="negotiation-json" @click=${() => this.exportData('json', a)}>${t('downloadJson')}</button>
            </div>
            <div class="proposal">
              <label for="${id}-x">${this.sides(t('proposedSplit'))}</label>
              <input
                id="${id}-x"
                type="range"
                data-testid="proposed-split"
                min=${lo}
                max=${hi}
                step=${step}
                .value=${String(x)}
                aria-valuetext=${this.sides(t('valueShare')).replace('{value}', () => formatNumber(x, 3)).replace('{rest}', () => formatNumber(1 - x, 3))}
                @input=${(e: Event) => this.setProposal(Number((e.target as HTMLInputElement).value))}
              />
              <output for="${id}-x" data-testid="proposed-value">${formatNumber(x, 3)}</output>
            </div>
            ${this.renderVerdict(a, x)}
            <p class="note" data-testid="zopa">
              ${a.zopa.length
                ? html`${t('zopa')}: ${a.zopa.map((z) => `${formatNumber(z.from, 3)}–${formatNumber(z.to, 3)}`).join(', ')}`
                : t('noZopa')}
            </p>
            <table data-testid="fair-points">
              <caption style="text-align:left">${t('fairPoints')}</caption>
              <thead><tr><th scope="col">${t('rule')}</th><th scope="col">${t('leverValue')}</th>
                ${a.parties.map((p) => html`<th scope="col">${this.partyName(p)}</th>`)}</tr></thead>
              <tbody>${a.points.map(
                (pt) => html`<tr><th scope="row">${t(RULES[pt.rule].label)}</th><td>${formatNumber(pt.x, 3)}</td>
                  ${pt.gains.map((g) => html`<td>${formatMeasure(g, 'money')}</td>`)}</tr>`,
              )}</tbody>
            </table>
            ${a.shapley
              ? html`<table data-testid="shapley">
                  <caption style="text-align:left">${t('shapleyTable')}</caption>
                  <thead><tr><th scope="col">${t('party')}</th><th scope="col">${t('shapleyValue')}</th></tr></thead>
                  <tbody>${a.shapley.map((s) => html`<tr><th scope="row">${this.partyName(s.party)}</th><td>${formatMeasure(s.value, 'money')}</td></tr>`)}</tbody>
                </table>
                <p class="note">${t('inCore')}: ${a.inCore ? t('yes') : t('no')}</p>`
              : nothing}
            <details>
              <summary>${t('sweepTable')}</summary>
              <table data-testid="sweep-table">
                <thead><tr><th scope="col">${t('leverValue')}</th>${a.parties.map((p) => html`<th scope="col">${this.partyName(p)}</th>`)}</tr></thead>
                <tbody>${a.xs.map((v, k) => html`<tr><td>${formatNumber(v, 3)}</td>${a.gains[k]!.map((g) => html`<td>${formatMeasure(g, 'money')}</td>`)}</tr>`)}</tbody>
              </table>
            </details>
          `
        : nothing}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'pw-negotiation': PwNegotiation;
  }
}
