// The run's tidy rows as they cross from the engine worker to the page: columns of typed
// arrays (transferred, not copied) with the party and measure names listed once. Structured
// cloning ~2,000 small row objects cost several ms on each side of every slider move (the
// 200-project benchmark: ~10 ms in Node's structuredClone); packing and unpacking cost a
// fraction of a millisecond.
import type { RunResult, TidyRow, World } from './protocol.js';

const WORLDS: readonly World[] = ['deal', 'noDeal', 'gain'];

export interface PackedRows {
  parties: string[];
  measures: string[];
  year: Int32Array;
  /** Index into parties. */
  party: Uint32Array;
  /** Index into ['deal', 'noDeal', 'gain']. */
  world: Uint8Array;
  /** Index into measures. */
  measure: Uint32Array;
  value: Float64Array;
}

/** A run's answer on the wire: the rows packed. */
export type WireRunResult = (Omit<Extract<RunResult, { ok: true }>, 'rows'> & { packed: PackedRows }) | Extract<RunResult, { ok: false }>;

export function packRows(rows: readonly TidyRow[]): PackedRows {
  const n = rows.length;
  const parties: string[] = [];
  const measures: string[] = [];
  const partyIndex = new Map<string, number>();
  const measureIndex = new Map<string, number>();
  const packed: PackedRows = {
    parties,
    measures,
    year: new Int32Array(n),
    party: new Uint32Array(n),
    world: new Uint8Array(n),
    measure: new Uint32Array(n),
    value: new Float64Array(n),
  };
  for (let i = 0; i < n; i++) {
    const r = rows[i]!;
    let p = partyIndex.get(r.party);
    if (p === undefined) partyIndex.set(r.party, (p = parties.push(r.party) - 1));
    let m = measureIndex.get(r.measure);
    if (m === undefined) measureIndex.set(r.measure, (m = measures.push(r.measure) - 1));
    const w = WORLDS.indexOf(r.world);
    if (w < 0 || !Number.isInteger(r.year)) throw new Error(`row ${i} cannot be packed (world ${r.world}, year ${r.year})`);
    packed.year[i] = r.year;
    packed.party[i] = p;
    packed.world[i] = w;
    packed.measure[i] = m;
    packed.value[i] = r.value;
  }
  return packed;
}

export function unpackRows(p: PackedRows): TidyRow[] {
  const rows: TidyRow[] = new Array(p.value.length);
  for (let i = 0; i < rows.length; i++)
    rows[i] = { year: p.year[i]!, party: p.parties[p.party[i]!]!, world: WORLDS[p.world[i]!]!, measure: p.measures[p.measure[i]!]!, value: p.value[i]! };
  return rows;
}

/** The buffers to transfer with a packed answer. */
export function packedBuffers(p: PackedRows): ArrayBuffer[] {
  return [p.year.buffer, p.party.buffer, p.world.buffer, p.measure.buffer, p.value.buffer] as ArrayBuffer[];
}

export function packRun(res: RunResult): WireRunResult {
  if (!res.ok) return res;
  const { rows, ...rest } = res;
  return { ...rest, packed: packRows(rows) };
}

export function unpackRun(res: WireRunResult): RunResult {
  if (!res.ok) return res;
  const { packed, ...rest } = res;
  return { ...rest, rows: unpackRows(packed) };
}
