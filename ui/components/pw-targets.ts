// Traffic-light table of a policy's round targets. The engine (in the worker) checks every
// target year by year; this component only lays its answer out. A status is always shown as
// text and a shape (✓ ▲ ✕), never by colour alone.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { localized } from '@lit/localize';
import type { QuantitativeTargetReport, TargetStatus, TargetsReport } from '../../engine/index.js';
import type { PartyInfo } from '../protocol.js';
import { formatMeasure, locale, pick, t } from '../i18n.js';
import type { NumberKind } from '../format.js';

/** Shape per status (colour-blind safe) and an Okabe–Ito colour as a second cue. */
export const STATUS_MARKERS: Record<TargetStatus, { shape: string; colour: string }> = {
  green: { shape: '✓', colour: '#009E73' },
  amber: { shape: '▲', colour: '#E69F00' },
  red: { shape: '✕', colour: '#D55E00' },
};

@localized()
@customElement('pw-targets')
export class PwTargets extends LitElement {
  @property({ attribute: false }) targets: TargetsReport | undefined;
  @property({ attribute: false }) parties: PartyInfo[] = [];
  /** Workshop mode: only years up to the cursor (null = all). */
  @property({ type: Number }) cursor: number | null = null;

  static override styles = css`
    :host { display: block; margin: 0 0 0.75rem; font-size: 0.8rem; }
    h4 { margin: 0 0 0.25rem; font-size: 0.95rem; }
    .legend { margin: 0 0 0.35rem; color: #333; }
    .wrap { overflow-x: auto; }
    table { border-collapse: collapse; width: 100%; }
    th, td { border: 1px solid #ddd; padding: 0.15rem 0.35rem; text-align: right; }
    th:first-child, td:first-child { text-align: left; }
    td.status { text-align: left; white-space: nowrap; }
    tr.target-head th { text-align: left; background: #f3f3f3; }
    tr.target-meta td { text-align: left; color: #333; }
    tr.target-meta span { margin-right: 0.6rem; }
    .marker { display: inline-block; width: 1.1em; text-align: center; font-weight: bold; }
    ul { margin: 0.25rem 0 0; padding-left: 1.2rem; }
  `;

  private scopeName(scope: string): string {
    if (scope === 'all') return t('allParties');
    const p = this.parties.find((q) => q.id === scope);
    return p ? pick(p.name) : scope;
  }

  private unitName(unit: string): string {
    if (unit === 'person') return t('unitPersons');
    if (unit === 'CNY_1e8/yr') return t('unitMoneyPerYear');
    return unit;
  }

  private status(s: TargetStatus) {
    const m = STATUS_MARKERS[s];
    return html`<span class="marker" style="color:${m.colour}" aria-hidden="true">${m.shape}</span>${pick(this.targets!.statusLabels[s])}`;
  }

  private renderTarget(q: QuantitativeTargetReport) {
    const kind: NumberKind = q.unit === 'person' ? 'persons' : q.unit.startsWith('CNY') ? 'money' : 'index';
    const fmt = (v: number) => formatMeasure(v, kind, 2);
    const checks = this.cursor === null ? q.checks : q.checks.filter((c) => c.year <= this.cursor!);
    const unit = this.unitName(q.unit);
    return html`<tbody data-testid="target" data-target=${q.id}>
      <tr class="target-head"><th colspan="5" scope="colgroup">${q.label ? pick(q.label) : q.id}</th></tr>
      <tr class="target-meta">
        <td colspan="5">
          <span>${t('round')}: ${q.round}</span>
          <span>${t('measure')}: ${pick(this.targets!.measureLabels[q.measure])}</span>
          <span>${t('scope')}: ${this.scopeName(q.scope)}</span>
          <span>${t('targetYear')}: ${q.year}</span>
          <span data-testid="target-value">${t('targetValue')}: ${fmt(q.target)} ${unit}</span>
        </td>
      </tr>
      ${q.evaluated
        ? checks.map(
            (c) => html`<tr data-year=${c.year}>
              <td>${c.year}</td>
              <td class="status" data-testid="target-status" data-status=${c.status}>${this.status(c.status)}</td>
              <td data-testid="target-gap">${c.gap > 0 ? '+' : ''}${fmt(c.gap)}</td>
              <td>${fmt(c.planned)}</td>
              <td>${fmt(c.actual)}</td>
            </tr>`,
          )
        : html`<tr><td colspan="5">${t('notChecked')}</td></tr>`}
    </tbody>`;
  }

  override render() {
    const r = this.targets;
    if (!r || (!r.quantitative.length && !r.qualitative.length)) return nothing;
    const share = new Intl.NumberFormat(locale() === 'en' ? 'en' : 'zh-CN', { style: 'percent', maximumFractionDigits: 1 }).format(r.thresholds.amber);
    return html`<section data-testid="targets">
      <h4>${t('targetsTitle')}</h4>
      ${r.quantitative.length
        ? html`<p class="legend">${t('targetsLegend').replace('{share}', () => share)}</p>
            <div class="wrap">
              <table data-testid="targets-table">
                <thead>
                  <tr>
                    <th scope="col">${t('year')}</th>
                    <th scope="col">${t('status')}</th>
                    <th scope="col">${t('gapToPath')}</th>
                    <th scope="col">${t('pathValue')}</th>
                    <th scope="col">${t('withDeal')}</th>
                  </tr>
                </thead>
                ${r.quantitative.map((q) => this.renderTarget(q))}
              </table>
            </div>`
        : nothing}
      ${r.qualitative.length
        ? html`<div data-testid="qualitative-targets">
            <strong>${t('qualitativeTargets')}</strong>
            <ul>
              ${r.qualitative.map((q) => html`<li>${q.area ? html`${pick(q.area)}: ` : nothing}${pick(q.label)}</li>`)}
            </ul>
          </div>`
        : nothing}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'pw-targets': PwTargets;
  }
}
