// Browser benchmark: slider input → chart updated, in the built app (dist/). Null with a
// note when there is no build or no way to drive it.
import { existsSync } from 'node:fs';

export interface BrowserFigures {
  p50Ms: number | null;
  p95Ms: number | null;
  note: string;
  [k: string]: unknown;
}

export async function benchBrowser(quick: boolean): Promise<BrowserFigures | null> {
  void quick;
  if (!existsSync('dist/index.html')) return { p50Ms: null, p95Ms: null, note: 'no built app (dist/); run `npx vite build` first' };
  return { p50Ms: null, p95Ms: null, note: 'not measured yet' };
}
