// pairsim merge DIR | A.json B.json…: combine Monte Carlo shard outputs (from --shard or --state)
// into the result one run over all their draws would give (the states merge exactly).
import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { MonteCarloAccumulator, summarizeMonteCarlo, type MonteCarloStateJSON } from '../../analysis/montecarlo.js';
import { parseJson } from '../read.js';
import { AnalysisError } from '../../analysis/errors.js';
import { EXIT, InputError, UsageError, formatOption, parse, type Command } from '../common.js';
import { analysis, emit } from '../analysis-common.js';
import { summaryRows } from './montecarlo.js';
import { spec } from './specs.js';

/** Shard states are larger than scenario files; they are our own output, so allow more. */
const STATE_LIMIT_BYTES = 512_000_000;

async function readState(path: string): Promise<MonteCarloStateJSON> {
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch {
    throw new InputError(`no such file: ${path}`);
  }
  if (size > STATE_LIMIT_BYTES) throw new InputError(`${path} is ${size} bytes; the limit is ${STATE_LIMIT_BYTES}`);
  let doc: unknown;
  try {
    doc = parseJson(await readFile(path, 'utf8'));
  } catch (err) {
    throw new InputError(`${path}: ${(err as Error).message}`);
  }
  const state = doc && typeof doc === 'object' && 'state' in doc ? (doc as { state: unknown }).state : doc;
  return state as MonteCarloStateJSON;
}

/**
 * Files to merge: a directory stands for its *.json files (sorted by name; temporary files of
 * an atomic write are not *.json), so `pairsim merge shards/` merges a whole study.
 */
async function expandDirectories(paths: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const path of paths) {
    const info = await stat(path).catch(() => null);
    if (!info?.isDirectory()) {
      out.push(path);
      continue;
    }
    const files = (await readdir(path)).filter((f) => f.endsWith('.json')).sort();
    if (!files.length) throw new InputError(`${path}: no *.json shard outputs in this directory`);
    out.push(...files.map((f) => join(path, f)));
  }
  return out;
}

export const mergeCommand: Command = {
  ...spec('merge'),
  async run(argv, io) {
    const { positionals, values } = parse(argv, { state: { type: 'boolean' }, fan: { type: 'boolean' }, format: { type: 'string' } }, this.usage);
    if (!positionals.length) throw new UsageError(`give shard output files\nusage: ${this.usage}`);
    const format = formatOption(values.format, ['json', 'csv'], 'json');
    let acc: MonteCarloAccumulator | null = null;
    for (const path of await expandDirectories(positionals)) {
      const state = await readState(path);
      const part = await analysis(path, () => {
        try {
          return MonteCarloAccumulator.fromJSON(state);
        } catch (err) {
          throw err instanceof AnalysisError ? err : new AnalysisError(`not a valid Monte Carlo state: ${(err as Error).message}`);
        }
      });
      if (!acc) acc = part;
      else {
        const into: MonteCarloAccumulator = acc;
        await analysis(path, () => into.merge(part));
      }
    }
    const summary = summarizeMonteCarlo(acc!);
    const keepState = values.state === true || !summary.complete;
    if (!summary.complete)
      io.err(`pairsim merge: draws covered ${JSON.stringify(summary.ranges)} of 0..${summary.config.draws}; the result is partial\n`);
    emit(io, format, keepState ? { summary, state: acc!.toJSON() } : summary, () => summaryRows(summary, values.fan === true));
    return EXIT.ok;
  },
};
