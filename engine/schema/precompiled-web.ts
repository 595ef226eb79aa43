// Validators compiled ahead of time for the web worker, loaded as a chunk of their own after the
// first view or before a user's file is validated (validate.ts: loadPrecompiledValidators), so
// the worker neither compiles a schema nor carries the code in its entry. From the sources this
// is null and the worker compiles with ajv as before; the app's build (vite.config.ts) replaces
// this module by ajv's standalone code, as scripts/build-node.mjs does for precompiled.ts.
import type { ValidateFunction } from 'ajv';
import type { ValidatedName } from './ajv-options.js';

export const PRECOMPILED: Partial<Record<ValidatedName, ValidateFunction>> | null = null;
