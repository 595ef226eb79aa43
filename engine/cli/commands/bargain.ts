// pairsim bargain FILE [--lever PATH]: zone of possible agreement, equal gain, Nash,
// Kalai–Smorodinsky and cost-proportional points (plus Shapley and core for 3+ parties).
import { LeverModel, defaultLever, withLevers } from '../../analysis/levers.js';
import { bargain } from '../../analysis/bargain.js';
import { EXIT, UsageError, formatOption, loadOne, parse, type Command } from '../common.js';
import { analysis, emit, numberOption, parseSets } from '../analysis-common.js';

export const bargainCommand: Command = {
  name: 'bargain',
  usage: 'pairsim bargain FILE [--lever PATH] [--from A --to B] [--grid N] [--set PATH=VALUE…] [--format json|csv]',
  summary: 'zone of agreement and fair points (Nash, Kalai–Smorodinsky, Shapley…) for a lever',
  async run(argv, io) {
    const { positionals, values } = parse(
      argv,
      { lever: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, grid: { type: 'string' }, format: { type: 'string' }, set: { type: 'string', multiple: true } },
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
    const result = await analysis(path, async () => {
      const model = await LeverModel.create(scenario, [values.lever ?? defaultLever(scenario)]);
      return bargain(model, { from, to, grid });
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
      return rows;
    });
    return EXIT.ok;
  },
};
