// The few mathjs functions the engine uses (Leontief inverse, GM(1,1) least squares), built
// with mathjs's factory API: importing the whole library costs seconds of start-up and
// ~600 KB of bundle, these functions (and what they depend on) a small part of that.
import {
  absDependencies,
  create,
  type FactoryFunctionMap,
  type MathJsInstance,
  detDependencies,
  eigsDependencies,
  identityDependencies,
  invDependencies,
  lusolveDependencies,
  multiplyDependencies,
  subtractDependencies,
  transposeDependencies,
} from 'mathjs';

// Creating the instance builds mathjs's typed functions: ~150 ms of CPU, paid on the first
// call (an input–output block or a GM(1,1) baseline), not when the engine is imported, so the
// CLI, the worker threads and scenarios without those blocks never pay it.
let instance: MathJsInstance | null = null;
const math = (): MathJsInstance =>
  (instance ??= create({
  absDependencies,
  detDependencies,
  eigsDependencies,
  identityDependencies,
  invDependencies,
  lusolveDependencies,
  multiplyDependencies,
  subtractDependencies,
  transposeDependencies,
} as FactoryFunctionMap));

/** A function of the instance that creates the instance when first called. */
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
