// The mathjs instance the engine uses (Leontief inverse, GM(1,1) least squares), built with
// mathjs's factory API from the nine functions needed. This module (and mathjs with it) is
// imported only by engine/math.ts's loadMath(), when a scenario has an input–output block or a
// baseline history: scenarios without them never load it (bundles keep it in its own chunk).
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

export function createMath(): MathJsInstance {
  return create({
    absDependencies,
    detDependencies,
    eigsDependencies,
    identityDependencies,
    invDependencies,
    lusolveDependencies,
    multiplyDependencies,
    subtractDependencies,
    transposeDependencies,
  } as FactoryFunctionMap);
}
