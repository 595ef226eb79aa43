// The workbench page: language switch, scenario library, file opening with validation
// messages, and 2–4 scenario columns. State lives here; numbers come from the worker.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { localized } from '@lit/localize';
import type { Summary } from '../../engine/index.js';
import { startEngine, type Engine } from '../client.js';
import { LatestRunner } from '../latest.js';
import type { ColumnInfo, Issue, LeverValues, LibraryEntry, LoadResult, RunResult, TidyRow } from '../protocol.js';
import { differenceRows, sharedDomains, type Domains } from '../series.js';
import { locale, pick, switchLocale, t, type Locale } from '../i18n.js';
import { decodeView, encodeView, type ViewState } from '../url-state.js';
import type { LeverInputDetail } from './pw-column.js';
import './pw-column.js';

export const MAX_COLUMNS = 4;

interface Column {
  info: ColumnInfo;
  values: LeverValues;
  rows?: TidyRow[];
  summary?: Summary;
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
  @state() private viewport = typeof window === 'undefined' ? 1280 : window.innerWidth;
  private engine: Engine | null = null;
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
  `;

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('resize', this.onResize);
    this.engine = startEngine((message) => (this.loadError = { source: t('engineFailed'), issues: [{ path: '', message }] }));
    this.engine.library().then(
      (entries) => {
        this.library = entries;
        const view = decodeView(location.hash);
        if (view) void this.restore(view);
      },
      (err: unknown) => (this.loadError = { source: t('engineFailed'), issues: [{ path: '', message: String(err) }] }),
    );
  }

  override disconnectedCallback(): void {
    window.removeEventListener('resize', this.onResize);
    super.disconnectedCallback();
  }

  // ------------------------------------------------------------ opening

  private async openBuiltin(entry: LibraryEntry) {
    if (!this.engine) return;
    try {
      this.accept(await this.engine.openBuiltin(entry.path), entry.kind === 'comparison');
    } catch (err) {
      this.loadError = { source: entry.path, issues: [{ path: '', message: String(err) }] };
    }
  }

  private async openFile(file: File) {
    if (!this.engine) return;
    try {
      const text = await file.text();
      this.accept(await this.engine.openText(file.name, text), false);
    } catch (err) {
      this.loadError = { source: file.name, issues: [{ path: '', message: String(err) }] };
    }
  }

  /** Add what was opened; a comparison replaces the columns. Errors keep the open columns. */
  private accept(result: LoadResult, replace: boolean) {
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
    const fresh = result.columns.slice(0, MAX_COLUMNS).map((info) => this.makeColumn(info));
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
      for (const wanted of view.columns) {
        const res = await this.engine.openBuiltin(wanted.path);
        if (!res.ok) {
          this.loadError = { source: res.source, issues: res.issues };
          continue;
        }
        const keep = res.columns[wanted.index ?? 0];
        for (const c of res.columns) if (c !== keep) void this.engine.close(c.handle);
        if (!keep) continue;
        const column = this.makeColumn(keep);
        for (const def of keep.levers)
          if (Object.prototype.hasOwnProperty.call(wanted.levers, def.id)) column.values[def.id] = wanted.levers[def.id]!;
        columns.push(column);
      }
    } finally {
      this.restoring = false;
    }
    this.columns = columns.slice(0, MAX_COLUMNS);
    this.reference = Math.min(view.reference, Math.max(0, this.columns.length - 1));
    this.difference = view.difference;
    for (const c of this.columns) c.runner.request(c.values);
  }

  /** Keep the URL hash in step with the library columns, their changed levers, reference and difference. */
  override updated(): void {
    if (this.restoring || !this.library.length) return;
    const shared = this.columns.filter((c) => c.info.library);
    const view: ViewState = {
      columns: shared.map((c) => ({
        path: c.info.library!.path,
        ...(c.info.library!.index !== undefined ? { index: c.info.library!.index } : {}),
        levers: Object.fromEntries(c.info.levers.filter((l) => c.values[l.id] !== l.value).map((l) => [l.id, c.values[l.id]!])),
      })),
      reference: Math.max(0, shared.indexOf(this.columns[this.reference]!)),
      difference: this.difference,
    };
    const hash = shared.length ? encodeView(view) : '';
    if (hash !== location.hash) history.replaceState(null, '', hash || location.pathname + location.search);
  }

  private makeColumn(info: ColumnInfo): Column {
    const handle = info.handle;
    const runner = new LatestRunner<LeverValues, RunResult>(
      (values) => this.engine!.run(handle, values),
      (res) =>
        this.patch(handle, (c) =>
          res.ok ? { ...c, rows: res.rows, summary: res.summary, issues: [], busy: runner.busy } : { ...c, issues: res.issues, busy: runner.busy },
        ),
      (err) => this.patch(handle, (c) => ({ ...c, busy: false, issues: [{ path: '', message: `${t('engineFailed')}: ${String(err)}` }] })),
    );
    return { info, values: defaults(info), issues: [], busy: true, runner };
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
      <div class="controls">${this.renderLibrary()} ${this.renderOpen()}</div>
      <div class="bar">
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
            @set-reference=${(e: CustomEvent<{ index: number }>) => (this.reference = e.detail.index)}
          >
            ${this.columns.map(
              (c, i) => html`<pw-column
                data-testid="column"
                .info=${c.info}
                .values=${c.values}
                .rows=${rows[i]}
                .summary=${c.summary}
                .issues=${c.issues}
                .domains=${domains[i] ?? {}}
                .index=${i}
                .chartWidth=${chartWidth}
                ?reference=${n > 1 && i === this.reference}
                ?canReference=${n > 1}
                ?difference=${this.difference && n > 1}
                ?busy=${c.busy}
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
