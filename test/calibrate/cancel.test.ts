// A fit that can be cancelled (the page's calibration panel runs it in the engine worker):
// an AbortSignal stops it with a CancelledError, aborted before or during the fit; with a
// signal the fit lets other tasks run now and then (so a cancel message reaches a worker) and
// still finds exactly what it finds without one (the CLI's path).
import { describe, expect, it } from 'vitest';
import { calibrate } from '../../engine/analysis/calibrate.js';
import { CancelledError } from '../../engine/analysis/errors.js';
import { ownSeries, syntheticScenario, SYNTHETIC_OBSERVATIONS, SYNTHETIC_PATHS } from './synthetic.js';

const truth = { steady: 120, growth: 0.05, hostGrowth: 0.04, start: 2029 };
const start = { steady: 80, growth: 0.02, hostGrowth: 0.06, start: 2027 };
const specs = [
  { path: SYNTHETIC_PATHS.steady, lo: 20, hi: 400 },
  { path: SYNTHETIC_PATHS.growth, lo: -0.05, hi: 0.2 },
  { path: SYNTHETIC_PATHS.hostGrowth, lo: -0.05, hi: 0.15 },
  { path: SYNTHETIC_PATHS.start, lo: 2025, hi: 2035 },
];

async function problem() {
  const observed = await ownSeries(await syntheticScenario(truth), SYNTHETIC_OBSERVATIONS);
  return { scenario: await syntheticScenario(start), observed };
}

describe('calibrate with an AbortSignal', { timeout: 120_000 }, () => {
  it('finds the same fit with a signal as without one', async () => {
    const { scenario, observed } = await problem();
    const plain = await calibrate(scenario, observed, specs);
    const cancellable = await calibrate(scenario, observed, specs, { signal: new AbortController().signal });
    expect(cancellable.values).toEqual(plain.values);
    expect(cancellable.metrics).toEqual(plain.metrics);
    expect(cancellable.evaluations).toBe(plain.evaluations);
    // The start year is recovered (so the fit ran the pattern search, where it also yields).
    expect(plain.fitted.find((f) => f.path === SYNTHETIC_PATHS.start)!.after).toBe(truth.start);
  });

  it('rejects at once when the signal is already aborted', async () => {
    const { scenario, observed } = await problem();
    const c = new AbortController();
    c.abort();
    await expect(calibrate(scenario, observed, specs, { signal: c.signal })).rejects.toBeInstanceOf(CancelledError);
  });

  it('stops during the fit when aborted from the progress callback, before the budget is spent', async () => {
    const { scenario, observed } = await problem();
    const full = await calibrate(scenario, observed, specs);
    // The fit must be long enough for a progress report before its end, else this proves nothing.
    expect(full.evaluations).toBeGreaterThan(100);
    const c = new AbortController();
    let reports = 0;
    await expect(
      calibrate(scenario, observed, specs, {
        signal: c.signal,
        onProgress: (done) => {
          reports++;
          if (done >= 50) c.abort();
        },
      }),
    ).rejects.toBeInstanceOf(CancelledError);
    expect(reports).toBe(1);
  });

  it('lets a timer run during a long fit, so an abort sent as a message is seen', async () => {
    const { scenario, observed } = await problem();
    const c = new AbortController();
    const began = Date.now();
    let firedAfter: number | null = null;
    setTimeout(() => {
      firedAfter = Date.now() - began;
      c.abort();
    }, 0);
    let cancelled = false;
    try {
      await calibrate(scenario, observed, specs, { signal: c.signal });
    } catch (err) {
      cancelled = err instanceof CancelledError;
    }
    const took = Date.now() - began;
    // Either the fit ended before its first chance to yield (a fast machine), or the timer ran and the fit stopped.
    if (took >= 500) expect(cancelled).toBe(true);
    if (cancelled) expect(firedAfter).not.toBeNull();
    expect(cancelled || took < 500).toBe(true);
  });
});
