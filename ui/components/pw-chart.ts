// One Observable Plot line chart over tidy rows, with its data table behind a <details>.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { localized } from '@lit/localize';
import * as Plot from '@observablehq/plot';
import type { PartyInfo, TidyRow, World } from '../protocol.js';
import { UNIT_KIND, type ChartSpec } from '../series.js';
import { axisFormat, formatMeasure, pick, t } from '../i18n.js';
import { ALL_PARTIES_COLOUR, OKABE_ITO } from '../palette.js';
import type { MessageId } from '../messages.js';
import { downloadFigure, plotSvg } from '../export.js';
import { standaloneFigure, type FigureMeta, type LegendItem } from '../figure.js';
import { accessiblePlot } from '../plot-a11y.js';
import { redrawInPlace } from '../plot-morph.js';

const TITLES: Record<ChartSpec['id'], MessageId> = {
  output: 'chartOutput',
  outputCredited: 'chartOutputCredited',
  taxCollected: 'chartTaxCollected',
  taxRetained: 'chartTaxRetained',
  employment: 'chartEmployment',
  outputIndirect: 'chartOutputIndirect',
  employmentIndirect: 'chartEmploymentIndirect',
  netFiscalGain: 'chartNetFiscalGain',
  gdpGain: 'chartGdpGain',
  transfer: 'chartTransfer',
  theil: 'chartTheil',
  theilCredited: 'chartTheilCredited',
  taxOwnBudget: 'chartTaxOwnBudget',
  employmentTotal: 'chartEmploymentTotal',
};
const UNITS: Record<ChartSpec['unit'], MessageId> = { moneyPerYear: 'unitMoneyPerYear', persons: 'unitPersons', index: 'unitIndex' };
const WORLDS: Record<World, MessageId> = { deal: 'worldDeal', noDeal: 'worldNoDeal', gain: 'worldGain' };
const DASH: Record<World, string | undefined> = { deal: undefined, noDeal: '6,4', gain: undefined };

/** An observed figure drawn on the chart of its measure (calibration, ui/components/pw-calibration.ts): a hollow diamond in the party's colour. */
export interface ObservedMark {
  year: number;
  party: string;
  value: number;
  source: string;
}

/** Whole years on a step of 1, 2, 5, 10… so labels never crowd a narrow chart. */
export function yearTicks(years: number[], width: number): number[] {
  if (!years.length) return [];
  const first = years[0]!;
  const last = years[years.length - 1]!;
  const room = Math.max(2, Math.floor(width / 70));
  const step = [1, 2, 5, 10, 20, 50].find((s) => (last - first) / s < room) ?? 100;
  const ticks: number[] = [];
  for (let y = Math.ceil(first / step) * step; y <= last; y += step) ticks.push(y);
  return ticks.length ? ticks : [first];
}

export function chartTitle(spec: ChartSpec): string {
  return t(TITLES[spec.id]);
}

@localized()
@customElement('pw-chart')
export class PwChart extends LitElement {
  @property({ attribute: false }) spec!: ChartSpec;
  @property({ attribute: false }) rows: TidyRow[] = [];
  @property({ attribute: false }) parties: PartyInfo[] = [];
  /** Compared by value: a recomputed but equal shared domain must not redraw the chart. */
  @property({ attribute: false, hasChanged: (a?: [number, number], b?: [number, number]) => a?.[0] !== b?.[0] || a?.[1] !== b?.[1] })
  domain: [number, number] | undefined;
  @property({ type: Number }) width = 360;
  @property({ type: Boolean }) difference = false;
  /** Workshop mode: only years up to the cursor are drawn (null = all). */
  @property({ type: Number }) cursor: number | null = null;
  /** Workshop mode: the chart can be hidden until the presenter reveals it. */
  @property({ type: Boolean, reflect: true }) hideable = false;
  @property({ type: Number }) height = 190;
  /** File name stem for exports. */
  @property() exportId = 'chart';
  /** Scenario name and source line printed on exported figures. */
  @property() scenario = '';
  @property() source = '';
  /** Workshop "hide all / reveal all": every change resets this chart's own hide toggle to it. */
  @property({ type: Boolean }) concealed = false;
  @state() private hidden_ = false;
  /**
   * Observed figures of this chart's measure (deal world), drawn as points over the lines.
   * Compared element by element: the column filters a fresh array on every render, and an
   * identity check redrew every chart of every column on each slider move.
   */
  @property({ attribute: false, hasChanged: (a?: ObservedMark[], b?: ObservedMark[]) => a?.length !== b?.length || (a ?? []).some((x, i) => x !== b?.[i]) })
  observed: ObservedMark[] = [];

  static override styles = css`
    /* Contained and on its own layer: a redrawn chart does not invalidate the layout or repaint the
       rest of the page (paint per slider move, 4 columns: ~6 -> ~3.6 ms in a Chrome trace). */
    :host { display: block; margin: 0 0 1rem; contain: content; will-change: transform; }
    h4 { margin: 0 0 0.25rem; font-size: 0.95rem; }
    .unit { color: #555; font-weight: normal; font-size: 0.8rem; }
    .worlds { font-size: 0.8rem; color: #333; display: flex; gap: 1rem; margin: 0.1rem 0 0.25rem; }
    .worlds svg { vertical-align: middle; }
    details { font-size: 0.8rem; overflow-x: auto; }
    figure figure { margin: 0; }
    summary { cursor: pointer; }
    .exports { display: flex; gap: 0.3rem; margin: 0.1rem 0; }
    button { font: inherit; font-size: 0.75rem; padding: 0.1rem 0.4rem; cursor: pointer; }
    button:focus-visible { outline: 3px solid #E69F00; }
    :host([hideable]) h4 { font-size: 1.5rem; }
    /* Workshop (projector): legends and buttons readable from the back of the room (≥ 18 px). */
    :host([hideable]) .unit, :host([hideable]) .worlds, :host([hideable]) .plot [class*='swatch'] { font-size: 18px; }
    :host([hideable]) button { font-size: 18px; padding: 0.3rem 0.8rem; }
    .hidden-note { border: 2px dashed #888; padding: 2rem 1rem; text-align: center; font-size: 1.1em; }
    summary:focus-visible { outline: 2px solid #0072B2; }
    table { border-collapse: collapse; margin-top: 0.25rem; }
    th, td { border: 1px solid #ccc; padding: 0.1rem 0.4rem; text-align: right; }
    th:nth-child(-n + 3), td:nth-child(-n + 3) { text-align: left; }
  `;

  override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('concealed')) this.hidden_ = this.concealed;
  }

  private partyName(id: string): string {
    if (id === '*') return t('allParties');
    const p = this.parties.find((q) => q.id === id);
    return p ? pick(p.name) : id;
  }

  /** Party labels drawn and their colours (Okabe–Ito by party order; grey for "all parties"). */
  private colours(labels: string[]): string[] {
    const partyLabels = this.parties.map((p) => pick(p.name));
    return labels.map((l) => {
      const i = partyLabels.indexOf(l);
      return i >= 0 ? OKABE_ITO[i % OKABE_ITO.length]! : ALL_PARTIES_COLOUR;
    });
  }

  /** The figure on the page: redrawn in place while it has no pointer tip (ui/plot-morph.ts). */
  private figure: Element | null = null;
  private figureHasTip = false;
  /** The pointer is over the plot: the figure is drawn with Plot's tip and replaced whole. */
  private pointerInside = false;

  /**
   * The figure to show. Plot's tip listens on the <svg> it was drawn in, so a figure with a
   * tip cannot be redrawn in place (its listeners would show the old numbers). The tip is
   * drawn only while the pointer is over the chart, where it is seen: a slider, moved with the
   * pointer elsewhere, redraws the charts in place (with the quiet lever input of
   * ui/controllers/columns.ts, a move with 4 columns: p95 ~42 -> ~23 ms).
   */
  private drawn(): Element {
    const withTip = this.pointerInside;
    const next = this.plot(withTip);
    if (this.figure && !withTip && !this.figureHasTip && redrawInPlace(this.figure, next)) return this.figure;
    this.figureHasTip = withTip;
    return (this.figure = next);
  }

  /** The pointer came over a figure drawn without a tip: draw it with one and show the tip where the pointer is. */
  private async pointerEnter(e: PointerEvent) {
    this.pointerInside = true;
    if (this.figureHasTip) return;
    const { clientX, clientY, pointerType } = e;
    this.requestUpdate();
    await this.updateComplete;
    if (!this.pointerInside) return;
    plotSvg(this.renderRoot.querySelector('.plot'))?.dispatchEvent(new PointerEvent('pointermove', { clientX, clientY, pointerType, bubbles: true }));
  }

  private plot(withTip: boolean): Element {
    const allYears = [...new Set(this.rows.map((d) => d.year))].sort((a, b) => a - b);
    const shown = this.cursor === null ? this.rows : this.rows.filter((r) => r.year <= this.cursor!);
    const data = shown.map((r) => ({ ...r, label: this.partyName(r.party) }));
    const labels = [...new Set([...data.map((d) => d.label), ...this.observed.map((o) => this.partyName(o.party))])];
    const range = this.colours(labels);
    const kind = UNIT_KIND[this.spec.unit];
    const unit = t(UNITS[this.spec.unit]);
    const years = allYears;
    const marks: Plot.Markish[] = [Plot.ruleY([0], { stroke: '#999' })];
    for (const world of this.spec.worlds) {
      marks.push(
        Plot.line(
          data.filter((d) => d.world === world),
          {
            x: 'year',
            y: 'value',
            z: 'label',
            stroke: 'label',
            strokeWidth: 2,
            strokeDasharray: DASH[world],
            marker: years.length <= 12 ? 'circle-stroke' : undefined,
          },
        ),
      );
    }
    const observed = (this.cursor === null ? this.observed : this.observed.filter((o) => o.year <= this.cursor!)).map((o) => ({ ...o, label: this.partyName(o.party) }));
    if (observed.length)
      marks.push(
        Plot.dot(observed, {
          x: 'year',
          y: 'value',
          stroke: 'label',
          fill: 'white',
          symbol: 'diamond',
          className: 'observed-points',
          r: this.hideable ? 7 : 5,
          strokeWidth: 2,
          title: (d: ObservedMark & { label: string }) => `${d.label} · ${t('calObservedTip')}\n${d.year}: ${formatMeasure(d.value, kind)} ${unit}\n${d.source}`,
        }),
      );
    // Tips on hover: party, world, year and the value in the reader's idiom with its unit. The
    // title channel carries the row and the tip's format writes the text: only the row under
    // the pointer is formatted, not every row on every redraw. Drawn only while the pointer is
    // over the chart (drawn() says why).
    type Row = TidyRow & { label: string };
    if (withTip)
      marks.push(
        Plot.tip(
          data,
          Plot.pointer({
            x: 'year',
            y: 'value',
            stroke: 'label',
            title: (d: Row) => d,
            format: (d: Row) => `${d.label} · ${t(WORLDS[d.world])}\n${d.year}: ${formatMeasure(d.value, kind)} ${unit}`,
          }),
        ),
      );
    const title = chartTitle(this.spec) + (this.difference ? ` ${t('differenceSuffix')}` : '');
    return accessiblePlot(Plot.plot({
      width: this.width,
      height: this.height,
      marginLeft: this.hideable ? 72 : 56,
      // Room for half of the last year label ("2040") at the right edge, at the workshop font size too.
      marginRight: this.hideable ? 32 : 20,
      ariaLabel: title,
      style: { fontSize: this.hideable ? '18px' : '11px', background: 'transparent' },
      x: { label: null, tickFormat: 'd', ticks: yearTicks(years, this.width), domain: years.length ? [years[0]!, years.at(-1)!] : undefined },
      y: { domain: this.yDomain(), grid: true, label: null, tickFormat: axisFormat(kind) },
      color: { domain: labels, range, legend: labels.length > 0 },
      marks,
    }), title);
  }

  /** The shared domain, widened to take in observed points beyond it. */
  private yDomain(): [number, number] | undefined {
    if (!this.domain || !this.observed.length) return this.domain;
    const vs = this.observed.map((o) => o.value);
    return [Math.min(this.domain[0], ...vs), Math.max(this.domain[1], ...vs)];
  }

  private worldLegend() {
    if (this.spec.worlds.length < 2 && !this.observed.length) return nothing;
    return html`<div class="worlds" aria-hidden="true">
      ${this.spec.worlds.map(
        (w) => html`<span
          ><svg width="28" height="8"><line x1="0" y1="4" x2="28" y2="4" stroke="#333" stroke-width="2" stroke-dasharray=${DASH[w] ?? 'none'}></line></svg>
          ${t(WORLDS[w])}</span
        >`,
      )}
      ${this.observed.length
        ? html`<span data-testid="observed-legend"
            ><svg width="14" height="14"><path d="M7 1 L13 7 L7 13 L1 7 Z" fill="white" stroke="#333" stroke-width="2"></path></svg>
            ${t('calObservedMark')}</span
          >`
        : nothing}
    </div>`;
  }

  /** Legends of an exported figure: the parties drawn (with their colours), then the line styles. */
  private legends(): LegendItem[][] {
    const labels = [...new Set(this.rows.map((r) => this.partyName(r.party)))];
    const colours = this.colours(labels);
    const parties = labels.map((label, i) => ({ label, colour: colours[i]! }));
    const worlds = this.spec.worlds.length < 2 ? [] : this.spec.worlds.map((w) => ({ label: t(WORLDS[w]), dash: DASH[w] ?? '', colour: '#333' }));
    return [parties, worlds];
  }

  /** What an exported figure prints besides the chart: title, unit, scenario, legends, source. */
  private figureMeta(): FigureMeta {
    const title = chartTitle(this.spec) + (this.difference ? ` ${t('differenceSuffix')}` : '');
    return {
      title,
      unit: t(UNITS[this.spec.unit]),
      scenario: this.scenario,
      legends: this.legends(),
      source: t('figureSource').replace('{source}', () => this.source || this.exportId),
      ...(this.cursor !== null ? { notes: [`${t('yearCursor')}: ${this.cursor}`] } : {}),
    };
  }

  private exportAs(kind: 'svg' | 'png') {
    downloadFigure(plotSvg(this.renderRoot.querySelector('.plot')), this.figureMeta(), `${this.exportId}-${this.spec.id}`, kind);
  }

  /**
   * The chart as a standalone figure (the same SVG the SVG/PNG buttons export), for the ZIP
   * export; null while it is hidden (workshop) or not drawn.
   */
  standaloneFigure(): { name: string; svg: SVGSVGElement } | null {
    const chart = plotSvg(this.renderRoot.querySelector('.plot'));
    return chart && this.spec ? { name: this.spec.id, svg: standaloneFigure(chart, this.figureMeta()) } : null;
  }

  override render() {
    if (!this.spec) return nothing;
    const visible = this.cursor === null ? this.rows : this.rows.filter((r) => r.year <= this.cursor!);
    // Ids compared by code unit: the order only has to be stable (localeCompare cost ~1 ms per redraw).
    const byId = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
    const sorted = [...visible].sort((a, b) => a.year - b.year || byId(a.party, b.party) || byId(a.world, b.world));
    const title = chartTitle(this.spec);
    return html`
      <figure style="margin:0; width:${this.width}px; max-width:100%" data-testid="chart-${this.spec.id}">
        <h4>
          ${title}${this.difference ? ` ${t('differenceSuffix')}` : ''}
          <span class="unit">${t(UNITS[this.spec.unit])}</span>
        </h4>
        ${this.hideable
          ? html`<button data-testid="hide-toggle" aria-pressed=${this.hidden_} @click=${() => (this.hidden_ = !this.hidden_)}>
              ${this.hidden_ ? t('reveal') : t('hideAnswer')}
            </button>`
          : nothing}
        ${this.hideable && this.hidden_
          ? html`<p class="hidden-note" data-testid="hidden-note">${t('hiddenChart')}</p>`
          : html`${this.worldLegend()} <div class="plot" @pointerenter=${this.pointerEnter} @pointerleave=${() => (this.pointerInside = false)}>${this.drawn()}</div>
              <div class="exports">
                <button data-testid="export-svg" @click=${() => this.exportAs('svg')}>${t('downloadSvg')}</button>
                <button data-testid="export-png" @click=${() => this.exportAs('png')}>${t('downloadPng')}</button>
              </div>
        <details>
          <summary>${t('dataTable')}</summary>
          <table data-testid="table-${this.spec.id}">
            <caption class="unit">${title} — ${t(UNITS[this.spec.unit])}</caption>
            <thead>
              <tr><th scope="col">${t('year')}</th><th scope="col">${t('party')}</th><th scope="col">${t('world')}</th><th scope="col">${t('value')}</th></tr>
            </thead>
            <tbody>
              ${sorted.map(
                (r) => html`<tr>
                  <td>${r.year}</td>
                  <td>${this.partyName(r.party)}</td>
                  <td>${t(WORLDS[r.world])}</td>
                  <td data-value=${r.value}>${formatMeasure(r.value, UNIT_KIND[this.spec.unit], this.spec.unit === 'index' ? 5 : 3)}</td>
                </tr>`,
              )}
              ${this.observed.map(
                (o) => html`<tr data-testid="observed-row">
                  <td>${o.year}</td>
                  <td>${this.partyName(o.party)}</td>
                  <td>${t('calObservedMark')}</td>
                  <td data-value=${o.value}>${formatMeasure(o.value, UNIT_KIND[this.spec.unit], this.spec.unit === 'index' ? 5 : 3)}</td>
                </tr>`,
              )}
            </tbody>
          </table>
        </details>`}
      </figure>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'pw-chart': PwChart;
  }
}
