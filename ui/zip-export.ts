// "Download all as ZIP": a column (or every column of the comparison) as one archive with its
// figures (SVG and PNG, exactly as the chart buttons export them), its data as CSV with party
// names and units, the scenario as a self-contained file and a README.txt in Chinese and
// English naming the version, the commit and the scenarios. fflate writes the archive.
import { strToU8, zipSync, type Zippable } from 'fflate';
import type { Bilingual } from '../engine/index.js';
import { downloadBlob, safeName } from './export.js';

/** The version and commit the page was built from (vite.config.ts defines them). */
export const BUILD = {
  version: typeof __APP_VERSION__ === 'string' ? __APP_VERSION__ : 'unknown',
  commit: typeof __APP_COMMIT__ === 'string' ? __APP_COMMIT__ : 'unknown',
};

/** One file of a column's export, its path relative to the column's folder. */
export interface BundleFile {
  path: string;
  data: Uint8Array | string;
}

/** What one column contributes to an archive. */
export interface ColumnBundle {
  id: string;
  title: Bilingual;
  /** Where the scenario came from (library path or file name). */
  source: string;
  /** Levers moved away from the scenario as written: pointer = value. */
  levers: { path: string; value: number | string }[];
  files: BundleFile[];
}

/** A safe folder or file stem from an id. */
const stem = (id: string) => safeName(id, 'x').slice(0, -2);

/** The README of an archive: what is inside and how to reproduce it, in Chinese then English. */
export function readmeText(bundles: readonly ColumnBundle[], when: Date, folders: boolean): string {
  const build = `${BUILD.version} (commit ${BUILD.commit})`;
  const list = (lang: 'zh' | 'en') =>
    bundles
      .map((b, i) => {
        const where = folders ? `${folderName(b, i)}/` : '';
        const levers = b.levers.length
          ? `\n    ${lang === 'zh' ? '调整过的政策参数' : 'levers moved'}: ${b.levers.map((l) => `${l.path} = ${l.value}`).join('; ')}`
          : '';
        return `  - ${where}${b.id}: ${b.title[lang] || b.title.zh || b.title.en} (${lang === 'zh' ? '来源' : 'source'}: ${b.source})${levers}`;
      })
      .join('\n');
  const scenarioFile = (b: ColumnBundle) => `${stem(b.id)}-scenario.json`;
  const example = bundles[0] ? `${folders ? `${folderName(bundles[0], 0)}/` : ''}${scenarioFile(bundles[0])}` : 'scenario.json';
  return [
    '结对联动工作台 · 导出文件',
    '',
    `版本：${build}`,
    `导出时间：${when.toISOString()}`,
    '情景：',
    list('zh'),
    '',
    '内容：',
    '  figures/*.svg、figures/*.png  图表（图表视图各图，或所在的谈判/不确定性视图的图；含标题、单位、图例、情景名称和来源说明）',
    '  *-data.csv                   各地区逐年数据（有协议、无协议、差值），含地区名称、地区编号和单位',
    '  *-scenario.json              自包含的情景文件（经济体与政策内嵌、已代入调整过的参数）',
    `复现：npx pairsim run ${example}`,
    '',
    '----',
    '',
    'Pairing Workbench · export',
    '',
    `Version: ${build}`,
    `Exported: ${when.toISOString()}`,
    'Scenarios:',
    list('en'),
    '',
    'Contents:',
    '  figures/*.svg, figures/*.png  the charts (of the charts view, or of the negotiation or uncertainty view shown) with title, unit, legends, scenario name and source line',
    '  *-data.csv                    per party and year (with deal, no deal, gain), with party names, party ids and units',
    '  *-scenario.json               the scenario as a self-contained file (economy and policy inline, moved levers applied)',
    `Reproduce: npx pairsim run ${example}`,
    '',
  ].join('\n');
}

function folderName(b: ColumnBundle, i: number): string {
  return `${i + 1}-${stem(b.id)}`;
}

/** The archive's bytes: one column at the top level, several in a folder each; README.txt at the top. */
export function zipBundles(bundles: readonly ColumnBundle[], when = new Date()): Uint8Array {
  const folders = bundles.length > 1;
  const files: Zippable = {};
  bundles.forEach((b, i) => {
    const dir = folders ? `${folderName(b, i)}/` : '';
    for (const f of b.files) {
      const data = typeof f.data === 'string' ? strToU8(f.data) : f.data;
      // PNGs are compressed already: stored as they are.
      files[dir + f.path] = [data, { level: f.path.endsWith('.png') ? 0 : 6 }];
    }
  });
  files['README.txt'] = strToU8(readmeText(bundles, when, folders));
  return zipSync(files, { mtime: when });
}

/** Offer the archive as a download named after the one column, or "comparison". */
export function downloadZip(bundles: readonly ColumnBundle[]): void {
  const name = bundles.length === 1 ? safeName(bundles[0]!.id, 'zip') : 'comparison.zip';
  const bytes = zipBundles(bundles);
  downloadBlob(new Blob([bytes.buffer as ArrayBuffer], { type: 'application/zip' }), name);
}
