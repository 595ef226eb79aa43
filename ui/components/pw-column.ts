// One scenario column: header, levers, headline numbers and the charts. It renders what
// it is given and reports lever moves as events; the app and the worker do the rest.
import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { emit, type ColumnViewName, type LeverInputDetail, type PwEvents } from '../events.js';
import { engineContext } from '../controllers/engine-connection.js';
import { localized } from '@lit/localize';
import type { Summary, TargetsReport } from '../../engine/index.js';
import type { ColumnInfo, Issue, LeverDef, LeverValues, ProjectModeInfo, TidyRow } from '../protocol.js';
import { CHARTS, PRIMARY_CHARTS, rowsByChart, measureUnit, sameRows, type ChartSpec, type DifferencePlan, type Domains } from '../series.js';
import { checkLeverValue, shareRatio } from '../../engine/model/lever.js';
import { formatMeasure, formatNumber, issueMessage, locale, pick, t } from '../i18n.js';
import { withSides } from '../sides.js';
import { columnNames, issueItems } from './issue-list.js';
import type { MessageId } from '../messages.js';
import { downloadBlob, downloadCsv, downloadJson, pngBlob, rowsToCsv, safeName, svgText, type CsvLabels } from '../export.js';
import { downloadZip, type BundleFile, type ColumnBundle } from '../zip-export.js';
import type { EngineRef } from '../client.js';
import './pw-chart.js';
import './pw-calibration.js';
import type { ObservedMark } from './pw-chart.js';
import './pw-negotiation.js';
import './pw-uncertainty.js';
import './pw-targets.js';
import { MODE_LABELS } from './pw-modes.js';
import type { CheckupRow } from '../../engine/model/checkup.js';

export type ColumnView = ColumnViewName;
export const COLUMN_VIEWS: readonly ColumnView[] = ['charts', 'negotiation', 'uncertainty'];
const VIEW_LABELS: Record<ColumnView, MessageId> = { charts: 'viewCharts', negotiation: 'viewNegotiation', uncertainty: 'viewUncertainty' };

const LEVER_LABELS: Record<LeverDef['group'], MessageId> = {
  statisticsShare: 'statisticsShare',
  taxShare: 'taxShare',
  taxShareRegisteredAtOrigin: 'taxShareRegisteredAtOrigin',
  taxShareRegisteredAtHost: 'taxShareRegisteredAtHost',
  basis: 'basis',
  agreementEnd: 'agreementEnd',
  sunset: 'sunset',
  discountRate: 'discountRate',
  costShare: 'costShare',
  instruments: 'instrumentLever',
  value: 'leverValue',
};
const MODES = MODE_LABELS;

const UNIT_LABELS = { moneyPerYear: 'unitMoneyPerYear', persons: 'unitPersons', index: 'unitIndex' } as const satisfies Record<string, MessageId>;

export type { LeverInputDetail } from '../events.js';

/** Row of the first line of primary charts in an aligned column (after top, lead and sections). */
const ALIGNED_CHART_ROW = 4;

/** Rows an aligned column spans: top, lead, sections, the lines of primary charts, observed charts, "more charts", calibration. */
export function alignedRows(chartsPerRow: number): number {
  return ALIGNED_CHART_ROW - 1 + Math.ceil(PRIMARY_CHARTS.length / Math.max(1, chartsPerRow)) + 3;
}

@localized()
@customElement('pw-column')
export class PwColumn extends LitElement {
  @property({ attribute: false }) info!: ColumnInfo;
  @property({ attribute: false }) values: LeverValues = {};
  @property({ attribute: false }) rows: TidyRow[] | undefined;
  @property({ attribute: false }) summary: Summary | undefined;
  /** The scenario has input–output spillover: indirect charts and headline columns (from the worker). */
  @property({ type: Boolean }) indirect = false;
  /** Round targets checked by the engine in the worker. */
  @property({ attribute: false }) targets: TargetsReport | undefined;
  /** Per-project pairing modes and the annual check-up's responses (from the worker). */
  @property({ attribute: false }) modes: ProjectModeInfo[] = [];
  @property({ attribute: false }) checkups: CheckupRow[] | undefined;
  @property({ attribute: false }) issues: Issue[] = [];
  @property({ attribute: false }) domains: Domains = {};
  @property({ type: Number }) index = 0;
  @property({ type: Number }) chartWidth = 360;
  @property({ type: Boolean }) reference = false;
  @property({ type: Boolean }) difference = false;
  /** How this column's parties meet the reference column's (by party, by role, or not at all) when the difference is shown. */
  @property({ attribute: false }) differencePlan: DifferencePlan | null = null;
  /** The reference column's parties (to name the counterparts of a difference by role). */
  @property({ attribute: false }) referenceParties: ColumnInfo['parties'] = [];
  @property({ type: Boolean }) busy = false;
  @property({ type: Boolean }) canReference = false;
  /** The engine, provided by the app (@lit/context); a new one after a worker restart. */
  @consume({ context: engineContext, subscribe: true }) @state() engine: EngineRef | null = null;
  @property() view: ColumnView = 'charts';
  /** Workshop mode: large type, charts up to the year cursor, hide-then-reveal. */
  @property({ type: Boolean, reflect: true }) workshop = false;
  @property({ type: Number }) cursor: number | null = null;
  /** Workshop: every chart hidden (hide all) or shown (reveal all); each can still be toggled. */
  @property({ type: Boolean }) concealed = false;
  /** The negotiation view's lever. */
  @property() bargain = '';
  /** The column spans the page's full width (for a closer look at the negotiation or uncertainty view). */
  @property({ type: Boolean, reflect: true }) expanded = false;
  /**
   * Side by side with other columns: the column's parts sit on rows shared with the other
   * columns (CSS subgrid of the page's grid), so each chart kind is on the same row in every
   * column whatever comes above it (a longer headline, check-up or modes sections, more levers).
   */
  @property({ type: Boolean, reflect: true }) aligned = false;
  /** Charts side by side in the column (the page decides from the width). */
  @property({ type: Number }) chartsPerRow = 1;
  @state() private exportIssues: Issue[] = [];
  /** The column took a calibration that can be undone (the calibration panel's undo). */
  @property({ type: Boolean }) undoable = false;
  /** Observed figures of this column's scenario (from its calibration panel), drawn on the charts of their measures. */
  @state() private observed: { handle: string; points: (ObservedMark & { measure: string })[] } = { handle: '', points: [] };
  /** "More charts" opened: its charts are drawn only then (fewer charts to redraw while a slider moves). */
  @state() private moreCharts = false;
  /** Width of the column, so wide charts follow an expanded or resized column. */
  @state() private ownWidth = 0;
  private resizeObserver: ResizeObserver | null = null;
  /** Problems with what was typed into a number field, by lever id; the typed text stays. */
  @state() private typed: Record<string, string> = {};

  static override styles = css`
    /* Its own compositing layer (will-change): a slider move repaints this column, not the page. */
    :host { display: block; border: 1px solid #bbb; border-radius: 6px; padding: 0.75rem; background: #fff; min-width: 0; will-change: transform; }
    /* The reference's thicker frame is drawn outside the box, so its rows line up with the others'. */
    :host([reference]) { border-color: #0072B2; box-shadow: 0 0 0 1px #0072B2; }
    /* Rows shared with the other columns: top (title, levers), lead (headline, views), sections
       (targets, modes), one row per line of primary charts, charts with observed points, "more charts",
       calibration (alignedRows). */
    :host([aligned]) { display: grid; grid-row: span var(--pw-rows, 1); grid-template-rows: subgrid; grid-template-columns: repeat(var(--pw-per-row, 1), minmax(0, 1fr)); row-gap: 0; column-gap: 0.75rem; align-content: start; }
    :host([aligned]) .top { grid-row: 1; grid-column: 1 / -1; }
    :host([aligned]) .lead { grid-row: 2; grid-column: 1 / -1; }
    :host([aligned]) .sections, :host([aligned]) .loading { grid-row: 3; grid-column: 1 / -1; }
    :host([aligned]) .charts.primary { display: contents; }
    :host([aligned]) .charts.extra { grid-row: -4 / -3; grid-column: 1 / -1; }
    :host([aligned]) details.more { grid-row: -3 / -2; grid-column: 1 / -1; }
    :host([aligned]) pw-calibration { grid-row: -2 / -1; grid-column: 1 / -1; }
    :host([aligned]) pw-negotiation, :host([aligned]) pw-uncertainty { grid-row: 4 / -1; grid-column: 1 / -1; }
    /* An expanded column takes a row of the page's grid to itself. */
    :host([expanded]) { grid-column: 1 / -1; }
    .views { flex-wrap: wrap; }
    header h3 { margin: 0 0 0.25rem; font-size: 1.05rem; }
    .meta { font-size: 0.8rem; color: #444; margin: 0 0 0.5rem; }
    .meta span { margin-right: 0.75rem; }
    .actions { display: flex; gap: 0.5rem; flex-wrap: wrap; margin-bottom: 0.5rem; }
    button { font: inherit; font-size: 0.85rem; padding: 0.2rem 0.6rem; cursor: pointer; }
    button:focus-visible, input:focus-visible, select:focus-visible { outline: 3px solid #E69F00; outline-offset: 1px; }
    .badge { background: #0072B2; color: #fff; border-radius: 3px; padding: 0.05rem 0.4rem; font-size: 0.8rem; }
    fieldset { border: 1px solid #ddd; border-radius: 4px; margin: 0 0 0.75rem; padding: 0.4rem 0.6rem; }
    legend { font-weight: bold; font-size: 0.9rem; }
    .lever { display: grid; grid-template-columns: minmax(0, 1.4fr) minmax(4rem, 1fr) 4.8rem; gap: 0.1rem 0.5rem; align-items: center; margin: 0.15rem 0; font-size: 0.85rem; }
    .lever input[type='range'] { width: 100%; margin: 0; }
    .lever input[type='number'], .lever select { width: 100%; font: inherit; box-sizing: border-box; }
    .lever select { grid-column: 2 / -1; }
    .error { grid-column: 1 / -1; color: #B00020; font-size: 0.8rem; }
    .issues { color: #B00020; font-size: 0.85rem; }
    code { font-size: 0.8rem; }
    code.pointer { font-size: 0.7rem; color: #555; overflow-wrap: anywhere; }
    table.headline { border-collapse: collapse; font-size: 0.8rem; width: 100%; margin-bottom: 0.75rem; }
    table.headline th, table.headline td { border: 1px solid #ddd; padding: 0.15rem 0.35rem; text-align: right; }
    table.headline th:first-child, table.headline td:first-child { text-align: left; }
    .skip a { position: absolute; left: -10000px; top: auto; width: 1px; height: 1px; overflow: hidden; }
    .skip a:focus { position: static; width: auto; height: auto; display: inline-block; margin: 0 0.5rem 0.25rem 0; padding: 0.2rem 0.5rem; background: #fff8e6; outline: 3px solid #E69F00; color: #111; }
    h3:focus { outline: 3px solid #E69F00; }
    /* A fixed line: "computing…" appearing and going on every slider move must not change the
       column's height (that relaid and repainted the whole page twice per move). */
    .busy { font-size: 0.8rem; color: #555; height: 1.4em; line-height: 1.4em; overflow: hidden; white-space: nowrap; text-overflow: ellipsis; }
    .note { font-size: 0.8rem; color: #333; font-style: italic; }
    details.rule { border-top: 1px solid #eee; padding: 0.15rem 0; font-size: 0.85rem; }
    details.rule summary { cursor: pointer; font-weight: 600; }
    details.rule summary:focus-visible { outline: 3px solid #E69F00; }
    .charts { display: flex; flex-wrap: wrap; gap: 0 0.75rem; }
    details.more { border-top: 1px solid #ddd; padding-top: 0.3rem; }
    details.more > summary { cursor: pointer; font-weight: 600; margin-bottom: 0.4rem; }
    details.more > summary:focus-visible { outline: 3px solid #E69F00; }
    .views { display: flex; gap: 0.25rem; margin: 0.25rem 0 0.5rem; }
    .views button[aria-pressed='true'] { background: #0072B2; color: #fff; border: 1px solid #0072B2; }
    :host([workshop]) header h3 { font-size: 1.6rem; }
    :host([workshop]) .meta, :host([workshop]) table.headline { font-size: 1.1rem; }
    :host([workshop]) button { font-size: 1.05rem; }
    :host([workshop]) .actions { display: none; }
  `;

  /** Rows per chart, recomputed only when the column's rows change (not on busy flips). */
  private chartData = new Map<string, TidyRow[]>();

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('rows')) {
      // A chart whose rows did not change keeps its array, so Lit does not redraw it (a share
      // lever moves the tax charts, not output or employment).
      const before = this.chartData;
      this.chartData = new Map();
      const byChart = rowsByChart(this.rows ?? []);
      if (this.rows)
        for (const spec of CHARTS) {
          const rows = byChart.get(spec.id)!;
          const old = before.get(spec.id);
          this.chartData.set(spec.id, old && sameRows(old, rows) ? old : rows);
        }
    }
    if (changed.has('chartsPerRow')) {
      this.style.setProperty('--pw-rows', String(alignedRows(this.chartsPerRow)));
      this.style.setProperty('--pw-per-row', String(Math.max(1, this.chartsPerRow)));
    }
  }

  private partyName(id: string): string {
    if (id === '*') return t('allParties');
    return pick(this.info.parties.find((p) => p.id === id)?.name) || id;
  }

  /** The note under a difference: by role (naming each pair) or impossible. */
  private renderDifferenceNote() {
    const plan = this.differencePlan;
    if (!plan || plan.by === 'party') return nothing;
    if (plan.by === 'none') return html`<p class="note" data-testid="difference-none">${t('noDifferencePossible')}</p>`;
    const roles: Record<string, MessageId> = { core: 'roleCore', periphery: 'rolePeriphery' };
    const roleName = (role: string) => {
      const [tier, n] = role.split('#');
      return roles[tier!] ? t(roles[tier!]!) : t('rolePeer').replace('{n}', n ?? '1');
    };
    const refName = (id: string) => pick(this.referenceParties.find((p) => p.id === id)?.name) || id;
    const pairs = plan.pairs.map((x) => `${roleName(x.role)}: ${this.partyName(x.party)} − ${refName(x.reference)}`).join(locale() === 'en' ? '; ' : '；');
    return html`<p class="note" data-testid="difference-by-role">${t('differenceByRole').replace('{pairs}', () => pairs)}</p>`;
  }

  /** The columns beside this one (siblings in the page), for the skip links. */
  private siblings(): PwColumn[] {
    return [...(this.parentElement?.querySelectorAll('pw-column') ?? [])] as PwColumn[];
  }

  /** Move the keyboard focus to this column's title (a skip link's target). */
  focusTitle(): void {
    const h = this.renderRoot.querySelector<HTMLElement>('h3');
    if (!h) return;
    h.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    h.focus();
  }

  /** One skip link per other column, so a keyboard user need not tab through 27 controls to reach the next. */
  private renderSkipLinks() {
    const all = this.siblings();
    if (all.length < 2) return nothing;
    return html`<nav class="skip" aria-label=${t('skipLinks')}>
      ${all.map((c, k) =>
        c === this
          ? nothing
          : html`<a href="#" data-testid="skip-${k + 1}" @click=${(e: Event) => {
              e.preventDefault();
              c.focusTitle();
            }}>${t('skipToColumn').replace('{n}', String(k + 1)).replace('{title}', () => (c.info ? pick(c.info.title) : ''))}</a>`,
      )}
    </nav>`;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.resizeObserver = new ResizeObserver((entries) => {
      const w = Math.floor(entries[0]?.contentRect.width ?? 0);
      // Only a real change redraws the wide charts (not sub-pixel jitter).
      if (Math.abs(w - this.ownWidth) > 8) this.ownWidth = w;
    });
    this.resizeObserver.observe(this);
  }

  override disconnectedCallback(): void {
    this.resizeObserver?.disconnect();
    this.resizeObserver = null;
    super.disconnectedCallback();
  }

  private emit<K extends keyof PwEvents>(name: K, detail: PwEvents[K]) {
    emit(this, name, detail);
  }

  private leverInput(def: LeverDef, raw: string, fromNumberField: boolean, from?: HTMLInputElement) {
    const value = def.options ? raw : raw.trim() === '' ? NaN : Number(raw);
    const problem = checkLeverValue(def, value);
    if (problem) {
      if (fromNumberField) this.typed = { ...this.typed, [def.id]: problem };
      return;
    }
    if (this.typed[def.id]) {
      const { [def.id]: _gone, ...rest } = this.typed;
      this.typed = rest;
    }
    if (from) this.follow(def, from);
    this.emit('lever-input', { handle: this.info.handle, id: def.id, value } satisfies LeverInputDetail);
  }

  /**
   * A lever changed by its slider or its number field: the other one and the spoken value follow
   * at once. The column itself is drawn again when the run's answer comes (ui/controllers/columns.ts
   * says why).
   */
  private follow(def: LeverDef, from: HTMLInputElement) {
    const lever = from.parentElement;
    const slider = lever?.querySelector<HTMLInputElement>('input[type="range"]');
    const number = lever?.querySelector<HTMLInputElement>('input[type="number"]');
    if (number && number !== from) number.value = from.value;
    if (slider && slider !== from) slider.value = from.value;
    slider?.setAttribute('aria-valuetext', this.valueText(def, Number(from.value)));
  }

  /** The lever's kind, with the sides named as the pairing mode names them (飞出地 or 派出方…). */
  private leverKind(def: LeverDef): string {
    return withSides(t(LEVER_LABELS[def.group]), this.info.mode);
  }

  /** What a screen reader says for a slider: the value with its unit, a share as both sides' parts. */
  private valueText(def: LeverDef, value: number): string {
    const share = ['statisticsShare', 'taxShare', 'taxShareRegisteredAtOrigin', 'taxShareRegisteredAtHost'].includes(def.group);
    // A share between named parties reads as their ratio ("金牛区 : 彭州市 = 4 : 6").
    const ratio = shareRatio(def, value, locale() === 'en' ? 'en' : 'zh');
    if (ratio) return ratio;
    if (share)
      return withSides(t('valueShare'), this.info.mode)
        .replace('{value}', () => formatNumber(value, 3))
        .replace('{rest}', () => formatNumber(1 - value, 3));
    if (def.group === 'discountRate' || def.group === 'costShare') return `${formatNumber(value * 100, 1)}%`;
    return String(value);
  }

  private leverLabel(def: LeverDef): string {
    const what = this.leverKind(def);
    return def.subject ? `${what} · ${pick(def.subject)}` : what;
  }

  /** Levers grouped: agreement and discounting first, then one group per sharing rule, then cost shares. */
  private renderLevers() {
    const levers = this.info.levers.map((def, i) => ({ def, i }));
    const general = levers.filter((l) => l.def.rule === undefined && l.def.group !== 'costShare' && l.def.group !== 'instruments');
    const costs = levers.filter((l) => l.def.group === 'costShare');
    const instruments = levers.filter((l) => l.def.group === 'instruments');
    const rules = [...new Set(levers.filter((l) => l.def.rule !== undefined).map((l) => l.def.rule!))];
    const open = rules.length <= 2;
    return html`
      ${general.map(({ def, i }) => this.renderLever(def, i))}
      ${rules.map((rule) => {
        const group = levers.filter((l) => l.def.rule === rule);
        const invalid = group.some(({ def }) => this.typed[def.id] || this.issues.some((x) => x.path === def.id));
        return html`<details class="rule" ?open=${open || invalid} data-rule=${rule}>
          <summary>${t('categoryLevers')} · ${pick(group[0]!.def.subject)}</summary>
          ${group.map(({ def, i }) => this.renderLever(def, i, false))}
        </details>`;
      })}
      ${costs.length
        ? html`<details class="rule" ?open=${open}>
            <summary>${t('costShares')}</summary>
            ${costs.map(({ def, i }) => this.renderLever(def, i))}
          </details>`
        : nothing}
      ${instruments.length
        ? html`<details class="rule" ?open=${open}>
            <summary>${t('instrumentLevers')}</summary>
            ${instruments.map(({ def, i }) => this.renderLever(def, i))}
          </details>`
        : nothing}
    `;
  }

  private renderLever(def: LeverDef, i: number, withSubject = true) {
    const id = `lever-${i}`;
    const value = this.values[def.id] ?? def.value;
    const label = withSubject ? this.leverLabel(def) : this.leverKind(def);
    const fullLabel = this.leverLabel(def);
    const problem = this.typed[def.id] ?? this.issues.find((x) => x.path === def.id)?.message;
    const error = problem
      ? html`<div class="error" role="alert" id="${id}-error">${t('invalidValue')} · ${fullLabel}：${issueMessage(problem)} <code class="pointer">${def.id}</code></div>`
      : nothing;
    if (def.options) {
      const names: Record<string, MessageId> = { all: 'basisAll', increment: 'basisIncrement' };
      return html`<div class="lever">
        <label for=${id} title=${fullLabel}>${label}</label>
        <select id=${id} aria-label=${fullLabel} data-lever=${def.id} @change=${(e: Event) => this.leverInput(def, (e.target as HTMLSelectElement).value, false)}>
          ${def.options.map((o) => html`<option value=${o} ?selected=${o === value}>${names[o] ? t(names[o]!) : o}</option>`)}
        </select>
        ${error}
      </div>`;
    }
    return html`<div class="lever">
      <label for=${id} title=${fullLabel}>${label}</label>
      <input
        type="range"
        aria-label=${fullLabel}
        id=${id}
        data-lever=${def.id}
        min=${def.min ?? 0}
        max=${def.max ?? 1}
        step=${def.step ?? 0.01}
        .value=${String(value)}
        aria-valuetext=${this.valueText(def, Number(value))}
        aria-describedby=${problem ? `${id}-error` : nothing}
        @input=${(e: Event) => this.leverInput(def, (e.target as HTMLInputElement).value, false, e.target as HTMLInputElement)}
      />
      <input
        type="number"
        data-lever-number=${def.id}
        aria-label=${fullLabel}
        min=${def.min ?? 0}
        max=${def.max ?? 1}
        step=${def.step === 1 ? 1 : 0.001}
        .value=${String(value)}
        aria-invalid=${problem ? 'true' : 'false'}
        @change=${(e: Event) => this.leverInput(def, (e.target as HTMLInputElement).value, true, e.target as HTMLInputElement)}
      />
      ${error}
    </div>`;
  }

  /** A pairing mode's name in the reader's language (the id when unknown). */
  private modeName(mode: string): string {
    return MODES[mode] ? t(MODES[mode]!) : mode;
  }

  private renderHeadline() {
    const s = this.summary;
    if (!s) return nothing;
    // Workshop: the overview above the columns carries the headline (hidden until revealed,
    // following the year cursor); this table covers the whole horizon, so it would give the answer away.
    if (this.workshop) return nothing;
    const name = (id: string) => pick(this.info.parties.find((p) => p.id === id)?.name) || id;
    const io = this.indirect;
    const span = io ? 6 : 4;
    // The synergy decomposition comes with every run the engine worker answers; absent only from a summary made without it.
    const parts = s.synergy.parts;
    return html`<table class="headline" data-testid="headline">
      <caption style="text-align:left;font-weight:bold">${t('headline')}</caption>
      <thead>
        <tr>
          <th scope="col">${t('party')}</th>
          <th scope="col">${t('npvNetFiscal')}</th>
          <th scope="col">${t('creditedGdpPv')}</th>
          <th scope="col">${t('paybackYear')}</th>
          <th scope="col">${t('transfersReceived')}</th>
          ${io
            ? html`<th scope="col" data-testid="headline-indirect-output">${t('indirectOutputGain')}</th>
                <th scope="col">${t('indirectJobsGain')}</th>`
            : nothing}
        </tr>
      </thead>
      <tbody>
        ${s.parties.map(
          (p) => html`<tr>
            <th scope="row">${name(p.party)}</th>
            <td>${formatMeasure(p.discountedGain.netFiscal, 'money')}</td>
            <td data-testid="credited-gdp-pv">${formatMeasure(p.discountedGain.gdpCredited, 'money')}</td>
            <td>${p.paybackYear ?? t('never')}</td>
            <td>${formatMeasure(p.transferTotal, 'money')}</td>
            ${io
              ? html`<td data-testid="indirect-output-gain">${formatMeasure(p.cumulativeGain.outputIndirect, 'money')}</td>
                  <td>${formatMeasure(p.cumulativeGain.employmentIndirect, 'persons')}</td>`
              : nothing}
          </tr>`,
        )}
        <tr>
          <th scope="row" colspan=${span}>${t('everyPartyGains')}</th>
          <td data-testid="every-party-gains">${s.parties.every((p) => p.discountedGain.netFiscal >= 0) ? t('yes') : t('no')}</td>
        </tr>
        <tr><th scope="row" colspan=${span}>${t('synergyGdp')}</th><td>${formatMeasure(s.synergy.gdp, 'money')}</td></tr>
        <tr><th scope="row" colspan=${span}>${t('synergyGdpPv')}</th><td>${formatMeasure(s.synergy.gdpDiscounted, 'money')}</td></tr>
        ${parts
          ? html`<tr><th scope="row" colspan=${span}>${t('synergyPartUplift')}</th><td data-testid="synergy-uplift">${formatMeasure(parts.gdp.uplift, 'money')}</td></tr>
              <tr><th scope="row" colspan=${span}>${t('synergyPartLocation')}</th><td data-testid="synergy-location">${formatMeasure(parts.gdp.locationRetention, 'money')}</td></tr>`
          : nothing}
        <tr><th scope="row" colspan=${span}>${t('synergyNetFiscal')}</th><td>${formatMeasure(s.synergy.netFiscal, 'money')}</td></tr>
        ${parts ? html`<tr><th scope="row" colspan=${span}>${t('synergyPartCost')}</th><td>${formatMeasure(parts.netFiscal.costDifference, 'money')}</td></tr>` : nothing}
        ${io
          ? html`<tr><th scope="row" colspan=${span}>${t('synergyIndirectOutput')}</th><td>${formatMeasure(s.synergy.outputIndirect, 'money')}</td></tr>`
          : nothing}
      </tbody>
    </table>`;
  }

  private async downloadScenario() {
    if (!this.engine) return;
    const res = await this.engine.api.standalone(this.info.handle, this.values);
    if (!res.ok) {
      this.exportIssues = res.issues;
      return;
    }
    this.exportIssues = [];
    downloadBlob(new Blob([res.text], { type: 'application/json' }), safeName(`${this.info.id}-scenario`, 'json'));
  }

  /** A CSV names parties and units in the reader's language. */
  private csvLabels(): CsvLabels {
    return { partyName: (id) => this.partyName(id), unit: (m) => t(UNIT_LABELS[measureUnit(m)]) };
  }

  /**
   * The column's files for a ZIP (ui/zip-export.ts): every drawn chart of the charts view (or
   * the negotiation or uncertainty view's figures) as SVG and PNG, the figures the chart
   * buttons export, the data CSV and the scenario file.
   */
  async exportBundle(): Promise<ColumnBundle | null> {
    const info = this.info;
    if (!info || !this.rows) return null;
    const base = safeName(info.id, 'x').slice(0, -2);
    const files: BundleFile[] = [];
    // The charts behind "more charts" are drawn for the export; the disclosure is left as it was.
    const wasOpen = this.moreCharts;
    if (!wasOpen) {
      this.moreCharts = true;
      await this.updateComplete;
    }
    try {
      const charts = [...this.renderRoot.querySelectorAll('pw-chart')];
      await Promise.all(charts.map((c) => c.updateComplete));
      // The charts view's charts, or the negotiation or uncertainty view's figures when one is shown.
      const analysis = [...this.renderRoot.querySelectorAll('pw-negotiation'), ...this.renderRoot.querySelectorAll('pw-uncertainty')].flatMap((v) => v.standaloneFigures());
      const figures = [...charts.map((c) => c.standaloneFigure()), ...analysis];
      for (const figure of figures) {
        if (!figure) continue;
        files.push({ path: `figures/${base}-${figure.name}.svg`, data: svgText(figure.svg) });
        const png = await pngBlob(figure.svg);
        if (png) files.push({ path: `figures/${base}-${figure.name}.png`, data: new Uint8Array(await png.arrayBuffer()) });
      }
    } finally {
      if (!wasOpen) this.moreCharts = false;
    }
    files.push({ path: `${base}-data.csv`, data: '\ufeff' + rowsToCsv(this.rows, this.csvLabels()) });
    if (this.engine) {
      const res = await this.engine.api.standalone(info.handle, this.values);
      if (res.ok) files.push({ path: `${base}-scenario.json`, data: res.text });
      else this.exportIssues = res.issues;
    }
    const levers = info.levers.filter((l) => this.values[l.id] !== undefined && this.values[l.id] !== l.value).map((l) => ({ path: l.path, value: this.values[l.id]! }));
    return { id: info.id, title: info.title, source: info.source, levers, files };
  }

  private async downloadZip() {
    const bundle = await this.exportBundle();
    if (bundle) downloadZip([bundle]);
  }

  /** Analysis charts use the column's full width. */
  private wideWidth(): number {
    return Math.max(this.chartWidth, (this.ownWidth || Math.floor(this.getBoundingClientRect().width) - 24) - 16);
  }

  private renderViews() {
    return html`<div class="views" role="group" aria-label=${t('viewChoice')}>
      ${COLUMN_VIEWS.map(
        (v) => html`<button data-testid="view-${v}" aria-pressed=${this.view === v} @click=${() => this.emit('view-change', { handle: this.info.handle, view: v })}>
          ${t(VIEW_LABELS[v])}
        </button>`,
      )}
      ${this.view !== 'charts'
        ? html`<button data-testid="expand" aria-pressed=${this.expanded} @click=${() => (this.expanded = !this.expanded)}>
            ${this.expanded ? t('collapseColumn') : t('expandColumn')}
          </button>`
        : nothing}
    </div>`;
  }

  private renderBody(showDiff: boolean) {
    const info = this.info;
    if (this.view === 'negotiation')
      return html`<pw-negotiation .lever=${this.bargain} .info=${info} .values=${this.values} .chartWidth=${this.wideWidth()} ?large=${this.workshop}></pw-negotiation>`;
    if (this.view === 'uncertainty')
      return html`<pw-uncertainty .info=${info} .values=${this.values} .baseRows=${showDiff ? undefined : this.rows} .chartWidth=${this.wideWidth()} .cursor=${this.cursor} ?large=${this.workshop}></pw-uncertainty>`;
    // Indirect charts only for scenarios with spillover, and not when the difference to a
    // reference without it leaves them empty.
    // A difference leaves a chart without rows when nothing meets in the reference: no empty axes.
    const charts = CHARTS.filter(
      (spec) => (!spec.indirect || this.indirect) && (!(spec.indirect || showDiff) || (this.chartData.get(spec.id)?.length ?? 0) > 0),
    );
    // Charts with observed points come first, so the figures are seen without opening "more charts".
    const observedIds = charts.filter((c) => this.observedFor(c, showDiff).length).map((c) => c.id);
    const first = [...PRIMARY_CHARTS, ...observedIds.filter((id) => !PRIMARY_CHARTS.includes(id))];
    const primary = first.flatMap((id) => charts.filter((c) => c.id === id));
    const more = charts.filter((c) => !first.includes(c.id));
    return this.rows
      ? html`<div class="sections"><pw-targets .targets=${this.targets} .parties=${info.parties} .cursor=${this.cursor}></pw-targets>
          <pw-modes .modes=${this.modes} .checkups=${this.checkups} .targets=${this.targets}></pw-modes>
          ${this.indirect ? html`<p class="note" data-testid="indirect-note">${t('indirectNote')}</p>` : nothing}</div>
          <div class="charts primary">${primary.filter((c) => PRIMARY_CHARTS.includes(c.id)).map((spec) => this.renderChart(spec, showDiff, PRIMARY_CHARTS.indexOf(spec.id)))}</div>
          ${primary.some((c) => !PRIMARY_CHARTS.includes(c.id))
            ? html`<div class="charts extra">${primary.filter((c) => !PRIMARY_CHARTS.includes(c.id)).map((spec) => this.renderChart(spec, showDiff))}</div>`
            : nothing}
          ${more.length
            ? html`<details class="more" data-testid="more-charts" ?open=${this.moreCharts} @toggle=${(e: Event) => (this.moreCharts = (e.target as HTMLDetailsElement).open)}>
                <summary>${t('moreCharts').replace('{n}', String(more.length))}</summary>
                ${this.moreCharts ? html`<div class="charts">${more.map((spec) => this.renderChart(spec, showDiff))}</div>` : nothing}
              </details>`
            : nothing}`
      : html`<p class="loading" role="status">${t('loading')}</p>`;
  }

  /** Observed figures of a chart's measure (deal world; none on a difference). */
  private observedFor(spec: ChartSpec, showDiff: boolean): ObservedMark[] {
    if (showDiff || this.observed.handle !== this.info.handle || !spec.worlds.includes('deal')) return [];
    return this.observed.points.filter((p) => p.measure === spec.measure);
  }

  /** A chart; a primary one (its place in PRIMARY_CHARTS) has its own row when the columns are aligned. */
  private renderChart(spec: ChartSpec, showDiff: boolean, primary = -1) {
    const info = this.info;
    const perRow = Math.max(1, this.chartsPerRow);
    const place = this.aligned && primary >= 0 ? `grid-row: ${ALIGNED_CHART_ROW + Math.floor(primary / perRow)}; grid-column: ${(primary % perRow) + 1}` : nothing;
    return html`<pw-chart
            style=${place}
            .spec=${spec}
            .observed=${this.observedFor(spec, showDiff)}
            .rows=${this.chartData.get(spec.id) ?? []}
            .parties=${info.parties}
            .domain=${this.domains[spec.id]}
            .width=${this.chartWidth}
            .cursor=${this.cursor}
            .height=${this.workshop ? 320 : 230}
            .exportId=${info.id}
            .scenario=${pick(info.title)}
            .source=${info.source}
            ?hideable=${this.workshop}
            ?concealed=${this.workshop && this.concealed}
            ?difference=${showDiff}
          ></pw-chart>`;
  }

  override render() {
    const info = this.info;
    if (!info) return nothing;
    const generalIssues = this.issues.filter((x) => !info.levers.some((l) => l.id === x.path));
    const showDiff = this.difference && !this.reference;
    return html`
      <div class="top">
      ${this.renderSkipLinks()}
      <header>
        <h3 data-testid="column-title" tabindex="-1">${pick(info.title)}</h3>
        <p class="meta">
          <span>${t('policy')}: ${pick(info.policyTitle)}</span>
          <span>${t('economy')}: ${pick(info.economyTitle)}</span>
          <span data-testid="column-mode" data-mode=${info.projectMode ?? info.mode}
            >${t('mode')}: ${this.modeName(info.projectMode ?? info.mode)}${info.projectMode && info.projectMode !== info.mode
              ? html` <span data-testid="declared-mode">(${t('modeDeclared')}: ${this.modeName(info.mode)})</span>`
              : nothing}</span
          >
          <span>${t('years')}: ${info.years.from}–${info.years.to}</span>
        </p>
        <div class="actions">
          ${this.reference ? html`<span class="badge">${t('reference')}</span>` : nothing}
          ${!this.reference && this.canReference
            ? html`<button @click=${() => this.emit('set-reference', { index: this.index })}>${t('setReference')}</button>`
            : nothing}
          <button @click=${() => this.emit('reset-levers', { handle: info.handle })}>${t('resetLevers')}</button>
          <button data-testid="download-csv" ?disabled=${!this.rows} @click=${() => this.rows && downloadCsv(this.rows, info.id, this.csvLabels())}>
            ${t('downloadCsv')}
          </button>
          <button data-testid="download-json" ?disabled=${!this.rows} @click=${() => this.rows && downloadJson({ scenario: info.id, levers: this.values, summary: this.summary, rows: this.rows }, info.id)}>
            ${t('downloadJson')}
          </button>
          <button data-testid="download-zip" ?disabled=${!this.rows} @click=${() => this.downloadZip()}>${t('downloadZip')}</button>
          <button data-testid="download-scenario" @click=${() => this.downloadScenario()}>${t('downloadScenario')}</button>
          <button data-testid="edit-scenario" @click=${() => this.emit('edit-scenario', { handle: info.handle })}>${t('editScenario')}</button>
          <button aria-label="${t('closeColumn')}: ${pick(info.title)}" @click=${() => this.emit('close-column', { handle: info.handle })}>
            ${t('closeColumn')} ✕
          </button>
        </div>
      </header>
      <fieldset>
        <legend>${t('levers')}</legend>
        ${this.renderLevers()}
      </fieldset>
      <div class="busy" aria-live="polite">${this.busy ? t('computing') : ''}</div>
      ${generalIssues.length
        ? html`<div class="issues" role="alert">
            ${t('runFailed')}:
            <ul>${issueItems(generalIssues, columnNames(info))}</ul>
          </div>`
        : nothing}
      ${this.exportIssues.length
        ? html`<div class="issues" role="alert"><ul>${issueItems(this.exportIssues, columnNames(info))}</ul></div>`
        : nothing}
      </div>
      <div class="lead">
      ${this.renderHeadline()}
      ${this.renderViews()}
      ${showDiff && this.view === 'charts' ? html`<p class="note">${t('differenceNote')}</p>${this.renderDifferenceNote()}` : nothing}
      ${showDiff && this.rows && this.rows.length === 0 ? html`<p class="note">${t('noCommonRows')}</p>` : nothing}
      </div>
      ${this.renderBody(showDiff)}
      <pw-calibration
        ?hidden=${this.view !== 'charts' || this.workshop}
        .info=${info}
        .values=${this.values}
        .rows=${this.rows}
        ?indirect=${this.indirect}
        ?undoable=${this.undoable}
        .chartWidth=${this.chartWidth}
        @observed-change=${(e: HTMLElementEventMap['observed-change']) => (this.observed = e.detail)}
      ></pw-calibration>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'pw-column': PwColumn;
  }
}
