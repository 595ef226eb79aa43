// The built-in scenario library, bundled at build time: every JSON file under scenarios/
// (except the JSON Schema and the benchmark inputs) becomes an in-memory DocumentReader, so dist/ works offline.
import type { DocumentReader } from '../../engine/index.js';
import type { Bilingual } from '../../engine/index.js';
import type { LibraryEntry } from '../protocol.js';

const library = import.meta.glob(['../../scenarios/**/*.json', '!../../scenarios/**/*.schema.json', '!../../scenarios/bench/**'], {
  eager: true,
  import: 'default',
}) as Record<string, unknown>;
// The generated benchmark scenarios (~1 MB) are not part of the app: only a benchmark build
// (VITE_BENCH_LIBRARY=1, made by benchmarks/browser.ts) bundles them, so the browser benchmark
// can open them from the library like a user would.
const bench = (
  import.meta.env.VITE_BENCH_LIBRARY === '1' ? import.meta.glob('../../scenarios/bench/*.json', { eager: true, import: 'default' }) : {}
) as Record<string, unknown>;
const modules = { ...library, ...bench };

/** Library documents keyed by their path from the repository root ("scenarios/…"). */
export const LIBRARY: ReadonlyMap<string, unknown> = new Map(
  Object.entries(modules).map(([key, doc]) => [key.replace(/^(\.\.\/)+/, ''), doc]),
);

/** A reader over the library plus extra documents (a file the user opened) that take precedence. */
export function libraryReader(extra: ReadonlyMap<string, unknown> = new Map()): DocumentReader {
  return async (path: string) => {
    const key = path.replace(/^\/+/, '');
    if (extra.has(key)) return structuredClone(extra.get(key));
    if (LIBRARY.has(key)) return structuredClone(LIBRARY.get(key));
    throw new Error('no such file in the built-in library');
  };
}

function bilingual(v: unknown, fallback: string): Bilingual {
  const b = v as Partial<Bilingual> | undefined;
  return { zh: typeof b?.zh === 'string' ? b.zh : fallback, en: typeof b?.en === 'string' ? b.en : fallback };
}

/** Scenarios and comparisons of the library, comparisons first, then by path. */
export function libraryEntries(): LibraryEntry[] {
  const out: LibraryEntry[] = [];
  for (const [path, doc] of LIBRARY) {
    const d = doc as { kind?: unknown; id?: unknown; title?: unknown; description?: unknown } | null;
    if (!d || (d.kind !== 'scenario' && d.kind !== 'comparison')) continue;
    const id = typeof d.id === 'string' ? d.id : path;
    out.push({ path, kind: d.kind, id, title: bilingual(d.title, id), description: bilingual(d.description, '') });
  }
  return out.sort((a, b) => (a.kind === b.kind ? a.path.localeCompare(b.path) : a.kind === 'comparison' ? -1 : 1));
}
