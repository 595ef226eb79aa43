// Scenario editor: a form for the scenario's main fields and its policy levers (the lever
// registry of engine/analysis/levers.ts, the same the sliders and `--set` use: shares as
// ratios of the named parties, basis, sunset, agreement end, discount rate, cost shares,
// instrument parameters), and the scenario as JSON with line numbers and the syntax error's
// line marked. Form values are written as overrides (editor-form.ts); errors sit beside their
// field, the typed text is kept. Every change is saved in localStorage as you type; the undo
// history too, so both come back after a reload. Validation runs in the worker.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { emit, type EditorState, type PwEvents } from '../events.js';
import { engineContext } from '../controllers/engine-connection.js';
import { localized } from '@lit/localize';
import type { EngineRef } from '../client.js';
import { LatestRunner } from '../latest.js';
import type { Issue, LeverDef } from '../protocol.js';
import { issueMessage, issuePlace, locale, pick, t } from '../i18n.js';
import type { MessageId } from '../messages.js';
import { getByPointer, parsePointer } from '../../engine/pointer.js';
import { shareRatio } from '../../engine/model/lever.js';
import {
  boundHistory,
  issueBelongsTo,
  issueTarget,
  loadHistory,
  parseScenarioText,
  pointerLine,
  readLeverInput,
  saveHistory,
  syntaxMessage,
  writeLever,
  type EditorHistory,
  type SyntaxProblem,
} from '../editor-form.js';

export const EDITOR_STORAGE_KEY = 'pairing-workbench.editor';

export type { EditorState } from '../events.js';

export function loadEditorState(): EditorState | null {
  try {
    const raw = JSON.parse(localStorage.getItem(EDITOR_STORAGE_KEY) ?? 'null') as Partial<EditorState> | null;
    if (!raw || typeof raw.text !== 'string') return null;
    const o = raw.origin as { path?: unknown; index?: unknown } | null | undefined;
    const origin = o && typeof o.path === 'string' ? { path: o.path, ...(typeof o.index === 'number' ? { index: o.index } : {}) } : null;
    return { text: raw.text, name: typeof raw.name === 'string' ? raw.name : 'scenario.json', origin };
  } catch {
    return null;
  }
}

export function saveEditorState(s: EditorState | null): void {
  try {
    if (s) localStorage.setItem(EDITOR_STORAGE_KEY, JSON.stringify(s));
    else localStorage.removeItem(EDITOR_STORAGE_KEY);
  } catch {
    // Storage full or unavailable: the text stays in the page.
  }
}

interface Field {
  pointer: string;
  label: MessageId;
  type: 'text' | 'number';
}

/** The scenario's own fields; the policy's numbers (and the discount rate) are levers below. */
const FIELDS: Field[] = [
  { pointer: '/id', label: 'scenarioId', type: 'text' },
  { pointer: '/title/zh', label: 'titleZh', type: 'text' },
  { pointer: '/title/en', label: 'titleEn', type: 'text' },
  { pointer: '/years/from', label: 'yearFrom', type: 'number' },
  { pointer: '/years/to', label: 'yearTo', type: 'number' },
];

/** The field's value in the (untrusted) document: own data only (engine/pointer.ts). */
const get = getByPointer;

/** Set one of the FIELDS (fixed pointers), creating the objects on its way. */
function set(doc: Record<string, unknown>, pointer: string, value: unknown): void {
  const parsed = parsePointer(pointer);
  if (!parsed.ok || !parsed.segments.length) return;
  const segs = parsed.segments;
  let node = doc;
  for (const seg of segs.slice(0, -1)) {
    if (!node[seg] || typeof node[seg] !== 'object') node[seg] = {};
    node = node[seg] as Record<string, unknown>;
  }
  node[segs.at(-1)!] = value;
}

const BASIS_NAMES: Record<string, MessageId> = { all: 'basisAll', increment: 'basisIncrement' };

/** Which undo history belongs to an editing session: the file and the built-in file it came from. */
function historyKey(s: EditorState): string {
  return JSON.stringify([s.name, s.origin?.path ?? null, s.origin?.index ?? null]);
}

/** Line height of the JSON view in px (the gutter and the error band are laid out on it). */
const LINE_PX = 18;

@localized()
@customElement('pw-editor')
export class PwEditor extends LitElement {
  /** The engine, provided by the app (@lit/context); a new one after a worker restart. */
  @consume({ context: engineContext, subscribe: true }) @state() engine: EngineRef | null = null;
  @property({ attribute: false }) state_: EditorState = { text: '', name: 'scenario.json', origin: null };
  @state() private issues: Issue[] = [];
  @state() private checking = false;
  /** The levers of the last text that resolved (kept while the text is invalid, so errors stay beside their field). */
  @state() private levers: LeverDef[] | null = null;
  @state() private costItems: Record<string, number> = {};
  /** What the user typed in a lever field (kept, also when it is refused), by lever id. */
  @state() private typed: Record<string, string> = {};
  /** Why a typed value was not written (bounds, not a number), by lever id. */
  @state() private refused: Record<string, string> = {};
  @state() private history: EditorHistory = { key: '', undo: [], redo: [] };
  @state() private textScroll = 0;
  /** A line the user went to from an issue (marked in the gutter). */
  @state() private markedLine: number | null = null;
  private runner: LatestRunner<string, { issues: Issue[]; levers: LeverDef[] | null; costItems: Record<string, number> }> | null = null;
  private runnerEngine: EngineRef | null = null;
  private checkedText: string | null = null;

  static override styles = css`
    :host { display: block; border: 2px solid #0072B2; border-radius: 6px; padding: 0.75rem; margin: 0 1rem 1rem; background: #fbfdff; }
    h2 { font-size: 1rem; margin: 0 0 0.5rem; }
    .grid { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 1rem; }
    @media (max-width: 900px) { .grid { grid-template-columns: 1fr; } }
    fieldset { margin: 0 0 0.6rem; border: 1px solid #9ab; border-radius: 4px; min-width: 0; }
    legend { font-weight: 600; font-size: 0.9rem; }
    .field { display: grid; grid-template-columns: minmax(8rem, 2fr) minmax(6rem, 1fr); gap: 0.2rem 0.5rem; align-items: center; margin: 0.3rem 0; font-size: 0.85rem; }
    .field input, .field select { font: inherit; min-width: 0; }
    .hint { grid-column: 1 / -1; font-size: 0.8rem; color: #333; }
    .error { grid-column: 1 / -1; color: #B00020; font-size: 0.8rem; }
    .code { display: grid; grid-template-columns: auto minmax(0, 1fr); border: 1px solid #767676; font-family: ui-monospace, monospace; font-size: 12px; line-height: ${LINE_PX}px; }
    .gutter { margin: 0; padding: 4px 6px 4px 4px; text-align: right; color: #555; background: #eef2f5; overflow: hidden; height: 26rem; box-sizing: border-box; user-select: none; }
    .gutter .bad { color: #fff; background: #B00020; font-weight: 700; }
    .gutter .marked { color: #111; background: #E69F00; font-weight: 700; }
    .issues button.line { font-size: 0.75rem; padding: 0 0.3rem; margin-left: 0.3rem; }
    .text { position: relative; min-width: 0; }
    textarea { display: block; width: 100%; box-sizing: border-box; height: 26rem; margin: 0; padding: 4px; border: 0; font: inherit; line-height: inherit; resize: vertical; white-space: pre; overflow: auto; background: transparent; }
    .band { position: absolute; left: 0; right: 0; height: ${LINE_PX}px; background: rgba(213, 94, 0, 0.22); pointer-events: none; }
    .actions { display: flex; flex-wrap: wrap; gap: 0.4rem; margin: 0.4rem 0; }
    button { font: inherit; font-size: 0.85rem; padding: 0.2rem 0.6rem; cursor: pointer; }
    button:focus-visible, input:focus-visible, select:focus-visible, textarea:focus-visible { outline: 3px solid #E69F00; outline-offset: 1px; }
    .issues { color: #B00020; font-size: 0.85rem; }
    .ok { color: #006b4f; font-size: 0.85rem; }
    .note { font-size: 0.8rem; color: #333; }
    .syntax { color: #B00020; font-size: 0.85rem; margin: 0.3rem 0; }
    .syntax button { font-size: 0.8rem; margin-left: 0.4rem; }
  `;

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('state_')) {
      const key = historyKey(this.state_);
      if (key !== this.history.key) this.history = loadHistory(key);
    }
    if (this.engine !== this.runnerEngine) {
      this.runnerEngine = this.engine;
      const engine = this.engine;
      this.runner = engine
        ? new LatestRunner(
            (text: string) => engine.api.inspect(this.state_.name, text),
            (res) => {
              this.checking = false;
              this.issues = res.issues;
              if (res.levers) {
                this.levers = res.levers;
                this.costItems = res.costItems;
              }
            },
            (err) => {
              this.checking = false;
              this.issues = [{ path: '', message: String(err) }];
            },
          )
        : null;
      this.checkedText = null;
    }
    if (this.runner && this.state_.text !== this.checkedText) this.validate();
  }

  private validate() {
    if (!this.runner) return;
    this.checking = true;
    this.checkedText = this.state_.text;
    this.runner.request(this.state_.text);
  }

  private setHistory(h: EditorHistory) {
    this.history = boundHistory(h);
    saveHistory(this.history);
  }

  /** Replace the text (one undo step), save it and check it. From the form, the typed texts stay. */
  private change(text: string, opts: { fromHistory?: boolean; fromForm?: boolean } = {}) {
    if (text === this.state_.text) return;
    if (!opts.fromHistory) this.setHistory({ ...this.history, undo: [...this.history.undo, this.state_.text], redo: [] });
    if (!opts.fromForm) {
      // The text changed under the form: its fields show the document's values again.
      this.typed = {};
      this.refused = {};
    }
    this.state_ = { ...this.state_, text };
    this.markedLine = null;
    saveEditorState(this.state_);
    // The page keeps the state too (it re-sets object properties on every render).
    this.emit('editor-change', this.state_);
    this.validate();
  }

  private undo() {
    const prev = this.history.undo.at(-1);
    if (prev === undefined) return;
    this.setHistory({ ...this.history, undo: this.history.undo.slice(0, -1), redo: [...this.history.redo, this.state_.text] });
    this.change(prev, { fromHistory: true });
  }

  private redo() {
    const next = this.history.redo.at(-1);
    if (next === undefined) return;
    this.setHistory({ ...this.history, redo: this.history.redo.slice(0, -1), undo: [...this.history.undo, this.state_.text] });
    this.change(next, { fromHistory: true });
  }

  private async resetToBuiltin() {
    const origin = this.state_.origin;
    if (!origin || !this.engine) return;
    const res = await this.engine.api.openBuiltin(origin.path);
    if (!res.ok) {
      this.issues = res.issues;
      return;
    }
    const col = res.columns[origin.index ?? 0];
    const text = col ? await this.engine.api.sourceText(col.handle) : null;
    for (const c of res.columns) void this.engine.api.close(c.handle);
    if (text !== null) this.change(text);
  }

  private fieldInput(f: Field, raw: string) {
    const { doc } = parseScenarioText(this.state_.text);
    if (!doc) return;
    set(doc, f.pointer, f.type === 'number' ? (raw.trim() === '' ? null : Number(raw)) : raw);
    this.change(JSON.stringify(doc, null, 2));
  }

  /** A lever field changed: write the value into the document, or keep the text and say why not. */
  private leverInput(lever: LeverDef, raw: string) {
    this.typed = { ...this.typed, [lever.id]: raw };
    const read = readLeverInput(lever, raw);
    if ('error' in read) {
      this.refused = { ...this.refused, [lever.id]: read.error };
      return;
    }
    const { [lever.id]: _gone, ...rest } = this.refused;
    this.refused = rest;
    const { doc } = parseScenarioText(this.state_.text);
    if (!doc) return;
    this.change(JSON.stringify(writeLever(doc, lever, read.value, this.costItems[lever.id] ?? 0), null, 2), { fromForm: true });
  }

  private emit<K extends keyof PwEvents>(name: K, detail: PwEvents[K]) {
    emit(this, name, detail);
  }

  private renderField(f: Field, doc: Record<string, unknown> | null) {
    const id = `field-${f.pointer.replace(/\W/g, '-')}`;
    const value = doc ? get(doc, f.pointer) : undefined;
    const here = this.issues.filter((i) => i.path === f.pointer || i.path.startsWith(f.pointer + '/'));
    return html`<div class="field">
      <label for=${id}>${t(f.label)}</label>
      <input
        id=${id}
        data-field=${f.pointer}
        type=${f.type}
        step="1"
        ?disabled=${!doc}
        .value=${value === undefined || value === null ? '' : String(value)}
        aria-invalid=${here.length ? 'true' : 'false'}
        aria-describedby=${here.length ? `${id}-error` : nothing}
        @change=${(e: Event) => this.fieldInput(f, (e.target as HTMLInputElement).value)}
      />
      ${here.length
        ? html`<div class="error" id="${id}-error" role="alert" data-testid="field-error">
            ${here.map((i) => html`<div>${issueMessage(i.message)} <code>${i.path}</code></div>`)}
          </div>`
        : nothing}
    </div>`;
  }

  /** How a lever's value reads: a share as the parties' ratio, a rate in percent, else the number. */
  private leverValueText(lever: LeverDef, value: number | string): string {
    if (typeof value === 'string') return value;
    if (!Number.isFinite(value)) return '';
    return String(value);
  }

  private renderLever(lever: LeverDef, doc: Record<string, unknown> | null) {
    const id = `lever-field-${lever.id.replace(/[^A-Za-z0-9]/g, '-')}`;
    const lang = locale() === 'en' ? 'en' : 'zh';
    const label = pick(lever.label);
    const refused = this.refused[lever.id];
    const issues = this.issues.filter((i) => issueBelongsTo(lever, issueTarget(i, doc)));
    const bad = refused !== undefined || issues.length > 0;
    const typed = this.typed[lever.id];
    const shown = typed ?? this.leverValueText(lever, lever.value);
    // The ratio follows what was typed when it was written, else the value in the scenario.
    const read = typed !== undefined ? readLeverInput(lever, typed) : null;
    const current = read && 'value' in read ? read.value : lever.value;
    const ratio = typeof current === 'number' ? shareRatio(lever, current, lang) : null;
    const unit = lever.unit && lever.unit !== 'share' && lever.unit !== 'year' ? lever.unit : null;
    const bounds = lever.min !== undefined && lever.max !== undefined ? `${lever.min}–${lever.max}` : null;
    const error = bad
      ? html`<div class="error" id="${id}-error" role="alert" data-testid="lever-error" data-lever-error=${lever.id}>
          ${refused !== undefined ? html`<div>${t('editorNotWritten')}：${issueMessage(refused)}</div>` : nothing}
          ${issues.map((i) => html`<div>${issueMessage(i.message)}</div>`)}
        </div>`
      : nothing;
    const control = lever.options
      ? html`<select id=${id} data-lever-field=${lever.id} ?disabled=${!doc} aria-invalid=${bad ? 'true' : 'false'}
          aria-describedby=${bad ? `${id}-error` : nothing}
          @change=${(e: Event) => this.leverInput(lever, (e.target as HTMLSelectElement).value)}>
          ${lever.options.map((o) => html`<option value=${o} ?selected=${o === (typed ?? lever.value)}>${BASIS_NAMES[o] ? t(BASIS_NAMES[o]!) : o}</option>`)}
        </select>`
      : html`<input id=${id} type="text" inputmode="decimal" data-lever-field=${lever.id} ?disabled=${!doc}
          .value=${shown}
          aria-invalid=${bad ? 'true' : 'false'}
          aria-describedby=${bad ? `${id}-error` : `${id}-hint`}
          @change=${(e: Event) => this.leverInput(lever, (e.target as HTMLInputElement).value)} />`;
    const hint = [ratio, unit, bounds && !ratio ? bounds : null].filter(Boolean).join(' · ');
    return html`<div class="field" data-lever-row=${lever.id}>
      <label for=${id}>${label}</label>
      ${control}
      ${hint ? html`<div class="hint" id="${id}-hint" data-lever-ratio=${lever.id}>${hint}</div>` : nothing}
      ${error}
    </div>`;
  }

  /** The policy levers grouped as the column groups them: agreement and discounting, one group per sharing rule, cost shares, instruments. */
  private renderLevers(doc: Record<string, unknown> | null) {
    const levers = this.levers;
    if (!levers) return html`<p class="note" data-testid="editor-levers-later">${t('editorLeversLater')}</p>`;
    const general = levers.filter((l) => l.rule === undefined && l.group !== 'costShare' && l.group !== 'instruments');
    const rules = [...new Set(levers.filter((l) => l.rule !== undefined).map((l) => l.rule!))];
    const costs = levers.filter((l) => l.group === 'costShare');
    const instruments = levers.filter((l) => l.group === 'instruments');
    const group = (legend: string, list: LeverDef[], rule?: string) =>
      list.length
        ? html`<fieldset data-rule=${rule ?? nothing}><legend>${legend}</legend>${list.map((l) => this.renderLever(l, doc))}</fieldset>`
        : nothing;
    return html`
      <p class="note">${t('editorWritesOverrides')}</p>
      ${group(t('editorAgreement'), general)}
      ${rules.map((rule) => {
        const list = levers.filter((l) => l.rule === rule);
        return group(`${t('categoryLevers')} · ${pick(list[0]!.subject)}`, list, rule);
      })}
      ${group(t('costShares'), costs)}
      ${group(t('instrumentLevers'), instruments)}
    `;
  }

  /** The engine's issues, each with a button to its line in the JSON when the text holds it. */
  private renderIssues(issues: readonly Issue[], doc: Record<string, unknown> | null) {
    return html`<ul>
      ${issues.map((x) => {
        const line = pointerLine(this.state_.text, x.path, doc);
        return html`<li data-testid="issue">
          <strong>${issuePlace(x.path)}</strong> <code class="pointer">${x.path || '/'}</code>：${issueMessage(x.message)}
          ${line !== null
            ? html`<button class="line" data-testid="issue-line" data-line=${line} @click=${() => this.goTo({ line, column: 1, code: '' })}>
                ${t('editorAtLine').replace('{n}', String(line))}
              </button>`
            : nothing}
        </li>`;
      })}
    </ul>`;
  }

  private goTo(problem: SyntaxProblem) {
    this.markedLine = problem.line;
    const area = this.renderRoot.querySelector('textarea');
    if (!area) return;
    const lines = this.state_.text.split('\n');
    let offset = 0;
    for (let i = 0; i < problem.line - 1 && i < lines.length; i++) offset += lines[i]!.length + 1;
    offset += problem.column - 1;
    area.focus();
    area.setSelectionRange(offset, offset);
    area.scrollTop = Math.max(0, (problem.line - 5) * LINE_PX);
  }

  private renderJson(problem: SyntaxProblem | null) {
    const lines = this.state_.text.split('\n').length;
    const numbers = Array.from({ length: lines }, (_, i) => i + 1);
    const bad = problem?.line;
    return html`
      <label for="editor-text">${t('editorJson')}</label>
      ${problem
        ? html`<div class="syntax" role="alert" data-testid="editor-syntax" data-line=${problem.line} data-column=${problem.column}>
            ${syntaxMessage(problem, locale())}
            <button data-testid="editor-goto-error" @click=${() => this.goTo(problem)}>${t('editorGoToError')}</button>
          </div>`
        : nothing}
      <div class="code">
        <pre class="gutter" aria-hidden="true" title=${t('editorLineNumbers')} data-testid="editor-gutter" .scrollTop=${this.textScroll}>${numbers.map(
          (n) =>
            n === bad
              ? html`<span class="bad" data-testid="editor-error-line">${n}</span>\n`
              : n === this.markedLine
                ? html`<span class="marked" data-testid="editor-marked-line">${n}</span>\n`
                : `${n}\n`,
        )}</pre>
        <div class="text">
          ${bad ? html`<div class="band" data-testid="editor-error-band" style="top: ${4 + (bad - 1) * LINE_PX - this.textScroll}px"></div>` : nothing}
          <textarea
            id="editor-text"
            data-testid="editor-text"
            spellcheck="false"
            wrap="off"
            aria-invalid=${problem ? 'true' : 'false'}
            .value=${this.state_.text}
            @scroll=${(e: Event) => (this.textScroll = (e.target as HTMLTextAreaElement).scrollTop)}
            @input=${(e: Event) => this.change((e.target as HTMLTextAreaElement).value)}
          ></textarea>
        </div>
      </div>
    `;
  }

  override render() {
    const { doc, problem } = parseScenarioText(this.state_.text);
    // A syntax error is shown at its line in the JSON view; the worker's own message says the same.
    const issues = problem ? this.issues.filter((i) => i.path !== '') : this.issues;
    return html`
      <h2 id="editor-heading">${t('editor')} · ${this.state_.name}</h2>
      <p class="note">${t('savedLocally')} ${t('editorHistoryKept')}</p>
      <div class="actions">
        <button data-testid="editor-undo" ?disabled=${!this.history.undo.length} @click=${() => this.undo()}>${t('undo')}</button>
        <button data-testid="editor-redo" ?disabled=${!this.history.redo.length} @click=${() => this.redo()}>${t('redo')}</button>
        <button data-testid="editor-reset" ?disabled=${!this.state_.origin} @click=${() => this.resetToBuiltin()}>${t('resetBuiltin')}</button>
        <button data-testid="editor-apply" ?disabled=${this.issues.length > 0 || this.checking}
          @click=${() => this.emit('editor-apply', { name: this.state_.name, text: this.state_.text })}>${t('applyAsColumn')}</button>
        <button data-testid="editor-close" @click=${() => this.emit('editor-close', undefined)}>${t('closeEditor')}</button>
      </div>
      <div aria-live="polite" data-testid="editor-status">
        ${this.checking
          ? html`<span class="note">${t('computing')}</span>`
          : this.issues.length
            ? html`<div class="issues" data-testid="editor-issues">${t('issuesHere')}:
                ${issues.length ? this.renderIssues(issues, doc) : problem ? html`<span>${syntaxMessage(problem, locale())}</span>` : nothing}</div>`
            : html`<span class="ok" data-testid="editor-valid">${t('valid')}</span>`}
      </div>
      <div class="grid">
        <div>
          <fieldset>
            <legend>${t('editorScenarioFields')}</legend>
            ${FIELDS.map((f) => this.renderField(f, doc))}
          </fieldset>
          <div data-testid="editor-policy-form">
            <h3 class="note">${t('editorPolicyForm')}</h3>
            ${this.renderLevers(doc)}
          </div>
        </div>
        <div>${this.renderJson(problem)}</div>
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'pw-editor': PwEditor;
  }
}
