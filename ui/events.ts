// The page's own DOM events, declared in HTMLElementEventMap so a misspelt name or a wrong
// detail does not compile (addEventListener('lever-input', e => e.detail.id) is typed), and
// the one helper that dispatches them. A leaf module: types only, plus emit().
import type { LeverValues } from './protocol.js';

export type ColumnViewName = 'charts' | 'negotiation' | 'uncertainty';

export interface LeverInputDetail {
  handle: string;
  id: string;
  value: LeverValues[string];
}

/** The editor's text, file name and the built-in file it started from (for "reset to built-in"). */
export interface EditorState {
  text: string;
  name: string;
  origin: { path: string; index?: number } | null;
}

/** Event name → detail. */
export interface PwEvents {
  /** A column's lever moved (slider, number field, or the negotiation view's proposal). */
  'lever-input': LeverInputDetail;
  'reset-levers': { handle: string };
  'close-column': { handle: string };
  'view-change': { handle: string; view: ColumnViewName };
  /** The lever the negotiation view bargains over. */
  'bargain-lever': { handle: string; path: string };
  'edit-scenario': { handle: string };
  'set-reference': { index: number };
  'editor-change': EditorState;
  'editor-apply': { name: string; text: string };
  'editor-close': undefined;
  /** A column's observed figures against its run changed (calibration panel → its column's charts). */
  'observed-change': { handle: string; points: { year: number; party: string; measure: string; value: number; source: string }[] };
  /** The column takes a calibrated copy of its scenario (undoable). */
  'calibration-apply': { handle: string; name: string; text: string };
  'calibration-undo': { handle: string };
}

/** Each event of PwEvents as the DOM dispatches it. */
type PwEventMap = { [K in keyof PwEvents]: CustomEvent<PwEvents[K]> };

declare global {
  // Merged into the DOM's map, so addEventListener and @event bindings know every detail type.
  interface HTMLElementEventMap extends PwEventMap {}
}

/** Dispatch one of the page's events from a component (bubbling out of shadow roots). */
export function emit<K extends keyof PwEvents>(from: EventTarget, name: K, detail: PwEvents[K]): void {
  from.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
}
