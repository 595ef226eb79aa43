// Pairing modes from project geometry (engine/model/modes.ts): each project's mode follows from
// origin, host, registration, party tiers and site management; the policy's mode summarises them.
import { describe, expect, it } from 'vitest';
import { geometryMode, scenarioModes } from '../../engine/model/modes.js';
import { dealPlacement } from '../../engine/model/compile.js';
import { validateScenario } from '../../engine/schema/validate.js';
import { loadFixture } from '../helpers.js';

const tiers: Record<string, string> = { C: 'core', P: 'periphery', Q: 'peer' };
const tier = (id: string) => tiers[id]!;
const g = (origin: string, host: string, registration: string, management: 'host' | 'origin' | 'joint' = 'host') => ({ origin, host, registration, management });

describe('pairing mode from geometry', () => {
  it('reads each mode off where a project originates, produces, registers and who runs the site', () => {
    expect(geometryMode(g('C', 'P', 'P'), tier)).toBe('enclavePark'); // core develops in the suburb, firms register there
    expect(geometryMode(g('C', 'P', 'C'), tier)).toBe('hqBase'); // HQ and tax in the core, plant in the suburb
    expect(geometryMode(g('P', 'C', 'P'), tier)).toBe('reverseEnclave'); // suburb's firms in core space, tax at home
    expect(geometryMode(g('C', 'P', 'P', 'origin'), tier)).toBe('entrustedManagement'); // the core runs the suburb's site
    expect(geometryMode(g('C', 'P', 'P', 'joint'), tier)).toBe('coBuild');
    expect(geometryMode(g('C', 'C', 'C'), tier)).toBe('coBuild');
    // Registered at the origin between peers: HQ + base, not a reverse enclave.
    expect(geometryMode(g('Q', 'C', 'Q'), tier)).toBe('hqBase');
  });

  it('summarises a policy with forward and reverse enclaves as two-way, else by the mode with most output', async () => {
    const s = await loadFixture('scenarios/chenghua-pujiang.json');
    const m = scenarioModes(s, (p) => dealPlacement(s, p));
    expect(m.mode).toBe('twoWayEnclave');
    expect(Object.fromEntries(m.projects.map((p) => [p.project, p.mode]))).toEqual({
      biopharmaFrontShop: 'hqBase',
      logisticsFrontShop: 'hqBase',
      pujiangReverseEnclave: 'reverseEnclave',
      chenghuaForwardEnclave: 'enclavePark',
    });
    const q = await loadFixture('scenarios/qingyang-chongzhou.json');
    const mq = scenarioModes(q, (p) => dealPlacement(q, p));
    // 研发+制造 declared on the aviation plant (geometry of HQ + base) carries the most output.
    expect(mq.projects.find((p) => p.project === 'aviationRdPlant')).toMatchObject({ mode: 'rdManufacturing', geometry: 'hqBase' });
    expect(mq.mode).toBe('rdManufacturing');
  });

  it('entrusted management is expressible and shows per project', async () => {
    const s = await loadFixture('scenarios/wuhou-jintang-entrusted.json');
    const m = scenarioModes(s, (p) => dealPlacement(s, p));
    expect(m.projects.find((p) => p.project === 'huaizhouEnclavePark')).toMatchObject({ mode: 'entrustedManagement', management: 'origin', registration: 'JT' });
  });

  it('follows the policy placement, and rejects a declared mode that does not fit the geometry', async () => {
    const s = await loadFixture('scenarios/chenghua-pujiang.json');
    const moved = { ...s, policy: { ...s.policy, rules: { '*': { ...Object.values(s.policy.rules)[0]!, placement: { registration: 'origin' as const } } } } };
    const m = scenarioModes(moved, (p) => dealPlacement(moved, p));
    expect(m.projects.find((p) => p.project === 'chenghuaForwardEnclave')!.mode).toBe('hqBase');
    const bad = structuredClone(s);
    bad.economy.projects[0]!.mode = 'reverseEnclave';
    const v = validateScenario(bad);
    expect(v.ok).toBe(false);
    expect(v.ok ? [] : v.errors.map((e) => e.path)).toContain('/economy/projects/0/mode');
  });
});
