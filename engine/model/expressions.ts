// User-written JSONata sharing rules, evaluated at compile time with guardrails.
// A scenario is untrusted: expressions see only plain data we build (null prototypes,
// no functions), and run under JSONata's own time, stack and sequence limits.
import jsonata from 'jsonata';
import { ScenarioError } from '../schema/validate.js';

export const EXPRESSION_LIMITS = {
  /** Milliseconds one evaluation may take. */
  timeoutMs: 250,
  /** Maximum evaluation depth (deep recursion ends with an error). */
  stack: 200,
  /** Maximum length of a sequence (huge ranges end with an error). */
  sequence: 100_000,
  /** Milliseconds all evaluations of one expression may take together. */
  totalMs: 2000,
} as const;

/** Deep copy into null-prototype objects so that no path can reach Object.prototype or a constructor. */
export function sandboxData(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sandboxData);
  if (value && typeof value === 'object') {
    const out = Object.create(null) as Record<string, unknown>;
    for (const [k, v] of Object.entries(value)) out[k] = sandboxData(v);
    return out;
  }
  return typeof value === 'function' ? undefined : value;
}

function describe(err: unknown): string {
  const e = err as { code?: string; message?: string; value?: unknown };
  if (e?.code === 'D1012') return `took longer than ${EXPRESSION_LIMITS.timeoutMs} ms`;
  if (e?.code === 'D1011') return `recursed deeper than ${EXPRESSION_LIMITS.stack} levels`;
  if (e?.code === 'D2015') return `built a sequence longer than ${EXPRESSION_LIMITS.sequence} items`;
  return (e?.message ?? String(err)).split('\n')[0]!.slice(0, 300);
}

/**
 * Evaluate a share expression for each input; every result must be a number in [0, 1].
 * @param path JSON Pointer of the expression, for error messages.
 */
export async function evaluateShares(source: string, inputs: unknown[], path: string): Promise<Float64Array> {
  let expr: jsonata.Expression;
  try {
    expr = jsonata(source, {
      timeout: EXPRESSION_LIMITS.timeoutMs,
      stack: EXPRESSION_LIMITS.stack,
      sequence: EXPRESSION_LIMITS.sequence,
    });
  } catch (err) {
    throw new ScenarioError([{ path, message: `JSONata syntax error: ${describe(err)}` }]);
  }
  // Expressions must not reach the clock's side channels or evaluate other code.
  for (const name of ['eval', 'now', 'millis']) expr.assign(name, undefined);
  const out = new Float64Array(inputs.length);
  const deadline = Date.now() + EXPRESSION_LIMITS.totalMs;
  for (let i = 0; i < inputs.length; i++) {
    let value: unknown;
    try {
      value = await expr.evaluate(sandboxData(inputs[i]));
    } catch (err) {
      throw new ScenarioError([{ path, message: `JSONata evaluation failed: ${describe(err)}` }]);
    }
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 1)
      throw new ScenarioError([
        { path, message: `expression must give a number between 0 and 1; gave ${JSON.stringify(value)?.slice(0, 80) ?? 'nothing'}` },
      ]);
    out[i] = value;
    if (Date.now() > deadline)
      throw new ScenarioError([{ path, message: `evaluations took longer than ${EXPRESSION_LIMITS.totalMs} ms in total` }]);
  }
  return out;
}
