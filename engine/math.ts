// The few mathjs functions the engine uses (Leontief inverse, GM(1,1) least squares), built
// with mathjs's factory API: importing the whole library costs seconds of start-up and
// ~600 KB of bundle, these functions (and what they depend on) a small part of that.
import {
  absDependencies,
  create,
  type FactoryFunctionMap,
  detDependencies,
  eigsDependencies,
  identityDependencies,
  invDependencies,
  lusolveDependencies,
  multiplyDependencies,
  subtractDependencies,
  transposeDependencies,
} from 'mathjs';

const math = create({
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

export const { abs, det, eigs, identity, inv, lusolve, multiply, subtract, transpose } = math;
