// Parts of the workbench page rendered from the app's controllers: the library picker, the
// file drop zone with its error table, the workshop year bar and the bar of page actions. Plain template functions
// (no state of their own), so the page's DOM and styles stay in pw-app's shadow root.
import { html, nothing } from 'lit';
import type { LibraryEntry } from '../protocol.js';
import type { Column, LoadError } from '../controllers/columns.js';
import type { WorkshopController, YearSpan } from '../controllers/workshop.js';
import { pick, t, type Locale } from '../i18n.js';
import type { ColumnsController } from '../controllers/columns.js';
import './pw-column.js';

export function renderHeader(current: Locale, setLanguage: (next: Locale) => void) {
  return html`<header class="top">
    <div>
      <h1 data-testid="app-title">${t('appTitle')}</h1>
      <p class="subtitle">${t('appSubtitle')}</p>
    </div>
    <div class="lang" role="group" aria-label=${t('language')}>
      <span>${t('language')}:</span>
      <button data-testid="lang-zh" lang="zh-CN" aria-pressed=${current === 'zh-CN'} @click=${() => setLanguage('zh-CN')}>中文</button>
      <button data-testid="lang-en" lang="en" aria-pressed=${current === 'en'} @click=${() => setLanguage('en')}>English</button>
    </div>
  </header>`;
}
import { issueItems } from './issue-list.js';

export function renderLibrary(library: LibraryEntry[], selectedPath: string, select: (path: string) => void, open: (entry: LibraryEntry) => void, loading = false) {
  const groups = [
    ['comparison', t('comparisons')],
    ['scenario', t('scenarios')],
  ] as const;
  const selected = library.find((e) => e.path === selectedPath) ?? library[0];
  return html`<section aria-labelledby="library-heading">
    <h2 id="library-heading">${t('library')}</h2>
    ${library.length === 0
      ? loading
        ? html`<p role="status" data-testid="library-loading">${t('loading')}</p>`
        : html`<p data-testid="library-empty">${t('libraryEmpty')}</p>`
      : html`<div class="pick">
            <label for="library-select">${t('chooseScenario')}</label>
            <select id="library-select" data-testid="library-select" @change=${(e: Event) => select((e.target as HTMLSelectElement).value)}>
              ${groups.map(([kind, heading]) => {
                const entries = library.filter((e) => e.kind === kind);
                return entries.length
                  ? html`<optgroup label=${heading}>
                      ${entries.map(
                        (e) => html`<option data-testid="library-entry" value=${e.path} ?selected=${e.path === selected?.path}>
                          ${pick(e.title)}
                        </option>`,
                      )}
                    </optgroup>`
                  : nothing;
              })}
            </select>
            <button data-testid="library-open" @click=${() => selected && open(selected)}>
              ${selected?.kind === 'comparison' ? t('openComparison') : t('addColumn')}
            </button>
          </div>
          <p class="description" data-testid="library-description">${pick(selected?.description)}</p>`}
  </section>`;
}

export interface DropZone {
  dragging: boolean;
  setDragging(on: boolean): void;
  openFile(file: File): void;
  dismiss(): void;
}

export function renderOpen(err: LoadError, zone: DropZone) {
  const onInput = (e: Event) => {
    const input = e.target as HTMLInputElement;
    const file = input.files?.[0];
    if (file) zone.openFile(file);
    input.value = '';
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    zone.setDragging(false);
    const file = e.dataTransfer?.files?.[0];
    if (file) zone.openFile(file);
  };
  return html`<section aria-labelledby="open-heading">
    <h2 id="open-heading">${t('openFile')}</h2>
    <div
      class="drop ${zone.dragging ? 'dragging' : ''}"
      data-testid="drop-zone"
      @dragover=${(e: DragEvent) => {
        e.preventDefault();
        zone.setDragging(true);
      }}
      @dragleave=${() => zone.setDragging(false)}
      @drop=${onDrop}
    >
      <input id="file-input" class="visually-hidden" data-testid="file-input" type="file" accept=".json,application/json" @change=${onInput} />
      <label for="file-input" class="file-button">${t('chooseFile')}</label>
      <p style="margin:0.3rem 0 0">${t('dropHint')}</p>
    </div>
    ${err
      ? html`<div class="errors" role="alert" data-testid="load-errors">
          <strong>${t('couldNotOpen')}: ${err.sourceId ? t(err.sourceId) : err.source}</strong>
          <ul>${issueItems(err.issues)}</ul>
          <button @click=${() => zone.dismiss()}>${t('dismiss')}</button>
        </div>`
      : nothing}
  </section>`;
}

export function renderWorkshopBar(w: WorkshopController, ys: YearSpan, extra: unknown = nothing) {
  if (!w.on || !ys) return nothing;
  return html`<div class="workshop-bar" role="group" aria-label=${t('yearCursor')} data-testid="workshop-bar">
    <button data-testid="year-prev" @click=${() => w.step(-1)}>◀ ${t('previousYear')}</button>
    <label for="year-cursor">${t('yearCursor')}</label>
    <input id="year-cursor" data-testid="year-cursor" type="range" min=${ys.from} max=${ys.to} step="1"
      .value=${String(w.cursor ?? ys.to)}
      @input=${(e: Event) => w.moveTo(Number((e.target as HTMLInputElement).value))} />
    <output data-testid="year-value" for="year-cursor">${w.cursor ?? t('allYears')}</output>
    <button data-testid="year-next" @click=${() => w.step(1)}>${t('nextYear')} ▶</button>
    <button data-testid="year-play" aria-pressed=${w.playing} @click=${() => w.toggle()}>${w.playing ? t('pause') : t('play')}</button>
    <button data-testid="year-all" @click=${() => w.all()}>${t('allYears')}</button>
    ${extra}
  </div>`;
}

/** The page's action bar: workshop mode, share link, ZIP of every column, difference view. */
export interface BarState {
  columns: number;
  workshop: WorkshopController;
  difference: boolean;
  setDifference: (on: boolean) => void;
  copyLink: () => void;
  copied: boolean;
  downloadZip: () => void;
  linkTooLong: boolean;
}

export function renderBar(b: BarState) {
  const none = !b.columns;
  return html`<div class="bar">
    <label>
      <input type="checkbox" data-testid="workshop-toggle" .checked=${b.workshop.on}
        @change=${(e: Event) => b.workshop.set((e.target as HTMLInputElement).checked)} />
      ${t('workshopMode')}
    </label>
    <button data-testid="copy-link" ?disabled=${none} @click=${b.copyLink}>${t('shareLink')}</button>
    <button data-testid="download-all-zip" ?disabled=${none} @click=${b.downloadZip}>${t('downloadAllZip')}</button>
    <span role="status" data-testid="copy-status">${b.copied ? t('linkCopied') : ''}</span>
    ${b.linkTooLong ? html`<span class="notice" role="status" data-testid="link-notice">${t('linkTooLong')}</span>` : nothing}
    <label>
      <input type="checkbox" data-testid="difference-toggle" .checked=${b.difference} ?disabled=${b.columns < 2}
        @change=${(e: Event) => b.setDifference((e.target as HTMLInputElement).checked)} />
      ${t('differenceToggle')}
    </label>
  </div>`;
}

/** How the columns sit on the screen (computed by pw-app from the viewport). */
export interface ColumnLayout {
  narrow: boolean;
  shown: number;
  across: number;
  perRow: number;
  chartWidth: number;
}

/** The scenario columns, one pw-column each, fed from the columns controller. */
/** One empty list for columns without modes: a fresh [] per render would update every column. */
const NO_MODES: NonNullable<Column['modes']> = [];

export function renderColumns(cols: ColumnsController, workshop: WorkshopController, layout: ColumnLayout, onEdit: (e: HTMLElementEventMap['edit-scenario']) => void) {
  const { narrow, shown, across, perRow, chartWidth } = layout;
  const n = cols.columns.length;
  const { rows, domains, plans } = cols.display();
  return html`<main class="columns" style="grid-template-columns: repeat(${across}, minmax(0, 1fr))" @edit-scenario=${onEdit}>
  ${cols.columns.map(
    (c, i) => html`<pw-column
      data-testid="column"
      id="column-${i}"
      role=${narrow ? 'tabpanel' : nothing}
      aria-labelledby=${narrow ? `column-tab-${i}` : nothing}
      ?hidden=${narrow && i !== shown}
      .differencePlan=${plans[i] ?? null}
      .referenceParties=${cols.columns[cols.reference]?.info.parties ?? []}
      ?concealed=${workshop.on && workshop.concealed}
      .info=${c.info}
      .values=${c.values}
      .rows=${rows[i]}
      .summary=${c.summary}
      ?indirect=${c.indirect ?? false}
      .targets=${c.targets}
      .modes=${c.modes ?? NO_MODES} .checkups=${c.checkups}
      ?undoable=${(c.history?.length ?? 0) > 0}
      .issues=${c.issues}
      .domains=${domains[i] ?? {}}
      .index=${i}
      .chartWidth=${chartWidth}
      ?aligned=${across > 1}
      .chartsPerRow=${perRow}
      ?reference=${n > 1 && i === cols.reference}
      ?canReference=${n > 1}
      ?difference=${cols.difference && n > 1}
      ?busy=${c.busy}
      .view=${c.view}
      .bargain=${c.bargain}
      ?workshop=${workshop.on}
      .cursor=${workshop.on ? workshop.cursor : null}
    ></pw-column>`,
  )}
</main>`;
}
