// pairsim evaluate FILE --design DESIGN.csv: run an experimental design made elsewhere (EMA
// Workbench, SALib, any design-of-experiments tool) through the engine. One row per
// experiment; a column whose header is a JSON Pointer ("/discountRate/value", …) is a lever,
// any other column (an experiment id, a scenario or policy name) is copied to the output.
// Writes one row per experiment: its inputs, then each party's gains versus no deal.
import { readFile, stat } from 'node:fs/promises';
import Papa from 'papaparse';
import { LeverModel, withLevers } from '../../analysis/levers.js';
import { Evaluation, M, MEASURES } from '../../analysis/measures.js';
import { EXIT, InputError, UsageError, formatOption, loadOne, parse, type Command } from '../common.js';
import { analysis, parseSets } from '../analysis-common.js';
import { batched, writeOutput, writeCsvRows, writeJsonWithList } from '../output.js';
import { progressBar } from '../progress.js';
import { spec } from './specs.js';

/** A design is a table of numbers, larger than a scenario file may be but still bounded. */
const DESIGN_LIMIT_BYTES = 64_000_000;
const DESIGN_LIMIT_ROWS = 1_000_000;

export interface Design {
  /** Lever pointers, in column order. */
  levers: string[];
  /** Columns copied through (experiment ids…). */
  labels: string[];
  /** Number of experiments (rows). */
  count: number;
  /** Lever values, row after row: values[k * levers.length + j]. */
  values: Float64Array;
  /** Label cells, row after row: labelCells[k * labels.length + i]. */
  labelCells: string[];
}

/**
 * Parse a design table (CSV with a header row); errors name the row and column. Rows are
 * parsed one at a time into flat arrays (a million rows would otherwise be a million arrays
 * of strings, then a million arrays of numbers).
 */
export function parseDesign(text: string, file: string): Design {
  let names: string[] | null = null;
  let leverCols: number[] = [];
  let labelCols: number[] = [];
  const values: number[] = [];
  const labelCells: string[] = [];
  let row = 0;
  let count = 0;
  let problem: InputError | null = null;
  Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), {
    skipEmptyLines: 'greedy',
    step: (result, parser) => {
      row++;
      const fail = (message: string) => {
        problem = new InputError(message);
        parser.abort();
      };
      const fatal = result.errors.find((e) => e.type !== 'Delimiter');
      if (fatal) return fail(`${file}: row ${row}: ${fatal.message}`);
      const cells = result.data;
      if (!names) {
        names = cells.map((h) => h.trim());
        leverCols = names.flatMap((h, i) => (h.startsWith('/') ? [i] : []));
        labelCols = names.flatMap((h, i) => (h.startsWith('/') ? [] : [i]));
        if (!names.length || (names.length === 1 && names[0] === '')) return fail(`${file}: empty design; expected a header row of lever pointers (e.g. /discountRate/value)`);
        if (!leverCols.length) return fail(`${file}: no lever column; a lever column's header is a JSON Pointer such as /discountRate/value`);
        if (new Set(names).size !== names.length) return fail(`${file}: a column header appears twice`);
        return;
      }
      if (++count > DESIGN_LIMIT_ROWS) return fail(`${file}: more than ${DESIGN_LIMIT_ROWS} experiments; the limit is ${DESIGN_LIMIT_ROWS}`);
      if (cells.length !== names.length) return fail(`${file}: row ${row} has ${cells.length} cells; the header has ${names.length}`);
      for (const c of labelCols) labelCells.push(cells[c]!);
      for (const c of leverCols) {
        const v = Number(cells[c]);
        if (cells[c]!.trim() === '' || !Number.isFinite(v)) return fail(`${file}: row ${row}, column ${names[c]}: expected a number; got "${cells[c]}"`);
        values.push(v);
      }
    },
  });
  if (problem) throw problem;
  if (!names) throw new InputError(`${file}: empty design; expected a header row of lever pointers (e.g. /discountRate/value)`);
  const header: string[] = names;
  return { levers: leverCols.map((c) => header[c]!), labels: labelCols.map((c) => header[c]!), count, values: Float64Array.from(values), labelCells };
}

export const evaluateCommand: Command = {
  ...spec('evaluate'),
  async run(argv, io) {
    const { positionals, values } = parse(argv, { design: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' }, set: { type: 'string', multiple: true } }, this.usage);
    if (positionals.length !== 1 || !values.design) throw new UsageError(`give one scenario file and --design DESIGN.csv\nusage: ${this.usage}`);
    const format = formatOption(values.format, ['csv', 'json'], 'csv');
    const path = positionals[0]!;
    const designPath = values.design;
    const size = await stat(designPath).then((s) => (s.isFile() ? s.size : -1), () => -2);
    if (size === -2) throw new InputError(`${designPath}: no such file`);
    if (size < 0) throw new InputError(`${designPath}: not a regular file`);
    if (size > DESIGN_LIMIT_BYTES) throw new InputError(`${designPath}: the file is ${size} bytes; the limit is ${DESIGN_LIMIT_BYTES}`);
    const design = parseDesign(await readFile(designPath, 'utf8'), designPath);
    const scenario = await analysis(path, async () => withLevers(await loadOne(path), parseSets(values.set)));
    const model = await analysis(path, () => LeverModel.create(scenario, design.levers));
    const parties = model.base.parties.map((p) => p.id);
    const L = design.levers.length;
    const at = (k: number) => Array.from(design.values.subarray(k * L, (k + 1) * L));
    // Every row is checked before anything is written, so a bad row gives no partial output.
    for (let k = 0; k < design.count; k++) {
      const problem = model.check(at(k));
      if (problem) throw new InputError(`${designPath}: row ${k + 2}: ${problem}`);
    }
    const bar = progressBar(io, 'evaluate');
    // One row of outcomes per experiment, written as it is computed (a million experiments of
    // 16 parties would be gigabytes held at once).
    function* experiments(): Generator<Record<string, string | number>> {
      const ev = new Evaluation(parties.length, model.base.years);
      const buf = new Float64Array(parties.length * M);
      for (let k = 0; k < design.count; k++) {
        const values = at(k);
        // On a check-up scenario each experiment runs the responses, as `pairsim run --set` does.
        ev.run(model.respondedAt(values), buf, model.policyOnly && k > 0);
        const out: Record<string, string | number> = {};
        design.labels.forEach((l, i) => (out[l] = design.labelCells[k * design.labels.length + i]!));
        design.levers.forEach((l, i) => (out[l] = values[i]!));
        parties.forEach((p, n) => MEASURES.forEach((m, j) => (out[`${p}:${m}`] = buf[n * M + j]!)));
        bar.update(k + 1, design.count);
        yield out;
      }
    }
    try {
      await writeOutput(io, values.out, async (out) => {
        if (format === 'json') await writeJsonWithList(out, { scenario: scenario.id, levers: design.levers, parties, measures: MEASURES }, 'experiments', experiments());
        else await writeCsvRows(out, batched(experiments()));
      });
    } finally {
      bar.stop();
    }
    return EXIT.ok;
  },
};
