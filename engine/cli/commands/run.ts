// pairsim run FILE [--format json|csv] [--observed OBS.csv] [--set PATH=VALUE…]: flows per party
// and year with and without the deal; with observed figures, an `observed` section (residuals,
// MAPE, RMSE, bias). --set fixes levers as `sweep` and `bargain` do, so a sweep point at v can be
// checked against `run --set LEVER=v`.
import { runScenario } from '../../model/run.js';
import { runReport } from '../../model/report.js';
import { toCsv } from '../format.js';
import { compareObserved, simulatedAt } from '../../analysis/calibrate.js';
import { loadObserved } from '../observed.js';
import { historyBeforeHorizon } from '../../model/history.js';
import { plausibilityWarnings } from '../../model/plausibility.js';
import { EXIT, UsageError, compiledFrom, formatOption, loadOne, parse, type Command } from '../common.js';
import { analysis, parseSets } from '../analysis-common.js';
import { withLevers } from '../../analysis/levers.js';
import { spec } from './specs.js';

export const run: Command = {
  ...spec('run'),
  async run(argv, io) {
    const { positionals, values } = parse(
      argv,
      { format: { type: 'string' }, world: { type: 'string' }, observed: { type: 'string' }, set: { type: 'string', multiple: true } },
      this.usage,
    );
    if (positionals.length !== 1) throw new UsageError(`give exactly one scenario file\nusage: ${this.usage}`);
    const format = formatOption(values.format, ['json', 'csv'], 'json');
    const world = formatOption(values.world, ['deal', 'noDeal', 'both'], 'both');
    const path = positionals[0]!;
    const sets = parseSets(values.set);
    const scenario = sets.length ? await analysis(path, async () => withLevers(await loadOne(path), sets)) : await loadOne(path);
    // The run the page shows too (engine/model/run.ts): with a check-up block, red targets
    // trigger the declared responses year by year.
    // The report shows where the synergy comes from (summary.synergy.parts).
    const ran = await compiledFrom(path, () => runScenario(scenario, undefined, { synergyParts: true }));
    const result = ran.result;
    const report = { ...runReport(ran.scenario, result), ...(ran.checkups ? { checkups: ran.checkups } : {}) };
    const warnings = plausibilityWarnings(ran.scenario, ran.compiled, result);
    // Observed figures (--observed, else the scenario's block) against the deal world.
    const observed = await loadObserved(values.observed, scenario);
    const comparison = observed ? { file: observed.name, ...compareObserved(observed.points, simulatedAt(observed.points, report.flows)) } : null;
    // Output and costs dated before the first simulated year are accounted, not dropped.
    const history = await compiledFrom(path, () => historyBeforeHorizon(scenario));
    const json = { ...report, ...(history ? { history } : {}), ...(comparison ? { observed: comparison } : {}), ...(warnings.length ? { warnings } : {}) };
    if (format === 'json') io.out(JSON.stringify(json, null, 2) + '\n');
    else if (comparison && values.observed !== undefined) io.out(toCsv(comparison.points.map((p) => ({ ...p }))));
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
