// A chart that stands alone: the exported SVG (and the PNG drawn from it) carries its
// title, unit, scenario name, legends and a source line, not only Plot's bare axes. Plot
// draws its colour legend as HTML beside the SVG, and the page draws the line-style legend
// itself, so the export rebuilds both inside one SVG document.

const SVG_NS = 'http://www.w3.org/2000/svg';
const FONT = "system-ui, 'Noto Sans CJK SC', 'Noto Sans SC', 'PingFang SC', 'Microsoft YaHei', sans-serif";

/** One legend entry: a colour swatch, a line style, or a marker glyph (fair points). */
export interface LegendItem {
  label: string;
  /** Line or swatch colour. */
  colour?: string;
  /** Draw a line sample (with this dash pattern, '' for solid) instead of a square swatch. */
  dash?: string;
  /** A glyph drawn instead of a swatch (◆ ★ ▲ ■ for fair points). */
  glyph?: string;
  /** Fill opacity of a square swatch (a shaded zone). */
  opacity?: number;
}

export interface FigureMeta {
  title: string;
  unit: string;
  /** Scenario title (and the column's role, e.g. reference). */
  scenario: string;
  /** Legend rows, each a list of entries (e.g. parties, then with deal / no deal). */
  legends: LegendItem[][];
  /** "Source: …" line at the foot. */
  source: string;
  /** Optional notes printed above the source line (e.g. how to read the base case). */
  notes?: string[];
}

/** Rough width of a text in pixels: CJK characters about one em, others about 0.6 em. */
export function textWidth(text: string, fontSize: number): number {
  let w = 0;
  for (const ch of text) w += /[\u2e80-\u9fff\uff00-\uffef]/.test(ch) ? fontSize : 0.6 * fontSize;
  return Math.ceil(w);
}

/** Break a text into lines of at most `width` pixels (at spaces, or anywhere in CJK text). */
export function wrapText(text: string, width: number, fontSize: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const token of text.split(/(?<=\s)|(?=[\u2e80-\u9fff])|(?<=[\u2e80-\u9fff])/)) {
    if (line && textWidth(line + token, fontSize) > width) {
      lines.push(line.trimEnd());
      line = token.trimStart();
    } else line += token;
  }
  if (line.trim()) lines.push(line.trimEnd());
  return lines.length ? lines : [''];
}

function el<K extends keyof SVGElementTagNameMap>(name: K, attrs: Record<string, string | number>, text?: string): SVGElementTagNameMap[K] {
  const e = document.createElementNS(SVG_NS, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

/**
 * The chart's SVG wrapped in a standalone figure: title, unit and scenario on top, the legends,
 * the chart, notes and the source line below. Returns a detached <svg> with width and height set.
 */
export function standaloneFigure(chart: SVGSVGElement, meta: FigureMeta): SVGSVGElement {
  const chartWidth = Number(chart.getAttribute('width')) || chart.getBoundingClientRect().width || 600;
  const chartHeight = Number(chart.getAttribute('height')) || chart.getBoundingClientRect().height || 300;
  const pad = 12;
  const width = Math.max(chartWidth + 2 * pad, 420);
  const inner = width - 2 * pad;
  const root = el('svg', { xmlns: SVG_NS, width, height: 0, 'font-family': FONT, role: 'img' });
  root.append(el('title', {}, `${meta.title} (${meta.unit}) — ${meta.scenario}`));
  root.append(el('rect', { x: 0, y: 0, width, height: '100%', fill: '#fff' }));
  let y = pad;
  const lines = (text: string, size: number, attrs: Record<string, string | number> = {}) => {
    for (const line of wrapText(text, inner, size)) {
      y += size * 1.25;
      root.append(el('text', { x: pad, y, 'font-size': size, fill: '#111', ...attrs }, line));
    }
  };
  lines(meta.title, 16, { 'font-weight': 'bold', class: 'figure-title' });
  lines(`${meta.unit} · ${meta.scenario}`, 12, { fill: '#333', class: 'figure-subtitle' });
  y += 4;
  for (const legend of meta.legends) {
    if (!legend.length) continue;
    const size = 12;
    let x = pad;
    y += size * 1.4;
    for (const item of legend) {
      const w = 22 + textWidth(item.label, size) + 14;
      if (x > pad && x + w > width - pad) {
        x = pad;
        y += size * 1.4;
      }
      const g = el('g', { class: 'legend-item' });
      if (item.glyph) g.append(el('text', { x: x + 6, y, 'font-size': size + 2, 'text-anchor': 'middle', fill: item.colour ?? '#111' }, item.glyph));
      else if (item.dash !== undefined)
        g.append(el('line', { x1: x, x2: x + 16, y1: y - 4, y2: y - 4, stroke: item.colour ?? '#333', 'stroke-width': 2, ...(item.dash ? { 'stroke-dasharray': item.dash } : {}) }));
      else g.append(el('rect', { x, y: y - 10, width: 12, height: 12, fill: item.colour ?? '#333', 'fill-opacity': item.opacity ?? 1 }));
      g.append(el('text', { x: x + 20, y, 'font-size': size, fill: '#111' }, item.label));
      root.append(g);
      x += w;
    }
  }
  y += 8;
  const copy = chart.cloneNode(true) as SVGSVGElement;
  copy.setAttribute('x', String(pad));
  copy.setAttribute('y', String(y));
  copy.setAttribute('width', String(chartWidth));
  copy.setAttribute('height', String(chartHeight));
  root.append(copy);
  y += chartHeight + 4;
  for (const note of meta.notes ?? []) lines(note, 11, { fill: '#333', class: 'figure-note' });
  lines(meta.source, 10, { fill: '#555', class: 'figure-source' });
  y += pad;
  root.setAttribute('height', String(Math.ceil(y)));
  root.setAttribute('viewBox', `0 0 ${width} ${Math.ceil(y)}`);
  return root;
}
