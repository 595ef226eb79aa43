// The hot path: one pass over rows × years of a compiled world, accumulating flows per
// party and year into preallocated arrays. No allocation, no closures, no lookups by name.
import type { Flows, World } from './compiled.js';

/**
 * Accumulate one world's flows.
 * @param Y years, N parties; flows must have N*Y entries per field (they are zeroed here).
 * @param sharedTierShare [n] share of the local tax collected in n that belongs to the fiscal
 *   tiers party to the agreement (only that part is settled); absent = 1 (the whole local part).
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
