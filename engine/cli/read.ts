// Node-only: read scenario documents from the file system with clear messages
// (file size limit, JSON syntax errors with line and column).
import { lstat, open, stat } from 'node:fs/promises';
import { parse as parseTolerant, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { LIMITS } from '../schema/scenario.js';

/** Line and column (1-based) of a character offset, for JSON syntax errors. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

/** Strict JSON; on a syntax error, say where (Node 20's JSON.parse often does not). */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    const errors: ParseError[] = [];
    try {
      parseTolerant(text, errors, { disallowComments: true, allowTrailingComma: false });
    } catch {
      // The tolerant parser recurses: a hostile file nested 100k deep overflows its stack.
      errors.length = 0;
    }
    const first = errors[0];
    // JSON.parse's own message quotes the text around the error: never shown (SECURITY.md).
    if (!first) throw new Error('not valid JSON (the error could not be located: the text is nested too deeply)');
    const { line, column } = lineColumn(text, first.offset);
    throw new Error(`not valid JSON at line ${line}, column ${column}: ${printParseErrorCode(first.error)}`);
  }
}

export async function readDocument(path: string): Promise<unknown> {
  return parseJson(await readText(path));
}

/**
 * The reader for a file the user opened and the files it references: the opened file is read
 * as given (the user named it); a referenced file must not be a symbolic link, so a link
 * inside the scenario's folder cannot lead outside it (the resolver already refuses
 * references that climb out or are absolute, before anything is read).
 */
export function referenceReader(opened: string): (path: string) => Promise<unknown> {
  return async (path) => {
    if (path !== opened) {
      const info = await lstat(path).catch(() => null);
      if (info?.isSymbolicLink()) throw new Error('a symbolic link; a reference must name a regular file inside the folder');
    }
    return readDocument(path);
  };
}

/** A text file (UTF-8), refused beyond the scenario file size limit. */
export async function readText(path: string): Promise<string> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(path);
  } catch {
    throw new Error('no such file');
  }
  // A reference in an untrusted file may name a device or a pipe (/dev/zero never ends).
  if (!info.isFile()) throw new Error('not a regular file');
  if (info.size > LIMITS.fileBytes) throw new Error(`the file is ${info.size} bytes; the limit is ${LIMITS.fileBytes} bytes`);
  // Read at most one byte more than the limit, in case the file grows after stat.
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(LIMITS.fileBytes + 1);
    let length = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length > LIMITS.fileBytes) throw new Error(`the file is more than ${LIMITS.fileBytes} bytes; the limit is ${LIMITS.fileBytes} bytes`);
    }
    return new TextDecoder('utf-8').decode(buffer.subarray(0, length));
  } finally {
    await handle.close();
  }
}
