// The workbench page: language switch, scenario library, file opening with validation
// messages, and 2–4 scenario columns. State lives here; numbers come from the worker.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { localized } from '@lit/localize';
import type { Summary, TargetsReport } from '../../engine/index.js';
import { EngineHost, EngineTimeoutError, type Engine, type EngineRef } from '../client.js';
import { LatestRunner } from '../latest.js';
import type { ColumnInfo, Issue, LeverValues, LibraryEntry, LoadResult, RunResult, TidyRow } from '../protocol.js';
import { differenceRows, sharedDomains, type Domains } from '../series.js';
import { locale, pick, switchLocale, t, type Locale } from '../i18n.js';
import { decodeView, encodeViewWithin, linkTooLong, URL_LIMIT, type ViewState } from '../url-state.js';
import type { ColumnView, LeverInputDetail } from './pw-column.js';
import { loadEditorState, saveEditorState, type EditorState } from './pw-editor.js';
import './pw-column.js';
import './pw-editor.js';

/** Where a column's scenario came from, so it can be reopened (worker restart) and shared. */
type Source = { kind: 'library'; path: string; index?: number } | { kind: 'text'; name: string; text: string; index?: number };

export const MAX_COLUMNS = 4;

interface Column {
  info: ColumnInfo;
  source: Source;
  view: ColumnView;
  /** The negotiation view's lever (JSON pointer), '' for the default. */
  bargain: string;
  values: LeverValues;
  rows?: TidyRow[];
  summary?: Summary;
  /** Input–output spillover in the last run, and its round targets (both from the worker). */
  indirect?: boolean;
  targets?: TargetsReport;
  issues: Issue[];
  busy: boolean;
  runner: LatestRunner<LeverValues, RunResult>;
}

function defaults(info: ColumnInfo): LeverValues {
  return Object.fromEntries(info.levers.map((l) => [l.id, l.value]));
}

@localized()
@customElement('pw-app')
export class PwApp extends LitElement {
  @state() private library: LibraryEntry[] = [];
  @state() private columns: Column[] = [];
  @state() private reference = 0;
  @state() private difference = false;
  @state() private loadError: { source: string; issues: Issue[] } | null = null;
  @state() private dragging = false;
  @state() private selectedPath = '';
  private restoring = false;
  @state() private notice = '';
  @state() private copied = false;
  @state() private linkNotice = '';
  @state() private workshop = false;
  @state() private cursor: number | null = null;
  @state() private playing = false;
  @state() private editor: EditorState | null = loadEditorState();
  private playTimer: ReturnType<typeof setInterval> | null = null;
  private host: EngineHost | null = null;
  private lastViewKey = '';
  private lastEncoded: { hash: string; dropped: number } = { hash: '', dropped: 0 };
  @state() private viewport = typeof window === 'undefined' ? 1280 : window.innerWidth;
  private engine: Engine | null = null;
  /** What the components get (a new object after a restart, so they notice). */
  @state() private engineRef: EngineRef | null = null;
  private onResize = () => (this.viewport = window.innerWidth);

  static override styles = css`
    :host { display: block; font-family: system-ui, 'Noto Sans CJK SC', 'Noto Sans SC', 'PingFang SC', 'Microsoft YaHei', 'WenQuanYi Micro Hei', sans-serif; color: #111; }
    header.top { display: flex; flex-wrap: wrap; align-items: baseline; justify-content: space-between; gap: 0.5rem; padding: 0.5rem 1rem; background: #f3f5f8; border-bottom: 1px solid #ccd; }
    h1 { font-size: 1.3rem; margin: 0; }
    .subtitle { margin: 0; color: #333; font-size: 0.9rem; }
    .lang { display: flex; gap: 0.25rem; align-items: center; font-size: 0.9rem; }
    button { font: inherit; font-size: 0.9rem; padding: 0.2rem 0.6rem; cursor: pointer; }
    button[aria-pressed='true'] { background: #0072B2; color: #fff; border: 1px solid #0072B2; }
    button:focus-visible, input:focus-visible, select:focus-visible, summary:focus-visible { outline: 3px solid #E69F00; outline-offset: 1px; }
    .controls { display: grid; grid-template-columns: minmax(0, 2fr) minmax(0, 1fr); gap: 1rem; padding: 0.75rem 1rem; }
    @media (max-width: 800px) { .controls { grid-template-columns: 1fr; } }
    section h2 { font-size: 1rem; margin: 0 0 0.4rem; }
    .pick { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; }
    .pick select { font: inherit; font-size: 0.9rem; max-width: 100%; min-width: 18rem; }
    .description { font-size: 0.85rem; color: #333; margin: 0.4rem 0 0; max-width: 60rem; }
    .drop { border: 2px dashed #888; border-radius: 6px; padding: 0.6rem; font-size: 0.85rem; }
    .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
    .file-button { display: inline-block; border: 1px solid #555; border-radius: 4px; padding: 0.2rem 0.7rem; background: #fff; cursor: pointer; }
    .drop:focus-within .file-button { outline: 3px solid #E69F00; outline-offset: 1px; }
    .drop.dragging { border-color: #0072B2; background: #e8f2fa; }
    .errors { border: 2px solid #B00020; background: #fdecee; border-radius: 6px; padding: 0.5rem; margin-top: 0.5rem; font-size: 0.85rem; }
    .errors table { border-collapse: collapse; margin: 0.3rem 0; }
    .errors th, .errors td { border: 1px solid #e0a0a8; padding: 0.15rem 0.4rem; text-align: left; vertical-align: top; }
    .bar { display: flex; gap: 1rem; align-items: center; padding: 0 1rem 0.5rem; font-size: 0.9rem; flex-wrap: wrap; }
    .columns { display: grid; gap: 0.75rem; padding: 0 1rem 1rem; align-items: start; }
    .empty { padding: 1rem; color: #333; }
    .notice { color: #B00020; font-size: 0.85rem; }
    .engine-notice { border: 2px solid #B00020; background: #fdecee; padding: 0.4rem 0.6rem; margin: 0.5rem 1rem; border-radius: 6px; }
    .workshop-bar { position: sticky; top: 0; z-index: 2; display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; padding: 0.4rem 1rem; background: #fff8e6; border-bottom: 1px solid #e6c470; font-size: 1.2rem; }
    .workshop-bar button { font-size: 1.1rem; }
    .workshop-bar output { font-size: 1.8rem; font-weight: bold; min-width: 4ch; }
    :host([workshop]) h1 { font-size: 2rem; }
    :host([workshop]) .subtitle, :host([workshop]) .bar { font-size: 1.2rem; }
  `;

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('resize', this.onResize);
    this.host = new EngineHost((message) => void this.recover(message));
    this.engine = this.host.engine;
    this.engineRef = { api: this.engine };
    // Test hook (browser tests): make the engine worker throw, terminate it, or hang (watchdog).
    (window as unknown as { __pairingWorkbench?: unknown }).__pairingWorkbench = {
      drill: (kind: 'throw' | 'terminate' | 'hang', deadlineMs?: number) => this.host?.drill(kind, deadlineMs),
    };
    // An over-long link is refused at once, before the engine starts or anything is decoded.
    let hash = location.hash;
    if (linkTooLong(hash)) {
      const message = t('linkRefusedTooLong').replace('{n}', hash.length.toLocaleString()).replace('{max}', URL_LIMIT.toLocaleString());
      this.loadError = { source: t('linkErrors'), issues: [{ path: '', message }] };
      hash = '';
      history.replaceState(null, '', location.pathname + location.search);
    }
    this.engine.library().then(
      (entries) => {
        this.library = entries;
        const view = decodeView(hash);
        if (view) void this.restore(view);
        else if (hash.startsWith('#v=')) this.loadError = { source: t('linkErrors'), issues: [{ path: '', message: 'the link is malformed' }] };
      },
      (err: unknown) => (this.loadError = { source: t('engineFailed'), issues: [{ path: '', message: String(err) }] }),
    );
  }

  override disconnectedCallback(): void {
    window.removeEventListener('resize', this.onResize);
    this.stopPlay();
    super.disconnectedCallback();
  }

  // ------------------------------------------------------------ opening

  private async openBuiltin(entry: LibraryEntry) {
    if (!this.engine) return;
    try {
      this.accept(await this.engine.openBuiltin(entry.path), entry.kind === 'comparison', { kind: 'library', path: entry.path });
    } catch (err) {
      this.loadError = { source: entry.path, issues: [{ path: '', message: String(err) }] };
    }
  }

  private async openFile(file: File) {
    if (!this.engine) return;
    try {
      const text = await file.text();
      this.accept(await this.engine.openText(file.name, text), false, { kind: 'text', name: file.name, text });
    } catch (err) {
      this.loadError = { source: file.name, issues: [{ path: '', message: String(err) }] };
    }
  }

  /** Add what was opened; a comparison replaces the columns. Errors keep the open columns. */
  private accept(result: LoadResult, replace: boolean, source: Source) {
    if (!result.ok) {
      this.loadError = { source: result.source, issues: result.issues };
      return;
    }
    const isComparison = result.reference !== undefined;
    if (!isComparison && !replace && this.columns.length + result.columns.length > MAX_COLUMNS) {
      this.loadError = { source: pick(result.columns[0]?.title), issues: [{ path: '', message: t('tooManyColumns') }] };
      for (const c of result.columns) void this.engine?.close(c.handle);
      return;
    }
    this.loadError = null;
    const fresh = result.columns
      .slice(0, MAX_COLUMNS)
      .map((info, index) => this.makeColumn(info, isComparison ? { ...source, index } : source));
    if (isComparison) {
      for (const c of this.columns) void this.engine?.close(c.info.handle);
      this.columns = fresh;
      this.reference = Math.min(result.reference ?? 0, fresh.length - 1);
    } else this.columns = [...this.columns, ...fresh];
    for (const c of fresh) c.runner.request(c.values);
  }

  /** Reopen the columns of a shared view; unknown lever ids are ignored, bad values are reported by the worker. */
  private async restore(view: ViewState) {
    if (!this.engine) return;
    this.restoring = true;
    const columns: Column[] = [];
    try {
      if (view.lang && view.lang !== locale()) await switchLocale(view.lang);
      for (const wanted of view.columns) {
        const source: Source = wanted.text !== undefined
          ? { kind: 'text', name: wanted.name ?? 'scenario.json', text: wanted.text, ...(wanted.index !== undefined ? { index: wanted.index } : {}) }
          : { kind: 'library', path: wanted.path!, ...(wanted.index !== undefined ? { index: wanted.index } : {}) };
        const column = await this.openSource(source);
        if (!column) continue;
        for (const def of column.info.levers)
          if (Object.prototype.hasOwnProperty.call(wanted.levers, def.id)) column.values[def.id] = wanted.levers[def.id]!;
        column.view = wanted.view ?? 'charts';
        column.bargain = wanted.bargain ?? '';
        columns.push(column);
      }
    } finally {
      this.restoring = false;
    }
    this.columns = columns.slice(0, MAX_COLUMNS);
    this.reference = Math.min(view.reference, Math.max(0, this.columns.length - 1));
    this.difference = view.difference;
    this.workshop = view.workshop ?? false;
    this.cursor = view.cursor ?? null;
    for (const c of this.columns) c.runner.request(c.values);
  }

  /** Open one column from its source in the current worker; problems go to the error panel as text. */
  private async openSource(source: Source): Promise<Column | null> {
    const engine = this.engine!;
    let res: Awaited<ReturnType<typeof engine.openText>>;
    try {
      res = source.kind === 'library' ? await engine.openBuiltin(source.path) : await engine.openText(source.name, source.text);
    } catch (err) {
      // The watchdog gave up on this source (or the worker restarted): say so, open the rest.
      this.loadError = { source: source.kind === 'library' ? source.path : source.name, issues: [{ path: '', message: String(err) }] };
      return null;
    }
    if (!res.ok) {
      this.loadError = { source: res.source, issues: res.issues };
      return null;
    }
    const keep = res.columns[source.index ?? 0];
    for (const c of res.columns) if (c !== keep) void engine.close(c.handle);
    return keep ? this.makeColumn(keep, source) : null;
  }

  /** The worker failed: a fresh one is running; reopen every column with its lever values and view. */
  private async recover(message: string) {
    this.notice = `${t('engineRestarted')} (${message})`;
    this.engine = this.host!.engine;
    this.engineRef = { api: this.engine };
    const old = this.columns;
    const reopened: (Column | null)[] = [];
    this.restoring = true;
    try {
      for (const c of old) reopened.push(await this.openSource(c.source));
    } finally {
      this.restoring = false;
    }
    // Lever moves and view switches made while the worker restarted are kept too.
    old.forEach((c, i) => {
      const now = this.columns.find((x) => x.info.handle === c.info.handle) ?? c;
      const column = reopened[i];
      if (!column) return;
      column.values = { ...now.values };
      column.view = now.view;
      column.bargain = now.bargain;
    });
    const fresh = reopened.filter((c): c is Column => c !== null);
    this.columns = fresh;
    for (const c of fresh) c.runner.request(c.values);
  }

  /** Keep the URL hash in step with the library columns, their changed levers, reference and difference. */
  override updated(): void {
    this.toggleAttribute('workshop', this.workshop);
    if (this.restoring || !this.library.length) return;
    const view: ViewState = {
      columns: this.columns.map((c) => ({
        ...(c.source.kind === 'library' ? { path: c.source.path } : { text: c.source.text, name: c.source.name }),
        ...(c.source.index !== undefined ? { index: c.source.index } : {}),
        levers: Object.fromEntries(c.info.levers.filter((l) => c.values[l.id] !== l.value).map((l) => [l.id, c.values[l.id]!])),
        ...(c.view !== 'charts' ? { view: c.view } : {}),
        ...(c.bargain ? { bargain: c.bargain } : {}),
      })),
      reference: this.reference,
      difference: this.difference,
      lang: locale(),
      ...(this.workshop ? { workshop: true } : {}),
      ...(this.workshop && this.cursor !== null ? { cursor: this.cursor } : {}),
    };
    // Compressing scenario texts on every render (a dragged slider) would be wasted work.
    const key = JSON.stringify(view);
    if (key !== this.lastViewKey) {
      this.lastViewKey = key;
      this.lastEncoded = this.columns.length || this.workshop ? encodeViewWithin(view, URL_LIMIT) : { hash: '', dropped: 0 };
    }
    const { hash, dropped } = this.lastEncoded;
    const notice = dropped ? t('linkTooLong') : '';
    if (notice !== this.linkNotice) this.linkNotice = notice;
    if (hash !== location.hash) history.replaceState(null, '', hash || location.pathname + location.search);
  }

  private makeColumn(info: ColumnInfo, source: Source): Column {
    const handle = info.handle;
    const engine = this.engine!;
    const runner = new LatestRunner<LeverValues, RunResult>(
      (values) => engine.run(handle, values),
      (res) =>
        this.patch(handle, (c) =>
          res.ok ? { ...c, rows: res.rows, summary: res.summary, indirect: res.indirect, targets: res.targets, issues: [], busy: runner.busy } : { ...c, issues: res.issues, busy: runner.busy },
        ),
      (err) =>
        this.patch(handle, (c) => ({
          ...c,
          busy: false,
          issues: [{ path: '', message: err instanceof EngineTimeoutError ? err.message : `${t('engineFailed')}: ${String(err)}` }],
        })),
    );
    return { info, source, view: 'charts', bargain: '', values: defaults(info), issues: [], busy: true, runner };
  }

  private patch(handle: string, f: (c: Column) => Column) {
    this.columns = this.columns.map((c) => (c.info.handle === handle ? f(c) : c));
  }

  private onFileInput(e: Event) {
    const input = e.target as HTMLInputElement;
    const file = input.files?.[0];
    if (file) void this.openFile(file);
    input.value = '';
  }

  private onDrop(e: DragEvent) {
    e.preventDefault();
    this.dragging = false;
    const file = e.dataTransfer?.files?.[0];
    if (file) void this.openFile(file);
  }

  // ------------------------------------------------------------ column events

  private onLever(e: CustomEvent<LeverInputDetail>) {
    const { handle, id, value } = e.detail;
    const col = this.columns.find((c) => c.info.handle === handle);
    if (!col) return;
    const values = { ...col.values, [id]: value };
    this.patch(handle, (c) => ({ ...c, values, busy: true }));
    col.runner.request(values);
  }

  private onReset(e: CustomEvent<{ handle: string }>) {
    const col = this.columns.find((c) => c.info.handle === e.detail.handle);
    if (!col) return;
    const values = defaults(col.info);
    this.patch(col.info.handle, (c) => ({ ...c, values, busy: true }));
    col.runner.request(values);
  }

  private onClose(e: CustomEvent<{ handle: string }>) {
    const i = this.columns.findIndex((c) => c.info.handle === e.detail.handle);
    if (i < 0) return;
    void this.engine?.close(e.detail.handle);
    this.columns = this.columns.filter((_, j) => j !== i);
    if (i < this.reference || this.reference >= this.columns.length) this.reference = Math.max(0, this.reference - 1);
  }

  private async setLanguage(next: Locale) {
    await switchLocale(next);
    this.requestUpdate();
  }

  private onView(e: CustomEvent<{ handle: string; view: ColumnView }>) {
    this.patch(e.detail.handle, (c) => ({ ...c, view: e.detail.view }));
  }

  private async onEdit(e: CustomEvent<{ handle: string }>) {
    const col = this.columns.find((c) => c.info.handle === e.detail.handle);
    if (!col || !this.engine) return;
    const text = await this.engine.sourceText(col.info.handle);
    if (text === null) return;
    const origin = col.source.kind === 'library' ? { path: col.source.path, ...(col.source.index !== undefined ? { index: col.source.index } : {}) } : null;
    const name = col.source.kind === 'text' ? col.source.name : `${col.info.id}.json`;
    this.editor = { text: col.source.kind === 'text' && col.source.index === undefined ? col.source.text : text, name, origin };
    saveEditorState(this.editor);
    await this.updateComplete;
    this.renderRoot.querySelector('pw-editor')?.scrollIntoView({ block: 'start' });
  }

  private async onEditorApply(e: CustomEvent<{ name: string; text: string }>) {
    if (!this.engine) return;
    const { name, text } = e.detail;
    this.accept(await this.engine.openText(name, text), false, { kind: 'text', name, text });
  }

  private async copyLink() {
    try {
      await navigator.clipboard.writeText(location.href);
      this.copied = true;
      setTimeout(() => (this.copied = false), 2500);
    } catch {
      // No clipboard (permissions): the address bar holds the same link.
      this.copied = false;
    }
  }

  private closeEditor() {
    this.editor = null;
    saveEditorState(null);
  }

  // ------------------------------------------------------------ workshop

  private years(): { from: number; to: number } | null {
    if (!this.columns.length) return null;
    return {
      from: Math.min(...this.columns.map((c) => c.info.years.from)),
      to: Math.max(...this.columns.map((c) => c.info.years.to)),
    };
  }

  private step(delta: number) {
    const ys = this.years();
    if (!ys) return;
    const current = this.cursor ?? (delta > 0 ? ys.from - 1 : ys.to + 1);
    this.cursor = Math.min(ys.to, Math.max(ys.from, current + delta));
  }

  private togglePlay() {
    if (this.playing) return this.stopPlay();
    const ys = this.years();
    if (!ys) return;
    if (this.cursor === null || this.cursor >= ys.to) this.cursor = ys.from;
    this.playing = true;
    this.playTimer = setInterval(() => {
      const y = this.years();
      if (!y || this.cursor === null || this.cursor >= y.to) return this.stopPlay();
      this.cursor += 1;
    }, 900);
  }

  private stopPlay() {
    if (this.playTimer) clearInterval(this.playTimer);
    this.playTimer = null;
    this.playing = false;
  }

  private renderWorkshopBar() {
    const ys = this.years();
    if (!this.workshop || !ys) return nothing;
    return html`<div class="workshop-bar" role="group" aria-label=${t('yearCursor')} data-testid="workshop-bar">
      <button data-testid="year-prev" @click=${() => this.step(-1)}>◀ ${t('previousYear')}</button>
      <label for="year-cursor">${t('yearCursor')}</label>
      <input id="year-cursor" data-testid="year-cursor" type="range" min=${ys.from} max=${ys.to} step="1"
        .value=${String(this.cursor ?? ys.to)}
        @input=${(e: Event) => (this.cursor = Number((e.target as HTMLInputElement).value))} />
      <output data-testid="year-value" for="year-cursor">${this.cursor ?? t('allYears')}</output>
      <button data-testid="year-next" @click=${() => this.step(1)}>${t('nextYear')} ▶</button>
      <button data-testid="year-play" aria-pressed=${this.playing} @click=${() => this.togglePlay()}>${this.playing ? t('pause') : t('play')}</button>
      <button data-testid="year-all" @click=${() => { this.stopPlay(); this.cursor = null; }}>${t('allYears')}</button>
    </div>`;
  }

  // ------------------------------------------------------------ rendering

  private display(): { rows: (TidyRow[] | undefined)[]; domains: Domains[] } {
    const ref = this.columns[this.reference];
    const diff = this.difference && this.columns.length > 1 && ref?.rows !== undefined;
    const rows = this.columns.map((c, i) => (diff && i !== this.reference && c.rows ? differenceRows(c.rows, ref!.rows!) : c.rows));
    if (!diff) {
      const shared = sharedDomains(rows.filter((r): r is TidyRow[] => !!r));
      return { rows, domains: rows.map(() => shared) };
    }
    const others = sharedDomains(rows.filter((r, i): r is TidyRow[] => !!r && i !== this.reference));
    const own = sharedDomains([ref!.rows!]);
    return { rows, domains: rows.map((_, i) => (i === this.reference ? own : others)) };
  }

  private renderLibrary() {
    const groups = [
      ['comparison', t('comparisons')],
      ['scenario', t('scenarios')],
    ] as const;
    const selected = this.library.find((e) => e.path === this.selectedPath) ?? this.library[0];
    return html`<section aria-labelledby="library-heading">
      <h2 id="library-heading">${t('library')}</h2>
      ${this.library.length === 0
        ? html`<p data-testid="library-empty">${t('libraryEmpty')}</p>`
        : html`<div class="pick">
              <label for="library-select">${t('chooseScenario')}</label>
              <select
                id="library-select"
                data-testid="library-select"
                @change=${(e: Event) => (this.selectedPath = (e.target as HTMLSelectElement).value)}
              >
                ${groups.map(([kind, heading]) => {
                  const entries = this.library.filter((e) => e.kind === kind);
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
              <button data-testid="library-open" @click=${() => selected && this.openBuiltin(selected)}>
                ${selected?.kind === 'comparison' ? t('openComparison') : t('addColumn')}
              </button>
            </div>
            <p class="description" data-testid="library-description">${pick(selected?.description)}</p>`}
    </section>`;
  }

  private renderOpen() {
    const err = this.loadError;
    return html`<section aria-labelledby="open-heading">
      <h2 id="open-heading">${t('openFile')}</h2>
      <div
        class="drop ${this.dragging ? 'dragging' : ''}"
        data-testid="drop-zone"
        @dragover=${(e: DragEvent) => {
          e.preventDefault();
          this.dragging = true;
        }}
        @dragleave=${() => (this.dragging = false)}
        @drop=${this.onDrop}
      >
        <input id="file-input" class="visually-hidden" data-testid="file-input" type="file" accept=".json,application/json" @change=${this.onFileInput} />
        <label for="file-input" class="file-button">${t('chooseFile')}</label>
        <p style="margin:0.3rem 0 0">${t('dropHint')}</p>
      </div>
      ${err
        ? html`<div class="errors" role="alert" data-testid="load-errors">
            <strong>${t('couldNotOpen')}: ${err.source}</strong>
            <table>
              <thead><tr><th scope="col">${t('pointer')}</th><th scope="col">${t('message')}</th></tr></thead>
              <tbody>
                ${err.issues.map(
                  (i) => html`<tr><td><code>${i.path || t('documentRoot')}</code></td><td>${i.message}</td></tr>`,
                )}
              </tbody>
            </table>
            <button @click=${() => (this.loadError = null)}>${t('dismiss')}</button>
          </div>`
        : nothing}
    </section>`;
  }

  override render() {
    const n = this.columns.length;
    const { rows, domains } = this.display();
    // Two charts side by side inside a column when it is wide enough.
    const columnWidth = Math.floor((this.viewport - 32) / Math.max(n, 1)) - 44;
    const perRow = columnWidth >= 580 ? 2 : 1;
    const chartWidth = Math.max(260, Math.floor((columnWidth - (perRow - 1) * 12) / perRow) - 2);
    const current = locale();
    return html`
      <header class="top">
        <div>
          <h1 data-testid="app-title">${t('appTitle')}</h1>
          <p class="subtitle">${t('appSubtitle')}</p>
        </div>
        <div class="lang" role="group" aria-label=${t('language')}>
          <span>${t('language')}:</span>
          <button data-testid="lang-zh" lang="zh-CN" aria-pressed=${current === 'zh-CN'} @click=${() => this.setLanguage('zh-CN')}>中文</button>
          <button data-testid="lang-en" lang="en" aria-pressed=${current === 'en'} @click=${() => this.setLanguage('en')}>English</button>
        </div>
      </header>
      ${this.renderWorkshopBar()}
      ${this.notice
        ? html`<div class="engine-notice" role="alert" data-testid="engine-notice">${this.notice}
            <button @click=${() => (this.notice = '')}>${t('dismiss')}</button></div>`
        : nothing}
      ${this.workshop ? nothing : html`<div class="controls">${this.renderLibrary()} ${this.renderOpen()}</div>`}
      ${this.editor
        ? html`<pw-editor data-testid="editor" .engine=${this.engineRef} .state_=${this.editor}
            @editor-change=${(e: CustomEvent<EditorState>) => (this.editor = e.detail)}
            @editor-apply=${this.onEditorApply} @editor-close=${this.closeEditor}></pw-editor>`
        : nothing}
      <div class="bar">
        <label>
          <input type="checkbox" data-testid="workshop-toggle" .checked=${this.workshop}
            @change=${(e: Event) => {
              this.workshop = (e.target as HTMLInputElement).checked;
              if (!this.workshop) { this.stopPlay(); this.cursor = null; }
            }} />
          ${t('workshopMode')}
        </label>
        <button data-testid="copy-link" ?disabled=${!this.columns.length} @click=${() => this.copyLink()}>${t('shareLink')}</button>
        <span role="status" data-testid="copy-status">${this.copied ? t('linkCopied') : ''}</span>
        ${this.linkNotice ? html`<span class="notice" role="status" data-testid="link-notice">${this.linkNotice}</span>` : nothing}
        <label>
          <input
            type="checkbox"
            data-testid="difference-toggle"
            .checked=${this.difference}
            ?disabled=${n < 2}
            @change=${(e: Event) => (this.difference = (e.target as HTMLInputElement).checked)}
          />
          ${t('differenceToggle')}
        </label>
      </div>
      ${n === 0
        ? html`<p class="empty">${t('noColumns')}</p>`
        : html`<main
            class="columns"
            style="grid-template-columns: repeat(${n}, minmax(0, 1fr))"
            @lever-input=${this.onLever}
            @reset-levers=${this.onReset}
            @close-column=${this.onClose}
            @view-change=${this.onView}
            @bargain-lever=${(e: CustomEvent<{ handle: string; path: string }>) => this.patch(e.detail.handle, (c) => ({ ...c, bargain: e.detail.path }))}
            @edit-scenario=${this.onEdit}
            @set-reference=${(e: CustomEvent<{ index: number }>) => (this.reference = e.detail.index)}
          >
            ${this.columns.map(
              (c, i) => html`<pw-column
                data-testid="column"
                .info=${c.info}
                .values=${c.values}
                .rows=${rows[i]}
                .summary=${c.summary}
                ?indirect=${c.indirect ?? false}
                .targets=${c.targets}
                .issues=${c.issues}
                .domains=${domains[i] ?? {}}
                .index=${i}
                .chartWidth=${chartWidth}
                ?reference=${n > 1 && i === this.reference}
                ?canReference=${n > 1}
                ?difference=${this.difference && n > 1}
                ?busy=${c.busy}
                .engine=${this.engineRef}
                .view=${c.view}
                .bargain=${c.bargain}
                ?workshop=${this.workshop}
                .cursor=${this.workshop ? this.cursor : null}
              ></pw-column>`,
            )}
          </main>`}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'pw-app': PwApp;
  }
}
