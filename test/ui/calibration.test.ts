// The worker side of the calibration panel (ui/engine/calibration.ts), run in Node: the
// library's observed file of a library scenario, the CLI's default parameters checked first,
// problems of a CSV named by line, and a fit whose answer is what `pairsim calibrate` computes
// with a calibrated scenario that validates. Also the panel's messages in Chinese.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { Session } from '../../ui/engine/session.js';
import { Calibrations, fitCandidates, libraryObserved } from '../../ui/engine/calibration.js';
import { calibrate, defaultFitSpecs } from '../../engine/analysis/calibrate.js';
import { readObservedCsv } from '../../engine/data/observed.js';
import { validateScenario } from '../../engine/schema/validate.js';
import { leverRegistry } from '../../engine/analysis/levers.js';
import { calibrationMessage } from '../../ui/calibration-text.js';
import { CALIBRATION_EN } from '../../ui/messages-calibration.js';
import { calibrationTemplates } from '../../ui/locales/zh-CN-calibration.js';
import { loadFixture } from '../helpers.js';

const SCENARIO = 'scenarios/chengdu-ecosystem.json';
const OBSERVED = 'scenarios/observed/chengdu-ecosystem.csv';

async function open() {
  const session = new Session();
  const res = await session.openBuiltin(SCENARIO);
  if (!res.ok) throw new Error(JSON.stringify(res.issues));
  const handle = res.columns[0]!.handle;
  return { session, handle, calibrations: new Calibrations((h, v) => session.at(h, v)) };
}

describe('calibration in the worker', { timeout: 60_000 }, () => {
  test('the library scenario finds its observed file; others do not', () => {
    expect(libraryObserved(SCENARIO)).toEqual({ name: OBSERVED, text: readFileSync(OBSERVED, 'utf8') });
    expect(libraryObserved('scenarios/jinniu-pengzhou.json')).toBeNull();
  });

  test('candidates: the CLI default set first and checked, then parties, projects and the registry levers', async () => {
    const s = await loadFixture(SCENARIO);
    const points = readObservedCsv(readFileSync(OBSERVED, 'utf8'), { parties: s.economy.parties.map((p) => p.id), years: s.years });
    const defaults = defaultFitSpecs(s, points).specs.map((x) => x.path);
    expect(defaults.length).toBeGreaterThan(0);
    const { candidates } = fitCandidates(s, points);
    expect(candidates.filter((c) => c.fitByDefault).map((c) => c.path)).toEqual(defaults);
    expect(candidates.slice(0, defaults.length).map((c) => c.path)).toEqual(defaults);
    // Every numeric lever of the registry is offered with its own bounds and bilingual label.
    for (const l of leverRegistry(s).filter((x) => x.kind === 'value' && typeof x.value === 'number')) {
      const c = candidates.find((x) => x.path === l.path);
      expect(c, l.path).toBeDefined();
      expect([c!.lo, c!.hi]).toEqual([l.min, l.max]);
      expect(c!.label).toEqual(l.label);
    }
    for (const c of candidates) {
      expect(c.lo).toBeLessThan(c.hi);
      expect(c.label.zh).not.toBe(c.label.en);
    }
  });

  test('a CSV with a unit mismatch is refused with its line; the scenario block or file is used otherwise', async () => {
    const { handle, calibrations } = await open();
    const bad = ['year,party,measure,value,unit,source', '2018,CD,output,650,CNY_1e8/yr,x', '2019,CD,employment,9,CNY_1e8/yr,x'].join('\n');
    const res = await calibrations.observed(handle, {}, { name: 'bad.csv', text: bad });
    expect(res).toEqual({ ok: false, issues: [{ path: 'line 3', message: 'unit "CNY_1e8/yr" does not match measure employment, which is in person' }] });
    // The library scenario has no observed block of its own.
    expect(await calibrations.observed(handle, {}, null)).toEqual({ ok: true, none: true });
    const good = await calibrations.observed(handle, {}, libraryObserved(SCENARIO));
    if (!good.ok || good.none) throw new Error('expected figures');
    expect(good.points.map((p) => p.observed)).toEqual([650, 920]);
  });

  test('the fit equals the engine calibrate; its scenario validates and carries the figures', async () => {
    const { handle, calibrations } = await open();
    const s = await loadFixture(SCENARIO);
    const csv = libraryObserved(SCENARIO)!;
    const points = readObservedCsv(csv.text, { parties: s.economy.parties.map((p) => p.id), years: s.years });
    const { specs } = defaultFitSpecs(s, points);
    const engine = await calibrate(s, points, specs);
    const observed = await calibrations.observed(handle, {}, csv);
    if (!observed.ok || observed.none) throw new Error('expected figures');
    const chosen = observed.candidates.filter((c) => c.fitByDefault).map((c) => ({ path: c.path, lo: c.lo, hi: c.hi }));
    let reports = 0;
    const res = await calibrations.calibrate(handle, {}, csv, chosen, 1, () => void reports++);
    if (!res.ok) throw new Error(JSON.stringify(res.issues));
    expect(reports).toBeGreaterThan(0);
    expect(res.result.metrics).toEqual(engine.metrics);
    expect(res.result.fitted.map((f) => f.after)).toEqual(engine.values);
    const doc = JSON.parse(res.text);
    expect(validateScenario(doc).ok).toBe(true);
    expect(doc.observed).toHaveLength(points.length);
    // The panel's paths pass through the simulated values at the observed years, before and after.
    expect(res.curves).toHaveLength(1);
    const c = res.curves[0]!;
    expect(c.years[0]).toBe(s.years.from);
    expect(c.years.at(-1)).toBe(s.years.to);
    for (const r of res.result.residuals) {
      const i = c.years.indexOf(r.year);
      expect(c.before[i]).toBeCloseTo(r.simulatedBefore, 9);
      expect(c.after[i]).toBeCloseTo(r.simulated, 9);
    }
  });

  test('cancel stops a running fit and says so', async () => {
    const { handle, calibrations } = await open();
    const csv = libraryObserved(SCENARIO)!;
    const specs = [{ path: '/economy/projects/0/steadyOutput/value', lo: 125, hi: 2000 }];
    const running = calibrations.calibrate(handle, {}, csv, specs, 7, () => {});
    calibrations.cancel(7);
    expect(await running).toEqual({ ok: false, cancelled: true, issues: [] });
  });
});

describe('calibration messages', () => {
  test('every label has a Chinese form that differs from the English', () => {
    for (const [k, en] of Object.entries(CALIBRATION_EN)) {
      const zh = calibrationTemplates[k as keyof typeof CALIBRATION_EN];
      expect(zh, k).toBeTruthy();
      expect(/[\u4e00-\u9fff]/.test(zh), k).toBe(true);
      // Placeholders survive the translation.
      expect((zh.match(/\{\w+\}/g) ?? []).sort(), k).toEqual((en.match(/\{\w+\}/g) ?? []).sort());
    }
  });

  test('engine messages in Chinese, pointers named by their labels', () => {
    const labels = new Map([['/economy/projects/0/growth/value', '红利 · 达产后年增速']]);
    expect(calibrationMessage('unit "CNY_1e4/yr" does not match measure output, which is in CNY_1e8/yr', 'zh-CN')).toBe('单位“CNY_1e4/yr”与指标 output 不符，该指标的单位是 CNY_1e8/yr');
    expect(calibrationMessage('/economy/projects/0/growth/value ended at its upper bound 0.3; widen the bounds or question the model', 'zh-CN', labels)).toBe(
      '“红利 · 达产后年增速” 停在上限 0.3；请放宽范围或检查模型',
    );
    expect(calibrationMessage('/economy/projects/0/growth/value ended at its upper bound 0.3; widen the bounds or question the model', 'en', labels)).toBe(
      '“红利 · 达产后年增速” ended at its upper bound 0.3; widen the bounds or question the model',
    );
  });
});
