// The calibration's engine messages (engine/data/observed.ts, engine/analysis/calibrate.ts) in
// the reader's language, and JSON pointers in them replaced by the parameters' labels. The
// engine speaks English (the CLI's interface); a message without a pattern here goes on to
// the page's general translation (issue-text.ts), else stays English.
import { translateMessage } from './issue-text.js';

interface Pattern {
  re: RegExp;
  zh: (m: RegExpExecArray) => string;
}

/** Measures as the seeds name them. */
export const MEASURE_NAMES: Record<string, { zh: string; en: string }> = {
  output: { zh: '产出（属地口径）', en: 'output (where produced)' },
  outputCredited: { zh: '产出（考核口径）', en: 'output (credited)' },
  gdp: { zh: 'GDP（属地口径）', en: 'GDP (where produced)' },
  gdpCredited: { zh: 'GDP（考核口径）', en: 'GDP (credited)' },
  taxCollected: { zh: '税收收入', en: 'tax collected' },
  taxLocal: { zh: '地方留成税收', en: 'local tax' },
  taxRetained: { zh: '分成后留存税收', en: 'tax retained' },
  taxOwnBudget: { zh: '本级财政税收', en: 'tax in own budget' },
  transfer: { zh: '分成转移', en: 'transfers' },
  employment: { zh: '就业', en: 'employment' },
  cost: { zh: '成本', en: 'cost' },
  outputIndirect: { zh: '间接产出', en: 'indirect output' },
  employmentIndirect: { zh: '间接就业', en: 'indirect employment' },
  localRevenue: { zh: '地方财政收入', en: 'local revenue' },
  employmentTotal: { zh: '就业总量', en: 'total employment' },
};

const PATTERNS: readonly Pattern[] = [
  { re: /^unknown measure "(.+)"; expected one of (.+)$/, zh: (m) => `未知指标“${m[1]}”，应为以下之一：${m[2]}` },
  { re: /^unit "(.*)" does not match measure (\w+), which is in (.+)$/, zh: (m) => `单位“${m[1]}”与指标 ${m[2]} 不符，该指标的单位是 ${m[3]}` },
  { re: /^year (-?\d+) is outside the simulated years (\d+)–(\d+);.*$/, zh: (m) => `${m[1]} 年不在模拟年份 ${m[2]}–${m[3]} 之内；请延长情景的年份（情景可以早于经济体基准年开始）` },
  { re: /^(\w+) of (.+) in (\d+) is already observed at (.+)$/, zh: (m) => `${m[2]} ${m[3]} 年的 ${m[1]} 已在${lineZh(m[4]!)}给出` },
  { re: /^CSV syntax: (.+)$/, zh: (m) => `CSV 语法错误：${m[1]}` },
  { re: /^has (\d+) fields; the header has (\d+)$/, zh: (m) => `有 ${m[1]} 个字段，表头有 ${m[2]} 个` },
  { re: /^year (".*") is not a whole number$/, zh: (m) => `年份 ${m[1]} 不是整数` },
  { re: /^value (".*") is not a number$/, zh: (m) => `数值 ${m[1]} 不是数字` },
  { re: /^source is empty; say where the figure was published$/, zh: () => '来源为空：请注明数据的公布出处' },
  { re: /^the file is empty; expected a header (.+) and at least one observation$/, zh: (m) => `文件为空：应有表头 ${m[1]} 和至少一条观测数据` },
  { re: /^header lacks columns? (.+); expected (.+)$/, zh: (m) => `表头缺少列 ${m[1]}，应为 ${m[2]}` },
  { re: /^no observations after the header; expected at least one row$/, zh: () => '表头之后没有观测数据，应至少有一行' },
  { re: /^no observations; expected at least one$/, zh: () => '没有观测数据，应至少有一条' },
  { re: /^more than (\d+) observations$/, zh: (m) => `观测数据超过 ${m[1]} 条` },
  { re: /^the file is more than (\d+) characters$/, zh: (m) => `文件超过 ${m[1]} 个字符` },
  { re: /^no observations; load an observed CSV file$/, zh: () => '没有观测数据：请载入观测数据 CSV 文件' },
  // Calibration warnings and errors.
  { re: /^(\d+) parameters for (\d+) observations?: the fit is not unique.*$/, zh: (m) => `${m[1]} 个参数只对应 ${m[2]} 个观测值：拟合结果不唯一；请固定部分参数或增加观测数据` },
  { re: /^(.+) does not change any observed value \(flat objective\); it stays at (.+)$/, zh: (m) => `${m[1]} 不影响任何观测值（目标函数平坦），保持为 ${m[2]}` },
  { re: /^(.+) and (.+) move the observed values the same way: .*$/, zh: (m) => `${m[1]} 与 ${m[2]} 对观测值的作用相同：这些观测只能确定二者的组合` },
  { re: /^(.+) ended at its lower bound (.+); widen the bounds or question the model$/, zh: (m) => `${m[1]} 停在下限 ${m[2]}；请放宽范围或检查模型` },
  { re: /^(.+) ended at its upper bound (.+); widen the bounds or question the model$/, zh: (m) => `${m[1]} 停在上限 ${m[2]}；请放宽范围或检查模型` },
  { re: /^stopped after (\d+) simulations \(the budget\); the fit may not be final$/, zh: (m) => `已达到 ${m[1]} 次模拟的上限而停止，拟合可能尚未收敛` },
  { re: /^MAPE rose from (.+) to (.+): .*$/, zh: (m) => `MAPE 由 ${m[1]} 升至 ${m[2]}：最小二乘对大误差的权重高于 MAPE` },
  { re: /^after the fit: (.+)$/, zh: (m) => `拟合后：${m[1]}` },
  { re: /^party (.+): its baseline GDP is a (\w+) forecast of a history, .*$/, zh: (m) => `地区 ${m[1]}：其基准 GDP 来自历史数据的 ${m[2]} 预测，默认不拟合其基准 GDP 和增速` },
  { re: /^party (.+): no project is hosted or sent by it, so nothing is fitted by default for its observed (.+)$/, zh: (m) => `地区 ${m[1]}：没有由它承接或派出的项目，其观测的 ${m[2]} 默认不拟合任何参数` },
  { re: /^parameter "(.+)" cannot reach (.+?): (.+)$/, zh: (m) => `参数 ${m[1]} 取 ${m[2]} 时情景无效：${translateMessage(m[3]!, 'zh-CN')}` },
  { re: /^parameter "(.+)": bounds (.+) are empty; expected LO < HI$/, zh: (m) => `参数 ${m[1]} 的范围 ${m[2]} 为空：下限须小于上限` },
  { re: /^parameter "(.+)" is given twice$/, zh: (m) => `参数 ${m[1]} 重复` },
  { re: /^none of the parameters \((.+)\) changes an observed value; nothing can be fitted$/, zh: (m) => `所选参数（${m[1]}）都不影响任何观测值，无法拟合` },
  { re: /^(.+): the scenario's value (.+) is outside (.+); the fit starts at the nearer bound$/, zh: (m) => `${m[1]}：情景中的数值 ${m[2]} 不在 ${m[3]} 之内，拟合从较近的边界开始` },
  { re: /^(.+): no simulated (\w+) of (.+) in (\d+)$/, zh: (m) => `${lineZh(m[1]!)}：没有 ${m[3]} ${m[4]} 年的模拟 ${m[2]}` },
];

/** "line 4" → "第 4 行" (other places stay as they are). */
export function lineZh(where: string): string {
  const m = /^line (\d+)$/.exec(where);
  return m ? `第 ${m[1]} 行` : where;
}

/**
 * A calibration message in the given language, with every JSON pointer the caller can name
 * replaced by its label (longest first, so /…/1 does not eat /…/10).
 */
export function calibrationMessage(message: string, lang: 'zh-CN' | 'en', labels: ReadonlyMap<string, string> = new Map()): string {
  let out = message;
  if (lang !== 'en') {
    const hit = PATTERNS.map((p) => ({ p, m: p.re.exec(message) })).find((x) => x.m);
    out = hit ? hit.p.zh(hit.m!) : translateMessage(message, lang);
  }
  for (const path of [...labels.keys()].sort((a, b) => b.length - a.length)) out = out.split(`"${path}"`).join(`“${labels.get(path)}”`).split(path).join(`“${labels.get(path)}”`);
  return out;
}
