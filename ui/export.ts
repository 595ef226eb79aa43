// Export a column's tidy rows as CSV (papaparse), for researchers' own tables and charts,
// and charts as standalone SVG/PNG figures (figure.ts adds title, unit, legends, source).
import Papa from 'papaparse';
import type { TidyRow } from './protocol.js';
import { standaloneFigure, type FigureMeta } from './figure.js';

/** How a CSV names a row's party and unit (in the reader's language; the id column stays for programs). */
export interface CsvLabels {
  partyName: (id: string) => string;
  unit: (measure: string) => string;
}

export function rowsToCsv(rows: readonly TidyRow[], labels?: CsvLabels): string {
  return Papa.unparse(
    rows.map((r) => ({
      year: r.year,
      party: labels ? labels.partyName(r.party) : r.party,
      partyId: r.party,
      world: r.world,
      measure: r.measure,
      value: r.value,
      unit: labels ? labels.unit(r.measure) : '',
    })),
    { columns: ['year', 'party', 'partyId', 'world', 'measure', 'value', 'unit'], newline: '\n' },
  );
}

/** A safe file name from a scenario id. */
export function csvFileName(id: string): string {
  return `${id.replace(/[^A-Za-z0-9_-]/g, '_') || 'scenario'}.csv`;
}

export function downloadCsv(rows: readonly TidyRow[], id: string, labels?: CsvLabels): void {
  // A BOM so spreadsheet programs read the UTF-8 party names correctly.
  const blob = new Blob(['\ufeff', rowsToCsv(rows, labels)], { type: 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = csvFileName(id);
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Offer a file to the user (an object URL on a temporary link). */
export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function safeName(id: string, ext: string): string {
  return `${id.replace(/[^A-Za-z0-9_-]/g, '_') || 'scenario'}.${ext}`;
}

export function downloadJson(data: unknown, id: string): void {
  downloadBlob(new Blob([JSON.stringify(data, null, 2) + '\n'], { type: 'application/json' }), safeName(id, 'json'));
}

/** The chart's main SVG as a standalone document (Plot's own styles are inline). */
export function svgText(svg: SVGSVGElement): string {
  const copy = svg.cloneNode(true) as SVGSVGElement;
  copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  copy.setAttribute('xmlns:xlink', 'http://www.w3.org/1999/xlink');
  return new XMLSerializer().serializeToString(copy);
}

export function downloadSvg(svg: SVGSVGElement, id: string): void {
  downloadBlob(new Blob([svgText(svg)], { type: 'image/svg+xml' }), safeName(id, 'svg'));
}

/** The SVG rasterised at twice its size on a white background, as a PNG (null if the browser cannot). */
export async function pngBlob(svg: SVGSVGElement): Promise<Blob | null> {
  const width = Number(svg.getAttribute('width')) || svg.getBoundingClientRect().width;
  const height = Number(svg.getAttribute('height')) || svg.getBoundingClientRect().height;
  const url = URL.createObjectURL(new Blob([svgText(svg)], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    await new Promise<void>((ok, fail) => {
      img.onload = () => ok();
      img.onerror = () => fail(new Error('could not draw the chart'));
      img.src = url;
    });
    const canvas = document.createElement('canvas');
    canvas.width = Math.ceil(width * 2);
    canvas.height = Math.ceil(height * 2);
    const ctx = canvas.getContext('2d')!;
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.scale(2, 2);
    ctx.drawImage(img, 0, 0, width, height);
    return await new Promise<Blob | null>((ok) => canvas.toBlob(ok, 'image/png'));
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** Rasterise the SVG at twice its size on a white background and offer it as a PNG file. */
export async function downloadPng(svg: SVGSVGElement, id: string): Promise<void> {
  const blob = await pngBlob(svg);
  if (blob) downloadBlob(blob, safeName(id, 'png'));
}

/** Export a chart as a figure that stands alone (title, unit, scenario, legends, source line). */
export function downloadFigure(chart: SVGSVGElement | null, meta: FigureMeta, id: string, kind: 'svg' | 'png'): void {
  if (!chart) return;
  const figure = standaloneFigure(chart, meta);
  if (kind === 'svg') downloadSvg(figure, id);
  else void downloadPng(figure, id);
}

/** The main SVG of a Plot figure (the last top-level svg; legend swatches sit inside a div). */
export function plotSvg(root: ParentNode | null): SVGSVGElement | null {
  if (!root) return null;
  const all = [...root.querySelectorAll('svg')].filter((s) => !s.parentElement?.closest('svg') && !s.closest('[class*="swatch"]'));
  return (all.at(-1) as SVGSVGElement | undefined) ?? null;
}

/** Plain records as CSV (papaparse), with a BOM for spreadsheet programs. */
export function downloadRecordsCsv(records: readonly Record<string, string | number | boolean | null>[], id: string): void {
  const csv = Papa.unparse(records as Record<string, unknown>[], { newline: '\n' });
  downloadBlob(new Blob(['\ufeff', csv], { type: 'text/csv;charset=utf-8' }), safeName(id, 'csv'));
}
