// What the validator compiles, shared by validate.ts (compiling at run time, from sources) and
// the build (scripts/build-node.mjs compiles the same schemas with the same options ahead of
// time into ajv standalone code, so the CLI and worker threads never compile a schema).
import { ComparisonShallow, Economy, Policy, ScenarioShallow } from './scenario.js';

// inlineRefs: false compiles each $defs entry once (withDefs hoists the repeated blocks).
export const AJV_OPTIONS = { allErrors: true, discriminator: true, strict: false, verbose: true, inlineRefs: false } as const;

/**
 * The schemas documents are validated against, by name. A scenario's or comparison's inline
 * parts are validated on their own (Economy, Policy, ScenarioShallow), so the shallow schemas
 * see them as references only.
 */
export const VALIDATED = { Economy, Policy, ScenarioShallow, ComparisonShallow } as const;
export type ValidatedName = keyof typeof VALIDATED;
