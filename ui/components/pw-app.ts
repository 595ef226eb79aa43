// The workbench page: language switch, scenario library, file opening with validation
// messages, the editor, and 2–4 scenario columns. State lives in reactive controllers
// (ui/controllers: columns, engine connection and recovery, URL state, workshop); this
// element composes them and renders. Numbers come from the worker.
import { LitElement, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { localized } from '@lit/localize';
import { EngineHost } from '../client.js';
import { locale, pick, switchLocale, t, type Locale } from '../i18n.js';
import { URL_LIMIT, type ViewState } from '../url-state.js';
import type { EditorState } from '../events.js';
import { ColumnsController, viewColumn } from '../controllers/columns.js';
import { EngineConnection } from '../controllers/engine-connection.js';
import { UrlStateController } from '../controllers/url-state.js';
import { WorkshopController } from '../controllers/workshop.js';
import { loadEditorState, saveEditorState } from './pw-editor.js';
import { renderBar, renderColumns, renderHeader, renderLibrary, renderOpen, renderWorkshopBar } from './pw-app-sections.js';
import { appStyles } from './pw-app.styles.js';
import { downloadZip, type ColumnBundle } from '../zip-export.js';
import './pw-overview.js';
import { NARROW_PX, renderColumnTabs } from './column-tabs.js';
import './pw-editor.js';

export { MAX_COLUMNS } from '../controllers/columns.js';

/** What a bare URL opens: the comparison the workbench is for (the README's main example). */
export const FIRST_VIEW = 'scenarios/comparisons/chengdu-vs-yrd.json';

@localized()
@customElement('pw-app')
export class PwApp extends LitElement {
  private readonly cols = new ColumnsController(this, () => this.connection.engine);
  private readonly connection = new EngineConnection(
    this,
    (onFailure) => new EngineHost(onFailure),
    () => void this.cols.reopen(),
  );
  private readonly workshop = new WorkshopController(this, () => this.cols.years());
  // While a column's run is in flight (a slider moving) and in the update that draws its answer,
  // the address bar is written when the page is idle (at most 200 ms later), not between a
  // slider move and its chart; any other update (a toggle, a column opened) writes at once.
  private readonly url = new UrlStateController(this, () => this.view(), window, {
    schedule: (write) => (typeof requestIdleCallback === 'function' ? requestIdleCallback(write, { timeout: 200 }) : setTimeout(write, 50)),
    deferWhile: () => this.cols.takeAnswered() || this.cols.columns.some((c) => c.runner.busy),
  });
  @state() private selectedPath = '';
  @state() private dragging = false;
  @state() private copied = false;
  @state() private editor: EditorState | null = loadEditorState();
  @state() private viewport = typeof window === 'undefined' ? 1280 : window.innerWidth;
  private onResize = () => (this.viewport = window.innerWidth);
  /** Until the first view (a link's, or the default comparison) is open: say "loading", not "empty". */
  @state() private starting = true;
  /** On a narrow screen, the one column shown. */
  @state() private shown = 0;
  private languageChosen = false;

  static override styles = appStyles;

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('resize', this.onResize);
    // Read (or refuse) the link before the engine answers anything.
    const view = this.url.initial();
    const linkError = (message: string) => (this.cols.loadError = { source: t('linkErrors'), sourceId: 'linkErrors', issues: [{ path: '', message }] });
    if (view && typeof view === 'object' && 'refused' in view)
      linkError(t('linkRefusedTooLong').replace('{n}', view.refused.toLocaleString()).replace('{max}', URL_LIMIT.toLocaleString()));
    this.connection.engine!.library().then(
      (entries) => {
        this.cols.library = entries;
        if (view === 'malformed') linkError('the link is malformed');
        if (view && view !== 'malformed' && !('refused' in view)) void this.restore(view).finally(() => (this.starting = false));
        else if (view === null && entries.some((e) => e.path === FIRST_VIEW)) {
          // A bare URL opens on the comparison, not on an empty page.
          const entry = entries.find((e) => e.path === FIRST_VIEW)!;
          this.selectedPath = FIRST_VIEW;
          void this.cols.openBuiltin(entry).finally(() => (this.starting = false));
        } else this.starting = false;
        this.requestUpdate();
      },
      (err: unknown) => {
        this.starting = false;
        this.cols.fail(t('engineFailed'), err);
      },
    );
  }

  override disconnectedCallback(): void {
    window.removeEventListener('resize', this.onResize);
    super.disconnectedCallback();
  }

  /** Open a shared view: its language, columns, reference, difference and workshop state. */
  private async restore(view: ViewState) {
    this.cols.restoring = true;
    // A language the user picked while the link was opening wins over the link's.
    if (view.lang && view.lang !== locale() && !this.languageChosen) await switchLocale(view.lang);
    await this.cols.restore(view.columns, view.reference, view.difference);
    this.workshop.restore(view.workshop ?? false, view.cursor ?? null);
  }

  /** The view to keep in the URL, or null while one is being restored. */
  private view(): ViewState | null {
    const { cols, workshop } = this;
    if (cols.restoring || !cols.library.length) return null;
    return {
      columns: cols.columns.map(viewColumn),
      reference: cols.reference,
      difference: cols.difference,
      lang: locale(),
      ...(workshop.on ? { workshop: true } : {}),
      ...(workshop.on && workshop.cursor !== null ? { cursor: workshop.cursor } : {}),
    };
  }

  override updated(): void {
    this.toggleAttribute('workshop', this.workshop.on);
  }

  private async setLanguage(next: Locale) {
    this.languageChosen = true;
    await switchLocale(next);
    this.requestUpdate();
  }

  private async openFile(file: File) {
    try {
      await this.cols.openText(file.name, await file.text());
    } catch (err) {
      this.cols.fail(file.name, err);
    }
  }

  private async onEdit(e: HTMLElementEventMap['edit-scenario']) {
    const state = await this.cols.editorState(e.detail.handle);
    if (!state) return;
    this.editor = state;
    saveEditorState(state);
    await this.updateComplete;
    this.renderRoot.querySelector('pw-editor')?.scrollIntoView({ block: 'start' });
  }

  private closeEditor() {
    this.editor = null;
    saveEditorState(null);
  }

  private async copyLink() {
    // No clipboard (permissions): the address bar holds the same link.
    this.url.flush();
    this.copied = await navigator.clipboard.writeText(location.href).then(() => true, () => false);
    if (this.copied) setTimeout(() => (this.copied = false), 2500);
  }

  /** Every column's figures, data and scenario in one archive, a folder per column (ui/zip-export.ts). */
  private async downloadAllZip() {
    const bundles: ColumnBundle[] = [];
    for (const column of this.renderRoot.querySelectorAll('pw-column')) {
      const bundle = await column.exportBundle();
      if (bundle) bundles.push(bundle);
    }
    if (bundles.length) downloadZip(bundles);
  }

  override render() {
    const { cols, workshop, connection } = this;
    const n = cols.columns.length;
    // Narrow screens show one column at a time, chosen with tabs.
    const narrow = this.viewport < NARROW_PX && n > 1;
    const shown = Math.min(this.shown, Math.max(0, n - 1));
    const across = narrow ? 1 : n;
    // Two charts side by side inside a column when it is wide enough.
    const columnWidth = Math.floor((this.viewport - 32) / Math.max(across, 1)) - 44;
    const perRow = columnWidth >= 580 ? 2 : 1;
    const chartWidth = Math.max(260, Math.floor((columnWidth - (perRow - 1) * 12) / perRow) - 2);
    const current = locale();
    const zone = { dragging: this.dragging, setDragging: (on: boolean) => (this.dragging = on), openFile: (f: File) => void this.openFile(f), dismiss: () => cols.dismissError() };
    return html`
      ${renderHeader(current, (next) => void this.setLanguage(next))}
      ${renderWorkshopBar(
        workshop,
        cols.years(),
        html`<button data-testid="hide-all" @click=${() => workshop.hideAll(true)}>${t('hideAll')}</button>
          <button data-testid="reveal-all" @click=${() => workshop.hideAll(false)}>${t('revealAll')}</button>`,
      )}
      ${connection.restartMessage
        ? html`<div class="engine-notice" role="alert" data-testid="engine-notice">${t('engineRestarted')} (${connection.restartMessage})
            <button @click=${() => connection.dismiss()}>${t('dismiss')}</button></div>`
        : nothing}
      ${workshop.on
        ? nothing
        : html`<div class="controls">
            ${renderLibrary(cols.library, this.selectedPath, (p) => (this.selectedPath = p), (e) => void cols.openBuiltin(e), this.starting)} ${renderOpen(cols.loadError, zone)}
          </div>`}
      ${this.editor
        ? html`<pw-editor data-testid="editor" .state_=${this.editor}
            @editor-change=${(e: HTMLElementEventMap['editor-change']) => (this.editor = e.detail)}
            @editor-apply=${(e: HTMLElementEventMap['editor-apply']) => void cols.openText(e.detail.name, e.detail.text)}
            @editor-close=${this.closeEditor}></pw-editor>`
        : nothing}
      ${renderBar({
        columns: n,
        workshop,
        difference: cols.difference,
        setDifference: (on) => cols.setDifference(on),
        copyLink: () => void this.copyLink(),
        copied: this.copied,
        downloadZip: () => void this.downloadAllZip(),
        linkTooLong: this.url.tooLong,
      })}
      ${n === 0
        ? this.starting
          ? html`<p class="empty" role="status" data-testid="loading">${t('loading')}</p>`
          : html`<p class="empty" data-testid="no-columns">${t('noColumns')}</p>`
        : html`<pw-overview
              .columns=${cols.columns.map((c) => ({ title: pick(c.info.title), parties: c.info.parties, summary: c.summary, rows: c.rows }))}
              .reference=${cols.reference}
              .cursor=${workshop.on ? workshop.cursor : null}
              ?concealed=${workshop.on && !workshop.revealed}
              ?large=${workshop.on}
            ></pw-overview>
            ${narrow ? renderColumnTabs(cols.columns.map((c) => c.info.title), shown, (i) => (this.shown = i)) : nothing}
            ${renderColumns(cols, workshop, { narrow, shown, across, perRow, chartWidth }, this.onEdit)}`}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'pw-app': PwApp;
  }
}
