// The latest-wins runner: a burst of requests runs the first and the newest, never the middle,
// and shows each finished answer so a dragged slider moves the chart as it goes.
import { describe, expect, test } from 'vitest';
import { LatestRunner } from '../../ui/latest.js';

function deferred<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('LatestRunner', () => {
  test('keeps one run in flight and only the newest pending request', async () => {
    const started: number[] = [];
    const gates: { resolve: (v: number) => void }[] = [];
    const results: number[] = [];
    const runner = new LatestRunner<number, number>(
      (req) => {
        started.push(req);
        const d = deferred<number>();
        gates.push(d);
        return d.promise;
      },
      (res) => results.push(res),
    );
    for (let i = 1; i <= 60; i++) runner.request(i);
    expect(started).toEqual([1]);
    expect(runner.busy).toBe(true);
    gates[0]!.resolve(10);
    await new Promise((r) => setTimeout(r, 0));
    // Request 1's answer is shown at once while 60, the newest, starts; 2..59 never run.
    expect(started).toEqual([1, 60]);
    expect(results).toEqual([10]);
    gates[1]!.resolve(600);
    await new Promise((r) => setTimeout(r, 0));
    expect(results).toEqual([10, 600]);
    expect(runner.busy).toBe(false);
  });

  test('reports errors of the newest run and keeps working afterwards', async () => {
    const errors: unknown[] = [];
    const results: string[] = [];
    const runner = new LatestRunner<string, string>(
      async (req) => {
        if (req === 'bad') throw new Error('boom');
        return req.toUpperCase();
      },
      (res) => results.push(res),
      (err) => errors.push(err),
    );
    runner.request('bad');
    await new Promise((r) => setTimeout(r, 0));
    expect(errors).toHaveLength(1);
    runner.request('ok');
    await new Promise((r) => setTimeout(r, 0));
    expect(results).toEqual(['OK']);
  });
});
