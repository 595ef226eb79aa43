// Loading: follow file references (economy, policy, comparison entries), apply a
// scenario's overrides, and validate what results. The reader is injected so the same
// code serves Node (file system), the browser (bundled library) and tests (in memory).
import { type Comparison, type ResolvedScenario, type Scenario } from './scenario.js';
import { ScenarioError, validateDocument, validateScenario, type CheckOptions, type ValidationIssue } from './validate.js';
import { setByPointer as setPointer } from '../pointer.js';
import { loadMathFor } from '../math.js';

/** Reads the JSON document at a normalised path; throws if there is none. */
export type DocumentReader = (path: string) => Promise<unknown>;

export interface LoadOptions {
  /**
   * Paths whose documents are known to match the JSON Schema (the app's built-in library,
   * validated in full by the tests): their schema step is skipped, every other check runs. A
   * resolved scenario skips it only when it and every part it references are trusted (a user's
   * scenario that refers to a library economy is checked in full).
   */
  trusted?: (path: string) => boolean;
}

const checkOf = (trusted: boolean): CheckOptions => (trusted ? { schema: false } : {});

/** Directory part of a '/'-separated path. */
export function dirname(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

/** Join and normalise '/'-separated paths ('..' and '.' resolved); no Node 'path' so it runs in a worker. */
export function joinPath(dir: string, rel: string): string {
  const parts = (rel.startsWith('/') ? rel : `${dir}/${rel}`).split('/');
  const out: string[] = [];
  for (const part of parts) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length && out[out.length - 1] !== '..') out.pop();
      else if (!rel.startsWith('/') && !dir.startsWith('/')) out.push('..');
    } else out.push(part);
  }
  return (rel.startsWith('/') || dir.startsWith('/') ? '/' : '') + out.join('/');
}

/**
 * Why a reference may not be followed, or null. References are untrusted: a scenario may name
 * files only below its own folder, a comparison scenarios below its parent folder (the
 * library keeps comparisons one folder down). Checked on the text of the reference before
 * anything is read, so the answer never depends on whether the file exists.
 */
export function referenceProblem(rel: string, climb = 0): string | null {
  if (rel.startsWith('/') || rel.includes('\\') || /^[A-Za-z]:/.test(rel) || rel.includes('\u0000'))
    return 'a reference must be a relative path with "/" separators';
  let depth = 0;
  for (const seg of rel.split('/')) {
    if (seg === '..') depth--;
    else if (seg !== '' && seg !== '.') depth++;
    if (depth < -climb) return climb ? 'a comparison may reference scenarios only in its folder, its subfolders or its parent folder' : "a reference must stay inside the referring file's folder";
  }
  return null;
}

async function readPart(read: DocumentReader, path: string, at: string, kind: 'economy' | 'policy', rel: string, trusted: boolean): Promise<unknown> {
  const outside = referenceProblem(rel);
  if (outside) throw new ScenarioError([{ path: at, message: `"${rel.slice(0, 200)}" refused: ${outside}` }]);
  let doc: unknown;
  try {
    doc = await read(path);
  } catch (err) {
    throw new ScenarioError([{ path: at, message: `cannot read "${path}": ${(err as Error).message}` }]);
  }
  await loadMathFor(doc);
  const errors = validateDocument(doc, '', checkOf(trusted)).map((e) => ({ path: `${at}${e.path}`, message: `${e.message} (in ${path})` }));
  if (errors.length) throw new ScenarioError(errors);
  if ((doc as { kind: string }).kind !== kind)
    throw new ScenarioError([{ path: at, message: `"${path}" is a ${(doc as { kind: string }).kind} file; expected a ${kind}` }]);
  return doc;
}

/**
 * Set the value at a JSON Pointer (strict RFC 6901, engine/pointer.ts). The parent must
 * exist; a new key may be added to an object (e.g. a sunsetYear on a rule) and the result is
 * validated again afterwards, so a misspelt field is still reported. A list's `length`, an
 * index with a leading zero or past the end, and prototype names are refused.
 */
export function setByPointer(root: unknown, pointer: string, value: unknown): string | null {
  return setPointer(root, pointer, value, { addKeys: true });
}

/**
 * Turn a scenario document into a resolved, validated scenario.
 * @param path the document's own path, so relative references can be followed.
 */
export async function resolveScenario(doc: unknown, path: string, read: DocumentReader, options: LoadOptions = {}): Promise<ResolvedScenario> {
  await loadMathFor(doc);
  const trusted = (p: string) => options.trusted?.(p) === true;
  const errors = validateDocument(doc, '', checkOf(trusted(path)));
  if (errors.length) throw new ScenarioError(errors);
  const scenario = doc as Scenario;
  if (scenario.kind !== 'scenario')
    throw new ScenarioError([{ path: '/kind', message: `this is a ${(doc as { kind: string }).kind} file; expected a scenario` }]);
  const dir = dirname(path);
  // Inline parts are as trusted as the document; referenced ones as their own path.
  const partTrusted = (ref: unknown) => (typeof ref === 'string' ? trusted(joinPath(dir, ref)) : trusted(path));
  const allTrusted = partTrusted(scenario.economy) && partTrusted(scenario.policy) && trusted(path);
  const economy = typeof scenario.economy === 'string'
    ? await readPart(read, joinPath(dir, scenario.economy), '/economy', 'economy', scenario.economy, partTrusted(scenario.economy))
    : scenario.economy;
  const policy = typeof scenario.policy === 'string'
    ? await readPart(read, joinPath(dir, scenario.policy), '/policy', 'policy', scenario.policy, partTrusted(scenario.policy))
    : scenario.policy;
  // Deep copy: overrides must not alter a shared economy or policy object.
  const resolved = structuredClone({ ...scenario, economy, policy }) as ResolvedScenario & { overrides?: unknown };
  delete resolved.overrides;
  const problems: ValidationIssue[] = [];
  (scenario.overrides ?? []).forEach((o, i) => {
    const problem = setByPointer(resolved, o.path, structuredClone(o.value));
    if (problem) problems.push({ path: `/overrides/${i}/path`, message: problem });
  });
  if (problems.length) throw new ScenarioError(problems);
  const result = validateScenario(resolved, checkOf(allTrusted));
  if (!result.ok) {
    const note = scenario.overrides?.length ? ' (after overrides)' : '';
    throw new ScenarioError(result.errors.map((e) => ({ path: e.path, message: e.message + note })));
  }
  return result.value;
}

/** Load a scenario, or every scenario of a comparison, from a path. */
export async function loadDocument(
  path: string,
  read: DocumentReader,
  options: LoadOptions = {},
): Promise<{ kind: 'scenario'; scenario: ResolvedScenario } | { kind: 'comparison'; comparison: Comparison; scenarios: ResolvedScenario[] }> {
  let doc: unknown;
  try {
    doc = await read(path);
  } catch (err) {
    throw new ScenarioError([{ path: '', message: (err as Error).message }]);
  }
  const kind = doc && typeof doc === 'object' ? (doc as { kind?: unknown }).kind : undefined;
  if (kind === 'comparison') {
    await loadMathFor(doc);
    const errors = validateDocument(doc, '', checkOf(options.trusted?.(path) === true));
    if (errors.length) throw new ScenarioError(errors);
    const comparison = doc as Comparison;
    const dir = dirname(path);
    const scenarios: ResolvedScenario[] = [];
    for (const [i, entry] of comparison.scenarios.entries()) {
      try {
        if (typeof entry === 'string') {
          const outside = referenceProblem(entry, 1);
          if (outside) throw new ScenarioError([{ path: '', message: `"${entry.slice(0, 200)}" refused: ${outside}` }]);
          const p = joinPath(dir, entry);
          scenarios.push(await resolveScenario(await read(p), p, read, options));
        } else scenarios.push(await resolveScenario(entry, path, read, options));
      } catch (err) {
        if (err instanceof ScenarioError)
          throw new ScenarioError(err.issues.map((e) => ({ path: `/scenarios/${i}${e.path}`, message: e.message })));
        throw new ScenarioError([{ path: `/scenarios/${i}`, message: (err as Error).message }]);
      }
    }
    return { kind: 'comparison', comparison, scenarios };
  }
  return { kind: 'scenario', scenario: await resolveScenario(doc, path, read, options) };
}

