// The few mathjs functions the engine uses (Leontief inverse, GM(1,1) least squares). mathjs is
// loaded on demand: importing it costs start-up time and ~70 KB gzip of bundle, and only
// scenarios with an input–output block or a baseline history need it. Every asynchronous entry
// that may reach these functions (loading and resolving documents, compiling, lever models)
// awaits loadMathFor(document) first; the functions themselves stay synchronous.
import type { MathJsInstance } from 'mathjs';

let instance: MathJsInstance | null = null;
let loading: Promise<void> | null = null;

/** Load and build the mathjs instance (once; ~150 ms of CPU the first time). */
export function loadMath(): Promise<void> {
  return (loading ??= import('./math-factories.js').then((m) => {
    instance ??= m.createMath();
  }));
}

/** Keys whose presence anywhere in a document means mathjs may be needed (engine/io, engine/forecast). */
const NEEDS_MATH = new Set(['inputOutput', 'baseline']);

/** Whether a document (scenario, economy, comparison; resolved or not) has an input–output block or a baseline history. */
export function needsMath(doc: unknown): boolean {
  const stack: unknown[] = [doc];
  while (stack.length) {
    const v = stack.pop();
    if (!v || typeof v !== 'object') continue;
    if (Array.isArray(v)) {
      for (const x of v) if (x && typeof x === 'object') stack.push(x);
      continue;
    }
    for (const [k, x] of Object.entries(v)) {
      if (NEEDS_MATH.has(k)) return true;
      if (x && typeof x === 'object') stack.push(x);
    }
  }
  return false;
}

/** Load mathjs if the document may need it; resolves at once otherwise (or when loaded already). */
export async function loadMathFor(doc: unknown): Promise<void> {
  if (!instance && needsMath(doc)) await loadMath();
}

const math = (): MathJsInstance => {
  if (!instance) throw new Error('mathjs is not loaded: await loadMath() (engine/math.ts) before validating or compiling an input–output block or a baseline history synchronously');
  return instance;
};

/** A function of the instance, looked up when called. */
function lazy<K extends keyof MathJsInstance>(name: K): MathJsInstance[K] {
  return ((...args: unknown[]) => (math()[name] as (...a: unknown[]) => unknown)(...args)) as MathJsInstance[K];
}

export const abs = lazy('abs');
export const det = lazy('det');
export const eigs = lazy('eigs');
export const identity = lazy('identity');
export const inv = lazy('inv');
export const lusolve = lazy('lusolve');
export const multiply = lazy('multiply');
export const subtract = lazy('subtract');
export const transpose = lazy('transpose');
