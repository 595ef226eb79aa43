// pairsim compare FILE FILE…: the summaries of several scenarios side by side. A
// comparison file counts as all of its scenarios.
import { dealPlacement } from '../../model/compile.js';
import { scenarioModes } from '../../model/modes.js';
import { runScenario } from '../../model/run.js';
import type { Summary } from '../../model/simulate.js';
import type { ResolvedScenario } from '../../schema/scenario.js';
import { table } from '../format.js';
import { EXIT, UsageError, compiledFrom, formatOption, loadScenarios, parse, type Command } from '../common.js';
import { spec } from './specs.js';

interface Column {
  id: string;
  title: { zh: string; en: string };
  policy: string;
  /** The pairing mode: what the projects' geometry gives (engine/model/modes.ts). */
  mode: string;
  /** The mode the policy file declares, only where it differs from `mode` (a label, not a finding). */
  declaredMode?: string;
  summary: Summary;
}

function rowsFor(columns: Column[]): unknown[][] {
  const parties = [...new Set(columns.flatMap((c) => c.summary.parties.map((p) => p.party)))];
  const rows: unknown[][] = [];
  const per = (label: string, pick: (s: Summary, party: string) => number | string | null | undefined) => {
    for (const party of parties) rows.push([`${label} [${party}]`, ...columns.map((c) => pick(c.summary, party) ?? null)]);
  };
  const find = (s: Summary, party: string) => s.parties.find((p) => p.party === party);
  rows.push(['policy', ...columns.map((c) => c.policy)]);
  rows.push(['pairing mode 结对模式', ...columns.map((c) => c.mode)]);
  // The policy's own label only where it differs, marked as declared so it does not read as a second finding.
  if (columns.some((c) => c.declaredMode))
    rows.push(['  declared by the policy 政策声明', ...columns.map((c) => (c.declaredMode ? `${c.declaredMode} (declared 声明)` : null))]);
  per('NPV net fiscal gain (亿元)', (s, p) => find(s, p)?.discountedGain.netFiscal);
  per('tax retained gain, cumulative (亿元)', (s, p) => find(s, p)?.cumulativeGain.taxRetained);
  per('output credited gain, cumulative (亿元)', (s, p) => find(s, p)?.cumulativeGain.outputCredited);
  per('employment gain (person-years)', (s, p) => find(s, p)?.cumulativeGain.employment);
  per('cost borne, extra (亿元)', (s, p) => find(s, p)?.cumulativeGain.cost);
  per('transfers received (亿元)', (s, p) => find(s, p)?.transferTotal);
  // A calendar year, printed without thousands separators.
  per('payback year', (s, p) => find(s, p)?.paybackYear?.toString());
  // Money moved by each policy instrument (received +, paid −), so a difference in cost borne
  // can be traced to the instrument behind it.
  const instruments = [...new Set(columns.flatMap((c) => (c.summary.instruments ?? []).map((t) => t.instrument)))];
  for (const key of instruments)
    per(`instrument ${key}: net received (亿元)`, (s, p) => s.instruments?.find((t) => t.instrument === key && t.party === p)?.net);
  rows.push(['synergy: GDP, cumulative (亿元)', ...columns.map((c) => c.summary.synergy.gdp)]);
  rows.push(['synergy: GDP, NPV (亿元)', ...columns.map((c) => c.summary.synergy.gdpDiscounted)]);
  per('territorial GDP gain, cumulative (亿元)', (s, p) => find(s, p)?.cumulativeGain.gdp);
  per('credited GDP gain, cumulative (亿元)', (s, p) => find(s, p)?.cumulativeGain.gdpCredited);
  // Inequality between places on territorial GDP (属地口径); credited GDP (考核口径) as a second series.
  rows.push(['Theil index (territorial GDP), last year, deal', ...columns.map((c) => c.summary.imbalance.deal.at(-1)?.theil)]);
  rows.push(['Theil index (territorial GDP), last year, no deal', ...columns.map((c) => c.summary.imbalance.noDeal.at(-1)?.theil)]);
  rows.push(['Theil index (credited GDP), last year, deal', ...columns.map((c) => c.summary.imbalance.deal.at(-1)?.theilCredited)]);
  rows.push(['Theil index (credited GDP), last year, no deal', ...columns.map((c) => c.summary.imbalance.noDeal.at(-1)?.theilCredited)]);
  return rows;
}

export const compare: Command = {
  ...spec('compare'),
  async run(argv, io) {
    const { positionals, values } = parse(argv, { format: { type: 'string' } }, this.usage);
    if (!positionals.length) throw new UsageError(`give scenario or comparison files\nusage: ${this.usage}`);
    const format = formatOption(values.format, ['table', 'json'], 'table');
    const scenarios: [string, ResolvedScenario][] = [];
    for (const path of positionals) for (const s of await loadScenarios(path)) scenarios.push([path, s]);
    if (scenarios.length < 2) throw new UsageError('compare needs at least two scenarios');
    const columns: Column[] = [];
    for (const [path, s] of scenarios) {
      // The same run as `pairsim run` and the page (check-up responses applied).
      const ran = await compiledFrom(path, () => runScenario(s, undefined, { synergyParts: true }));
      const mode = scenarioModes(s, (p) => dealPlacement(s, p)).mode ?? s.policy.mode;
      columns.push({ id: s.id, title: s.title, policy: s.policy.id, mode, ...(mode !== s.policy.mode ? { declaredMode: s.policy.mode } : {}), summary: ran.result.summary });
    }
    if (format === 'json') io.out(JSON.stringify({ scenarios: columns }, null, 2) + '\n');
    else io.out(table(['measure (deal minus no deal)', ...columns.map((c) => c.id)], rowsFor(columns)));
    return EXIT.ok;
  },
};
