// Engine and lever messages in the reader's language, and JSON pointers named by what they
// point at. The engine speaks English (the CLI, the tests and the JSON pointers are its
// interface); the page translates its messages when it draws them, so an error panel follows
// the language switch. A message without a pattern here stays in English, unchanged.

/** One English message shape and its Chinese form. */
interface Pattern {
  re: RegExp;
  zh: (m: RegExpExecArray) => string;
}

const PATTERNS: readonly Pattern[] = [
  { re: /^missing required field "(.+)"$/, zh: (m) => `缺少必填字段“${m[1]}”` },
  { re: /^needs a "source" \(seed file name or public rule\) or an "assumption" note$/, zh: () => '需要注明来源（source：种子文件名或公开规则）或假设说明（assumption）' },
  { re: /^does not match any allowed form$/, zh: () => '不符合任何允许的格式' },
  { re: /^unknown field \(not part of the scenario format\)$/, zh: () => '未知字段（不属于情景格式）' },
  { re: /^expected one of (.+)$/, zh: (m) => `应为以下之一：${m[1]}` },
  { re: /^expected a finite number$/, zh: () => '应为有限数值' },
  { re: /^expected a number$/, zh: () => '应为数值' },
  { re: /^expected a whole year$/, zh: () => '应为整数年份' },
  { re: /^expected (string|number|integer|boolean|object|array)$/, zh: (m) => `应为${TYPES[m[1]!] ?? m[1]}` },
  { re: /^expected an identifier matching (.+)$/, zh: (m) => `应为符合 ${m[1]} 的标识符` },
  { re: /^must be at least (.+)$/, zh: (m) => `不得小于 ${m[1]}` },
  { re: /^must be at most (.+)$/, zh: (m) => `不得大于 ${m[1]}` },
  { re: /^must be >= (.+?)( \(limit .+\))?$/, zh: (m) => `不得小于 ${m[1]}` },
  { re: /^must be <= (.+?)( \(limit .+\))?$/, zh: (m) => `不得大于 ${m[1]}` },
  { re: /^must be > (.+?)( \(limit .+\))?$/, zh: (m) => `须大于 ${m[1]}` },
  { re: /^must be < (.+?)( \(limit .+\))?$/, zh: (m) => `须小于 ${m[1]}` },
  { re: /^cost shares add up to (.+); expected 1$/, zh: (m) => `成本分担比例合计为 ${m[1]}，应为 1` },
  { re: /^probabilities add up to (.+); expected at most 1$/, zh: (m) => `各情形概率合计为 ${m[1]}，应不超过 1` },
  { re: /^unknown party "(.+)"; expected one of (.+)$/, zh: (m) => `未知地区“${m[1]}”，应为以下之一：${m[2]}` },
  { re: /^unknown category "(.+)"; expected one of (.+)$/, zh: (m) => `未知联动类别“${m[1]}”，应为以下之一：${m[2]}` },
  { re: /^unknown tax category "(.+)"; expected one of (.+) \(the economy's taxCategories\)$/, zh: (m) => `未知财税分成类别“${m[1]}”，应为以下之一：${m[2]}（经济体的 taxCategories）` },
  { re: /^missing tax category; expected one of (.+) \(the economy's taxCategories\)$/, zh: (m) => `缺少财税分成类别，应为以下之一：${m[1]}（经济体的 taxCategories）` },
  { re: /^tax rule for unknown tax category "(.+)"; expected one of (.+?) or "\*" \((.+)\)$/, zh: (m) => `财税分成规则的类别“${m[1]}”不在财税分成类别清单中，应为以下之一：${m[2]} 或 "*"` },
  { re: /^the economy has no taxCategories list; expected no taxCategory/, zh: () => '该经济体只有一张联动类别清单（无 taxCategories），项目不应写 taxCategory' },
  { re: /^unknown project "(.+)"$/, zh: (m) => `未知项目“${m[1]}”` },
  { re: /^duplicate (party|category|project|target) id "(.+)"$/, zh: (m) => `${KINDS[m[1]!] ?? m[1]}编号“${m[2]}”重复` },
  { re: /^party "(.+)" listed twice$/, zh: (m) => `地区“${m[1]}”重复列出` },
  { re: /^agreement starts \((\d+)\) after it ends \((\d+)\)$/, zh: (m) => `协议起始年（${m[1]}）晚于终止年（${m[2]}）` },
  { re: /^phase starts \((\d+)\) after it ends \((\d+)\)$/, zh: (m) => `阶段起始年（${m[1]}）晚于终止年（${m[2]}）` },
  { re: /^phase shares apply to "fixed" rules only$/, zh: () => '分阶段比例只适用于固定比例（fixed）规则' },
  { re: /^expected min <= max$/, zh: () => '应满足 最小值 ≤ 最大值' },
  { re: /^expected min <= mode <= max$/, zh: () => '应满足 最小值 ≤ 众数 ≤ 最大值' },
  { re: /^this is a (\w+) file; expected a scenario$/, zh: (m) => `这是 ${m[1]} 文件，应为情景（scenario）文件` },
  { re: /^cannot read "(.+)": (.+)$/, zh: (m) => `无法读取“${m[1]}”：${translateMessage(m[2]!, 'zh-CN')}` },
  { re: /^no such file in the built-in library$/, zh: () => '内置情景库中没有该文件' },
  { re: /^the link is malformed$/, zh: () => '链接格式有误' },
  { re: /^(Unexpected (token|end of JSON)|Expected .*JSON|.*is not valid JSON)/, zh: (m) => `不是有效的 JSON（${m.input}）` },
];

const TYPES: Record<string, string> = { string: '文本', number: '数值', integer: '整数', boolean: '布尔值', object: '对象', array: '数组' };
const KINDS: Record<string, string> = { party: '地区', category: '类别', project: '项目', target: '目标' };

/** The message in the given language (English stays as the engine wrote it). A "(in file)" tail is kept. */
export function translateMessage(message: string, lang: 'zh-CN' | 'en'): string {
  if (lang === 'en') return message;
  const tail = /^(.*) \(in ([^()]+)\)$/.exec(message);
  const [body, file] = tail ? [tail[1]!, tail[2]!] : [message, null];
  for (const p of PATTERNS) {
    const m = p.re.exec(body);
    if (m) return p.zh(m) + (file ? `（见 ${file}）` : '');
  }
  return message;
}

/** What the parts of a scenario pointer are called, per language. */
const SEGMENTS: Record<string, { zh: string; en: string }> = {
  economy: { zh: '经济体', en: 'economy' },
  policy: { zh: '政策', en: 'policy' },
  parties: { zh: '地区', en: 'party' },
  projects: { zh: '项目', en: 'project' },
  categories: { zh: '联动类别', en: 'category' },
  rules: { zh: '分成规则', en: 'sharing rule' },
  taxRules: { zh: '财税分成规则', en: 'tax-sharing rule' },
  taxCategories: { zh: '财税分成类别', en: 'tax category' },
  taxCategory: { zh: '财税分成类别', en: 'tax category' },
  category: { zh: '联动类别', en: 'category' },
  statistics: { zh: '统计分算', en: 'statistics split' },
  tax: { zh: '税收分成', en: 'tax split' },
  costs: { zh: '成本', en: 'cost' },
  shares: { zh: '分担比例', en: 'shares' },
  withoutDeal: { zh: '无协议情形', en: 'without the deal' },
  years: { zh: '年份', en: 'years' },
  agreement: { zh: '协议期限', en: 'agreement' },
  phases: { zh: '阶段', en: 'phase' },
  uncertainties: { zh: '不确定因素', en: 'uncertainty' },
  discountRate: { zh: '贴现率', en: 'discount rate' },
  overrides: { zh: '覆盖项', en: 'override' },
  rounds: { zh: '行动轮次', en: 'round' },
  targets: { zh: '目标', en: 'target' },
  title: { zh: '标题', en: 'title' },
  id: { zh: '编号', en: 'id' },
  from: { zh: '起始', en: 'from' },
  to: { zh: '终止', en: 'to' },
  value: { zh: '数值', en: 'value' },
  unit: { zh: '单位', en: 'unit' },
  originShare: { zh: '派出方份额', en: 'share to origin' },
  sunsetYear: { zh: '分成终止年份', en: 'sunset year' },
  basis: { zh: '分成基数', en: 'basis' },
};

/**
 * A JSON pointer in words ("项目 4 · 无协议情形"), with party, project and category ids replaced
 * by names when the caller knows them. Numbers count from 1, as people do.
 */
export function pointerLabel(path: string, lang: 'zh-CN' | 'en', names: ReadonlyMap<string, string> = new Map()): string {
  if (!path) return lang === 'en' ? 'the whole document' : '整个文件';
  const parts = path.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  const words: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    const next = parts[i + 1];
    const seg = SEGMENTS[p];
    if (seg && next !== undefined && /^\d+$/.test(next)) {
      words.push(`${seg[lang === 'en' ? 'en' : 'zh']} ${Number(next) + 1}`);
      i++;
    } else if (seg) words.push(seg[lang === 'en' ? 'en' : 'zh']);
    else if (names.has(p)) words.push(names.get(p)!);
    else if (p === '*') words.push(lang === 'en' ? 'other categories' : '其他类别');
    else words.push(p);
  }
  // "value" at the end of a provenance-wrapped number adds nothing.
  if (words.length > 1 && parts.at(-1) === 'value') words.pop();
  return words.join(' · ');
}
