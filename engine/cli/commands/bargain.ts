// pairsim bargain FILE [--lever PATH]: zone of possible agreement, equal gain, Nash,
// Kalai–Smorodinsky and cost-proportional points (plus Shapley and core for 3+ parties).
import { LeverModel, defaultLever, withLevers } from '../../analysis/levers.js';
import { bargain, type BargainResult } from '../../analysis/bargain.js';
import { robustZopa, type RobustZopa } from '../../analysis/robust.js';
import { progressBar } from '../progress.js';
import { EXIT, UsageError, formatOption, loadOne, parse, type Command } from '../common.js';
import { analysis, emit, numberOption, parseSets } from '../analysis-common.js';
import { spec } from './specs.js';

export const bargainCommand: Command = {
  ...spec('bargain'),
  async run(argv, io) {
    const { positionals, values } = parse(
      argv,
      { lever: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, grid: { type: 'string' }, format: { type: 'string' }, set: { type: 'string', multiple: true }, draws: { type: 'string' }, seed: { type: 'string' }, sampling: { type: 'string' } },
      this.usage,
    );
    if (positionals.length !== 1) throw new UsageError(`give exactly one scenario file\nusage: ${this.usage}`);
    const format = formatOption(values.format, ['json', 'csv'], 'json');
    const path = positionals[0]!;
    const grid = numberOption('grid', values.grid, { integer: true, min: 3, max: 100_000 });
    const from = numberOption('from', values.from);
    const to = numberOption('to', values.to);
    const sets = parseSets(values.set);
    const scenario = await analysis(path, async () => withLevers(await loadOne(path), sets));
    const draws = numberOption('draws', values.draws, { integer: true, min: 1, max: 1e7 });
    const seed = numberOption('seed', values.seed, { integer: true, min: 0, max: Number.MAX_SAFE_INTEGER }) ?? 1;
    const sampling = formatOption(values.sampling, ['random', 'lhs'], 'random') as 'random' | 'lhs';
    if (draws === undefined && (values.seed ?? values.sampling) !== undefined) throw new UsageError('--seed/--sampling need --draws');
    const bar = progressBar(io, 'robustness');
    const result = await analysis(path, async () => {
      const leverPath = values.lever ?? defaultLever(scenario);
      const model = await LeverModel.create(scenario, [leverPath]);
      const b: BargainResult & { robustness?: RobustZopa } = bargain(model, { from, to, grid });
      if (draws !== undefined) {
        try {
          b.robustness = await robustZopa(scenario, leverPath, { draws, seed, sampling, from, to, onProgress: (d, t) => bar.update(d, t) });
        } finally {
          bar.stop();
        }
      }
      return b;
    });
    emit(io, format, { scenario: scenario.id, ...result }, () => {
      // CSV: one row per solution and party.
      const rows: Record<string, unknown>[] = [];
      const add = (solution: string, p: { x: number | null; gains: number[] } | null | undefined, extra: Record<string, unknown> = {}) => {
        if (!p) return;
        result.parties.forEach((party, i) => rows.push({ solution, lever: p.x, party, gain: p.gains[i], ...extra }));
      };
      add('proposal', result.proposal);
      for (const iv of result.zopa?.intervals ?? []) {
        add('zopaFrom', { x: iv.from, gains: iv.fromGains });
        add('zopaTo', { x: iv.to, gains: iv.toGains });
      }
      add('equalGain', result.equalGain);
      add('nash', result.nash);
      add('kalaiSmorodinsky', result.kalaiSmorodinsky);
      add('costProportional', result.costProportional);
      for (const s of result.shapley ?? []) rows.push({ solution: 'shapley', lever: result.lever.current ?? '', party: s.party, gain: s.value });
      // With --draws: the probability each grid value makes every party (and each party) gain.
      const r = result.robustness;
      if (r)
        r.xs.forEach((x, k) => {
          rows.push({ solution: 'probAllGain', lever: x, party: '*', gain: r.probAllGain[k] });
          r.parties.forEach((party, n) => rows.push({ solution: 'probGain', lever: x, party, gain: r.probGain[n]![k] }));
        });
      return rows;
    });
    return EXIT.ok;
  },
};
