// A dragged slider in the worker's session: after the first move, the compiled scenario comes
// from a LeverModel that patches the share tables instead of compiling. What the page receives
// must be exactly what a fresh session (which compiles) gives for the same lever values.
import { describe, expect, test } from 'vitest';
import { Session } from '../../ui/engine/session.js';
import type { LeverValues, RunResult } from '../../ui/protocol.js';

const PATH = 'scenarios/jinniu-pengzhou.json';
const AGREEMENT_END = '/policy/agreement/to';

async function opened(session: Session) {
  const res = await session.openBuiltin(PATH);
  if (!res.ok) throw new Error(JSON.stringify(res.issues));
  const col = res.columns[0]!;
  // The main tax share (what the negotiation view bargains over).
  return { handle: col.handle, lever: col.bargainLevers[0]!, levers: col.levers, defaults: Object.fromEntries(col.levers.map((l) => [l.id, l.value])) as LeverValues };
}

/** The same values run in a session that has never seen another value (so it compiles). */
async function fresh(values: LeverValues): Promise<RunResult> {
  const session = new Session();
  const { handle } = await opened(session);
  const res = await session.run(handle, values);
  expect(session.lastCompile).toBe('compiled');
  return res;
}

describe('session: a dragged lever', () => {
  test('patched runs equal compiled runs, through a drag, a second lever and back', async () => {
    const session = new Session();
    const { handle, lever, levers, defaults } = await opened(session);
    expect(lever).toMatch(/tax/);
    expect(levers.some((l) => l.id === AGREEMENT_END)).toBe(true);
    await session.run(handle, defaults);
    const steps: LeverValues[] = [];
    for (const x of [0.15, 0.62, 0.9]) steps.push({ ...defaults, [lever]: x });
    // Another lever (the agreement's end: no fast path, compiled) moved, then the first one dragged again from there.
    const moved = { ...defaults, [lever]: 0.9, [AGREEMENT_END]: (defaults[AGREEMENT_END] as number) - 3 };
    steps.push(moved, { ...moved, [lever]: 0.33 }, { ...moved, [lever]: 0.71 });
    const how: string[] = [];
    for (const values of steps) {
      const got = await session.run(handle, values);
      how.push(session.lastCompile);
      if (!got.ok) throw new Error(JSON.stringify(got.issues));
      const want = await fresh(values);
      if (!want.ok) throw new Error(JSON.stringify(want.issues));
      expect(got.summary).toEqual(want.summary);
      expect(got.rows).toEqual(want.rows);
    }
    // The drag used the fast path (the first move of a lever builds its model, then patches too).
    expect(how).toEqual(['patched', 'patched', 'patched', 'compiled', 'patched', 'patched']);
    // The share really moved the results (a patch that changed nothing would also be "equal").
    const a = await session.run(handle, steps[0]!);
    const b = await session.run(handle, steps[1]!);
    if (!a.ok || !b.ok) throw new Error('run failed');
    expect(a.summary.parties[0]!.discountedGain.netFiscal).not.toBeCloseTo(b.summary.parties[0]!.discountedGain.netFiscal, 3);
  });
});
