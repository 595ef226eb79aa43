// `pairsim compare` names the pairing mode the projects give as the mode; the policy's own label
// appears only where it differs, marked as declared, so the two never read as a contradiction.
import { describe, expect, it } from 'vitest';
import { main } from '../../engine/cli/main.js';
import { scenarioModes } from '../../engine/model/modes.js';
import { dealPlacement } from '../../engine/model/compile.js';
import { loadFixture } from '../helpers.js';
import { Session } from '../../ui/engine/session.js';

async function pairsim(...args: string[]) {
  let out = '';
  let err = '';
  const code = await main(args, { out: (t) => void (out += t), err: (t) => void (err += t), errIsTty: false });
  return { code, out, err };
}

const cells = (table: string, label: string) => {
  const line = table.split('\n').find((l) => l.startsWith(label));
  return line ? line.slice(label.length).trim().split(/\s{2,}/) : null;
};

describe('pairsim compare: pairing mode', () => {
  it('shows the derived mode, and the declared label marked "declared 声明" only where it differs', async () => {
    const s = await loadFixture('scenarios/jinniu-pengzhou-metro-approach.json');
    const derived = scenarioModes(s, (p) => dealPlacement(s, p)).mode;
    // The case of the issue: the policy says coBuild, its projects make an enclave park.
    expect([derived, s.policy.mode]).toEqual(['enclavePark', 'coBuild']);
    const r = await pairsim('compare', 'scenarios/comparisons/chengdu-vs-yrd.json');
    expect(r.code).toBe(0);
    expect(cells(r.out, 'pairing mode 结对模式')).toEqual(['enclavePark', 'enclavePark', 'enclavePark', 'enclavePark']);
    expect(cells(r.out, '  declared by the policy 政策声明')).toEqual(Array(4).fill('coBuild (declared 声明)'));
    expect(r.out).not.toMatch(/policy label/);
    const json = JSON.parse((await pairsim('compare', 'scenarios/comparisons/chengdu-vs-yrd.json', '--format', 'json')).out);
    expect(json.scenarios[0]).toMatchObject({ mode: 'enclavePark', declaredMode: 'coBuild' });
  });

  it('has no declared row when every policy label agrees with its projects', async () => {
    const r = await pairsim('compare', 'scenarios/mountain-sea.json', 'scenarios/shenzhen-shanwei.json');
    expect(r.code).toBe(0);
    expect(cells(r.out, 'pairing mode 结对模式')).toEqual(['twoWayEnclave', 'enclavePark']);
    expect(r.out).not.toMatch(/declared/);
    const json = JSON.parse((await pairsim('compare', 'scenarios/mountain-sea.json', 'scenarios/shenzhen-shanwei.json', '--format', 'json')).out);
    for (const c of json.scenarios) expect(c).not.toHaveProperty('declaredMode');
  });

  it('the page gets the same: the projects\' mode for the column header, the declared label beside it', async () => {
    const session = new Session();
    const cmp = await session.openBuiltin('scenarios/comparisons/chengdu-vs-yrd.json');
    if (!cmp.ok) throw new Error(JSON.stringify(cmp.issues));
    for (const c of cmp.columns) expect([c.projectMode, c.mode]).toEqual(['enclavePark', 'coBuild']);
    const same = await session.openBuiltin('scenarios/mountain-sea.json');
    if (!same.ok) throw new Error(JSON.stringify(same.issues));
    expect([same.columns[0]!.projectMode, same.columns[0]!.mode]).toEqual(['twoWayEnclave', 'twoWayEnclave']);
  });
});
