// The obvious way to evaluate the model: one mathjs expression, compiled once, evaluated
// per row-year with a fresh scope object built from the project's parameters. It computes
// the output ramp (what fillWorld tabulates at compile time) and the taxes (what the
// kernel does) for each row-year; the per-party accumulation and the sharing tables
// (statisticsShare, taxShare, cost: evaluated rules, as in the engine) are plain JS.
import { create, all, type EvalFunction, type FactoryFunctionMap } from 'mathjs';
import type { CompiledScenario, Flows, World } from '../engine/model/compiled.js';
import { allocateFlows } from '../engine/model/compiled.js';

const math = create(all as FactoryFunctionMap, {});

/** The per-row-year model, in the same terms as engine/model/compile.ts (plannedLevel, fillWorld) and kernel.ts. */
export const NAIVE_EXPRESSION = `
  x = year - start + 1;
  steadyEff = steady * outputScale * (kind == 0 ? 1 + uplift : 1);
  steadyFrom = start + ramp - 1;
  L = x <= 0 ? -1 : (base + (steadyEff - base) * (ramp > 0 ? min(1, x / ramp) : 1)) * (year > steadyFrom ? (1 + growth) ^ (year - steadyFrom) : 1);
  v = L < 0 ? 0 : (kind == 1 ? -w * base : (kind == 3 ? w * scale * (L - base) : w * L));
  kept = (incr == 1 and L >= 0 and y >= keepFrom and y <= keepTo) ? min(v, w * base) : 0;
  localPer = va * vat * vatL + margin * cit * citL + jobs * wage * pit * pitL;
  totalPer = va * vat + margin * cit + jobs * wage * pit;
  local = v * localPer;
  localShared = (v - kept) * localPer;
  collected = v * totalPer;
  employed = v * jobs
`;

let compiled: EvalFunction | null = null;
export const naiveExpression = (): EvalFunction => (compiled ??= math.compile(NAIVE_EXPRESSION));

interface Scope {
  [name: string]: number;
}

function naiveWorld(w: World, c: CompiledScenario, f: Flows): void {
  const expr = naiveExpression();
  const Y = c.years;
  const N = c.parties.length;
  const pa = c.projects;
  for (const k of Object.keys(f) as (keyof Flows)[]) f[k].fill(0);
  for (let r = 0; r < w.rows; r++) {
    const p = w.project[r]!;
    const kind = w.kind[r]!;
    const origin = w.origin[r]!;
    const host = w.host[r]!;
    const reg = w.registration[r]!;
    for (let y = 0; y < Y; y++) {
      const ci = (r * Y + y) * N;
      for (let n = 0; n < N; n++) f.cost[n * Y + y]! += w.cost[ci + n]!;
      const scope: Scope = {
        year: c.firstYear + y,
        y,
        start: pa.start[p]!,
        ramp: pa.ramp[p]!,
        steady: pa.steady[p]!,
        base: pa.base[p]!,
        growth: pa.growth[p]!,
        uplift: pa.uplift[p]!,
        outputScale: pa.outputScale[p]!,
        kind,
        w: w.weight[r]! * pa.survival[p]!,
        scale: kind === 3 ? pa.originScale[p]! : 1,
        incr: w.incrementBasis[r]!,
        keepFrom: w.keepFrom[r]!,
        keepTo: w.keepTo[r]!,
        va: w.valueAddedRate[r]!,
        margin: w.profitMargin[r]!,
        vat: w.vatRate[r]!,
        cit: w.citRate[r]!,
        pit: w.pitRate[r]!,
        jobs: w.jobsPerOutput[r]!,
        wage: w.wage[r]!,
        vatL: c.vatLocalShare[reg]!,
        citL: c.citLocalShare[reg]!,
        pitL: c.pitLocalShare[reg]!,
      };
      expr.evaluate(scope);
      const v = scope.v!;
      if (v === 0) continue;
      const kept = scope.kept!;
      const shared = v - kept;
      const va = scope.va!;
      f.output[host * Y + y]! += v;
      f.valueAdded[host * Y + y]! += v * va;
      f.employment[host * Y + y]! += scope.employed!;
      f.taxCollected[reg * Y + y]! += scope.collected!;
      f.taxLocal[reg * Y + y]! += scope.local!;
      f.outputCredited[origin * Y + y]! += kept;
      f.valueAddedCredited[origin * Y + y]! += kept * va;
      f.taxRetained[origin * Y + y]! += scope.local! - scope.localShared!;
      for (let n = 0; n < N; n++) {
        f.outputCredited[n * Y + y]! += w.statisticsShare[ci + n]! * shared;
        f.valueAddedCredited[n * Y + y]! += w.statisticsShare[ci + n]! * shared * va;
        f.taxRetained[n * Y + y]! += w.taxShare[ci + n]! * scope.localShared!;
      }
    }
  }
  for (let k = 0; k < N * Y; k++) f.transfer[k] = f.taxRetained[k]! - f.taxLocal[k]!;
}

export interface NaiveResult {
  deal: Flows;
  noDeal: Flows;
}

/** Evaluate both worlds the naive way. */
export function naiveRun(c: CompiledScenario): NaiveResult {
  const N = c.parties.length;
  const deal = allocateFlows(N, c.years);
  const noDeal = allocateFlows(N, c.years);
  naiveWorld(c.deal, c, deal);
  naiveWorld(c.noDeal, c, noDeal);
  return { deal, noDeal };
}
