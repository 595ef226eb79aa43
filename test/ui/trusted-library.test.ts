// The built-in library is trusted by the web worker (no JSON Schema step when it opens a
// library document: the first view compiles no validator). Checked here: every document the
// app bundles passes the full validation, trusting changes no resolved scenario, the first view
// compiles nothing, and a user's file is still checked in full, also where it names or shadows
// library files. Its own file: the validators compiled so far are module state.
import { describe, expect, test } from 'vitest';
import { Session } from '../../ui/engine/session.js';
import { LIBRARY, libraryEntries, libraryReader } from '../../ui/engine/library.js';
import { loadDocument } from '../../engine/schema/resolve.js';
import { compiledValidators, prepareValidator, validateDocument } from '../../engine/schema/validate.js';
import { loadMath } from '../../engine/math.js';

/** What a bare URL opens (ui/components/pw-app.ts FIRST_VIEW; that module needs a DOM). */
const FIRST_VIEW = 'scenarios/comparisons/chengdu-vs-yrd.json';

describe('the trusted built-in library', () => {
  // Runs first: any validation before it would compile validators.
  test('the first view opens and runs at its own lever values without compiling a validator; a moved lever is checked', async () => {
    const session = new Session();
    const res = await session.openBuiltin(FIRST_VIEW);
    if (!res.ok) throw new Error(JSON.stringify(res.issues));
    expect(res.columns).toHaveLength(4);
    const values = res.columns.map((c) => Object.fromEntries(c.levers.map((l) => [l.id, l.value])));
    for (const [i, c] of res.columns.entries()) {
      expect((await session.run(c.handle, values[i]!)).ok, c.id).toBe(true);
      // What the page asks next of each column (its observed figures, ui/worker.ts) goes through at().
      expect(session.at(c.handle, values[i]!).ok, c.id).toBe(true);
    }
    expect(compiledValidators()).toEqual([]);
    // A moved lever changes the policy: it is checked against the Policy schema again.
    const first = res.columns[0]!;
    const share = first.levers.find((l) => l.kind === 'value' && l.unit === 'share')!;
    const moved = Number(share.value) > 0.5 ? Number(share.value) - 0.1 : Number(share.value) + 0.1;
    expect((await session.run(first.handle, { ...values[0]!, [share.id]: moved })).ok).toBe(true);
    expect(compiledValidators()).toEqual(['Policy']);
    // The idle warm-up compiles the others, one per call.
    const order: (string | null)[] = [];
    for (let i = 0; i < 4; i++) order.push(prepareValidator());
    expect(order).toEqual(['Economy', 'ScenarioShallow', 'ComparisonShallow', null]);
    expect(compiledValidators()).toHaveLength(4);
  });

  test('every document the app bundles passes the full validation (the step the worker skips for them)', async () => {
    await loadMath(); // baseline histories need mathjs; validateDocument is synchronous
    expect(LIBRARY.size).toBeGreaterThan(30);
    for (const [path, doc] of LIBRARY) expect(validateDocument(doc), path).toEqual([]);
  });

  test('trusting the library changes no resolved scenario of any library entry', async () => {
    const read = libraryReader();
    for (const entry of libraryEntries()) {
      const full = await loadDocument(entry.path, read);
      const trusted = await loadDocument(entry.path, read, { trusted: (p) => LIBRARY.has(p) });
      expect(trusted, entry.path).toEqual(full);
    }
  });
});

describe("a user's file is checked in full", () => {
  const text = (doc: unknown) => JSON.stringify(doc);
  const library = (path: string) => structuredClone(LIBRARY.get(path)) as Record<string, unknown>;

  test('one named like a library file (shadowing it) gets the schema error at its pointer', async () => {
    const doc = library('scenarios/jinniu-pengzhou.json');
    doc.title = 5;
    const res = await new Session().openText('jinniu-pengzhou.json', text(doc));
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.issues.map((i) => i.path)).toContain('/title');
  });

  test('one that refers to library parts is checked after its overrides, at the pointer', async () => {
    const doc = library('scenarios/jinniu-pengzhou.json');
    doc.overrides = [{ path: '/economy/projects/0/name', value: 5 }];
    const res = await new Session().openText('mine.json', text(doc));
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.issues.map((i) => i.path)).toContain('/economy/projects/0/name');
  });

  test('a comparison of library scenarios with a bad field of its own is refused at the pointer', async () => {
    const doc = library(FIRST_VIEW);
    doc.reference = 'first';
    const res = await new Session().openText('comparisons/x.json', text(doc));
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.issues.map((i) => i.path)).toContain('/reference');
  });
});
