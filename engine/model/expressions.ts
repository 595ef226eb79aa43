// User-written JSONata sharing rules, evaluated at compile time with guardrails.
// A scenario is untrusted: expressions see only plain data we build (null prototypes,
// no functions), and run under JSONata's time, stack and sequence limits plus our own
// step, value-size and regular-expression limits. JSONata checks its timeout only between
// evaluation steps, so a single built-in call that runs long cannot be interrupted: the
// defence is to cap the arguments of the built-ins that could (see SECURITY.md).
import jsonata from 'jsonata';
import { ScenarioError } from '../schema/validate.js';

export const EXPRESSION_LIMITS = {
  /** Milliseconds one evaluation may take. */
  timeoutMs: 250,
  /** Maximum evaluation depth (deep recursion ends with an error). */
  stack: 200,
  /** Maximum length of a sequence (huge ranges end with an error). */
  sequence: 10_000,
  /** Milliseconds all evaluations of one expression (one project and ledger) may take together. */
  totalMs: 2000,
  /** Milliseconds all expression evaluations of one scenario may take together. */
  scenarioMs: 5000,
  /** Evaluation steps one evaluation may take (deterministic, unlike the timeout). */
  steps: 20_000,
  /** Longest string any step may produce. */
  stringLength: 1000,
  /** Items (array elements, object entries, counted as if shared parts were copied) in any value a step produces. */
  valueItems: 50_000,
  /** Characters of all strings (and keys) in any value a step produces. */
  valueChars: 100_000,
  /** Longest string a regular expression may be run on. */
  regexInput: 256,
  /** Quantifiers (*, +, ?, {n,m}) in one regular expression. */
  regexQuantifiers: 2,
  /** Items $sort and $distinct accept (their built-in versions take quadratic time or memory). */
  listItems: 500,
} as const;

/** Built-ins an expression may not call: code evaluation, the clock, randomness, and date pictures (which compile to regexes). */
export const DISABLED_FUNCTIONS = ['eval', 'now', 'millis', 'random', 'shuffle', 'toMillis', 'fromMillis', 'formatInteger', 'parseInteger'] as const;

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

/** An error raised by our guardrails inside JSONata (a plain object, as JSONata's own errors are). */
class Guard {
  constructor(
    readonly code: string,
    readonly message: string,
  ) {}
}

const L = EXPRESSION_LIMITS;

/** Why a regular expression could backtrack catastrophically, or null when it is simple enough. */
export function regexProblem(source: string): string | null {
  let quantifiers = 0;
  const groups: { quantified: boolean; alternation: boolean }[] = [];
  let lastGroup: { quantified: boolean; alternation: boolean } | null = null;
  let afterQuantifier = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (c === '\\') {
      const next = source[i + 1] ?? '';
      if (/[1-9k]/.test(next)) return 'back-references are not allowed';
      i++;
      lastGroup = null;
      afterQuantifier = false;
      continue;
    }
    if (c === '[') {
      for (i++; i < source.length && source[i] !== ']'; i++) if (source[i] === '\\') i++;
      lastGroup = null;
      afterQuantifier = false;
      continue;
    }
    if (c === '(') {
      if (/^\(\?(=|!|<=|<!)/.test(source.slice(i, i + 4))) return 'look-ahead and look-behind are not allowed';
      // Group syntax "(?:" and "(?<name>" is not a quantifier.
      const prefix = /^\(\?(:|<[A-Za-z_$][\w$]*>)/.exec(source.slice(i));
      if (prefix) i += prefix[0].length - 1;
      groups.push({ quantified: false, alternation: false });
      lastGroup = null;
      afterQuantifier = false;
      continue;
    }
    if (c === ')') {
      const g = groups.pop();
      if (!g) return null; // unbalanced: the RegExp constructor reports it
      const parent = groups[groups.length - 1];
      if (parent) {
        parent.quantified ||= g.quantified;
        parent.alternation ||= g.alternation;
      }
      lastGroup = g;
      afterQuantifier = false;
      continue;
    }
    if (c === '|') {
      const g = groups[groups.length - 1];
      if (g) g.alternation = true;
      lastGroup = null;
      afterQuantifier = false;
      continue;
    }
    const braces = c === '{' ? /^\{\d+(,\d*)?\}/.exec(source.slice(i)) : null;
    if (c === '*' || c === '+' || c === '?' || braces) {
      if (c === '?' && afterQuantifier) {
        afterQuantifier = false; // lazy modifier, not a quantifier
        continue;
      }
      quantifiers++;
      if (quantifiers > L.regexQuantifiers) return `more than ${L.regexQuantifiers} quantifiers`;
      if (lastGroup && (lastGroup.quantified || lastGroup.alternation))
        return 'a repeated group may not contain a quantifier or an alternation';
      for (const g of groups) g.quantified = true;
      if (braces) i += braces[0].length - 1;
      afterQuantifier = true;
      lastGroup = null;
      continue;
    }
    lastGroup = null;
    afterQuantifier = false;
  }
  return null;
}

/**
 * The RegExp JSONata runs regex literals with: patterns that can backtrack badly are
 * refused, and inputs are capped, because a regex match cannot be interrupted.
 */
class SafeRegex {
  private readonly re: RegExp;
  lastIndex = 0;
  constructor(pattern: RegExp | string) {
    const source = typeof pattern === 'string' ? pattern : pattern.source;
    const problem = regexProblem(source);
    if (problem) throw new Guard('PW_REGEX', `regular expression /${source.slice(0, 60)}/ refused: ${problem}`);
    this.re = new RegExp(source, typeof pattern === 'string' ? 'g' : pattern.flags);
  }
  exec(str: string): RegExpExecArray | null {
    if (typeof str === 'string' && str.length > L.regexInput)
      throw new Guard('PW_REGEX', `a regular expression may run on at most ${L.regexInput} characters; got ${str.length}`);
    this.re.lastIndex = this.lastIndex;
    const m = this.re.exec(str);
    this.lastIndex = this.re.lastIndex;
    return m;
  }
}

/** Why a value produced by one step is too big, or null. Walks at most valueItems nodes. */
function sizeProblem(value: unknown): string | null {
  if (typeof value === 'string')
    return value.length > L.stringLength ? `built a string of ${value.length} characters (limit ${L.stringLength})` : null;
  if (value === null || typeof value !== 'object') return null;
  let items = 0;
  let chars = 0;
  const stack: unknown[] = [value];
  while (stack.length) {
    const x = stack.pop();
    if (typeof x === 'string') {
      if (x.length > L.stringLength) return `built a string of ${x.length} characters (limit ${L.stringLength})`;
      chars += x.length;
      if (chars > L.valueChars) return `built a value with more than ${L.valueChars} characters of text`;
      continue;
    }
    if (x === null || typeof x !== 'object') continue;
    const o = x as Record<string, unknown>;
    if (o._jsonata_lambda || o._jsonata_function) continue; // functions: not data
    if (Array.isArray(x)) {
      items += x.length;
      if (items > L.valueItems) return `built a value with more than ${L.valueItems} items`;
      for (let i = 0; i < x.length; i++) stack.push(x[i]);
    } else {
      const keys = Object.keys(o);
      items += keys.length;
      if (items > L.valueItems) return `built a value with more than ${L.valueItems} items`;
      for (const k of keys) {
        chars += k.length;
        stack.push(o[k]);
      }
      if (chars > L.valueChars) return `built a value with more than ${L.valueChars} characters of text`;
    }
  }
  return null;
}

interface FunctionDefinition {
  _jsonata_function: true;
  implementation: (this: unknown, ...args: unknown[]) => unknown;
  signature?: unknown;
}

/** JSONata's own definition of a built-in, to wrap it with the same signature. */
async function builtin(name: string): Promise<FunctionDefinition> {
  return (await jsonata(`$${name}`).evaluate(undefined)) as FunctionDefinition;
}

const CALL_OUTPUT_CAP = 1_000_000;
const strLen = (v: unknown) => (typeof v === 'string' ? v.length : 0);

/** Built-ins replaced by versions that refuse arguments which would make one call run long or allocate a lot. */
let guardedBuiltins: Promise<Record<string, FunctionDefinition>> | null = null;
function guarded(): Promise<Record<string, FunctionDefinition>> {
  guardedBuiltins ??= (async () => {
    const wrap = (def: FunctionDefinition, check: (args: unknown[]) => string | null): FunctionDefinition => ({
      _jsonata_function: true,
      signature: def.signature,
      implementation(this: unknown, ...args: unknown[]) {
        const problem = check(args);
        if (problem) throw new Guard('PW_SIZE', problem);
        return def.implementation.apply(this, args);
      },
    });
    const out: Record<string, FunctionDefinition> = {
      pad: wrap(await builtin('pad'), ([, width]) =>
        typeof width === 'number' && Math.abs(width) > L.stringLength ? `$pad width ${width} exceeds ${L.stringLength}` : null,
      ),
      join: wrap(await builtin('join'), ([strs, sep]) => {
        const list = Array.isArray(strs) ? strs : [strs];
        const total = list.reduce((a: number, s) => a + strLen(s), 0) + strLen(sep) * Math.max(0, list.length - 1);
        return total > L.stringLength ? `$join would build ${total} characters (limit ${L.stringLength})` : null;
      }),
      replace: wrap(await builtin('replace'), ([str, pattern, replacement]) => {
        const n = strLen(str);
        const matches = typeof pattern === 'string' ? Math.floor(n / Math.max(1, pattern.length)) : n + 1;
        const each = typeof replacement === 'string' ? replacement.length : L.stringLength;
        return n + matches * each > CALL_OUTPUT_CAP ? `$replace could build more than ${CALL_OUTPUT_CAP} characters` : null;
      }),
      distinct: wrap(await builtin('distinct'), ([arr]) =>
        Array.isArray(arr) && arr.length > L.listItems ? `$distinct of ${arr.length} items (limit ${L.listItems})` : null,
      ),
      sort: wrap(await builtin('sort'), ([arr]) =>
        Array.isArray(arr) && arr.length > L.listItems ? `$sort of ${arr.length} items (limit ${L.listItems})` : null,
      ),
    };
    for (const name of DISABLED_FUNCTIONS)
      out[name] = {
        _jsonata_function: true,
        implementation() {
          throw new Guard('PW_DISABLED', `$${name} is not available in sharing rules`);
        },
      };
    return out;
  })();
  return guardedBuiltins;
}

/** Strip control and bidirectional-override characters so a message cannot drive a terminal. */
export function safeText(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function describe(err: unknown): string {
  const e = err as { code?: string; message?: string; value?: unknown };
  if (e?.code === 'D1012') return `took longer than ${L.timeoutMs} ms`;
  if (e?.code === 'D1011') return `recursed deeper than ${L.stack} levels`;
  if (e?.code === 'D2015' || e?.code === 'D2014') return `built a sequence longer than ${L.sequence} items`;
  if (e instanceof RangeError) return 'ran out of memory or stack (the expression builds too much)';
  return safeText(String(e?.message ?? err).split('\n')[0]!.slice(0, 300));
}

/** Time shared by every expression evaluation of one scenario compile. */
export interface ExpressionBudget {
  deadline: number;
}
export const scenarioBudget = (): ExpressionBudget => ({ deadline: Date.now() + L.scenarioMs });

/**
 * Evaluate a share expression for each input; every result must be a number in [0, 1].
 * @param path JSON Pointer of the expression, for error messages.
 * @param budget time shared with the other expressions of the same scenario.
 */
export async function evaluateShares(source: string, inputs: unknown[], path: string, budget: ExpressionBudget = scenarioBudget()): Promise<Float64Array> {
  let expr: jsonata.Expression;
  try {
    expr = jsonata(source, {
      timeout: L.timeoutMs,
      stack: L.stack,
      sequence: L.sequence,
      RegexEngine: SafeRegex as unknown as RegExpConstructor,
    });
  } catch (err) {
    throw new ScenarioError([{ path, message: `JSONata syntax error: ${describe(err)}` }]);
  }
  for (const [name, def] of Object.entries(await guarded())) expr.assign(name, def);
  let steps = 0;
  const assign = expr.assign as (name: string | symbol, value: unknown) => void;
  assign(Symbol.for('jsonata.__evaluate_entry'), () => {
    if (++steps > L.steps) throw new Guard('PW_STEPS', `took more than ${L.steps} evaluation steps`);
  });
  assign(Symbol.for('jsonata.__evaluate_exit'), (_expr: unknown, _input: unknown, _env: unknown, result: unknown) => {
    const problem = sizeProblem(result);
    if (problem) throw new Guard('PW_SIZE', problem);
  });
  const out = new Float64Array(inputs.length);
  const deadline = Math.min(budget.deadline, Date.now() + L.totalMs);
  for (let i = 0; i < inputs.length; i++) {
    let value: unknown;
    steps = 0;
    try {
      value = await expr.evaluate(sandboxData(inputs[i]));
    } catch (err) {
      throw new ScenarioError([{ path, message: `JSONata evaluation failed: ${describe(err)}` }]);
    }
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 1) {
      const shown = typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value === null ? JSON.stringify(value).slice(0, 80) : value === undefined ? 'nothing' : Array.isArray(value) ? 'a list' : typeof value === 'function' ? 'a function' : 'an object';
      throw new ScenarioError([{ path, message: `expression must give a number between 0 and 1; gave ${safeText(shown)}` }]);
    }
    out[i] = value;
    if (Date.now() > deadline)
      throw new ScenarioError([
        {
          path,
          message:
            deadline === budget.deadline
              ? `expression rules took longer than ${L.scenarioMs} ms in total for this scenario`
              : `evaluations took longer than ${L.totalMs} ms in total`,
        },
      ]);
  }
  return out;
}
