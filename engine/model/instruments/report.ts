// The instruments in the report: tidy rows per instrument, component, party and year
// (`pairsim run` → instruments), and horizon totals per party for the summary and `compare`.
import type { Bilingual, ResolvedScenario } from '../../schema/scenario.js';
import type { InstrumentFlows } from './common.js';
import { instrumentInfo } from './index.js';

export interface InstrumentFlowRow {
  year: number;
  party: string;
  component: string;
  /** 亿元/yr, received +, paid −. */
  value: number;
}

export interface InstrumentTotal {
  instrument: string;
  party: string;
  /** Sum over the horizon of everything the party received (+) or paid (−) through the instrument (亿元). */
  net: number;
  /** The between-party part of net (adds up to zero over the parties). */
  transfer: number;
  /** Sums per component (亿元). */
  components: Record<string, number>;
}

export interface InstrumentReport {
  instrument: string;
  label: Bilingual;
  components: Record<string, Bilingual>;
  source?: string;
  assumption?: string;
  /** Non-zero flows only. */
  flows: InstrumentFlowRow[];
}

export function instrumentTotals(parties: { id: string }[], Y: number, flows: InstrumentFlows[] | undefined): InstrumentTotal[] {
  const out: InstrumentTotal[] = [];
  for (const f of flows ?? []) {
    // Instruments without money of their own (new-firm tax sharing acts through the settlement) have no totals.
    if (!Object.keys(f.components).length) continue;
    parties.forEach((p, n) => {
      let net = 0;
      let transfer = 0;
      const components: Record<string, number> = {};
      for (let y = 0; y < Y; y++) {
        net += f.transfer[n * Y + y]! + f.external[n * Y + y]!;
        transfer += f.transfer[n * Y + y]!;
      }
      for (const [k, a] of Object.entries(f.components)) {
        let sum = 0;
        for (let y = 0; y < Y; y++) sum += a[n * Y + y]!;
        components[k] = sum;
      }
      out.push({ instrument: f.key, party: p.id, net, transfer, components });
    });
  }
  return out;
}

export function instrumentReports(
  s: ResolvedScenario,
  firstYear: number,
  Y: number,
  parties: { id: string }[],
  flows: InstrumentFlows[] | undefined,
): InstrumentReport[] {
  return (flows ?? []).map((f) => {
    const info = instrumentInfo(f.key);
    const declared = (s.policy.instruments as Record<string, { source?: string; assumption?: string }> | undefined)?.[f.key];
    const rows: InstrumentFlowRow[] = [];
    for (let y = 0; y < Y; y++)
      parties.forEach((p, n) => {
        for (const [component, a] of Object.entries(f.components)) {
          const value = a[n * Y + y]!;
          if (value !== 0) rows.push({ year: firstYear + y, party: p.id, component, value });
        }
      });
    return {
      instrument: f.key,
      label: info.label,
      components: info.components,
      ...(declared?.source ? { source: declared.source } : {}),
      ...(declared?.assumption ? { assumption: declared.assumption } : {}),
      flows: rows,
    };
  });
}
