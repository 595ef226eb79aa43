// Below NARROW_PX the page shows one column at a time: a row of tabs (one per column,
// scenario title and position) chooses which. Plain template function; the choice lives in
// the page.
import { html, nothing } from 'lit';
import { pick, t } from '../i18n.js';
import type { Bilingual } from '../../engine/index.js';

/** Viewport width (px) below which columns are shown one at a time. */
export const NARROW_PX = 768;

export function renderColumnTabs(titles: readonly Bilingual[], shown: number, choose: (i: number) => void) {
  if (titles.length < 2) return nothing;
  const key = (e: KeyboardEvent) => {
    const d = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
    if (!d) return;
    e.preventDefault();
    const next = (shown + d + titles.length) % titles.length;
    choose(next);
    ((e.currentTarget as HTMLElement).parentElement?.children[next] as HTMLElement | undefined)?.focus();
  };
  return html`<div class="column-tabs" role="tablist" aria-label=${t('skipLinks')}>
    ${titles.map(
      (title, i) => html`<button role="tab" data-testid="column-tab" id="column-tab-${i}" aria-controls="column-${i}"
        aria-selected=${i === shown ? 'true' : 'false'} tabindex=${i === shown ? 0 : -1}
        @click=${() => choose(i)} @keydown=${key}>${i + 1}. ${pick(title)}</button>`,
    )}
  </div>`;
}
