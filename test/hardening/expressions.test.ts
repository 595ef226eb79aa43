// Hostile JSONata sharing rules: every attack ends quickly with a ScenarioError that names
// the rule's path and says what went wrong; nothing reaches JavaScript, the clock or chance.
import { describe, expect, it } from 'vitest';
import { evaluateShares, regexProblem, safeText, EXPRESSION_LIMITS, DISABLED_FUNCTIONS, scenarioBudget } from '../../engine/model/expressions.js';
import { ruleLanguageProblem, RULE_FUNCTIONS } from '../../engine/model/rule-language.js';
import jsonata from 'jsonata';
import { ScenarioError, validateScenario } from '../../engine/schema/validate.js';
import { compileScenario } from '../../engine/model/compile.js';
import { readJson } from '../helpers.js';

const PATH = '/policy/rules/joint/tax/jsonata';
const input = {
  year: 2025,
  yearsSinceStart: 1,
  agreementYear: 1,
  project: { id: 'a'.repeat(60), category: 'joint', origin: 'A', host: 'B', registration: 'A', steadyOutput: 10, costShares: { A: 0.5, B: 0.5 } },
};

async function failure(source: string, inputs: unknown[] = [input]): Promise<ScenarioError> {
  const err = await evaluateShares(source, inputs, PATH).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err, source).toBeInstanceOf(ScenarioError);
  const issues = (err as ScenarioError).issues;
  expect(issues).toHaveLength(1);
  expect(issues[0]!.path).toBe(PATH);
  expect(issues[0]!.message).not.toMatch(/[\u0000-\u001f]/);
  return err as ScenarioError;
}
const message = async (source: string) => (await failure(source)).issues[0]!.message;

// Generous "did not hang" bound for one attack on a slow shared machine; no timing assertion beyond it.
const HANG = 10_000;

describe('sharing-rule expressions: sandbox', () => {
  it('evaluates an ordinary rule', async () => {
    const r = await evaluateShares('project.registration = project.origin ? 0.6 : 0.25', [input], PATH);
    expect([...r]).toEqual([0.6]);
  });

  it('cannot reach prototypes, constructors or functions through data or built-ins', async () => {
    for (const src of [
      '$lookup($, "constructor") ? 0 : 0.5',
      '$lookup($, "__proto__") ? 0 : 0.5',
      '$exists($$.constructor) ? 0 : 0.5',
      '$exists($sum.constructor) ? 0 : 0.5',
      '$exists($sum.implementation) ? 0 : 0.5',
      '$exists([1].constructor) ? 0 : 0.5',
      '$exists("x".constructor) ? 0 : 0.5',
      '$exists($keys($sum)) ? 0 : 0.5',
    ])
      expect([...(await evaluateShares(src, [input], PATH))], src).toEqual([0.5]);
    // Constructs outside the rule language do not even run.
    expect(await message('$exists({}.constructor) ? 0 : 0.5')).toContain('object constructors are not allowed');
    await failure('$sum.constructor("return process")()');
    await failure('$$.constructor.constructor("return 0.5")()');
  });

  it.each(DISABLED_FUNCTIONS.map((n) => [n]))('refuses $%s with a message naming it', async (name) => {
    const args: Record<string, string> = { eval: '"0.5"', toMillis: '"2020-01-01"', fromMillis: '0', formatInteger: '1, "w"', parseInteger: '"one", "w"' };
    // Refused by the rule-language check before it runs; disabled at run time as well (defence in depth).
    expect(await message(`$${name}(${args[name] ?? ''})`)).toContain(`$${name} may not be called`);
    expect(RULE_FUNCTIONS as readonly string[]).not.toContain(name);
  });

  it('rejects results that are not a share, and says what they were', async () => {
    expect(await message('"0.5"')).toContain('gave "0.5"');
    expect(await message('[0.5]')).toContain('gave a list');
    expect(await message('$lookup($, "project")')).toContain('gave an object');
    expect(await message('$sum')).toMatch(/gave an? (object|function)/);
    expect(await message('nothing')).toContain('gave nothing');
    expect(await message('1.5')).toContain('between 0 and 1');
    expect(await message('-0.1')).toContain('between 0 and 1');
  });

  it('keeps control characters of a hostile $error message out of the report', async () => {
    const m = await message('$error("\\u001b[2J\\u001b]0;owned\\u0007 boom\\nsecond line")');
    expect(m).toContain('\\u001b[2J');
    expect(m).not.toContain('second line');
    expect(safeText('a\u202eb\u0000')).toBe('a\\u202eb\\u0000');
  });
});

describe('sharing-rule expressions: budgets end every attack with an error', { timeout: 60_000 }, () => {
  const REFUSED = /^sharing rule refused: /;
  const attacks: [string, string, RegExp][] = [
    ['infinite recursion', '($f := function($n){ $f($n) }; $f(1))', /function definitions are not allowed/],
    ['deep non-tail recursion', '($f := function($n){ $n <= 0 ? 0 : 1 + $f($n - 1) }; $f(100000))', /function definitions are not allowed/],
    ['exponential recursion', '($f := function($n){ $n <= 0 ? 0 : $f($n - 1) + $f($n - 1) }; $f(40))', /function definitions are not allowed/],
    ['huge range', '$count([1..9999999]) > 0 ? 1 : 0', /sequence longer than 10000/],
    ['huge range product', '$count([1..9999].[1..9999]) ? 0.5 : 0', /more than 20000 evaluation steps/],
    ['mapping over a long range', '$count([1..10000].($ + 1 + 1)) ? 0.5 : 0', /more than 20000 evaluation steps/],
    ['$map over a long range', '$count([1..10000] ~> $map(function($v){ $v + 1 + 1 })) ? 0.5 : 0', /function definitions are not allowed/],
    ['$sort with a hostile comparator', '$count($sort([1..10000], function($a,$b){ $random() > 0.5 })) ? 0.5 : 0', /function definitions are not allowed/],
    ['order-by over a long range', '$count([1..10000]^($)) ? 0.5 : 0', /order-by/],
    ['$sort without comparator (quadratic memory)', '$count($sort([1..10000])) ? 0.5 : 0', /\$sort may not be called/],
    ['$distinct (quadratic time)', '$count($distinct([1..5000])) ? 0.5 : 0', /\$distinct may not be called/],
    ['$pad with a huge width', '$length($pad("x", 400000000)) > 0 ? 0.5 : 0', /\$pad may not be called/],
    ['string doubling by recursion', '($f := function($s, $n){ $n = 0 ? $s : $f($s & $s, $n - 1) }; $length($f("x", 40)) ? 0.5 : 0)', /function definitions are not allowed/],
    ['string doubling by concatenation', '($a := "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"; $b := $a & $a & $a & $a & $a & $a & $a & $a; $c := $b & $b & $b & $b & $b; $length($c) ? 0.5 : 0)', /string of \d+ characters/],
    ['$join of many long strings', '$join([1..5000].$string($), "-") ? 0.5 : 0', /\$join would build|characters|evaluation steps/],
    ['$replace multiplying a string', '($s := "aaaa"; $replace($s, "a", "bbbb") ? 0 : 0.5)', /\$replace may not be called/],
    ['shared-structure blow-up then $string', '($x := [1..9000]; $y := [[$x],[$x]]; $z := [[$y],[$y]]; $w := [[$z],[$z]]; $string($w) ? 0.5 : 0)', /more than \d+ items/],
    ['shared-structure blow-up then deep equality', '($x := [1..9000]; $y := [[$x], [$x]]; $z := [[$y], [$y], [$y]]; $z = $z ? 0.5 : 0)', /more than \d+ items/],
    ['object constructor', '($y := {"a": [1..9000]}; $y.a[0] ? 0.5 : 0)', /object constructors are not allowed/],
    ['$zip of long ranges', '$count($zip([1..10000],[1..10000])) ? 0.5 : 0', /\$zip may not be called/],
    ['catastrophic regex (nested quantifier)', '$contains(project.id & "!", /(a+)+b/) ? 0 : 0.5', /regular expressions are not allowed/],
    ['back-reference regex', '$contains(project.id, /(a)\\1/) ? 0 : 0.5', /regular expressions are not allowed/],
    ['transform', '($ ~> |project|{"id": "x"}|).project.id = "x" ? 0.5 : 0', /not allowed/],
    ['parent operator', 'project.id.%.origin = "A" ? 0.5 : 0', /parent operator/],
    ['wildcard and descendants', '$count(**) > 0 ? 0.5 : 0', /wildcards/],
    ['calling through a path', '$sum.constructor("return process")()', /only built-in functions may be called/],
    ['redefining an allowed function', '($sum := $error; $sum("x"))', /\$sum may not be redefined/],
    ['focus and index variables', '$count(project@$p#$i) ? 0.5 : 0', /variables \(@|not allowed/],
  ];
  it.each(attacks)('%s', async (_name, source, expected) => {
    const started = Date.now();
    const m = await message(source);
    expect(m).toMatch(expected);
    // The language check refuses before evaluation; budgets report an evaluation failure.
    if (/not allowed|may not be|only built-in|order-by|parent operator|wildcards/.test(expected.source)) expect(m).toMatch(REFUSED);
    else expect(m).toMatch(/^JSONata evaluation failed: /);
    expect(Date.now() - started).toBeLessThan(HANG);
  });

  it('refuses the signature-hang rule before it runs, naming the signature', async () => {
    // 21 parameters and a signature of 20 "x+" groups: JSONata would match the argument
    // types with a backtracking RegExp that cannot be interrupted (≈20 s for 14 groups).
    const params = Array.from({ length: 21 }, (_, i) => `$a${i}`).join(',');
    const rule = `(function(${params})<${'x+'.repeat(20)}f>{0.5})(${Array(21).fill(1).join(',')})`;
    const started = process.cpuUsage();
    const m = await message(rule);
    const cpuMs = (process.cpuUsage(started).user + process.cpuUsage(started).system) / 1000;
    expect(m).toMatch(/^sharing rule refused: function definitions with a signature are not allowed \(at character \d+\)$/);
    expect(cpuMs).toBeLessThan(HANG);
  });

  it('wall-clock deadline is a last resort with its own message', async () => {
    const err = await evaluateShares('0.5', [input, input], PATH, { deadline: Date.now() - 1, steps: 1000, total: 1000 }).catch((e) => e);
    expect(err).toBeInstanceOf(ScenarioError);
    expect(err.issues[0].message).toContain(`${EXPRESSION_LIMITS.scenarioMs} ms in total for this scenario`);
    expect(err.issues[0].message).toContain('wall-clock last resort');
  });

  it('ends a scenario of many projects whose rule is slow with the step budget, deterministically', async () => {
    const doc = structuredClone((await readJson('test/fixtures/two-project.json')) as any);
    const p0 = doc.economy.projects[0];
    doc.economy.projects = Array.from({ length: 200 }, (_, i) => ({ ...structuredClone(p0), id: `p${i}` }));
    // About 4,000 steps per evaluation (under the 20,000 limit); 200 projects × 3 years exceed
    // the 2,000,000 steps of one scenario. Steps, not time: the same on any machine.
    doc.policy.rules.joint.tax = { kind: 'expression', jsonata: '$count([1..1000].($ + 1)) > 0 ? 0.5 : 0', assumption: 'slow' };
    const v = validateScenario(doc);
    expect(v.ok).toBe(true);
    const err = await compileScenario((v as { value: any }).value).catch((e) => e);
    expect(err).toBeInstanceOf(ScenarioError);
    expect(err.issues).toEqual([
      { path: '/policy/rules/joint/tax/jsonata', message: `expression rules took more than ${EXPRESSION_LIMITS.scenarioSteps} evaluation steps in total for this scenario` },
    ]);
  });

  it('names the scenario step budget when a rule exhausts it', async () => {
    const budget = { deadline: Date.now() + 60_000, steps: 3000, total: 3000 };
    const inputs = Array.from({ length: 10 }, (_, i) => ({ ...input, year: 2000 + i }));
    // 10 evaluations of about 400 steps each: the 8th exhausts 3,000.
    const err = await evaluateShares('$count([1..100].($ + 1)) > 0 ? 0.5 : 0', inputs, PATH, budget).catch((e) => e);
    expect(err).toBeInstanceOf(ScenarioError);
    expect(err.issues).toEqual([{ path: PATH, message: 'expression rules took more than 3000 evaluation steps in total for this scenario' }]);
    expect(budget.steps).toBe(-1);
  });

  it('charges the same steps for the same rule: the scenario budget is deterministic', async () => {
    const inputs = Array.from({ length: 20 }, (_, i) => ({ ...input, year: 2000 + i }));
    const left: number[] = [];
    for (let k = 0; k < 2; k++) {
      const budget = scenarioBudget();
      await evaluateShares('$count([1..500].($ * 2)) > 0 ? 0.5 : 0', inputs, PATH, budget);
      left.push(budget.steps);
    }
    expect(left[0]).toBe(left[1]);
    expect(left[0]).toBeLessThan(EXPRESSION_LIMITS.scenarioSteps - 20 * 500);
  });

  it('counts steps per evaluation, not per rule: many cheap evaluations pass', async () => {
    const inputs = Array.from({ length: 200 }, (_, i) => ({ ...input, year: 2000 + i }));
    const r = await evaluateShares('$sum([1..50]) > 0 ? (year % 2) * 0.5 : 0', inputs, PATH);
    expect(r[1]).toBe(0.5);
    expect(r[2]).toBe(0);
  });
});

describe('rule language', () => {
  const problem = (src: string) => ruleLanguageProblem(jsonata(src).ast());
  it('accepts the rules the library and the README use', () => {
    for (const src of [
      'year < 2023 ? (project.registration = project.origin ? 1 : 0) : (project.registration = project.origin ? 0.6 : 0.25)',
      'yearsSinceStart < 3 ? 0.7 : 0.4',
      '$lookup(project.costShares, project.origin)',
      '$min([1, agreementYear / 10])',
      '($base := 0.4; agreementYear > 5 ? $base + 0.1 : $base)',
      'project.category in ["joint", "sub"] ? 0.5 : -(-0.25)',
      '$round(project.steadyOutput % 7 / 10, 2)',
    ])
      expect(problem(src), src).toBeNull();
  });
  it('refuses each construct outside the language, with its position', () => {
    const cases: [string, RegExp][] = [
      ['function($x){$x}', /^function definitions are not allowed \(at character \d+\)$/],
      ['(function($x)<n:n>{$x})(1)', /^function definitions with a signature are not allowed/],
      ['$sum(?, 1)', /partial application/],
      ['1 ~> $abs', /~> operator/],
      ['/a/', /regular expressions/],
      ['{"a": 1}', /object constructors/],
      ['project{origin: host}', /grouping/],
      ['[3,1]^($)', /order-by/],
      ['$eval("1")', /\$eval may not be called/],
      ['$sum.x()', /only built-in functions/],
      ['project.*', /wildcards/],
      ['($max := 1; $max)', /\$max may not be redefined/],
    ];
    for (const [src, re] of cases) expect(problem(src), src).toMatch(re);
  });
  it('finds a function definition however deep it is hidden', () => {
    expect(problem('[1, [2, (3 ? 4 : $sum([function(){1}]))]]')).toMatch(/function definitions/);
  });
});

describe('regexProblem', () => {
  it('accepts simple patterns a rule might use', () => {
    for (const p of ['^jv-', '^(jv|sub)-\\d+$', '[a-z]+', 'a{2,3}', '^p[0-9]*$', '(?:ab)+', '(?<code>ab)+', '((a))+', 'a+?b'])
      expect(regexProblem(p), p).toBeNull();
  });
  it('refuses patterns that can backtrack catastrophically', () => {
    for (const p of ['(a+)+$', '(a*)*', '(a|aa)+', '(.*a){20}', '((ab)*c)+', '(a)\\1', '(?=a)', '(?<!a)b', 'a?a?a?aaa', '\\d*\\d*\\d*x'])
      expect(regexProblem(p), p).not.toBeNull();
  });
});
