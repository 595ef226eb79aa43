// Latest-wins: at most one request in flight and only the newest pending one kept, so a
// slider firing 60 input events a second never queues 60 simulation runs. Every finished
// answer is shown, even when a newer request waits: while a slider is dragged the chart
// then follows at the engine's pace instead of freezing until the drag stops.
//
// Why not @lit/task (removed from the dependencies): a Task starts a new run on every
// argument change and only drops the stale answers; the worker cannot abort a comlink call,
// so 60 slider events would still queue 60 runs in the engine. Nor does a Task show answers
// that arrive while a newer run is pending. The three users (pw-app's columns, the editor's
// validation, the negotiation view) need exactly this runner, so it stays, in this one module.
export class LatestRunner<Req, Res> {
  private pumping = false;
  private running = false;
  private pending: { req: Req } | null = null;

  constructor(
    private readonly run: (req: Req) => Promise<Res>,
    private readonly onResult: (res: Res, req: Req) => void,
    private readonly onError: (err: unknown) => void = () => {},
  ) {}

  /** Ask for a run; replaces any request that has not started yet. */
  request(req: Req): void {
    this.pending = { req };
    if (!this.pumping) void this.pump();
  }

  /** True while a run is in flight or waiting to start. */
  get busy(): boolean {
    return this.running || this.pending !== null;
  }

  private async pump(): Promise<void> {
    this.pumping = true;
    try {
      while (this.pending) {
        const { req } = this.pending;
        this.pending = null;
        this.running = true;
        let res: Res;
        try {
          res = await this.run(req);
        } catch (err) {
          this.running = false;
          if (!this.pending) this.onError(err);
          continue;
        }
        this.running = false;
        this.onResult(res, req);
      }
    } finally {
      this.pumping = false;
    }
  }
}
