// The comparison at a glance, above the columns: one card per scenario, the same headline
// measures in the same order for every party, each with a small bar on a scale shared by all
// cards and, beside the reference, the difference to the reference column (by party, or by
// role when the parties differ). Every label says whether a figure is discounted.
// In workshop mode the overview is hidden until revealed, and with the year cursor set it
// shows the gains accumulated up to that year (undiscounted) from the yearly rows.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { localized } from '@lit/localize';
import type { Summary } from '../../engine/index.js';
import type { PartyInfo, TidyRow } from '../protocol.js';
import { formatMeasure, pick, t } from '../i18n.js';
import type { MessageId } from '../messages.js';
import { OKABE_ITO } from '../palette.js';
import { accumulated, differencePlan } from '../series.js';
import type { NumberKind } from '../format.js';

export interface OverviewColumn {
  title: string;
  parties: PartyInfo[];
  summary?: Summary;
  /** Yearly rows (for the year cursor: gains accumulated up to a year). */
  rows?: TidyRow[];
}

/** One headline measure: its label, how it is written, and where it comes from. */
interface Measure {
  id: string;
  label: MessageId;
  kind: NumberKind | 'year';
  /** The value over the whole horizon, from the engine's summary. */
  total: (p: Summary['parties'][number]) => number | null;
  /** The gain accumulated up to the cursor year from the yearly rows (undiscounted), if it has one. */
  measure?: string;
}

const MEASURES: readonly Measure[] = [
  { id: 'netFiscalPv', label: 'ovNetFiscalPv', kind: 'money', total: (p) => p.discountedGain.netFiscal, measure: 'netFiscal' },
  { id: 'gdpCreditedPv', label: 'ovGdpCreditedPv', kind: 'money', total: (p) => p.discountedGain.gdpCredited, measure: 'gdpCredited' },
  { id: 'gdpPv', label: 'ovGdpPv', kind: 'money', total: (p) => p.discountedGain.gdp, measure: 'gdp' },
  { id: 'employment', label: 'ovEmployment', kind: 'persons', total: (p) => p.cumulativeGain.employment, measure: 'employment' },
  { id: 'costPv', label: 'ovCostPv', kind: 'money', total: (p) => p.discountedGain.cost, measure: 'cost' },
  { id: 'transfers', label: 'ovTransfers', kind: 'money', total: (p) => p.transferTotal, measure: 'transfer' },
  { id: 'payback', label: 'ovPayback', kind: 'year', total: (p) => p.paybackYear },
];

/** With the cursor set, the measures that can be accumulated to a year are shown undiscounted. */
const CURSOR_LABELS: Partial<Record<string, MessageId>> = {
  netFiscalPv: 'ovNetFiscalToYear',
  gdpCreditedPv: 'ovGdpCreditedToYear',
  gdpPv: 'ovGdpToYear',
  employment: 'ovEmployment',
  costPv: 'ovCostToYear',
  transfers: 'ovTransfers',
};

/** True when the overview must redraw: a column added, removed or with another title, parties, summary or rows. */
function overviewChanged(a?: OverviewColumn[], b?: OverviewColumn[]): boolean {
  if (!a || !b || a.length !== b.length) return true;
  return a.some((x, i) => {
    const y = b[i]!;
    return x.title !== y.title || x.parties !== y.parties || x.summary !== y.summary || x.rows !== y.rows;
  });
}

@localized()
@customElement('pw-overview')
export class PwOverview extends LitElement {
  /** Compared field by field: the page maps its columns afresh on every render (a busy flip too). */
  @property({ attribute: false, hasChanged: overviewChanged })
  columns: OverviewColumn[] = [];
  @property({ type: Number }) reference = 0;
  /** Workshop year cursor (null = the whole horizon). */
  @property({ type: Number }) cursor: number | null = null;
  /** Workshop mode: the answer is hidden until the presenter reveals it. */
  @property({ type: Boolean }) concealed = false;
  @property({ type: Boolean, reflect: true }) large = false;

  static override styles = css`
    :host { display: block; margin: 0 1rem 0.75rem; }
    h2 { font-size: 1.05rem; margin: 0 0 0.35rem; }
    .cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 17rem), 1fr)); gap: 0.6rem; }
    .card { border: 1px solid #bbb; border-radius: 6px; padding: 0.45rem 0.6rem; background: #fff; min-width: 0; }
    .card.reference { border: 2px solid #0072B2; }
    h3 { font-size: 0.95rem; margin: 0 0 0.3rem; }
    .badge { background: #0072B2; color: #fff; border-radius: 3px; padding: 0 0.35rem; font-size: 0.75rem; font-weight: normal; margin-left: 0.3rem; }
    table { border-collapse: collapse; width: 100%; font-size: 0.82rem; table-layout: fixed; }
    th, td { padding: 0.12rem 0.25rem; border-bottom: 1px solid #eee; vertical-align: top; }
    thead th { text-align: right; font-weight: 600; }
    th[scope='row'] { text-align: left; font-weight: normal; color: #222; width: 38%; }
    td { text-align: right; font-variant-numeric: tabular-nums; }
    .bar { display: block; height: 5px; margin-top: 2px; background: #ddd; position: relative; }
    .bar span { position: absolute; top: 0; bottom: 0; }
    .delta { display: block; font-size: 0.72rem; color: #444; }
    .note { font-size: 0.78rem; color: #333; margin: 0.3rem 0 0; }
    .hidden-note { border: 2px dashed #888; padding: 1rem; text-align: center; }
    .loading { color: #555; font-size: 0.85rem; }
    .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
    :host([large]) h2 { font-size: 1.6rem; }
    :host([large]) h3 { font-size: 1.3rem; }
    :host([large]) table { font-size: 1.15rem; }
    :host([large]) .delta, :host([large]) .note { font-size: 1rem; }
  `;

  private value(m: Measure, col: OverviewColumn, party: string): number | null {
    if (this.cursor !== null && m.measure && col.rows) return accumulated(col.rows, party, m.measure, this.cursor);
    if (this.cursor !== null && m.kind === 'year') {
      const payback = col.summary?.parties.find((p) => p.party === party)?.paybackYear ?? null;
      return payback !== null && payback <= this.cursor ? payback : null;
    }
    const s = col.summary?.parties.find((p) => p.party === party);
    return s ? m.total(s) : null;
  }

  private format(m: Measure, v: number | null): string {
    if (v === null) return m.kind === 'year' ? t('never') : '–';
    if (m.kind === 'year') return String(v);
    return formatMeasure(v, m.kind);
  }

  private label(m: Measure): string {
    const id = this.cursor !== null ? CURSOR_LABELS[m.id] ?? m.label : m.label;
    return t(id).replace('{year}', String(this.cursor ?? ''));
  }

  override render() {
    const cols = this.columns;
    if (!cols.length) return nothing;
    const title = html`<h2 id="overview-heading">${t('overview')}${this.cursor !== null ? ` · ${t('upToYear').replace('{year}', String(this.cursor))}` : ''}</h2>`;
    if (this.concealed) return html`<section aria-labelledby="overview-heading" data-testid="overview">${title}<p class="hidden-note" data-testid="overview-hidden">${t('hiddenChart')}</p></section>`;
    // One scale per measure over every card, so bars compare across scenarios.
    const scale = new Map<string, number>();
    for (const m of MEASURES) {
      if (m.kind === 'year') continue;
      let max = 0;
      for (const c of cols) for (const p of c.parties) max = Math.max(max, Math.abs(this.value(m, c, p.id) ?? 0));
      scale.set(m.id, max || 1);
    }
    const ref = cols[this.reference];
    return html`<section aria-labelledby="overview-heading" data-testid="overview">
      ${title}
      <div class="cards">
        ${cols.map((c, i) => {
          const isRef = i === this.reference && cols.length > 1;
          const plan = ref && !isRef && cols.length > 1 ? differencePlan(c.parties, ref.parties) : null;
          const counterpart = new Map(plan?.pairs.map((x) => [x.party, x.reference]) ?? []);
          return html`<div class="card ${isRef ? 'reference' : ''}" data-testid="overview-card">
            <h3>${c.title}${isRef ? html`<span class="badge">${t('reference')}</span>` : nothing}</h3>
            ${c.summary
              ? html`<table>
                  <thead>
                    <tr>
                      <th scope="col"><span class="visually-hidden">${t('measure')}</span></th>
                      ${c.parties.map((p) => html`<th scope="col">${pick(p.name)}</th>`)}
                    </tr>
                  </thead>
                  <tbody>
                    ${MEASURES.map(
                      (m) => html`<tr data-measure=${m.id}>
                        <th scope="row">${this.label(m)}</th>
                        ${c.parties.map((p, n) => {
                          const v = this.value(m, c, p.id);
                          const other = counterpart.get(p.id);
                          const rv = other !== undefined && ref ? this.value(m, ref, other) : null;
                          const max = scale.get(m.id);
                          const share = max && v !== null ? Math.min(1, Math.abs(v) / max) : 0;
                          const colour = OKABE_ITO[n % OKABE_ITO.length]!;
                          return html`<td data-value=${v ?? ''}>
                            ${this.format(m, v)}
                            ${max !== undefined && v !== null
                              ? html`<span class="bar" aria-hidden="true"><span style="background:${colour};${v >= 0 ? `left:50%;width:${share * 50}%` : `right:50%;width:${share * 50}%`}"></span></span>`
                              : nothing}
                            ${rv !== null && v !== null && m.kind !== 'year'
                              ? html`<span class="delta" data-testid="overview-delta">Δ ${v - rv >= 0 ? '+' : ''}${this.format(m, v - rv)}</span>`
                              : nothing}
                          </td>`;
                        })}
                      </tr>`,
                    )}
                  </tbody>
                </table>`
              : html`<p class="loading" role="status">${t('loading')}</p>`}
          </div>`;
        })}
      </div>
      <p class="note">${this.cursor !== null ? t('ovNoteCursor') : t('ovNote')}${cols.length > 1 ? ` ${t('ovDeltaNote')}` : ''}</p>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'pw-overview': PwOverview;
  }
}

