// The hot path: one pass over rows × years of a compiled world, accumulating flows per
// party and year into preallocated arrays. No allocation, no closures, no lookups by name.
import type { Flows, World } from './compiled.js';

/**
 * Rows whose statistics and tax shares are each one party's, at one value, in every year, and
 * that keep no base (every no-deal row, and deal rows of a project outside any sharing rule):
 * for them the kernel's per-party loop reduces to one term per ledger, the same terms in the same
 * order, so the flows are identical to the last bit. Made once for a world whose share tables do
 * not change afterwards (a Monte Carlo runner's own compiled copy; lever patches change shares).
 */
export interface OneHotRows {
  /** [row] party credited the statistics (-1: not a one-hot row), and its share. */
  statisticsParty: Int32Array;
  statisticsShare: Float64Array;
  /** [row] party retaining the shared tax, and its share. */
  taxParty: Int32Array;
  taxShare: Float64Array;
}

export function oneHotRows(world: World, Y: number, N: number): OneHotRows {
  const R = world.rows;
  const plan: OneHotRows = {
    statisticsParty: new Int32Array(R).fill(-1),
    statisticsShare: new Float64Array(R),
    taxParty: new Int32Array(R).fill(-1),
    taxShare: new Float64Array(R),
  };
  for (let r = 0; r < R; r++) {
    if (world.incrementBasis[r] === 1) continue;
    let sp = -1;
    let tp = -1;
    let sv = 0;
    let tv = 0;
    let oneHot = true;
    for (let k = r * Y * N; k < (r + 1) * Y * N && oneHot; k++) {
      const n = k % N;
      const s = world.statisticsShare[k]!;
      const t = world.taxShare[k]!;
      if (s !== 0) {
        if (sp === -1) {
          sp = n;
          sv = s;
        } else if (sp !== n || !Object.is(sv, s)) oneHot = false;
      }
      if (t !== 0) {
        if (tp === -1) {
          tp = n;
          tv = t;
        } else if (tp !== n || !Object.is(tv, t)) oneHot = false;
      }
    }
    if (oneHot && sp >= 0 && tp >= 0) {
      plan.statisticsParty[r] = sp;
      plan.statisticsShare[r] = sv;
      plan.taxParty[r] = tp;
      plan.taxShare[r] = tv;
    }
  }
  return plan;
}

/**
 * Accumulate one world's flows.
 * @param Y years, N parties; flows must have N*Y entries per field (they are zeroed here).
 * @param sharedTierShare [n] share of the local tax collected in n that belongs to the fiscal
 *   tiers party to the agreement (only that part is settled); absent = 1 (the whole local part).
 * @param oneHot the world's one-hot rows (oneHotRows), when its share tables are fixed: a shortcut
 *   with the same result.
 */
export function runWorld(
  world: World,
  Y: number,
  N: number,
  vatLocalShare: Float64Array,
  citLocalShare: Float64Array,
  pitLocalShare: Float64Array,
  flows: Flows,
  sharedTierShare?: Float64Array,
  oneHot?: OneHotRows,
): void {
  const { output, outputCredited, valueAdded, valueAddedCredited, taxCollected, taxLocal, taxRetained, transfer, employment, cost } = flows;
  output.fill(0);
  outputCredited.fill(0);
  valueAdded.fill(0);
  valueAddedCredited.fill(0);
  taxCollected.fill(0);
  taxLocal.fill(0);
  taxRetained.fill(0);
  transfer.fill(0);
  employment.fill(0);
  // Costs do not depend on the levels: their per-party totals are precomputed (fillWorld).
  cost.set(world.costFlow);
  const { level, keep, statisticsShare, taxShare, activeFrom } = world;
  for (let r = 0; r < world.rows; r++) {
    const origin = world.origin[r]!;
    const host = world.host[r]!;
    const reg = world.registration[r]!;
    const vaRate = world.valueAddedRate[r]!;
    const margin = world.profitMargin[r]!;
    const jobsPer = world.jobsPerOutput[r]!;
    const wage = world.wage[r]!;
    const vatRate = world.vatRate[r]!;
    const citRate = world.citRate[r]!;
    const pitRate = world.pitRate[r]!;
    // Local tax per unit of output at the registration place: the same every year of a row.
    const totalTaxPerOutput = vaRate * vatRate + margin * citRate + jobsPer * wage * pitRate;
    const localTaxPerOutput =
      vaRate * vatRate * vatLocalShare[reg]! + margin * citRate * citLocalShare[reg]! + jobsPer * wage * pitRate * pitLocalShare[reg]!;
    // Tiers outside the agreement (e.g. the city and province of two districts) keep their
    // part where the tax is collected; the agreement's tiers pool theirs for the settlement.
    const tierShare = sharedTierShare ? sharedTierShare[reg]! : 1;
    const pooledTaxPerOutput = localTaxPerOutput * tierShare;
    const rowBase = r * Y;
    const sp = oneHot ? oneHot.statisticsParty[r]! : -1;
    if (sp >= 0) {
      // A one-hot row (see OneHotRows): nothing kept (keep is 0, so shared = out), one party per ledger.
      const sv = oneHot!.statisticsShare[r]!;
      const tp = oneHot!.taxParty[r]!;
      const tv = oneHot!.taxShare[r]!;
      for (let y = activeFrom[r]!; y < Y; y++) {
        const out = level[rowBase + y]!;
        if (out === 0) continue;
        const shared = out - keep[rowBase + y]!;
        const local = out * localTaxPerOutput;
        const pooled = out * pooledTaxPerOutput;
        const localShared = shared * pooledTaxPerOutput;
        output[host * Y + y]! += out;
        valueAdded[host * Y + y]! += out * vaRate;
        employment[host * Y + y]! += out * jobsPer;
        taxCollected[reg * Y + y]! += out * totalTaxPerOutput;
        taxLocal[reg * Y + y]! += local;
        if (tierShare !== 1) taxRetained[reg * Y + y]! += local - pooled;
        outputCredited[sp * Y + y]! += sv * shared;
        valueAddedCredited[sp * Y + y]! += sv * shared * vaRate;
        taxRetained[tp * Y + y]! += tv * localShared;
      }
      continue;
    }
    // Years before a row's first non-zero level contribute nothing. Skipping zero terms
    // (one-hot shares, no kept base) leaves every sum unchanged (x + 0 === x for the
    // +0-initialised accumulators) and saves time.
    for (let y = activeFrom[r]!; y < Y; y++) {
      const i = rowBase + y;
      const ci = i * N;
      const out = level[i]!;
      if (out === 0) continue;
      const kept = keep[i]!;
      const shared = out - kept;
      const local = out * localTaxPerOutput;
      const pooled = out * pooledTaxPerOutput;
      const localShared = shared * pooledTaxPerOutput;
      output[host * Y + y]! += out;
      valueAdded[host * Y + y]! += out * vaRate;
      employment[host * Y + y]! += out * jobsPer;
      taxCollected[reg * Y + y]! += out * totalTaxPerOutput;
      taxLocal[reg * Y + y]! += local;
      if (tierShare !== 1) taxRetained[reg * Y + y]! += local - pooled;
      // The kept base stays with the origin in both ledgers; the rest is split.
      if (kept !== 0) {
        outputCredited[origin * Y + y]! += kept;
        valueAddedCredited[origin * Y + y]! += kept * vaRate;
        taxRetained[origin * Y + y]! += pooled - localShared;
      }
      for (let n = 0; n < N; n++) {
        const s = statisticsShare[ci + n]!;
        const t = taxShare[ci + n]!;
        if (s !== 0) {
          outputCredited[n * Y + y]! += s * shared;
          valueAddedCredited[n * Y + y]! += s * shared * vaRate;
        }
        if (t !== 0) taxRetained[n * Y + y]! += t * localShared;
      }
    }
  }
  // The settlement: what a party retains minus what was collected in it.
  for (let k = 0; k < N * Y; k++) transfer[k] = taxRetained[k]! - taxLocal[k]!;
}
