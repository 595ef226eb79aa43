// Spillover: indirect output, jobs and (optionally) local tax from the inter-regional
// input–output block, as a post-kernel step on one world's flows. The kernel loop is untouched.
import type { Economy } from '../schema/scenario.js';
import { leontiefInverse } from '../io/leontief.js';
import { coefficientMatrix } from '../schema/economics.js';
import type { CompiledInputOutput, CompiledScenario } from './compiled.js';

/** Compile an economy's input–output block: M = L − I, row-major, plus per-party rates. */
export function compileInputOutput(e: Economy): CompiledInputOutput | undefined {
  const io = e.inputOutput;
  if (!io) return undefined;
  const ids = e.parties.map((p) => p.id);
  const N = ids.length;
  const L = leontiefInverse(coefficientMatrix(e));
  const leontiefMinusI = new Float64Array(N * N);
  for (let i = 0; i < N; i++) for (let j = 0; j < N; j++) leontiefMinusI[i * N + j] = L[i]![j]! - (i === j ? 1 : 0);
  const jobsPerOutput = new Float64Array(N);
  const localTaxPerOutput = new Float64Array(N);
  for (const p of io.parties) {
    const n = ids.indexOf(p.party);
    if (n < 0) continue;
    jobsPerOutput[n] = p.jobsPerOutput.value;
    localTaxPerOutput[n] = p.localTaxPerOutput?.value ?? 0;
  }
  return { leontiefMinusI, jobsPerOutput, localTaxPerOutput, taxIndirect: io.taxIndirect };
}

/** The flows spillover reads and writes ([n*Y + y] each). */
export interface SpilloverFlows {
  output: Float64Array;
  taxCollected: Float64Array;
  taxLocal: Float64Array;
  taxRetained: Float64Array;
  outputIndirect: Float64Array;
  employmentIndirect: Float64Array;
  taxIndirect: Float64Array;
}

/**
 * Indirect output of party i in year y = Σ_j (L − I)[i][j] · direct output of j in year y:
 * the suppliers' production triggered by the projects, where it happens. Jobs follow the
 * producing party's jobs per 亿元; with taxIndirect, its local tax is added to taxCollected,
 * taxLocal and taxRetained of that party (local firms: nothing of it is shared, so the
 * settlement transfer is unchanged). Without an input–output block the indirect fields are 0.
 */
export function applySpillover(c: CompiledScenario, f: SpilloverFlows): void {
  f.outputIndirect.fill(0);
  f.employmentIndirect.fill(0);
  f.taxIndirect.fill(0);
  const io = c.inputOutput;
  if (!io) return;
  const N = c.parties.length;
  const Y = c.years;
  const M = io.leontiefMinusI;
  for (let i = 0; i < N; i++) {
    for (let j = 0; j < N; j++) {
      const m = M[i * N + j]!;
      if (m === 0) continue;
      for (let y = 0; y < Y; y++) f.outputIndirect[i * Y + y]! += m * f.output[j * Y + y]!;
    }
    const jobs = io.jobsPerOutput[i]!;
    const tax = io.taxIndirect ? io.localTaxPerOutput[i]! : 0;
    for (let y = 0; y < Y; y++) {
      const k = i * Y + y;
      f.employmentIndirect[k] = f.outputIndirect[k]! * jobs;
      if (tax !== 0) {
        const t = f.outputIndirect[k]! * tax;
        f.taxIndirect[k] = t;
        f.taxCollected[k]! += t;
        f.taxLocal[k]! += t;
        f.taxRetained[k]! += t;
      }
    }
  }
}
