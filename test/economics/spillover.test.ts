// Spillover: indirect output = (L − I)·direct output per party and year, hand-checked on the
// two-project fixture, plus conservation and the optional tax channel.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compileScenario } from '../../engine/model/compile.js';
import { simulate } from '../../engine/model/simulate.js';
import { runReport } from '../../engine/model/report.js';
import { ScenarioError } from '../../engine/schema/validate.js';
import { fixtureJson, loadScenarioObject, q } from './load.js';

/** The fixture with an input–output block: A's services supply both parties, B's plant buys from A. */
function withIo(a: { AA: number; AB: number; BA: number; BB: number }, taxIndirect: boolean) {
  const doc = fixtureJson();
  doc.economy.inputOutput = {
    coefficients: [
      { supplier: 'A', buyer: 'A', value: q(a.AA, 'share') },
      { supplier: 'A', buyer: 'B', value: q(a.AB, 'share') },
      { supplier: 'B', buyer: 'A', value: q(a.BA, 'share') },
      { supplier: 'B', buyer: 'B', value: q(a.BB, 'share') },
    ],
    parties: [
      { party: 'A', jobsPerOutput: q(20, 'person/(CNY_1e8/yr)'), localTaxPerOutput: q(0.04, 'share') },
      { party: 'B', jobsPerOutput: q(30, 'person/(CNY_1e8/yr)'), localTaxPerOutput: q(0.03, 'share') },
    ],
    taxIndirect,
  };
  return doc;
}

async function run(doc: unknown) {
  const s = await loadScenarioObject(doc);
  const c = await compileScenario(s);
  return { s, c, r: simulate(c) };
}

describe('spillover: hand-computed case', () => {
  // A = [[0.05, 0.10], [0, 0.05]] (rows supplier A, B; columns buyer A, B).
  // I − A = [[0.95, −0.10], [0, 0.95]], so L = [[1/0.95, 0.10/0.9025], [0, 1/0.95]] and
  // L − I = [[0.0526316, 0.1108033], [0, 0.0526316]].
  // 2025 (deal): P1 produces 100 in B, P2 has not started: direct output A = 0, B = 100.
  // Indirect: A = 0.1108033·100 = 11.08033, B = 0.0526316·100 = 5.26316.
  it('attributes indirect output to the supplying party', async () => {
    const { r } = await run(withIo({ AA: 0.05, AB: 0.1, BA: 0, BB: 0.05 }, false));
    const Y = r.years;
    expect(r.deal.output[0 * Y + 0]).toBeCloseTo(0, 12);
    expect(r.deal.output[1 * Y + 0]).toBeCloseTo(100, 12);
    expect(r.deal.outputIndirect[0 * Y + 0]).toBeCloseTo((0.1 / 0.9025) * 100, 9);
    expect(r.deal.outputIndirect[1 * Y + 0]).toBeCloseTo((1 / 0.95 - 1) * 100, 9);
    // Jobs: 20 and 30 per 亿元 of indirect output.
    expect(r.deal.employmentIndirect[0 * Y + 0]).toBeCloseTo(20 * (0.1 / 0.9025) * 100, 6);
    expect(r.deal.employmentIndirect[1 * Y + 0]).toBeCloseTo(30 * (1 / 0.95 - 1) * 100, 6);
  });

  it('reports the indirect fields in flow rows of both worlds and gains in the summary', async () => {
    const { s, r } = await run(withIo({ AA: 0.05, AB: 0.1, BA: 0, BB: 0.05 }, false));
    const report = runReport(s, r);
    const row = report.flows.find((x) => x.year === 2025 && x.party === 'A')!;
    expect(row.outputIndirect).toBeCloseTo((0.1 / 0.9025) * 100, 9);
    expect(report.units.outputIndirect).toBe('CNY_1e8/yr');
    expect(report.units.employmentIndirect).toBe('person');
    expect(report.noDeal.every((x) => typeof x.employmentIndirect === 'number')).toBe(true);
    const Y = r.years;
    let gainA = 0;
    for (let y = 0; y < Y; y++) gainA += r.deal.outputIndirect[y]! - r.noDeal.outputIndirect[y]!;
    expect(r.summary.parties[0]!.cumulativeGain.outputIndirect).toBeCloseTo(gainA, 9);
    expect(gainA).toBeGreaterThan(0);
  });

  it('without an input–output block the indirect fields are zero and nothing else changes', async () => {
    const base = await run(fixtureJson());
    const withZeroTax = await run(withIo({ AA: 0.05, AB: 0.1, BA: 0, BB: 0.05 }, false));
    expect([...base.r.deal.outputIndirect].every((v) => v === 0)).toBe(true);
    expect([...base.r.noDeal.employmentIndirect].every((v) => v === 0)).toBe(true);
    // taxIndirect false: the fiscal ledgers are the same as without the block.
    expect([...withZeroTax.r.deal.taxRetained]).toEqual([...base.r.deal.taxRetained]);
    expect([...withZeroTax.r.deal.taxLocal]).toEqual([...base.r.deal.taxLocal]);
  });

  it('with taxIndirect, local tax of indirect output goes to the producing party and the settlement is unchanged', async () => {
    const base = await run(withIo({ AA: 0.05, AB: 0.1, BA: 0, BB: 0.05 }, false));
    const taxed = await run(withIo({ AA: 0.05, AB: 0.1, BA: 0, BB: 0.05 }, true));
    const Y = base.r.years;
    for (const w of ['deal', 'noDeal'] as const)
      for (let n = 0; n < 2; n++)
        for (let y = 0; y < Y; y++) {
          const k = n * Y + y;
          const rate = n === 0 ? 0.04 : 0.03;
          const extra = taxed.r[w].outputIndirect[k]! * rate;
          expect(taxed.r[w].taxIndirect[k]).toBeCloseTo(extra, 12);
          expect(taxed.r[w].taxLocal[k]).toBeCloseTo(base.r[w].taxLocal[k]! + extra, 12);
          expect(taxed.r[w].taxRetained[k]).toBeCloseTo(base.r[w].taxRetained[k]! + extra, 12);
          expect(taxed.r[w].transfer[k]).toBeCloseTo(base.r[w].transfer[k]!, 12);
        }
  });
});

describe('spillover: conservation (property)', () => {
  it('indirect output of each party is the row sum of (L − I)·direct, and the total equals Σ_j (m_j − 1)·direct_j', async () => {
    const s0 = await loadScenarioObject(fixtureJson());
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          AA: fc.double({ min: 0, max: 0.45, noNaN: true }),
          AB: fc.double({ min: 0, max: 0.45, noNaN: true }),
          BA: fc.double({ min: 0, max: 0.45, noNaN: true }),
          BB: fc.double({ min: 0, max: 0.45, noNaN: true }),
        }),
        async (a) => {
          const { r } = await run(withIo(a, false));
          // Independent 2×2 inverse by hand (adjugate over determinant).
          const d = (1 - a.AA) * (1 - a.BB) - a.AB * a.BA;
          const L = [
            [(1 - a.BB) / d, a.AB / d],
            [a.BA / d, (1 - a.AA) / d],
          ];
          const m = [L[0]![0]! + L[1]![0]!, L[0]![1]! + L[1]![1]!];
          const Y = r.years;
          for (const w of [r.deal, r.noDeal])
            for (let y = 0; y < Y; y++) {
              const direct = [w.output[y]!, w.output[Y + y]!];
              for (let i = 0; i < 2; i++) {
                const rowSum = (L[i]![0]! - (i === 0 ? 1 : 0)) * direct[0]! + (L[i]![1]! - (i === 1 ? 1 : 0)) * direct[1]!;
                expect(w.outputIndirect[i * Y + y]).toBeCloseTo(rowSum, 8);
              }
              const total = w.outputIndirect[y]! + w.outputIndirect[Y + y]!;
              expect(total).toBeCloseTo((m[0]! - 1) * direct[0]! + (m[1]! - 1) * direct[1]!, 8);
            }
          expect(s0.economy.inputOutput).toBeUndefined();
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe('spillover: bad input', () => {
  it('a non-productive matrix is a validation error at the coefficients path', async () => {
    await expect(loadScenarioObject(withIo({ AA: 0.6, AB: 0.5, BA: 0.5, BB: 0.6 }, false))).rejects.toThrow(ScenarioError);
    await expect(loadScenarioObject(withIo({ AA: 0.6, AB: 0.5, BA: 0.5, BB: 0.6 }, false))).rejects.toThrow(
      /\/economy\/inputOutput\/coefficients: the coefficient matrix is not productive: spectral radius ρ\(A\) = 1.1, expected < 1/,
    );
  });
  it('unknown parties, missing entries and a missing tax rate name their paths', async () => {
    const doc = withIo({ AA: 0, AB: 0.1, BA: 0, BB: 0 }, true);
    doc.economy.inputOutput.coefficients[0].supplier = 'C';
    delete doc.economy.inputOutput.parties[1].localTaxPerOutput;
    const err = await loadScenarioObject(doc).catch((e: ScenarioError) => e);
    expect(err).toBeInstanceOf(ScenarioError);
    const paths = (err as ScenarioError).issues.map((i) => `${i.path}: ${i.message}`);
    expect(paths).toContain('/economy/inputOutput/coefficients/0/supplier: unknown party "C"; expected one of A, B');
    expect(paths).toContain('/economy/inputOutput/parties/1: missing "localTaxPerOutput", needed because taxIndirect is true');
  });
});
