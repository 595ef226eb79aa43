// Help text fitted to the terminal: usage lines break between options (never inside a
// bracketed group), continuation lines are indented under the command.

/** Split a usage line into words, keeping `[...]` groups whole. */
export function usageWords(usage: string): string[] {
  const words: string[] = [];
  let depth = 0;
  let word = '';
  for (const ch of usage) {
    if (ch === '[') depth++;
    if (ch === ']') depth = Math.max(0, depth - 1);
    if (ch === ' ' && depth === 0) {
      if (word) words.push(word);
      word = '';
    } else word += ch;
  }
  if (word) words.push(word);
  return words;
}

/**
 * Fill `words` into lines of at most `width` characters: the first line starts with `first`,
 * the others with `indent`. A word longer than a line gets a line of its own.
 */
export function fill(words: readonly string[], width: number, first = '', indent = first.replace(/./gu, ' ')): string[] {
  const lines: string[] = [];
  let line = first;
  let empty = true;
  for (const w of words) {
    if (!empty && [...line].length + 1 + [...w].length > width) {
      lines.push(line);
      line = indent + w;
    } else line += (empty ? '' : ' ') + w;
    empty = false;
  }
  lines.push(line);
  return lines;
}

/** A usage line wrapped to `width`, continuation lines indented under the first option. */
export function wrapUsage(usage: string, width: number, prefix = 'usage: '): string {
  const words = usageWords(usage);
  const head = words.slice(0, 2).join(' '); // "pairsim CMD"
  const indent = ' '.repeat([...prefix].length + [...head].length + 1);
  return fill(words.slice(2), width, `${prefix}${head} `, indent)
    .map((l, i) => (i === 0 && words.length <= 2 ? `${prefix}${head}` : l))
    .join('\n');
}

/** Prose wrapped to `width` with a hanging indent. */
export function wrapText(text: string, width: number, first = '', indent = first.replace(/./gu, ' ')): string {
  return fill(text.split(/\s+/).filter(Boolean), width, first, indent).join('\n');
}

/** The width to wrap to: the terminal's, within 40..120, or 80. */
export function helpWidth(columns: number | undefined): number {
  return columns && Number.isFinite(columns) ? Math.max(40, Math.min(120, columns)) : 80;
}
