// Node-only: read scenario documents from the file system with clear messages
// (file size limit, JSON syntax errors with line and column).
import { readFile, stat } from 'node:fs/promises';
import { LIMITS } from '../schema/scenario.js';

/** Line and column (1-based) of a character offset, for JSON syntax errors. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

export function parseJson(text: string, path: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    const msg = (err as Error).message;
    const pos = /position (\d+)/.exec(msg);
    const where = pos ? (({ line, column }) => ` at line ${line}, column ${column}`)(lineColumn(text, Number(pos[1]))) : '';
    throw new Error(`${path} is not valid JSON${where}: ${msg.split('\n')[0]}`);
  }
}

export async function readDocument(path: string): Promise<unknown> {
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch {
    throw new Error(`no such file: ${path}`);
  }
  if (size > LIMITS.fileBytes) throw new Error(`${path} is ${size} bytes; the limit is ${LIMITS.fileBytes} bytes`);
  return parseJson(await readFile(path, 'utf8'), path);
}
