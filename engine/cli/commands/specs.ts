// The command table: name, usage, summary and an example of every pairsim command. It imports
// nothing from the engine, so `pairsim --help`, `help CMD` and `--version` load only this;
// a command's code (and the engine behind it) is loaded when the command runs.
import type { Command } from '../common.js';

export interface CommandSpec {
  name: string;
  usage: string;
  summary: string;
  /** One runnable example, from the repository root. */
  example: string;
  load(): Promise<Command>;
}

export const SPECS: readonly CommandSpec[] = [
  {
    name: 'validate',
    usage: 'pairsim validate FILE [FILE…]',
    summary: 'check scenario, economy, policy and comparison files',
    example: 'pairsim validate scenarios/jinniu-pengzhou.json',
    load: async () => (await import('./validate.js')).validate,
  },
  {
    name: 'run',
    usage: 'pairsim run FILE [--format json|csv] [--world deal|noDeal|both] [--observed OBS.csv] [--set PATH=VALUE…]',
    summary: 'simulate one scenario; JSON report or CSV flow rows; with observed figures, residuals and MAPE/RMSE/bias',
    example: 'pairsim run scenarios/jinniu-pengzhou.json --format csv',
    load: async () => (await import('./run.js')).run,
  },
  {
    name: 'compare',
    usage: 'pairsim compare FILE [FILE…] [--format table|json]',
    summary: 'summaries of scenarios side by side (a comparison file counts as its scenarios)',
    example: 'pairsim compare scenarios/jinniu-pengzhou-4-6.json scenarios/jinniu-pengzhou-5-5.json',
    load: async () => (await import('./compare.js')).compare,
  },
  {
    name: 'sweep',
    usage: 'pairsim sweep FILE [--lever PATH] [--from A --to B] [--steps N] [--lever2 PATH --from2 A --to2 B --steps2 N] [--set PATH=VALUE…] [--format json|csv] [--out FILE]',
    summary: 'gains versus no deal over a grid of one or two levers',
    example: 'pairsim sweep scenarios/jinniu-pengzhou.json --from 0.2 --to 0.8 --steps 7 --format csv',
    load: async () => (await import('./sweep.js')).sweepCommand,
  },
  {
    name: 'bargain',
    usage: 'pairsim bargain FILE [--lever PATH] [--from A --to B] [--grid N] [--draws N --seed S [--sampling random|lhs]] [--set PATH=VALUE…] [--format json|csv]',
    summary: 'zone of agreement and fair points (Nash, Kalai–Smorodinsky, Shapley…) for a lever',
    example: 'pairsim bargain scenarios/jinniu-pengzhou.json',
    load: async () => (await import('./bargain.js')).bargainCommand,
  },
  {
    name: 'montecarlo',
    usage:
      'pairsim montecarlo FILE [--draws N] [--seed S] [--sampling random|lhs] [--workers K] [--chunk N] [--shard i/n|auto [--shards N]] [--out FILE [--resume]] [--state] [--fan] [--set PATH=VALUE…] [--format json|csv]',
    summary: 'uncertainty analysis: quantiles, probability of losing, fan charts (reproducible by seed)',
    example: 'pairsim montecarlo scenarios/jinniu-pengzhou.json --draws 10000 --seed 7 --workers 2',
    load: async () => (await import('./montecarlo.js')).montecarloCommand,
  },
  {
    name: 'merge',
    usage: 'pairsim merge DIR|FILE [FILE…] [--state] [--fan] [--format json|csv]',
    summary: 'merge Monte Carlo shard outputs (files, or every *.json in a directory) into one result',
    example: 'pairsim merge shards/ > study.json',
    load: async () => (await import('./merge.js')).mergeCommand,
  },
  {
    name: 'evaluate',
    usage: 'pairsim evaluate FILE --design DESIGN.csv [--set PATH=VALUE…] [--format csv|json] [--out FILE]',
    summary: 'run an experimental design (one row per experiment, lever pointers as column headers) and print one row of outcomes per experiment',
    example: 'pairsim evaluate scenarios/jinniu-pengzhou.json --design docs/examples/design.csv',
    load: async () => (await import('./evaluate.js')).evaluateCommand,
  },
  {
    name: 'sensitivity',
    usage: 'pairsim sensitivity FILE [--measure M] [--low P --high P] [--sobol N --seed S] [--set PATH=VALUE…] [--format json|csv]',
    summary: 'tornado swings of each uncertainty; Sobol indices with --sobol N',
    example: 'pairsim sensitivity scenarios/jinniu-pengzhou.json --sobol 512 --seed 1',
    load: async () => (await import('./sensitivity.js')).sensitivityCommand,
  },
  {
    name: 'calibrate',
    usage: 'pairsim calibrate FILE [--observed OBS.csv] [--fit POINTER[=LO:HI]]… [--write OUT.json] [--format json|csv]',
    summary: 'fit scenario numbers to observed figures (bounded least squares); before/after MAPE, RMSE, bias',
    example: 'pairsim calibrate scenarios/chengdu-ecosystem.json --observed scenarios/observed/chengdu-ecosystem.csv',
    load: async () => (await import('./calibrate.js')).calibrateCommand,
  },
];

/** The spec of a command by name (for the command modules' own usage strings). */
export function spec(name: string): Pick<CommandSpec, 'name' | 'usage' | 'summary'> {
  const s = SPECS.find((c) => c.name === name);
  if (!s) throw new Error(`no command spec "${name}"`);
  return { name: s.name, usage: s.usage, summary: s.summary };
}
