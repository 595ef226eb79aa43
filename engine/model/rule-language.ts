// The language of sharing rules: the part of JSONata a rule needs, checked on the parsed
// tree before anything is evaluated. The library's rules are ternaries, comparisons and
// arithmetic over the rule's input ({year, yearsSinceStart, agreementYear, project}).
//
// Why a whitelist and not only budgets: JSONata checks its budgets between steps, and some
// single steps cannot be interrupted. A function definition with a signature, e.g.
// `(function($a0,…,$a20)<x+x+…f>{0.5})(1,…)`, makes JSONata match the argument types with a
// RegExp built from the signature: one match ran for 20 s and nothing could stop it. Without
// function definitions there is also no recursion, so every rule's work is bounded by its
// size and the sequence limit, and the step budgets decide validity deterministically.

import jsonata from 'jsonata';

/** Built-ins a rule may call: plain functions of numbers, strings and lists, none of which takes a function. */
export const RULE_FUNCTIONS = [
  'sum', 'max', 'min', 'average', 'count', 'abs', 'floor', 'ceil', 'round', 'power', 'sqrt',
  'number', 'string', 'boolean', 'not', 'exists', 'length', 'substring', 'substringBefore',
  'substringAfter', 'uppercase', 'lowercase', 'trim', 'contains', 'join', 'append', 'lookup',
  'keys', 'type', 'error', 'assert',
] as const;

const FUNCTIONS: ReadonlySet<string> = new Set(RULE_FUNCTIONS);
const BINARY = new Set(['+', '-', '*', '/', '%', '=', '!=', '<', '<=', '>', '>=', 'and', 'or', '&', 'in', '..']);
/** Node types a rule may contain; the others are refused with a reason below. */
const LEAVES = new Set(['number', 'string', 'value', 'name', 'variable']);
const REFUSED: Record<string, string> = {
  lambda: 'function definitions are not allowed',
  partial: 'partial application is not allowed',
  apply: 'the ~> operator is not allowed',
  regex: 'regular expressions are not allowed',
  transform: 'transforms (| … |) are not allowed',
  sort: 'order-by (^) is not allowed',
  parent: 'the parent operator (%) is not allowed',
  wildcard: 'wildcards (*) are not allowed',
  descendant: 'descendant wildcards (**) are not allowed',
};
/** Path properties JSONata adds for constructs a rule does not need. */
const REFUSED_PROPERTIES: Record<string, string> = {
  group: 'grouping ({…} after a path) is not allowed',
  focus: 'focus variables (@) are not allowed',
  index: 'index variables (#) are not allowed',
  tuple: 'focus and index variables (@, #) are not allowed',
};

interface Node {
  type: string;
  value?: unknown;
  position?: number;
  [key: string]: unknown;
}

const isNode = (x: unknown): x is Node => !!x && typeof x === 'object' && typeof (x as Node).type === 'string';
const at = (n: Node) => (typeof n.position === 'number' ? ` (at character ${n.position})` : '');

/** Why a parsed rule (JSONata's `ast()`) leaves the rule language, or null when it stays inside. */
export function ruleLanguageProblem(ast: unknown): string | null {
  return definitionProblem(ast) ?? constructProblem(ast);
}

/** Function definitions first, wherever they are, so the message names the real problem. */
function definitionProblem(ast: unknown): string | null {
  const stack: unknown[] = [ast];
  while (stack.length) {
    const x = stack.pop();
    if (!x || typeof x !== 'object') continue;
    const n = x as Node;
    if (n.type === 'lambda')
      return `${n.signature ? 'function definitions with a signature' : 'function definitions'} are not allowed${at(n)}`;
    for (const v of Object.values(n)) stack.push(v);
  }
  return null;
}

function constructProblem(ast: unknown): string | null {
  // Iterative: a rule is at most 2,000 characters, but the walk must not depend on that.
  const stack: unknown[] = [ast];
  while (stack.length) {
    const x = stack.pop();
    if (Array.isArray(x)) {
      for (const item of x) stack.push(item);
      continue;
    }
    if (!isNode(x)) continue;
    const n = x;
    const refused = REFUSED[n.type];
    if (refused) return `${refused}${at(n)}`;
    for (const [prop, why] of Object.entries(REFUSED_PROPERTIES)) if (n[prop] !== undefined) return `${why}${at(n)}`;
    switch (n.type) {
      case 'binary':
        if (!BINARY.has(String(n.value))) return `the operator ${String(n.value)} is not allowed${at(n)}`;
        stack.push(n.lhs, n.rhs);
        break;
      case 'unary':
        if (n.value === '-') stack.push(n.expression);
        else if (n.value === '[') stack.push(n.expressions);
        else return `${n.value === '{' ? 'object constructors' : `the operator ${String(n.value)}`} are not allowed${at(n)}`;
        break;
      case 'condition':
        stack.push(n.condition, n.then, n.else);
        break;
      case 'block':
        stack.push(n.expressions);
        break;
      case 'bind': {
        const name = isNode(n.lhs) ? String(n.lhs.value) : '';
        if (FUNCTIONS.has(name)) return `$${name} may not be redefined${at(n)}`;
        stack.push(n.rhs);
        break;
      }
      case 'path':
        stack.push(n.steps);
        break;
      case 'filter':
        stack.push(n.expr);
        break;
      case 'function': {
        const p = n.procedure;
        if (!isNode(p) || p.type !== 'variable') return `only built-in functions may be called, by name${at(n)}`;
        if (!FUNCTIONS.has(String(p.value)))
          return `$${String(p.value)} may not be called in a sharing rule (allowed: ${RULE_FUNCTIONS.map((f) => `$${f}`).join(', ')})${at(n)}`;
        stack.push(n.arguments);
        break;
      }
      default:
        if (!LEAVES.has(n.type)) return `${n.type} expressions are not allowed${at(n)}`;
    }
    // Stages (filters) and predicates hang off names, variables and other path steps.
    if (n.stages) stack.push(n.stages);
    if (n.predicate) stack.push(n.predicate);
  }
  return null;
}

/**
 * Why a rule's source is not a rule (syntax error, or a construct outside the language), or
 * null. Parsing runs nothing; validation calls this so `validate` refuses such a rule with
 * its pointer, in a policy file on its own as well as inside a scenario.
 */
export function ruleSourceProblem(source: string): string | null {
  let ast: unknown;
  try {
    ast = jsonata(source).ast();
  } catch (err) {
    const e = err as { message?: string; position?: number };
    // Only JSONata's own message (no file content beyond what the rule author wrote, capped).
    return `JSONata syntax error: ${safeText(String(e?.message ?? err).split('\n')[0]!.slice(0, 200))}`;
  }
  const problem = ruleLanguageProblem(ast);
  return problem ? `sharing rule refused: ${problem}` : null;
}

/** Strip control and bidirectional-override characters so a message cannot drive a terminal. */
export function safeText(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
