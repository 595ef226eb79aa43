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
import { analysis, emit, parseSets } from '../analysis-common.js';
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
  rows: { labels: string[]; values: number[] }[];
}

/** Parse a design table (CSV with a header row); errors name the row and column. */
export function parseDesign(text: string, file: string): Design {
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: 'greedy' });
  const fatal = parsed.errors.find((e) => e.type !== 'Delimiter');
  if (fatal) throw new InputError(`${file}: row ${(fatal.row ?? 0) + 1}: ${fatal.message}`);
  const [header, ...body] = parsed.data;
  if (!header?.length) throw new InputError(`${file}: empty design; expected a header row of lever pointers (e.g. /discountRate/value)`);
  const names = header.map((h) => h.trim());
  const leverCols = names.flatMap((h, i) => (h.startsWith('/') ? [i] : []));
  const labelCols = names.flatMap((h, i) => (h.startsWith('/') ? [] : [i]));
  if (!leverCols.length) throw new InputError(`${file}: no lever column; a lever column's header is a JSON Pointer such as /discountRate/value`);
  if (new Set(names).size !== names.length) throw new InputError(`${file}: a column header appears twice`);
  if (body.length > DESIGN_LIMIT_ROWS) throw new InputError(`${file}: ${body.length} experiments; the limit is ${DESIGN_LIMIT_ROWS}`);
  const rows = body.map((cells, r) => {
    if (cells.length !== names.length) throw new InputError(`${file}: row ${r + 2} has ${cells.length} cells; the header has ${names.length}`);
    return {
      labels: labelCols.map((c) => cells[c]!),
      values: leverCols.map((c) => {
        const v = Number(cells[c]);
        if (cells[c]!.trim() === '' || !Number.isFinite(v)) throw new InputError(`${file}: row ${r + 2}, column ${names[c]}: expected a number; got "${cells[c]}"`);
        return v;
      }),
    };
  });
  return { levers: leverCols.map((c) => names[c]!), labels: labelCols.map((c) => names[c]!), rows };
}

export const evaluateCommand: Command = {
  ...spec('evaluate'),
  async run(argv, io) {
    const { positionals, values } = parse(argv, { design: { type: 'string' }, format: { type: 'string' }, set: { type: 'string', multiple: true } }, this.usage);
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
    const ev = new Evaluation(parties.length, model.base.years);
    const buf = new Float64Array(parties.length * M);
    const bar = progressBar(io, 'evaluate');
    const rows: Record<string, string | number>[] = [];
    try {
      design.rows.forEach((row, k) => {
        const problem = model.check(row.values);
        if (problem) throw new InputError(`${designPath}: row ${k + 2}: ${problem}`);
        ev.run(model.compiledAt(row.values), buf, model.policyOnly && k > 0);
        const out: Record<string, string | number> = {};
        design.labels.forEach((l, i) => (out[l] = row.labels[i]!));
        design.levers.forEach((l, i) => (out[l] = row.values[i]!));
        parties.forEach((p, n) => MEASURES.forEach((m, j) => (out[`${p}:${m}`] = buf[n * M + j]!)));
        rows.push(out);
        bar.update(k + 1, design.rows.length);
      });
    } finally {
      bar.stop();
    }
    emit(io, format, { scenario: scenario.id, levers: design.levers, parties, measures: MEASURES, experiments: rows }, () => rows);
    return EXIT.ok;
  },
};
