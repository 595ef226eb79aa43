// Validators compiled ahead of time. From the sources this is null and validate.ts compiles
// with ajv at run time; in the built bundles (scripts/build-node.mjs) this module is replaced
// by ajv's standalone code for the schemas of ajv-options.ts, compiled with the same options.
import type { ValidateFunction } from 'ajv';
import type { ValidatedName } from './ajv-options.js';

export const PRECOMPILED: Partial<Record<ValidatedName, ValidateFunction>> | null = null;
