// Provenance locators: every object of a library file whose `source` names a seed file carries a
// `locator`, a few characters that occur verbatim in that seed next to the figure; the figure's
// value (or a round's first year) must agree with the numbers in the locator.
const SEED_NAME = /\d{3}_[0-9a-f]{16}\.txt/g;

export interface ProvenanceIssue {
  path: string;
  message: string;
}

/** Numbers a value may be, read off a locator: a ratio a:b gives a/(a+b) and b/(a+b); a number n gives n and n/100. */
export function locatorCandidates(locator: string): number[] {
  const ratio = /(\d+(?:\.\d+)?)\s*[:：]\s*(\d+(?:\.\d+)?)/.exec(locator);
  if (ratio) {
    const a = Number(ratio[1]);
    const b = Number(ratio[2]);
    return a + b > 0 ? [a / (a + b), b / (a + b)] : [];
  }
  return [...locator.matchAll(/\d+(?:\.\d+)?/g)].flatMap((m) => [Number(m[0]), Number(m[0]) / 100]);
}

const squash = (text: string) => text.replace(/\s+/g, '');

/** Issues of one document against the seed texts (file name → text). */
export function provenanceIssues(doc: unknown, seeds: Map<string, string>): ProvenanceIssue[] {
  const out: ProvenanceIssue[] = [];
  const squashed = new Map([...seeds].map(([k, v]) => [k, squash(v)]));
  const visit = (o: unknown, path: string) => {
    if (Array.isArray(o)) return o.forEach((x, i) => visit(x, `${path}/${i}`));
    if (!o || typeof o !== 'object') return;
    const rec = o as Record<string, unknown>;
    const named = typeof rec.source === 'string' ? [...new Set(rec.source.match(SEED_NAME) ?? [])] : [];
    if (named.length) {
      const locator = rec.locator;
      if (typeof locator !== 'string' || !locator.trim()) out.push({ path, message: `source names ${named.join(', ')} but there is no locator` });
      else {
        for (const seed of named) {
          const text = squashed.get(seed);
          if (text === undefined) out.push({ path: `${path}/source`, message: `unknown seed file ${seed}` });
          else if (!text.includes(squash(locator))) out.push({ path: `${path}/locator`, message: `"${locator}" does not occur in ${seed}` });
        }
        const numbers = locatorCandidates(locator);
        const near = (v: number) => numbers.some((c) => Math.abs(c - v) <= 1e-9 * Math.max(1, Math.abs(c)));
        if (typeof rec.value === 'number' && !near(rec.value))
          out.push({ path: `${path}/value`, message: `${rec.value} does not agree with the locator "${locator}"` });
        else if (typeof rec.value !== 'number' && typeof rec.from === 'number' && numbers.length && !near(rec.from))
          out.push({ path: `${path}/from`, message: `${rec.from} does not agree with the locator "${locator}"` });
        else if (typeof rec.value === 'number' && !numbers.length)
          out.push({ path: `${path}/locator`, message: `a sourced figure needs a locator with its number in it` });
      }
    }
    for (const [k, v] of Object.entries(rec)) visit(v, `${path}/${k}`);
  };
  visit(doc, '');
  return out;
}
