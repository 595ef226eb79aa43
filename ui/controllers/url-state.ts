// The view in the address bar: after each update of the page the current view is written to
// the hash (replaceState, no history entry per slider move), encoded only when it changed
// (scenario texts are not recompressed on every render); at start the hash is read back.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { decodeView, encodeViewWithin, linkTooLong, URL_LIMIT, type ViewState } from '../url-state.js';

/** The parts of window the controller uses (a fake in tests). */
export interface AddressBar {
  location: { hash: string; pathname: string; search: string };
  history: { replaceState(data: unknown, unused: string, url: string): void };
}

export class UrlStateController implements ReactiveController {
  /** True when the current view could not fit in a link (columns with their texts were left out). */
  tooLong = false;
  private lastKey = '';
  private lastEncoded: { hash: string; dropped: number } = { hash: '', dropped: 0 };

  /** A write waiting for an idle moment (while a slider is dragged). */
  private pending: (() => void) | null = null;

  constructor(
    private readonly host: ReactiveControllerHost,
    /** The view to write, or null while it must not be written (the page is still restoring one). */
    private readonly view: () => ViewState | null,
    private readonly bar: AddressBar = window,
    /**
     * While a slider is dragged (deferWhile() true: a run is in flight), write when the page is
     * idle rather than in the update itself: encoding the view and replaceState cost ~5-15 ms,
     * which every chart update would pay. Deferred writes coalesce (the last view wins); any
     * other update writes at once, so a toggle or a reload right after it keeps the view.
     */
    private readonly deferred: { schedule: (write: () => void) => void; deferWhile: () => boolean } | null = null,
  ) {
    host.addController(this);
  }

  /** Write a deferred view now. */
  flush(): void {
    const write = this.pending;
    this.pending = null;
    write?.();
  }

  /**
   * The view a link opened with: a view, 'malformed' for a view link that does not decode,
   * { refused: length } for a link longer than any we write (refused before decoding, and
   * removed from the address bar), or null.
   */
  initial(): ViewState | 'malformed' | { refused: number } | null {
    const { location, history } = this.bar;
    const hash = location.hash;
    if (linkTooLong(hash)) {
      history.replaceState(null, '', location.pathname + location.search);
      return { refused: hash.length };
    }
    const view = decodeView(hash);
    if (view) return view;
    return hash.startsWith('#v=') ? 'malformed' : null;
  }

  /** A short id per scenario text (the last few texts are enough: a view has at most four). */
  private readonly textIds = new Map<string, string>();
  private textId(text: string): string {
    let id = this.textIds.get(text);
    if (id === undefined) {
      if (this.textIds.size >= 16) this.textIds.clear();
      id = `text#${this.nextTextId++}`;
      this.textIds.set(text, id);
    }
    return id;
  }
  private nextTextId = 1;

  hostUpdated(): void {
    if (!this.deferred?.deferWhile()) {
      this.pending = null;
      this.write();
      return;
    }
    if (this.pending) return;
    this.pending = () => this.write();
    this.deferred.schedule(() => this.flush());
  }

  private write(): void {
    const view = this.view();
    if (!view) return;
    // Scenario texts (a file can be megabytes) enter the key by a short id, not copied into it.
    const key = JSON.stringify(view, (k, v) => (k === 'text' && typeof v === 'string' ? this.textId(v) : v));
    if (key !== this.lastKey) {
      this.lastKey = key;
      this.lastEncoded = view.columns.length || view.workshop ? encodeViewWithin(view, URL_LIMIT) : { hash: '', dropped: 0 };
    }
    const { hash, dropped } = this.lastEncoded;
    const tooLong = dropped > 0;
    if (tooLong !== this.tooLong) {
      this.tooLong = tooLong;
      this.host.requestUpdate();
    }
    const { location, history } = this.bar;
    if (hash !== location.hash) history.replaceState(null, '', hash || location.pathname + location.search);
  }
}
