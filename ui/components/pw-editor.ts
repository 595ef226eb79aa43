// Scenario editor: the scenario as JSON (a textarea) and a small form for the main fields,
// with the engine's validation issues (JSON pointer + message) beside each field. Every
// change is saved in localStorage as you type and comes back after a reload; undo, redo,
// and reset to the built-in file. Validation runs in the worker.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { emit, type EditorState, type PwEvents } from '../events.js';
import { engineContext } from '../controllers/engine-connection.js';
import { localized } from '@lit/localize';
import type { EngineRef } from '../client.js';
import { LatestRunner } from '../latest.js';
import type { Issue } from '../protocol.js';
import { issueMessage, t } from '../i18n.js';
import { issueItems } from './issue-list.js';
import type { MessageId } from '../messages.js';
import { getByPointer, parsePointer } from '../../engine/pointer.js';

export const EDITOR_STORAGE_KEY = 'pairing-workbench.editor';
const MAX_HISTORY = 200;

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

const FIELDS: Field[] = [
  { pointer: '/id', label: 'scenarioId', type: 'text' },
  { pointer: '/title/zh', label: 'titleZh', type: 'text' },
  { pointer: '/title/en', label: 'titleEn', type: 'text' },
  { pointer: '/years/from', label: 'yearFrom', type: 'number' },
  { pointer: '/years/to', label: 'yearTo', type: 'number' },
  { pointer: '/discountRate/value', label: 'discountRate', type: 'number' },
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

@localized()
@customElement('pw-editor')
export class PwEditor extends LitElement {
  /** The engine, provided by the app (@lit/context); a new one after a worker restart. */
  @consume({ context: engineContext, subscribe: true }) @state() engine: EngineRef | null = null;
  @property({ attribute: false }) state_: EditorState = { text: '', name: 'scenario.json', origin: null };
  @state() private issues: Issue[] = [];
  @state() private checking = false;
  @state() private undoStack: string[] = [];
  @state() private redoStack: string[] = [];
  private runner: LatestRunner<string, Issue[]> | null = null;
  private runnerEngine: EngineRef | null = null;

  static override styles = css`
    :host { display: block; border: 2px solid #0072B2; border-radius: 6px; padding: 0.75rem; margin: 0 1rem 1rem; background: #fbfdff; }
    h2 { font-size: 1rem; margin: 0 0 0.5rem; }
    .grid { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 2fr); gap: 1rem; }
    @media (max-width: 900px) { .grid { grid-template-columns: 1fr; } }
    .field { display: grid; grid-template-columns: 9rem 1fr; gap: 0.2rem 0.5rem; align-items: center; margin: 0.2rem 0; font-size: 0.85rem; }
    .field input { font: inherit; }
    .error { grid-column: 1 / -1; color: #B00020; font-size: 0.8rem; }
    textarea { width: 100%; box-sizing: border-box; min-height: 22rem; font-family: ui-monospace, monospace; font-size: 0.8rem; }
    .actions { display: flex; flex-wrap: wrap; gap: 0.4rem; margin: 0.4rem 0; }
    button { font: inherit; font-size: 0.85rem; padding: 0.2rem 0.6rem; cursor: pointer; }
    button:focus-visible, input:focus-visible, textarea:focus-visible { outline: 3px solid #E69F00; outline-offset: 1px; }
    .issues { color: #B00020; font-size: 0.85rem; }
    .ok { color: #006b4f; font-size: 0.85rem; }
    .note { font-size: 0.8rem; color: #333; }
  `;

  override willUpdate(): void {
    if (this.engine !== this.runnerEngine) {
      this.runnerEngine = this.engine;
      const engine = this.engine;
      this.runner = engine
        ? new LatestRunner(
            (text: string) => engine.api.check(this.state_.name, text),
            (issues) => {
              this.checking = false;
              this.issues = issues;
            },
            (err) => {
              this.checking = false;
              this.issues = [{ path: '', message: String(err) }];
            },
          )
        : null;
      this.validate();
    }
  }

  private validate() {
    if (!this.runner) return;
    this.checking = true;
    this.runner.request(this.state_.text);
  }

  /** Replace the text (one undo step), save it and check it. */
  private change(text: string, fromHistory = false) {
    if (text === this.state_.text) return;
    if (!fromHistory) {
      this.undoStack = [...this.undoStack, this.state_.text].slice(-MAX_HISTORY);
      this.redoStack = [];
    }
    this.state_ = { ...this.state_, text };
    saveEditorState(this.state_);
    // The page keeps the state too (it re-sets object properties on every render).
    this.emit('editor-change', this.state_);
    this.validate();
  }

  private undo() {
    const prev = this.undoStack.at(-1);
    if (prev === undefined) return;
    this.undoStack = this.undoStack.slice(0, -1);
    this.redoStack = [...this.redoStack, this.state_.text];
    this.change(prev, true);
  }

  private redo() {
    const next = this.redoStack.at(-1);
    if (next === undefined) return;
    this.redoStack = this.redoStack.slice(0, -1);
    this.undoStack = [...this.undoStack, this.state_.text];
    this.change(next, true);
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

  private parsed(): Record<string, unknown> | null {
    try {
      const doc = JSON.parse(this.state_.text) as unknown;
      return doc && typeof doc === 'object' && !Array.isArray(doc) ? (doc as Record<string, unknown>) : null;
    } catch {
      return null;
    }
  }

  private fieldInput(f: Field, raw: string) {
    const doc = this.parsed();
    if (!doc) return;
    set(doc, f.pointer, f.type === 'number' ? (raw.trim() === '' ? null : Number(raw)) : raw);
    this.change(JSON.stringify(doc, null, 2));
  }

  private emit<K extends keyof PwEvents>(name: K, detail: PwEvents[K]) {
    emit(this, name, detail);
  }

  private renderField(f: Field, doc: Record<string, unknown> | null) {
    const id = `field-${f.pointer.replace(/\W/g, '-')}`;
    const value = doc ? get(doc, f.pointer) : undefined;
    const here = this.issues.filter((i) => i.path === f.pointer || i.path.startsWith(f.pointer + '/') || (f.pointer.endsWith('/value') && i.path === f.pointer.slice(0, -6)));
    return html`<div class="field">
      <label for=${id}>${t(f.label)}</label>
      <input
        id=${id}
        data-field=${f.pointer}
        type=${f.type}
        step=${f.pointer === '/discountRate/value' ? '0.005' : '1'}
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

  override render() {
    const doc = this.parsed();
    return html`
      <h2 id="editor-heading">${t('editor')} · ${this.state_.name}</h2>
      <p class="note">${t('savedLocally')}</p>
      <div class="actions">
        <button data-testid="editor-undo" ?disabled=${!this.undoStack.length} @click=${() => this.undo()}>${t('undo')}</button>
        <button data-testid="editor-redo" ?disabled=${!this.redoStack.length} @click=${() => this.redo()}>${t('redo')}</button>
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
                <ul>${issueItems(this.issues)}</ul></div>`
            : html`<span class="ok" data-testid="editor-valid">${t('valid')}</span>`}
      </div>
      <div class="grid">
        <fieldset>
          <legend>${t('editorForm')}</legend>
          ${FIELDS.map((f) => this.renderField(f, doc))}
        </fieldset>
        <div>
          <label for="editor-text">${t('editorJson')}</label>
          <textarea
            id="editor-text"
            data-testid="editor-text"
            spellcheck="false"
            .value=${this.state_.text}
            @input=${(e: Event) => this.change((e.target as HTMLTextAreaElement).value)}
          ></textarea>
        </div>
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'pw-editor': PwEditor;
  }
}
