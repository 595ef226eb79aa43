// The peer: the same model built in `simulation` (the engine behind Insight Maker), as
// stocks, flows and variables, run in this process. What it contains, per world (deal and
// no deal), built from the compiled scenario:
//   - one Variable per row: its output level each year (linear ramp from the relocated base
//     to steady output, then growth; times the row's weight; by row kind as in fillWorld);
//   - one Variable per row with an "increment" basis: the kept base (存量不动) in the sharing window;
//   - per party, three Stocks with one inflow each: cumulative output at the workplace,
//     cumulative output credited (statistics ledger) and cumulative local tax retained.
//     A flow's rate sums every row's contribution; a row's statistics and tax shares by year
//     are written as nested IfThenElse on the year (run-length encoded from the compiled
//     share tables, which is how the engine's compiler evaluates the sharing rules too).
// Not in the peer: costs, employment, collected tax, transfers, the summary and imbalance.
// Euler with a step of one year, so a stock at the end is the sum of its flow over the years.
import { Model, type Primitive } from 'simulation';
import type { CompiledScenario, World } from '../engine/model/compiled.js';
import { ROW_KIND } from '../engine/model/compiled.js';

/** A number literal for the equation language (full precision, negatives in parentheses). */
const num = (x: number): string => {
  const s = Object.is(x, -0) ? '0' : String(x);
  if (s.includes('e')) return `(${x.toFixed(20).replace(/0+$/, '')})`;
  return x < 0 ? `(${s})` : s;
};

/** A piecewise-constant function of the year as nested IfThenElse, or null when always 0. */
function yearChain(values: (y: number) => number, Y: number, firstYear: number): string | null {
  const runs: { to: number; v: number }[] = [];
  for (let y = 0; y < Y; y++) {
    const v = values(y);
    const last = runs[runs.length - 1];
    if (last && last.v === v) last.to = y;
    else runs.push({ to: y, v });
  }
  if (runs.every((r) => r.v === 0)) return null;
  let expr = num(runs[runs.length - 1]!.v);
  for (let i = runs.length - 2; i >= 0; i--) expr = `IfThenElse(Years() <= ${firstYear + runs[i]!.to}, ${num(runs[i]!.v)}, ${expr})`;
  return expr;
}

export interface PeerModel {
  model: Model;
  /** Stocks per world and party: [world][ledger][n]. */
  stocks: Record<'deal' | 'noDeal', Record<PeerLedger, Primitive[]>>;
  primitives: number;
}
export type PeerLedger = 'output' | 'outputCredited' | 'taxRetained';
export const PEER_LEDGERS: readonly PeerLedger[] = ['output', 'outputCredited', 'taxRetained'];

export function buildPeer(c: CompiledScenario): PeerModel {
  const Y = c.years;
  const N = c.parties.length;
  const pa = c.projects;
  const m = new Model({ timeStart: c.firstYear, timeLength: Y, timeUnits: 'Years', timeStep: 1, algorithm: 'Euler' });
  let primitives = 0;
  const stocks = {} as PeerModel['stocks'];
  for (const which of ['deal', 'noDeal'] as const) {
    const w: World = c[which];
    const terms: Record<PeerLedger, string[][]> = {
      output: Array.from({ length: N }, () => []),
      outputCredited: Array.from({ length: N }, () => []),
      taxRetained: Array.from({ length: N }, () => []),
    };
    const links: Record<PeerLedger, Set<Primitive>[]> = {
      output: Array.from({ length: N }, () => new Set()),
      outputCredited: Array.from({ length: N }, () => new Set()),
      taxRetained: Array.from({ length: N }, () => new Set()),
    };
    for (let r = 0; r < w.rows; r++) {
      const p = w.project[r]!;
      const kind = w.kind[r]!;
      const wt = w.weight[r]! * pa.survival[p]!;
      if (wt === 0) continue;
      const start = pa.start[p]!;
      const ramp = pa.ramp[p]!;
      const base = pa.base[p]!;
      const steady = pa.steady[p]! * pa.outputScale[p]! * (kind === ROW_KIND.deal ? 1 + pa.uplift[p]! : 1);
      const steadyFrom = start + ramp - 1;
      const started = `Years() - ${num(start)} + 1 > 0`;
      const planned =
        `(${num(base)} + ${num(steady - base)} * Min(1, (Years() - ${num(start)} + 1) / ${num(ramp)}))` +
        ` * IfThenElse(Years() > ${num(steadyFrom)}, ${num(1 + pa.growth[p]!)} ^ (Years() - ${num(steadyFrom)}), 1)`;
      const level =
        kind === ROW_KIND.baseLeaves
          ? `IfThenElse(${started}, ${num(-wt * base)}, 0)`
          : kind === ROW_KIND.atOrigin
            ? `IfThenElse(${started}, ${num(wt * pa.originScale[p]!)} * (${planned} - ${num(base)}), 0)`
            : `IfThenElse(${started}, ${num(wt)} * ${planned}, 0)`;
      const L = m.Variable({ name: `${which} level ${r}`, value: level });
      primitives++;
      let K: Primitive | null = null;
      if (w.incrementBasis[r] && w.keepTo[r]! >= w.keepFrom[r]!) {
        const from = c.firstYear + w.keepFrom[r]!;
        const to = c.firstYear + w.keepTo[r]!;
        K = m.Variable({
          name: `${which} kept ${r}`,
          value: `IfThenElse(Years() >= ${from} and Years() <= ${to} and ${started}, Min([${which} level ${r}], ${num(wt * base)}), 0)`,
        });
        m.Link(L, K);
        primitives++;
      }
      const lv = `[${which} level ${r}]`;
      const kv = K ? `[${which} kept ${r}]` : '0';
      const sharedV = K ? `(${lv} - ${kv})` : lv;
      const vaRate = w.valueAddedRate[r]!;
      const reg = w.registration[r]!;
      const localPer =
        vaRate * w.vatRate[r]! * c.vatLocalShare[reg]! +
        w.profitMargin[r]! * w.citRate[r]! * c.citLocalShare[reg]! +
        w.jobsPerOutput[r]! * w.wage[r]! * w.pitRate[r]! * c.pitLocalShare[reg]!;
      const origin = w.origin[r]!;
      terms.output[w.host[r]!]!.push(lv);
      links.output[w.host[r]!]!.add(L);
      for (let n = 0; n < N; n++) {
        const base0 = (r * Y) * N + n;
        const s = yearChain((y) => w.statisticsShare[base0 + y * N]!, Y, c.firstYear);
        const t = yearChain((y) => w.taxShare[base0 + y * N]!, Y, c.firstYear);
        const statParts: string[] = [];
        const taxParts: string[] = [];
        if (n === origin && K) {
          statParts.push(kv);
          taxParts.push(kv);
        }
        if (s) statParts.push(`${s} * ${sharedV}`);
        if (t) taxParts.push(`${t} * ${sharedV}`);
        if (statParts.length) {
          terms.outputCredited[n]!.push(statParts.join(' + '));
          links.outputCredited[n]!.add(L);
          if (K) links.outputCredited[n]!.add(K);
        }
        if (taxParts.length) {
          terms.taxRetained[n]!.push(`${num(localPer)} * (${taxParts.join(' + ')})`);
          links.taxRetained[n]!.add(L);
          if (K) links.taxRetained[n]!.add(K);
        }
      }
    }
    stocks[which] = { output: [], outputCredited: [], taxRetained: [] };
    for (const ledger of PEER_LEDGERS) {
      for (let n = 0; n < N; n++) {
        const stock = m.Stock({ name: `${which} ${ledger} ${c.parties[n]!.id}`, initial: 0, nonNegative: false });
        const flow = m.Flow(null, stock, {
          name: `${which} ${ledger} flow ${c.parties[n]!.id}`,
          rate: terms[ledger][n]!.length ? terms[ledger][n]!.join(' + ') : '0',
          nonNegative: false,
        });
        for (const from of links[ledger][n]!) m.Link(from, flow);
        stocks[which][ledger].push(stock);
        primitives += 2;
      }
    }
  }
  return { model: m, stocks, primitives };
}

export type PeerTotals = Record<'deal' | 'noDeal', Record<PeerLedger, number[]>>;

/** Run the peer once; the totals over the horizon per world, ledger and party. */
export function runPeer(peer: PeerModel): PeerTotals {
  const res = peer.model.simulate();
  const out = {} as PeerTotals;
  for (const which of ['deal', 'noDeal'] as const) {
    out[which] = { output: [], outputCredited: [], taxRetained: [] };
    for (const ledger of PEER_LEDGERS)
      for (const s of peer.stocks[which][ledger]) {
        const series = res.series(s);
        out[which][ledger].push(series[series.length - 1]!);
      }
  }
  return out;
}
