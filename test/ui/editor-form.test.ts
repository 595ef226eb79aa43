// The editor form's document operations (ui/editor-form.ts): a lever value written into the
// scenario document resolves to the same scenario as the engine's own lever application
// (`--set`), typed ratios read as shares, syntax errors are located, issues find their field,
// and the kept undo history stays within its budget.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { resolveScenario } from '../../engine/schema/resolve.js';
import { leverRegistry, phaseShareLevers, withLevers } from '../../engine/analysis/levers.js';
import type { LeverDef } from '../../engine/model/lever.js';
import {
  MAX_HISTORY_CHARS,
  MAX_HISTORY_STEPS,
  boundHistory,
  issueBelongsTo,
  issueTarget,
  lineColumn,
  parseScenarioText,
  pointerLine,
  readLeverInput,
  writeLever,
  writeValue,
} from '../../ui/editor-form.js';
import { Session } from '../../ui/engine/session.js';

const ROOT = join(import.meta.dirname, '../..');
const read = async (p: string) => JSON.parse(readFileSync(join(ROOT, p), 'utf8'));
const FILES = ['test/fixtures/two-project.json', 'scenarios/jinniu-pengzhou-25-75.json', 'scenarios/jinniu-pengzhou.json', 'scenarios/wuhou-jintang-sunset.json', 'scenarios/jinniu-pengzhou-sunset.json'];

async function resolveDoc(file: string, doc: unknown) {
  return resolveScenario(doc, file, (p) => read(p));
}

/** Cost items per cost-split lever, as Session.inspect reports them. */
function costItems(s: Awaited<ReturnType<typeof resolveDoc>>, lever: LeverDef): number {
  const m = /^\/economy\/projects\/(\d+)\/costs$/.exec(lever.path);
  return m ? (s.economy.projects[Number(m[1])]!.costs?.length ?? 0) : 0;
}

describe('writing a lever value into the scenario document', () => {
  test.each(FILES)('%s: every numeric lever written by the form resolves as --set applies it', async (file) => {
    const doc = await read(file);
    const base = await resolveDoc(file, doc);
    const levers = [...leverRegistry(base), ...phaseShareLevers(base)].filter((l) => !l.options && l.min !== undefined && l.max !== undefined);
    expect(levers.length).toBeGreaterThan(2);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: levers.length - 1 }), fc.double({ min: 0, max: 1, noNaN: true }), async (i, u) => {
        const lever = levers[i]!;
        let value = lever.min! + u * (lever.max! - lever.min!);
        if (lever.integer) value = Math.round(value);
        let expected: ReturnType<typeof withLevers>;
        try {
          expected = withLevers(base, [{ path: lever.path, value }]);
        } catch {
          // A value the whole scenario refuses (e.g. a sunset before the start): the form shows the same error.
          await expect(resolveDoc(file, writeLever(doc, lever, value, costItems(base, lever)))).rejects.toThrow();
          return;
        }
        const written = writeLever(doc, lever, value, costItems(base, lever));
        expect(await resolveDoc(file, written)).toEqual(expected);
        // The original document is untouched.
        expect(doc).toEqual(await read(file));
      }),
      { numRuns: 25 },
    );
  });

  test('a file\'s own override of a whole quantity is edited in place; elsewhere an override is appended once', async () => {
    const doc = await read('scenarios/jinniu-pengzhou-25-75.json');
    const tax = '/policy/rules/*/tax/originShare/value';
    const once = writeValue(doc, tax, 0.3);
    expect(once.overrides).toHaveLength(1);
    expect((once.overrides as { value: { value: number; assumption: string } }[])[0]!.value).toMatchObject({ value: 0.3, assumption: expect.any(String) });
    const stats = '/policy/rules/*/statistics/originShare/value';
    const twice = writeValue(writeValue(once, stats, 0.6), stats, 0.7);
    expect(twice.overrides).toHaveLength(2);
    expect((twice.overrides as { path: string; value: unknown }[])[1]).toMatchObject({ path: stats, value: 0.7 });
    // A number the document itself holds is set where it is.
    const rate = writeValue(doc, '/discountRate/value', 0.03);
    expect((rate.discountRate as { value: number }).value).toBe(0.03);
    expect(rate.overrides).toHaveLength(1);
  });
});

test('phase shares are levers the form edits, labelled with their years and parties', async () => {
  const base = await resolveDoc('scenarios/jinniu-pengzhou-sunset.json', await read('scenarios/jinniu-pengzhou-sunset.json'));
  const phases = phaseShareLevers(base);
  expect(phases.map((l) => l.path)).toEqual(['/policy/rules/*/phases/1/statisticsOriginShare/value', '/policy/rules/*/phases/1/taxOriginShare/value']);
  expect(phases[1]!.label.zh).toMatch(/税收分成.*阶段 2031–2035/);
  expect(phases[1]!.parties?.share.zh).toBe('金牛区');
  expect(phases[1]!.value).toBe(0.25);
});

describe('reading what was typed', () => {
  const share = { id: '/x', path: '/x', kind: 'value', group: 'taxShare', label: { zh: '', en: '' }, unit: 'share', min: 0, max: 1, integer: false, value: 0.4 } satisfies LeverDef;
  const year = { ...share, group: 'sunset', unit: 'year', min: 2023, max: 2050, integer: true, value: 2030 } satisfies LeverDef;
  test('a share as a number, a percentage or a ratio of the parties', () => {
    expect(readLeverInput(share, '0.3')).toEqual({ value: 0.3 });
    expect(readLeverInput(share, '4:6')).toEqual({ value: 0.4 });
    expect(readLeverInput(share, '2.5 ： 7.5')).toEqual({ value: 0.25 });
    expect(readLeverInput(share, '35%')).toEqual({ value: 0.35 });
    expect(readLeverInput(share, '1.5')).toEqual({ error: 'must be at most 1' });
    expect(readLeverInput(share, 'abc')).toEqual({ error: 'expected a number' });
    expect(readLeverInput(share, '0:0')).toEqual({ error: 'expected a number' });
  });
  test('a year is a whole number within bounds; a ratio is not a year', () => {
    expect(readLeverInput(year, '2035')).toEqual({ value: 2035 });
    expect(readLeverInput(year, '2035.5')).toEqual({ error: 'expected a whole year' });
    expect(readLeverInput(year, '2000')).toEqual({ error: 'must be at least 2023' });
    expect(readLeverInput(year, '4:6')).toEqual({ error: 'expected a number' });
  });
});

describe('JSON syntax errors and issues', () => {
  test('the first syntax error is located by line and column', () => {
    const text = '{\n  "a": 1,\n  "b" 2\n}';
    const { doc, problem } = parseScenarioText(text);
    expect(doc).toBeNull();
    expect(problem).toMatchObject({ line: 3, column: 7, code: 'ColonExpected' });
    expect(lineColumn('ab\ncd', 4)).toEqual({ line: 2, column: 2 });
    expect(parseScenarioText('{"a": 1}').problem).toBeNull();
  });

  test('an issue inside an override points where the override writes, and finds the lever there', () => {
    const doc = { overrides: [{ path: '/policy/rules/*/tax/originShare', value: { value: 2, unit: 'share' } }] };
    const lever = { id: '/policy/rules/*/tax/originShare/value', path: '/policy/rules/*/tax/originShare/value' } as LeverDef;
    expect(issueTarget({ path: '/overrides/0/value', message: '' }, doc)).toBe('/policy/rules/*/tax/originShare');
    expect(issueTarget({ path: '/overrides/0/value/value', message: '' }, doc)).toBe('/policy/rules/*/tax/originShare/value');
    expect(issueBelongsTo(lever, '/policy/rules/*/tax/originShare')).toBe(true);
    expect(issueBelongsTo(lever, '/policy/rules/*/tax/originShare/value')).toBe(true);
    expect(issueBelongsTo(lever, '/policy/rules/*/statistics/originShare/value')).toBe(false);
    expect(issueBelongsTo(lever, '/policy/rules/*/tax')).toBe(false);
  });
});

test('an issue\'s pointer is found at its line: in the document, or at the override that writes it', () => {
  const doc = {
    years: { from: 2023, to: 1500 },
    overrides: [{ path: '/policy/rules/*/tax/originShare', value: { value: 2, unit: 'share' } }],
  };
  const text = JSON.stringify(doc, null, 2);
  const lines = text.split('\n');
  const lineOf = (needle: string) => lines.findIndex((l) => l.includes(needle)) + 1;
  expect(pointerLine(text, '/years/to', doc)).toBe(lineOf('"to": 1500'));
  expect(pointerLine(text, '/policy/rules/*/tax/originShare/value', doc)).toBe(lineOf('"value": {'));
  expect(pointerLine(text, '/overrides/0/path', doc)).toBe(lineOf('"path"'));
  expect(pointerLine(text, '/economy/parties/0', doc)).toBeNull();
});

describe('undo history kept across reloads', () => {
  test('bounded in steps and characters, newest steps kept', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 40 }), { maxLength: 300 }), fc.array(fc.string({ maxLength: 40 }), { maxLength: 300 }), (undo, redo) => {
        const h = boundHistory({ key: 'k', undo, redo });
        expect(h.undo.length).toBeLessThanOrEqual(MAX_HISTORY_STEPS);
        expect(h.redo.length).toBeLessThanOrEqual(MAX_HISTORY_STEPS);
        expect(h.undo).toEqual(undo.slice(undo.length - h.undo.length));
        expect(h.redo).toEqual(redo.slice(redo.length - h.redo.length));
      }),
    );
    const big = 'x'.repeat(MAX_HISTORY_CHARS / 3 + 1);
    const h = boundHistory({ key: 'k', undo: [big, big, big, 'last'], redo: [] });
    expect(h.undo.at(-1)).toBe('last');
    expect(h.undo.join('').length).toBeLessThanOrEqual(MAX_HISTORY_CHARS);
  });
});

describe('Session.inspect', () => {
  test('a valid text gives its lever registry with cost items; an invalid one its issues and no levers', async () => {
    const session = new Session();
    const text = readFileSync(join(ROOT, 'test/fixtures/two-project.json'), 'utf8');
    const ok = await session.inspect('two-project.json', text);
    expect(ok.issues).toEqual([]);
    expect(ok.levers!.map((l) => l.id)).toContain('/economy/projects/0/costs');
    expect(ok.costItems['/economy/projects/0/costs']).toBeGreaterThan(0);
    const bad = await session.inspect('two-project.json', text.replace('"to": 2027', '"to": 1500'));
    expect(bad.levers).toBeNull();
    expect(bad.issues.some((i) => i.path.startsWith('/years'))).toBe(true);
  });
});
