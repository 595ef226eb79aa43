// The ZIP archive's layout and README (ui/zip-export.ts), read back with fflate.
import { describe, expect, test } from 'vitest';
import { strFromU8, unzipSync } from 'fflate';
import { BUILD, readmeText, zipBundles, type ColumnBundle } from '../../ui/zip-export.js';

const bundle = (id: string, zh: string, en: string, levers: ColumnBundle['levers'] = []): ColumnBundle => ({
  id,
  title: { zh, en },
  source: `scenarios/${id}.json`,
  levers,
  files: [
    { path: `figures/${id}-output.svg`, data: '<svg xmlns="http://www.w3.org/2000/svg"></svg>' },
    { path: `figures/${id}-output.png`, data: new Uint8Array([0x89, 0x50, 0x4e, 0x47]) },
    { path: `${id}-data.csv`, data: '\ufeffyear,party\n2025,金牛区\n' },
  ],
});

describe('zip export', () => {
  const when = new Date('2026-12-01T12:00:00Z');

  test('one column at the top level, its files byte for byte, a README beside them', () => {
    const files = unzipSync(zipBundles([bundle('jp-4-6', '金牛–彭州 4:6', 'Jinniu–Pengzhou 4:6')], when));
    expect(Object.keys(files).sort()).toEqual(['README.txt', 'figures/jp-4-6-output.png', 'figures/jp-4-6-output.svg', 'jp-4-6-data.csv']);
    expect([...files['figures/jp-4-6-output.png']!]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    // The CSV keeps its byte-order mark (spreadsheet programs read the UTF-8 names by it).
    expect(new TextDecoder('utf-8', { ignoreBOM: true }).decode(files['jp-4-6-data.csv']!)).toBe('\ufeffyear,party\n2025,金牛区\n');
  });

  test('several columns in numbered folders; the README names version, commit, every scenario and the moved levers in both languages', () => {
    const a = bundle('jp-4-6', '金牛–彭州 4:6', 'Jinniu–Pengzhou 4:6', [{ path: '/policy/rules/*/tax/originShare/value', value: 0.3 }]);
    const b = bundle('jp-5-5', '金牛–彭州 5:5', 'Jinniu–Pengzhou 5:5');
    const files = unzipSync(zipBundles([a, b], when));
    expect(Object.keys(files)).toContain('1-jp-4-6/jp-4-6-data.csv');
    expect(Object.keys(files)).toContain('2-jp-5-5/figures/jp-5-5-output.svg');
    const readme = strFromU8(files['README.txt']!);
    expect(readme).toBe(readmeText([a, b], when, true));
    expect(readme).toContain(`版本：${BUILD.version} (commit ${BUILD.commit})`);
    expect(readme).toContain(`Version: ${BUILD.version} (commit ${BUILD.commit})`);
    expect(readme).toContain('1-jp-4-6/jp-4-6: 金牛–彭州 4:6');
    expect(readme).toContain('2-jp-5-5/jp-5-5: Jinniu–Pengzhou 5:5');
    expect(readme).toContain('/policy/rules/*/tax/originShare/value = 0.3');
    expect(readme).toContain('npx pairsim run 1-jp-4-6/jp-4-6-scenario.json');
    expect(readme).toContain('2026-12-01T12:00:00.000Z');
  });
});
