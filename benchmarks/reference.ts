// The practical ceiling: the kernel's arithmetic per row-year written as one minimal loop
// over the compiled typed arrays, with nothing else (no summary, no result objects, no
// spillover step). Like the kernel it starts each row at its first active year, takes the
// precomputed cost totals and skips zero terms (one-hot shares, no kept base): the fastest
// simple loop we found on this machine.
// It must give the same flows as engine/model/kernel.ts (test/benchmarks/equivalence.test.ts).
import type { CompiledScenario, Flows, World } from '../engine/model/compiled.js';
import { allocateFlows } from '../engine/model/compiled.js';

export interface ReferenceResult {
  deal: Flows;
  noDeal: Flows;
}

export function allocateReference(c: CompiledScenario): ReferenceResult {
  return { deal: allocateFlows(c.parties.length, c.years), noDeal: allocateFlows(c.parties.length, c.years) };
}

function referenceWorld(w: World, c: CompiledScenario, f: Flows): void {
  const Y = c.years;
  const N = c.parties.length;
  const out = f.output, cred = f.outputCredited, vaHere = f.valueAdded, vac = f.valueAddedCredited, coll = f.taxCollected;
  const loc = f.taxLocal, ret = f.taxRetained, emp = f.employment, cost = f.cost, tr = f.transfer;
  out.fill(0); cred.fill(0); vaHere.fill(0); vac.fill(0); coll.fill(0); loc.fill(0); ret.fill(0); emp.fill(0);
  // As the kernel: costs do not depend on levels, so the world's totals come precomputed.
  cost.set(w.costFlow);
  const level = w.level, keep = w.keep, stat = w.statisticsShare, tax = w.taxShare, activeFrom = w.activeFrom;
  const vatL = c.vatLocalShare, citL = c.citLocalShare, pitL = c.pitLocalShare;
  for (let r = 0; r < w.rows; r++) {
    const o = w.origin[r]! * Y;
    const h = w.host[r]! * Y;
    const g = w.registration[r]!;
    const va = w.valueAddedRate[r]!;
    const jobs = w.jobsPerOutput[r]!;
    const vat = va * w.vatRate[r]!;
    const cit = w.profitMargin[r]! * w.citRate[r]!;
    const pit = jobs * w.wage[r]! * w.pitRate[r]!;
    const totalPer = vat + cit + pit;
    const localPer = vat * vatL[g]! + cit * citL[g]! + pit * pitL[g]!;
    // Only the tiers party to the agreement pool their part (fiscal tiers, as the kernel).
    const sigma = c.sharedTierShare[g]!;
    const pooledPer = localPer * sigma;
    const gy = g * Y;
    const y0 = activeFrom[r]!;
    let i = r * Y + y0;
    let ci = i * N;
    for (let y = y0; y < Y; y++, i++, ci += N) {
      const v = level[i]!;
      if (v === 0) continue;
      const kept = keep[i]!;
      const shared = v - kept;
      const local = v * localPer;
      const pooled = v * pooledPer;
      const localShared = shared * pooledPer;
      out[h + y]! += v;
      vaHere[h + y]! += v * va;
      emp[h + y]! += v * jobs;
      coll[gy + y]! += v * totalPer;
      loc[gy + y]! += local;
      if (sigma !== 1) ret[gy + y]! += local - pooled;
      if (kept !== 0) {
        cred[o + y]! += kept;
        vac[o + y]! += kept * va;
        ret[o + y]! += pooled - localShared;
      }
      const sharedVa = shared * va;
      for (let n = 0, k = y; n < N; n++, k += Y) {
        const s = stat[ci + n]!;
        const t = tax[ci + n]!;
        if (s !== 0) {
          cred[k]! += s * shared;
          vac[k]! += s * sharedVa;
        }
        if (t !== 0) ret[k]! += t * localShared;
      }
    }
  }
  for (let k = 0; k < N * Y; k++) tr[k] = ret[k]! - loc[k]!;
}

/** Both worlds into preallocated flows. */
export function referenceRun(c: CompiledScenario, into: ReferenceResult): ReferenceResult {
  referenceWorld(c.deal, c, into.deal);
  referenceWorld(c.noDeal, c, into.noDeal);
  return into;
}
