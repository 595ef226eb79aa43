// Range check of one lever value, shared by the page (number fields) and the worker.
import type { LeverDef } from './protocol.js';

/** Null when the value fits the lever, else what was expected. */
export function checkLever(def: LeverDef, value: unknown): string | null {
  if (def.options) return typeof value === 'string' && def.options.includes(value) ? null : `expected one of ${def.options.join(', ')}`;
  if (typeof value !== 'number' || !Number.isFinite(value)) return 'expected a number';
  if (def.min !== undefined && value < def.min) return `must be at least ${def.min}`;
  if (def.max !== undefined && value > def.max) return `must be at most ${def.max}`;
  if (def.step === 1 && !Number.isInteger(value)) return 'expected a whole year';
  return null;
}
