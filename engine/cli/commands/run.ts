// pairsim run FILE [--format json|csv]: flows per party and year with and without the deal.
import { compileScenario } from '../../model/compile.js';
import { simulate } from '../../model/simulate.js';
import { runReport } from '../../model/report.js';
import { toCsv } from '../format.js';
import { EXIT, UsageError, compiledFrom, formatOption, loadOne, parse, type Command } from '../common.js';
import { spec } from './specs.js';

export const run: Command = {
  ...spec('run'),
  async run(argv, io) {
    const { positionals, values } = parse(
      argv,
      { format: { type: 'string' }, world: { type: 'string' } },
      this.usage,
    );
    if (positionals.length !== 1) throw new UsageError(`give exactly one scenario file\nusage: ${this.usage}`);
    const format = formatOption(values.format, ['json', 'csv'], 'json');
    const world = formatOption(values.world, ['deal', 'noDeal', 'both'], 'both');
    const path = positionals[0]!;
    const scenario = await loadOne(path);
    const compiled = await compiledFrom(path, () => compileScenario(scenario));
    const report = runReport(scenario, simulate(compiled));
    if (format === 'json') io.out(JSON.stringify(report, null, 2) + '\n');
    else {
      const rows = [
        ...(world !== 'noDeal' ? report.flows.map((r) => ({ world: 'deal', ...r })) : []),
        ...(world !== 'deal' ? report.noDeal.map((r) => ({ world: 'noDeal', ...r })) : []),
      ];
      io.out(toCsv(rows));
    }
    return EXIT.ok;
  },
};
