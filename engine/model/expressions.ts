// User-written JSONata sharing rules, evaluated at compile time with guardrails.
// A scenario is untrusted. Before anything runs, the parsed rule is checked against the
// small language sharing rules need (ternaries, arithmetic, comparisons, field access and a
// list of plain built-ins; see rule-language.ts): no function definitions, so no recursion
// and no signatures (JSONata matches a signature with a RegExp that cannot be interrupted).
// Expressions then see only plain data we build (null prototypes, no functions) and run
// under step budgets (deterministic: they decide validity) plus value-size and
// regular-expression limits. Wall-clock limits remain only as a last resort with their own
// message (see SECURITY.md).
import jsonata from 'jsonata';
import { ScenarioError } from '../schema/validate.js';
import { ruleLanguageProblem, safeText } from './rule-language.js';
import { watchRule } from './watch.js';

export { safeText };

export const EXPRESSION_LIMITS = {
  /** Wall-clock milliseconds one evaluation may take: a last resort, the step budget decides first. */
  timeoutMs: 2000,
  /** Maximum evaluation depth (deep recursion ends with an error). */
  stack: 200,
  /** Maximum length of a sequence (huge ranges end with an error). */
  sequence: 10_000,
  /** Wall-clock milliseconds all expression evaluations of one scenario may take together: a last resort. */
  scenarioMs: 60_000,
  /** Evaluation steps one evaluation may take (deterministic, unlike the timeout). */
  steps: 20_000,
  /** Evaluation steps all rules of one scenario may take together (deterministic; about 2 s of work). */
  scenarioSteps: 2_000_000,
  /** Items of a value a step produces that count as one more step (a long list is work). */
  itemsPerStep: 100,
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

/**
 * Why a value produced by one step is too big, or null. Walks at most valueItems nodes and
 * adds the items it walked to `walked`, so a step that builds a big list costs steps too.
 */
function sizeProblem(value: unknown, walked: { items: number }): string | null {
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
      walked.items += x.length;
      if (items > L.valueItems) return `built a value with more than ${L.valueItems} items`;
      for (let i = 0; i < x.length; i++) stack.push(x[i]);
    } else {
      const keys = Object.keys(o);
      items += keys.length;
      walked.items += keys.length;
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

/** The message of the wall-clock last resort: it says it is one, because it depends on the machine. */
export const WALL_CLOCK_NOTE = 'a wall-clock last resort: the step budgets normally end a rule first, so the machine may be overloaded';

function describe(err: unknown): string {
  const e = err as { code?: string; message?: string; value?: unknown };
  if (e?.code === 'D1012') return `took longer than ${L.timeoutMs} ms (${WALL_CLOCK_NOTE})`;
  if (e?.code === 'D1011') return `recursed deeper than ${L.stack} levels`;
  if (e?.code === 'D2015' || e?.code === 'D2014') return `built a sequence longer than ${L.sequence} items`;
  if (e instanceof RangeError) return 'ran out of memory or stack (the expression builds too much)';
  return safeText(String(e?.message ?? err).split('\n')[0]!.slice(0, 300));
}

/** Steps (deterministic) and wall-clock time (last resort) shared by every rule of one scenario compile. */
export interface ExpressionBudget {
  deadline: number;
  /** Steps left for the rest of the scenario. */
  steps: number;
  /** Steps the scenario started with (for the message). */
  total: number;
}
export const scenarioBudget = (): ExpressionBudget => ({ deadline: Date.now() + L.scenarioMs, steps: L.scenarioSteps, total: L.scenarioSteps });

/** Parse a rule and check it against the rule language; a ScenarioError at `path` when either fails. */
export function checkRule(source: string, path: string): jsonata.Expression {
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
  const problem = ruleLanguageProblem(expr.ast());
  if (problem) throw new ScenarioError([{ path, message: `sharing rule refused: ${problem}` }]);
  return expr;
}

/**
 * Evaluate a share expression for each input; every result must be a number in [0, 1].
 * @param path JSON Pointer of the expression, for error messages.
 * @param budget time shared with the other expressions of the same scenario.
 */
export async function evaluateShares(source: string, inputs: unknown[], path: string, budget: ExpressionBudget = scenarioBudget()): Promise<Float64Array> {
  const expr = checkRule(source, path);
  for (const [name, def] of Object.entries(await guarded())) expr.assign(name, def);
  let steps = 0;
  const charge = (n: number) => {
    steps += n;
    budget.steps -= n;
    if (steps > L.steps) throw new Guard('PW_STEPS', `took more than ${L.steps} evaluation steps`);
    if (budget.steps < 0) throw new Guard('PW_SCENARIO_STEPS', `expression rules took more than ${budget.total} evaluation steps in total for this scenario`);
  };
  const assign = expr.assign as (name: string | symbol, value: unknown) => void;
  assign(Symbol.for('jsonata.__evaluate_entry'), () => charge(1));
  assign(Symbol.for('jsonata.__evaluate_exit'), (_expr: unknown, _input: unknown, _env: unknown, result: unknown) => {
    const walked = { items: 0 };
    const problem = sizeProblem(result, walked);
    if (problem) throw new Guard('PW_SIZE', problem);
    // A step that builds a list of n items costs n / itemsPerStep steps more: work, not calls, is counted.
    if (walked.items >= L.itemsPerStep) charge(Math.floor(walked.items / L.itemsPerStep));
  });
  const out = new Float64Array(inputs.length);
  // The CLI's hard deadline (engine/cli/isolate.ts) is armed while this rule is evaluated.
  watchRule(path);
  try {
    return await evaluateEach(expr, inputs, out, path, budget, () => (steps = 0));
  } finally {
    watchRule(null);
  }
}

async function evaluateEach(expr: jsonata.Expression, inputs: unknown[], out: Float64Array, path: string, budget: ExpressionBudget, resetSteps: () => void): Promise<Float64Array> {
  for (let i = 0; i < inputs.length; i++) {
    let value: unknown;
    resetSteps();
    try {
      value = await expr.evaluate(sandboxData(inputs[i]));
    } catch (err) {
      if ((err as Guard)?.code === 'PW_SCENARIO_STEPS') throw new ScenarioError([{ path, message: (err as Guard).message }]);
      throw new ScenarioError([{ path, message: `JSONata evaluation failed: ${describe(err)}` }]);
    }
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 1) {
      const shown = typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value === null ? JSON.stringify(value).slice(0, 80) : value === undefined ? 'nothing' : Array.isArray(value) ? 'a list' : typeof value === 'function' ? 'a function' : 'an object';
      throw new ScenarioError([{ path, message: `expression must give a number between 0 and 1; gave ${safeText(shown)}` }]);
    }
    out[i] = value;
    if (Date.now() > budget.deadline)
      throw new ScenarioError([{ path, message: `expression rules took longer than ${L.scenarioMs} ms in total for this scenario (${WALL_CLOCK_NOTE})` }]);
  }
  return out;
}
