// Hostile JSONata sharing rules: every attack ends quickly with a ScenarioError that names
// the rule's path and says what went wrong; nothing reaches JavaScript, the clock or chance.
import { describe, expect, it } from 'vitest';
import { evaluateShares, regexProblem, safeText, EXPRESSION_LIMITS, DISABLED_FUNCTIONS } from '../../engine/model/expressions.js';
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
      '$exists({}.constructor) ? 0 : 0.5',
      '$exists("x".constructor) ? 0 : 0.5',
      '$exists($keys($sum)) ? 0 : 0.5',
    ])
      expect([...(await evaluateShares(src, [input], PATH))], src).toEqual([0.5]);
    await failure('$sum.constructor("return process")()');
    await failure('$$.constructor.constructor("return 0.5")()');
  });

  it.each(DISABLED_FUNCTIONS.map((n) => [n]))('refuses $%s with a message naming it', async (name) => {
    const args: Record<string, string> = { eval: '"0.5"', toMillis: '"2020-01-01"', fromMillis: '0', formatInteger: '1, "w"', parseInteger: '"one", "w"' };
    expect(await message(`$${name}(${args[name] ?? ''})`)).toContain(`$${name} is not available`);
  });

  it('rejects results that are not a share, and says what they were', async () => {
    expect(await message('"0.5"')).toContain('gave "0.5"');
    expect(await message('[0.5]')).toContain('gave a list');
    expect(await message('{"a": 0.5}')).toContain('gave an object');
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
  const attacks: [string, string, RegExp][] = [
    // Whichever budget ends an attack first (steps, or the 250 ms clock on a loaded machine)
    // is fine: the point is that it ends with an error.
    ['infinite recursion', '($f := function($n){ $f($n) }; $f(1))', /evaluation steps|recursed|longer than/],
    ['deep non-tail recursion', '($f := function($n){ $n <= 0 ? 0 : 1 + $f($n - 1) }; $f(100000))', /recursed deeper than/],
    ['exponential recursion', '($f := function($n){ $n <= 0 ? 0 : $f($n - 1) + $f($n - 1) }; $f(40))', /evaluation steps|longer than/],
    ['huge range', '$count([1..9999999]) > 0 ? 1 : 0', /sequence longer than/],
    ['huge range product', '$count([1..9999].[1..9999]) ? 0.5 : 0', /sequence longer than|evaluation steps|longer than/],
    ['$map over a long range', '$count([1..10000] ~> $map(function($v){ $v + 1 + 1 })) ? 0.5 : 0', /evaluation steps|longer than/],
    ['$sort with a hostile comparator', '$count($sort([1..10000], function($a,$b){ $random() > 0.5 })) ? 0.5 : 0', /\$sort of|not available|evaluation steps|longer than/],
    ['order-by over a long range', '$count([1..10000]^($)) ? 0.5 : 0', /evaluation steps|longer than/],
    ['$sort without comparator (quadratic memory)', '$count($sort([1..10000])) ? 0.5 : 0', /\$sort of 10000 items/],
    ['$distinct (quadratic time)', '$count($distinct([1..5000])) ? 0.5 : 0', /\$distinct of 5000 items/],
    ['$pad with a huge width', '$length($pad("x", 400000000)) > 0 ? 0.5 : 0', /\$pad width/],
    ['$pad with a huge negative width', '$length($pad("x", -400000000)) > 0 ? 0.5 : 0', /\$pad width/],
    ['string doubling by recursion', '($f := function($s, $n){ $n = 0 ? $s : $f($s & $s, $n - 1) }; $length($f("x", 40)) ? 0.5 : 0)', /string of \d+ characters/],
    ['$join of many long strings', '$join([1..5000].$pad("", 900, "x"), "-") ? 0.5 : 0', /characters|evaluation steps|longer than/],
    ['$replace multiplying a string', '($s := $pad("", 256, "a"); $replace($s, "a", $pad("", 1000, "b")) ? 0 : 0.5)', /characters/],
    ['$replace with a function', '($s := $pad("", 256, "a"); $replace($s, /a/, function($m){ $pad("", 1000, "b") }) ? 0 : 0.5)', /characters/],
    ['shared-structure blow-up then $string', '($x := [1..9000]; $y := [[$x],[$x]]; $z := [[$y],[$y]]; $w := [[$z],[$z]]; $string($w) ? 0.5 : 0)', /more than \d+ items/],
    ['shared-structure blow-up then deep equality', '($x := [1..9000]; $y := {"a": $x, "b": $x}; $z := {"a": $y, "b": $y, "c": $y}; $z = $z ? 0.5 : 0)', /more than \d+ items/],
    ['$zip of long ranges', '$count($zip([1..10000],[1..10000],[1..10000],[1..10000],[1..10000],[1..10000])) ? 0.5 : 0', /items|evaluation steps|longer than/],
    ['catastrophic regex (nested quantifier)', '$contains(project.id & "!", /(a+)+b/) ? 0 : 0.5', /nested|repeated group/],
    ['catastrophic regex (alternation)', '$contains(project.id & "!", /(a|aa)*b/) ? 0 : 0.5', /repeated group/],
    ['catastrophic regex (optional chain)', '$contains(project.id, /a?a?a?a?a?a?a?a?a?a?aaaaaaaaaa/) ? 0 : 0.5', /quantifiers/],
    ['back-reference regex', '$contains(project.id, /(a)\\1/) ? 0 : 0.5', /back-references/],
    ['regex on a long input', '$contains($pad("", 900, "a"), /a*b/) ? 0 : 0.5', /at most \d+ characters/],
    ['$split with a regex on a long input', '$count($split($pad("", 900, "a"), /a/)) ? 0.5 : 0', /at most \d+ characters/],
  ];
  it.each(attacks)('%s', async (_name, source, expected) => {
    const started = Date.now();
    expect(await message(source)).toMatch(expected);
    expect(Date.now() - started).toBeLessThan(HANG);
  });

  it('shares one time budget across all rules of a scenario', async () => {
    const err = await evaluateShares('0.5', [input, input], PATH, { deadline: Date.now() - 1 }).catch((e) => e);
    expect(err).toBeInstanceOf(ScenarioError);
    expect(err.issues[0].message).toContain(`${EXPRESSION_LIMITS.scenarioMs} ms in total for this scenario`);
  });

  it('ends a scenario of many projects whose rule is slow but within every per-evaluation limit', async () => {
    const doc = structuredClone((await readJson('test/fixtures/two-project.json')) as any);
    const p0 = doc.economy.projects[0];
    doc.economy.projects = Array.from({ length: 2000 }, (_, i) => ({ ...structuredClone(p0), id: `p${i}` }));
    // About 7,500 steps per evaluation (under the 20,000 limit): 6,000 evaluations would take minutes.
    doc.policy.rules.joint.tax = { kind: 'expression', jsonata: '($f := function($n){ $n <= 0 ? 0 : $f($n - 1) }; $f(1500); 0.5)', assumption: 'slow' };
    const v = validateScenario(doc);
    expect(v.ok).toBe(true);
    const started = Date.now();
    const err = await compileScenario((v as { value: any }).value).catch((e) => e);
    expect(err).toBeInstanceOf(ScenarioError);
    expect(err.issues).toEqual([
      { path: '/policy/rules/joint/tax/jsonata', message: `expression rules took longer than ${EXPRESSION_LIMITS.scenarioMs} ms in total for this scenario` },
    ]);
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  it('counts steps per evaluation, not per rule: many cheap evaluations pass', async () => {
    const inputs = Array.from({ length: 200 }, (_, i) => ({ ...input, year: 2000 + i }));
    const r = await evaluateShares('$sum([1..50]) > 0 ? (year % 2) * 0.5 : 0', inputs, PATH);
    expect(r[1]).toBe(0.5);
    expect(r[2]).toBe(0);
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
