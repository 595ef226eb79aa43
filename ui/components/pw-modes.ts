// Pairing modes and the annual check-up, as the engine (in the worker) derives them: each
// project's mode from its geometry under the deal (engine/model/modes.ts), and per red year
// the response applied to an instrument parameter (engine/model/checkup.ts). This component
// only lays the worker's answer out, in two collapsible sections.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { localized } from '@lit/localize';
import type { CheckupRow } from '../../engine/model/checkup.js';
import type { TargetsReport } from '../../engine/index.js';
import type { ProjectModeInfo } from '../protocol.js';
import { EN, type MessageId } from '../messages.js';
import { templates as ZH } from '../locales/zh-CN.js';
import { formatNumber, pick, t } from '../i18n.js';

/** Message ids of the pairing modes (engine/schema/scenario.ts PAIRING_MODES). */
export const MODE_LABELS: Record<string, MessageId> = {
  coBuild: 'modeCoBuild',
  enclavePark: 'modeEnclavePark',
  reverseEnclave: 'modeReverseEnclave',
  twoWayEnclave: 'modeTwoWayEnclave',
  entrustedManagement: 'modeEntrustedManagement',
  hqBase: 'modeHqBase',
  rdManufacturing: 'modeRdManufacturing',
};

/** A mode named in both languages, zh-CN first (the terms are Chinese policy terms). */
export function bilingualMode(mode: string): string {
  const id = MODE_LABELS[mode];
  return id ? `${ZH[id]} / ${EN[id]}` : mode;
}

@localized()
@customElement('pw-modes')
export class PwModes extends LitElement {
  @property({ attribute: false }) modes: ProjectModeInfo[] = [];
  @property({ attribute: false }) checkups: CheckupRow[] | undefined;
  /** To name the red targets by their labels. */
  @property({ attribute: false }) targets: TargetsReport | undefined;

  static override styles = css`
    :host { display: block; margin: 0 0 0.75rem; font-size: 0.8rem; }
    details { border: 1px solid #ddd; border-radius: 4px; padding: 0.2rem 0.5rem; margin: 0 0 0.35rem; }
    summary { font-weight: bold; cursor: pointer; }
    table { border-collapse: collapse; width: 100%; margin: 0.25rem 0; }
    th, td { border: 1px solid #ddd; padding: 0.15rem 0.35rem; text-align: left; }
    td.num { text-align: right; white-space: nowrap; }
    .note { color: #333; margin: 0.2rem 0; }
  `;

  private targetName(id: string): string {
    const q = this.targets?.quantitative.find((x) => x.id === id);
    return q?.label ? `${pick(q.label)} (${id})` : id;
  }

  override render() {
    return html`${this.modes.length
      ? html`<details data-testid="modes">
          <summary>${t('pairingModesTitle')}</summary>
          <table>
            <thead><tr><th scope="col">${t('modesProject')}</th><th scope="col">${t('mode')}</th></tr></thead>
            <tbody>
              ${this.modes.map(
                (m) => html`<tr data-testid="mode-row" data-project=${m.project} data-mode=${m.mode}>
                  <td>${pick(m.name)}</td>
                  <td>${bilingualMode(m.mode)}</td>
                </tr>`,
              )}
            </tbody>
          </table>
        </details>`
      : nothing}
    ${this.checkups
      ? html`<details data-testid="checkups">
          <summary>${t('checkupTitle')}</summary>
          ${this.checkups.length
            ? html`<table>
                <thead>
                  <tr><th scope="col">${t('checkupYear')}</th><th scope="col">${t('checkupRedTarget')}</th><th scope="col">${t('checkupResponse')}</th><th scope="col">${t('checkupChange')}</th></tr>
                </thead>
                <tbody>
                  ${this.checkups.map(
                    (c) => html`<tr
                      data-testid="checkup-row"
                      data-year=${c.year}
                      data-target=${c.target}
                      data-parameter=${`${c.instrument}.${c.parameter}`}
                      data-previous=${c.previous}
                      data-value=${c.value}
                    >
                      <td>${c.year}</td>
                      <td>${this.targetName(c.target)}</td>
                      <td><code>${c.instrument}.${c.parameter}</code> ${t('checkupFrom').replace('{year}', String(c.from))}</td>
                      <td class="num">${formatNumber(c.previous, 4)} → ${formatNumber(c.value, 4)}${c.atLimit ? html` (${t('checkupAtLimit')})` : nothing}</td>
                    </tr>`,
                  )}
                </tbody>
              </table>`
            : html`<p class="note">${t('checkupNone')}</p>`}
        </details>`
      : nothing}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'pw-modes': PwModes;
  }
}
