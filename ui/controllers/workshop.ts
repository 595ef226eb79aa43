// Workshop mode: large type for a room, and a year cursor that steps or plays through the
// years of the open columns (one year every PLAY_MS), stopped when the page goes away.
import type { ReactiveController, ReactiveControllerHost } from 'lit';

export const PLAY_MS = 900;

export type YearSpan = { from: number; to: number } | null;

export class WorkshopController implements ReactiveController {
  on = false;
  /** The year shown in every column, or null for all years. */
  cursor: number | null = null;
  playing = false;
  /** Every chart hidden (hide all); each can still be revealed alone. */
  concealed = false;
  /** The headline overview has been revealed (it starts hidden when workshop mode begins). */
  revealed = false;
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(
    private readonly host: ReactiveControllerHost,
    /** The years the open columns span (null with no columns). */
    private readonly years: () => YearSpan,
  ) {
    host.addController(this);
  }

  hostDisconnected(): void {
    this.stop();
  }

  /** Turn workshop mode on or off (off also stops playing and shows all years). */
  set(on: boolean): void {
    this.enter(on);
    if (!on) {
      this.stop();
      this.cursor = null;
    }
    this.host.requestUpdate();
  }

  /** Restore from a shared link. */
  restore(on: boolean, cursor: number | null): void {
    this.enter(on);
    this.cursor = cursor;
    this.host.requestUpdate();
  }

  /** Entering workshop mode hides the headline until the presenter reveals it. */
  private enter(on: boolean): void {
    if (on && !this.on) {
      this.revealed = false;
      this.concealed = false;
    }
    this.on = on;
  }

  /** Hide every chart (and the headline), or reveal them all. */
  hideAll(hide: boolean): void {
    this.concealed = hide;
    this.revealed = !hide;
    this.host.requestUpdate();
  }

  moveTo(year: number | null): void {
    this.cursor = year;
    this.host.requestUpdate();
  }

  /** One year back or forward, within the span; from "all years" the first step enters at an end. */
  step(delta: number): void {
    const ys = this.years();
    if (!ys) return;
    const current = this.cursor ?? (delta > 0 ? ys.from - 1 : ys.to + 1);
    this.moveTo(Math.min(ys.to, Math.max(ys.from, current + delta)));
  }

  toggle(): void {
    if (this.playing) {
      this.stop();
      return;
    }
    const ys = this.years();
    if (!ys) return;
    if (this.cursor === null || this.cursor >= ys.to) this.cursor = ys.from;
    this.playing = true;
    this.timer = setInterval(() => {
      const y = this.years();
      if (!y || this.cursor === null || this.cursor >= y.to) return this.stop();
      this.moveTo(this.cursor + 1);
    }, PLAY_MS);
    this.host.requestUpdate();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.playing = false;
    this.host.requestUpdate();
  }

  /** Show all years (stops playing). */
  all(): void {
    this.stop();
    this.moveTo(null);
  }
}
