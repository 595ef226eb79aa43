// pairsim sensitivity FILE: one-at-a-time swings of each uncertainty (tornado chart data) and,
// with --sobol N, Sobol first-order and total indices of each party's gain.
import { sensitivity } from '../../analysis/sensitivity.js';
import { MEASURES, type Measure } from '../../analysis/measures.js';
import { EXIT, UsageError, formatOption, loadOne, parse, type Command } from '../common.js';
import { analysis, emit, numberOption, parseSets } from '../analysis-common.js';
import { withLevers } from '../../analysis/levers.js';
import { progressBar } from '../progress.js';
import { spec } from './specs.js';

export const sensitivityCommand: Command = {
  ...spec('sensitivity'),
  async run(argv, io) {
    const { positionals, values } = parse(
      argv,
      { measure: { type: 'string' }, low: { type: 'string' }, high: { type: 'string' }, sobol: { type: 'string' }, seed: { type: 'string' }, format: { type: 'string' }, set: { type: 'string', multiple: true } },
      this.usage,
    );
    if (positionals.length !== 1) throw new UsageError(`give exactly one scenario file\nusage: ${this.usage}`);
    const format = formatOption(values.format, ['json', 'csv'], 'json');
    const measure = formatOption(values.measure, MEASURES, 'netFiscalPV') as Measure;
    const low = numberOption('low', values.low, { min: 0, max: 1 });
    const high = numberOption('high', values.high, { min: 0, max: 1 });
    const sobolSamples = numberOption('sobol', values.sobol, { integer: true, min: 2, max: 1e7 });
    const seed = numberOption('seed', values.seed, { integer: true, min: 0, max: Number.MAX_SAFE_INTEGER });
    const path = positionals[0]!;
    const sets = parseSets(values.set);
    const scenario = await analysis(path, async () => withLevers(await loadOne(path), sets));
    const bar = progressBar(io, 'sensitivity');
    try {
      const result = await analysis(path, () =>
        sensitivity(scenario, { measure, low, high, sobolSamples, seed, onProgress: (d, t) => bar.update(d, t) }),
      );
      bar.stop();
      emit(io, format, { scenario: scenario.id, ...result }, () => {
        const sobol = new Map((result.sobol?.indices ?? []).map((s) => [`${s.uncertainty} ${s.party}`, s]));
        return result.tornado.map((t) => {
          const s = sobol.get(`${t.uncertainty} ${t.party}`);
          return { ...t, ...(s ? { sobolFirst: s.first, sobolTotal: s.total } : {}) };
        });
      });
      return EXIT.ok;
    } finally {
      bar.stop();
    }
  },
};
