// The page's reactive controllers, each driven through a fake host (an EventTarget that
// records controllers and update requests) and a fake engine, in Node.
import { afterEach, describe, expect, test, vi } from 'vitest';
import type { ReactiveController } from 'lit';
import { ContextEvent } from '@lit/context';
import { BUSY_DELAY_MS, ColumnsController, MAX_COLUMNS, viewColumn } from '../../ui/controllers/columns.js';
import { EngineConnection, engineContext, type WorkerHost } from '../../ui/controllers/engine-connection.js';
import { UrlStateController, type AddressBar } from '../../ui/controllers/url-state.js';
import { PLAY_MS, WorkshopController } from '../../ui/controllers/workshop.js';
import { decodeView, encodeView, type ViewState } from '../../ui/url-state.js';
import type { Engine, EngineRef } from '../../ui/client.js';
import type { ColumnInfo, LeverValues, LoadResult, RunResult } from '../../ui/protocol.js';
import { emit } from '../../ui/events.js';
import { packRun, type WireRunResult } from '../../ui/packed-rows.js';

class FakeHost extends EventTarget {
  controllers: ReactiveController[] = [];
  updates = 0;
  addController(c: ReactiveController) {
    this.controllers.push(c);
  }
  removeController() {}
  requestUpdate() {
    this.updates++;
  }
  get updateComplete() {
    return Promise.resolve(true);
  }
  connect() {
    for (const c of this.controllers) c.hostConnected?.();
  }
  disconnect() {
    for (const c of this.controllers) c.hostDisconnected?.();
  }
  updated() {
    for (const c of this.controllers) c.hostUpdated?.();
  }
}
const asHost = (h: FakeHost) => h as unknown as FakeHost & HTMLElement;

const settle = () => new Promise((r) => setTimeout(r, 0));

function info(handle: string, years = { from: 2025, to: 2030 }): ColumnInfo {
  return {
    handle,
    source: 'x',
    id: `id-${handle}`,
    title: { zh: handle, en: handle },
    description: { zh: '', en: '' },
    policyTitle: { zh: '', en: '' },
    economyTitle: { zh: '', en: '' },
    mode: 'coBuild',
    years,
    parties: [],
    levers: [
      { id: '/a', path: '/a', kind: 'value', group: 'taxShare', label: { zh: 'a', en: 'a' }, unit: 'share', min: 0, max: 1, integer: false, value: 0.4 },
      { id: '/b', path: '/b', kind: 'option', group: 'basis', label: { zh: 'b', en: 'b' }, unit: null, integer: false, options: ['all', 'increment'], value: 'all' },
    ],
    bargainLevers: [],
    uncertain: false,
    uncertainties: [],
  };
}

/** An engine that opens columns with fresh handles and answers runs by echoing the values. */
function fakeEngine(tag = 'e') {
  let next = 1;
  const runs: { handle: string; values: LeverValues }[] = [];
  const closed: string[] = [];
  const open = (n = 1, reference?: number): LoadResult => ({
    ok: true,
    columns: Array.from({ length: n }, () => info(`${tag}${next++}`)),
    ...(reference !== undefined ? { reference } : {}),
  });
  const engine = {
    library: async () => [],
    openBuiltin: async (path: string) => (path.includes('comparison') ? open(3, 1) : open()),
    openText: async (name: string) => (name === 'bad.json' ? { ok: false, source: name, issues: [{ path: '/x', message: 'bad' }] } : open()),
    // Answers as the worker does: rows packed (ui/packed-rows.ts).
    run: async (handle: string, values: LeverValues): Promise<WireRunResult> => {
      runs.push({ handle, values });
      return packRun({ ok: true, handle, rows: [{ year: 2025, party: 'A', world: 'deal', measure: 'output', value: Number(values['/a']) }], summary: {} as never, indirect: false });
    },
    close: async (handle: string) => void closed.push(handle),
  };
  return { engine: engine as unknown as Engine, runs, closed };
}

describe('ColumnsController', () => {
  test('opens columns, runs them, and follows lever, reset, view, bargain, reference and close events', async () => {
    const host = new FakeHost();
    const { engine, runs, closed } = fakeEngine();
    const cols = new ColumnsController(asHost(host), () => engine);
    host.connect();
    await cols.openBuiltin({ path: 'scenarios/a.json', kind: 'scenario', id: 'a', title: { zh: '', en: '' }, description: { zh: '', en: '' } });
    await cols.openText('b.json', '{}');
    await settle();
    expect(cols.columns.map((c) => c.info.handle)).toEqual(['e1', 'e2']);
    expect(cols.columns.map((c) => c.busy)).toEqual([false, false]);
    expect(cols.columns[0]!.rows![0]!.value).toBe(0.4);
    expect(cols.columns[1]!.source).toEqual({ kind: 'text', name: 'b.json', text: '{}' });

    emit(host, 'lever-input', { handle: 'e2', id: '/a', value: 0.9 });
    await settle();
    expect(cols.find('e2')!.values).toEqual({ '/a': 0.9, '/b': 'all' });
    expect(runs.at(-1)).toEqual({ handle: 'e2', values: { '/a': 0.9, '/b': 'all' } });
    expect(cols.find('e2')!.rows![0]!.value).toBe(0.9);
    // Only changed levers go into the link.
    expect(viewColumn(cols.find('e2')!).levers).toEqual({ '/a': 0.9 });

    emit(host, 'reset-levers', { handle: 'e2' });
    await settle();
    expect(cols.find('e2')!.values).toEqual({ '/a': 0.4, '/b': 'all' });

    emit(host, 'view-change', { handle: 'e1', view: 'negotiation' });
    emit(host, 'bargain-lever', { handle: 'e1', path: '/a' });
    emit(host, 'set-reference', { index: 1 });
    expect(cols.find('e1')).toMatchObject({ view: 'negotiation', bargain: '/a' });
    expect(cols.reference).toBe(1);

    emit(host, 'close-column', { handle: 'e2' });
    expect(closed).toEqual(['e2']);
    expect(cols.columns.map((c) => c.info.handle)).toEqual(['e1']);
    expect(cols.reference).toBe(0);
    // Removed listeners: events after disconnect change nothing.
    host.disconnect();
    emit(host, 'close-column', { handle: 'e1' });
    expect(cols.columns).toHaveLength(1);
  });

  test('a lever input draws nothing until its answer comes; a run slower than BUSY_DELAY_MS shows "computing"', async () => {
    vi.useFakeTimers();
    try {
      const host = new FakeHost();
      const { engine } = fakeEngine();
      // Runs answer when the test says so.
      const waiting: (() => void)[] = [];
      const run = engine.run.bind(engine);
      (engine as { run: Engine['run'] }).run = ((handle: string, values: LeverValues) =>
        new Promise((resolve) => waiting.push(() => resolve(run(handle, values))))) as Engine['run'];
      const answer = async () => {
        waiting.shift()!();
        await vi.advanceTimersByTimeAsync(0);
      };
      const cols = new ColumnsController(asHost(host), () => engine);
      host.connect();
      await cols.openText('a.json', '{}');
      await answer();
      const handle = cols.columns[0]!.info.handle;
      expect(cols.find(handle)!.busy).toBe(false);

      // An answer within BUSY_DELAY_MS: one redraw, for the answer, and no busy state.
      const updates = host.updates;
      emit(host, 'lever-input', { handle, id: '/a', value: 0.7 });
      expect(host.updates).toBe(updates);
      expect(cols.find(handle)!.values['/a']).toBe(0.7);
      await vi.advanceTimersByTimeAsync(BUSY_DELAY_MS - 1);
      expect(host.updates).toBe(updates);
      await answer();
      expect(host.updates).toBe(updates + 1);
      expect(cols.find(handle)!.rows![0]!.value).toBe(0.7);
      await vi.advanceTimersByTimeAsync(BUSY_DELAY_MS * 2);
      expect(host.updates).toBe(updates + 1);
      expect(cols.find(handle)!.busy).toBe(false);

      // A slow run: "computing" after BUSY_DELAY_MS, gone with the answer.
      emit(host, 'lever-input', { handle, id: '/a', value: 0.2 });
      await vi.advanceTimersByTimeAsync(BUSY_DELAY_MS - 1);
      expect(cols.find(handle)!.busy).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      expect(cols.find(handle)!.busy).toBe(true);
      expect(cols.find(handle)!.values['/a']).toBe(0.2);
      await answer();
      expect(cols.find(handle)).toMatchObject({ busy: false, values: { '/a': 0.2 } });
      expect(cols.find(handle)!.rows![0]!.value).toBe(0.2);

      // Inputs while a slow run is in flight: the newest waits, "computing" shows once, and
      // stays until the newest answer (the answer to an older input does not clear it).
      emit(host, 'lever-input', { handle, id: '/a', value: 0.3 });
      emit(host, 'lever-input', { handle, id: '/a', value: 0.4 });
      await vi.advanceTimersByTimeAsync(BUSY_DELAY_MS);
      expect(cols.find(handle)!.busy).toBe(true);
      await answer();
      expect(cols.find(handle)).toMatchObject({ busy: true });
      expect(cols.find(handle)!.rows![0]!.value).toBe(0.3);
      await answer();
      expect(cols.find(handle)!.busy).toBe(false);
      expect(cols.find(handle)!.rows![0]!.value).toBe(0.4);
    } finally {
      vi.useRealTimers();
    }
  });

  test('a comparison replaces the columns; too many columns and bad files report errors and keep the open ones', async () => {
    const host = new FakeHost();
    const { engine, closed } = fakeEngine();
    const cols = new ColumnsController(asHost(host), () => engine);
    host.connect();
    await cols.openText('a.json', '{}');
    await cols.openBuiltin({ path: 'scenarios/comparisons/comparison.json', kind: 'comparison', id: 'c', title: { zh: '', en: '' }, description: { zh: '', en: '' } });
    expect(cols.columns.map((c) => c.info.handle)).toEqual(['e2', 'e3', 'e4']);
    expect(cols.columns.map((c) => c.source)).toEqual([0, 1, 2].map((index) => ({ kind: 'library', path: 'scenarios/comparisons/comparison.json', index })));
    expect(cols.reference).toBe(1);
    expect(closed).toEqual(['e1']);
    await cols.openText('b.json', '{}');
    expect(cols.columns).toHaveLength(MAX_COLUMNS);
    await cols.openText('c.json', '{}');
    expect(cols.columns).toHaveLength(MAX_COLUMNS);
    expect(cols.loadError!.issues[0]!.message).toMatch(/column/i);
    expect(closed).toContain('e6');
    await cols.openText('bad.json', '{}');
    expect(cols.loadError).toEqual({ source: 'bad.json', issues: [{ path: '/x', message: 'bad' }] });
    expect(cols.columns).toHaveLength(MAX_COLUMNS);
  });

  test('after a worker restart every column is reopened with its lever values, view and negotiation lever', async () => {
    const host = new FakeHost();
    const first = fakeEngine('old');
    const second = fakeEngine('new');
    let engine = first.engine;
    const cols = new ColumnsController(asHost(host), () => engine);
    host.connect();
    await cols.openText('a.json', '{}');
    await cols.openBuiltin({ path: 'scenarios/b.json', kind: 'scenario', id: 'b', title: { zh: '', en: '' }, description: { zh: '', en: '' } });
    emit(host, 'lever-input', { handle: 'old2', id: '/a', value: 0.7 });
    emit(host, 'view-change', { handle: 'old2', view: 'uncertainty' });
    engine = second.engine;
    await cols.reopen();
    await settle();
    expect(cols.columns.map((c) => c.info.handle)).toEqual(['new1', 'new2']);
    expect(cols.columns[1]).toMatchObject({ values: { '/a': 0.7, '/b': 'all' }, view: 'uncertainty', source: { kind: 'library', path: 'scenarios/b.json' } });
    expect(second.runs.map((r) => r.handle).sort()).toEqual(['new1', 'new2']);
  });

  test('restoring a shared view sets known levers only and clamps the reference', async () => {
    const host = new FakeHost();
    const { engine, runs } = fakeEngine();
    const cols = new ColumnsController(asHost(host), () => engine);
    await cols.restore([{ path: 'scenarios/a.json', levers: { '/a': 0.1, '/unknown': 3 }, view: 'negotiation', bargain: '/a' }], 5, true);
    await settle();
    expect(cols.columns[0]).toMatchObject({ values: { '/a': 0.1, '/b': 'all' }, view: 'negotiation', bargain: '/a' });
    expect(cols.reference).toBe(0);
    expect(cols.difference).toBe(true);
    expect(cols.restoring).toBe(false);
    expect(runs).toEqual([{ handle: 'e1', values: { '/a': 0.1, '/b': 'all' } }]);
  });
});

describe('EngineConnection', () => {
  test('provides the engine by context, restarts it after a fault and tells the page', async () => {
    const host = new FakeHost();
    const failures: ((m: string) => void)[] = [];
    const drills: string[] = [];
    const started: Engine[] = [];
    const factory = (onFailure: (m: string) => void): WorkerHost => {
      failures.push(onFailure);
      const engine = { id: started.length } as unknown as Engine;
      started.push(engine);
      return { engine, drill: (k) => drills.push(k) };
    };
    const restarts: [Engine, string][] = [];
    const conn = new EngineConnection(asHost(host), factory, (engine, message) => restarts.push([engine, message]));
    expect(conn.engine).toBeNull();
    host.connect();
    expect(conn.engine).toBe(started[0]);
    const seen: (EngineRef | null)[] = [];
    // A component below the app asks for the engine (the request bubbles to the app).
    host.dispatchEvent(new ContextEvent(engineContext, new EventTarget() as unknown as Element, (v: EngineRef | null) => seen.push(v), true));
    expect(seen).toEqual([{ api: started[0] }]);
    conn.drill('terminate');
    expect(drills).toEqual(['terminate']);
    // The worker host reports a fault: a fresh worker is provided to subscribers and the page reopens.
    failures[0]!('worker error');
    expect(conn.restartMessage).toBe('worker error');
    expect(conn.engine).toBe(started[0]); // the host swaps its own engine; here the fake keeps it
    expect(restarts).toEqual([[started[0], 'worker error']]);
    expect(seen).toHaveLength(2);
    expect(seen[1]).not.toBe(seen[0]);
    conn.dismiss();
    expect(conn.restartMessage).toBe('');
    // Connecting again keeps the one worker.
    host.connect();
    expect(started).toHaveLength(1);
  });
});

describe('UrlStateController', () => {
  function bar(hash = ''): AddressBar & { writes: string[] } {
    const writes: string[] = [];
    const b = {
      writes,
      location: { hash, pathname: '/app/', search: '' },
      history: {
        replaceState: (_d: unknown, _u: string, url: string) => {
          writes.push(url);
          b.location.hash = url.startsWith('#') ? url : '';
        },
      },
    };
    return b;
  }
  const view = (columns: ViewState['columns']): ViewState => ({ columns, reference: 0, difference: false, lang: 'en' });

  test('reads the view a link opened with, or says it is malformed', () => {
    const v = view([{ path: 'scenarios/a.json', levers: { '/a': 0.2 } }]);
    expect(new UrlStateController(new FakeHost(), () => null, bar(encodeView(v))).initial()).toEqual(v);
    expect(new UrlStateController(new FakeHost(), () => null, bar('#v=%%%')).initial()).toBe('malformed');
    expect(new UrlStateController(new FakeHost(), () => null, bar('#other')).initial()).toBeNull();
    // Longer than any link we write: refused before decoding and taken out of the address bar.
    const long = bar('#v=' + 'A'.repeat(20_000));
    expect(new UrlStateController(new FakeHost(), () => null, long).initial()).toEqual({ refused: 20_003 });
    expect(long.writes).toEqual(['/app/']);
  });

  test('writes the view after each update only when it changed, nothing while restoring, and clears it when empty', () => {
    const host = new FakeHost();
    const b = bar();
    let current: ViewState | null = null;
    new UrlStateController(host, () => current, b);
    host.updated();
    expect(b.writes).toEqual([]);
    current = view([{ path: 'scenarios/a.json', levers: {} }]);
    host.updated();
    host.updated();
    expect(b.writes).toHaveLength(1);
    expect(decodeView(b.writes[0]!)).toEqual(current);
    current = view([]);
    host.updated();
    expect(b.writes.at(-1)).toBe('/app/');
  });

  test('deferred: updates during a drag coalesce into one write of the last view, when idle or flushed; other updates write at once', () => {
    const host = new FakeHost();
    const b = bar();
    const idle: (() => void)[] = [];
    let dragging = true;
    let current: ViewState | null = view([{ path: 'scenarios/a.json', levers: { '/a': 0.1 } }]);
    const controller = new UrlStateController(host, () => current, b, { schedule: (write) => idle.push(write), deferWhile: () => dragging });
    for (const x of [0.2, 0.3, 0.4]) {
      current = view([{ path: 'scenarios/a.json', levers: { '/a': x } }]);
      host.updated();
    }
    // Nothing written in the updates themselves; one idle write scheduled.
    expect(b.writes).toEqual([]);
    expect(idle).toHaveLength(1);
    idle.shift()!();
    expect(b.writes).toHaveLength(1);
    expect(decodeView(b.writes[0]!)).toEqual(current);
    // flush() (copying the link) writes a pending view at once; the idle write then has nothing to do.
    current = view([{ path: 'scenarios/a.json', levers: { '/a': 0.9 } }]);
    host.updated();
    controller.flush();
    expect(decodeView(b.writes.at(-1)!)).toEqual(current);
    idle.shift()!();
    expect(b.writes).toHaveLength(2);
    // Not dragging (a toggle): written in the update itself.
    dragging = false;
    current = { ...view([{ path: 'scenarios/a.json', levers: { '/a': 0.9 } }]), difference: true };
    host.updated();
    expect(b.writes).toHaveLength(3);
    expect(decodeView(b.writes.at(-1)!)).toEqual(current);
    expect(idle).toHaveLength(0);
  });

  test('a view too long for a link leaves out the scenario texts and says so', () => {
    const host = new FakeHost();
    const b = bar();
    // Random text does not compress: far over the limit.
    let seed = 1;
    const text = Array.from({ length: 20000 }, () => String.fromCharCode(33 + ((seed = (seed * 48271) % 2147483647) % 90))).join('');
    const controller = new UrlStateController(host, () => view([{ path: 'scenarios/a.json', levers: {} }, { text, name: 'x.json', levers: {} }]), b);
    host.updated();
    expect(controller.tooLong).toBe(true);
    expect(decodeView(b.writes[0]!)!.columns).toEqual([{ path: 'scenarios/a.json', levers: {} }]);
    expect(host.updates).toBe(1);
  });
});

describe('WorkshopController', () => {
  afterEach(() => vi.useRealTimers());

  test('steps within the years, plays one year per tick to the end, and stops when turned off or disconnected', () => {
    vi.useFakeTimers();
    const host = new FakeHost();
    let years: { from: number; to: number } | null = { from: 2025, to: 2028 };
    const w = new WorkshopController(host, () => years);
    w.hideAll(false);
    w.set(true);
    // Entering workshop mode hides the headline again until revealed.
    expect([w.revealed, w.concealed]).toEqual([false, false]);
    w.hideAll(true);
    expect([w.revealed, w.concealed]).toEqual([false, true]);
    w.hideAll(false);
    expect([w.revealed, w.concealed]).toEqual([true, false]);
    w.step(1);
    expect(w.cursor).toBe(2025);
    w.moveTo(null);
    w.step(-1);
    expect(w.cursor).toBe(2028);
    w.step(5);
    expect(w.cursor).toBe(2028);
    // Play from the end starts over at the first year.
    w.toggle();
    expect([w.playing, w.cursor]).toEqual([true, 2025]);
    vi.advanceTimersByTime(PLAY_MS * 2);
    expect(w.cursor).toBe(2027);
    vi.advanceTimersByTime(PLAY_MS * 5);
    expect([w.playing, w.cursor]).toEqual([false, 2028]);
    w.toggle();
    host.disconnect();
    expect(w.playing).toBe(false);
    vi.advanceTimersByTime(PLAY_MS * 3);
    expect(w.cursor).toBe(2025);
    w.toggle();
    w.set(false);
    expect([w.on, w.playing, w.cursor]).toEqual([false, false, null]);
    years = null;
    w.step(1);
    expect(w.cursor).toBeNull();
  });
});
