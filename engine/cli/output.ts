// Node-only: command output written while it is produced, to stdout or to `--out FILE`, so a
// large result (a million-point sweep is gigabytes of JSON) never has to fit in one string:
// memory stays bounded by one buffer. `--out` writes a temporary file beside the target and
// renames it at the end, so a half-written file never has the final name.
import { closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import Papa from 'papaparse';
import { InputError, type Io } from './exit.js';

/** Text is buffered up to this many characters, then written (one write per buffer). */
const BUFFER_CHARS = 1 << 16;

export interface Output {
  write(text: string): void;
  /** A promise to wait on before writing more, when the destination is behind (see Io.drain). */
  ready(): Promise<void> | undefined;
  /** Flush; with --out, move the file into place. */
  end(): void;
  /** After an error: drop what was buffered; with --out, remove the temporary file. */
  abort(): void;
}

/** Output to `io.out` (stdout), or atomically to the file `outPath`. */
/**
 * Write a command's output through `write`: ended (with --out, moved into place) when it
 * succeeds, aborted (nothing left behind) when it throws.
 */
export async function writeOutput(io: Io, outPath: string | undefined, write: (out: Output) => Promise<void>): Promise<void> {
  const out = openOutput(io, outPath);
  try {
    await write(out);
    out.end();
  } catch (err) {
    out.abort();
    throw err;
  }
}

export function openOutput(io: Io, outPath?: string): Output {
  let buffer = '';
  if (outPath === undefined) {
    return {
      write(text) {
        buffer += text;
        if (buffer.length >= BUFFER_CHARS) {
          io.out(buffer);
          buffer = '';
        }
      },
      ready: () => io.drain?.(),
      end() {
        if (buffer) io.out(buffer);
        buffer = '';
      },
      abort() {
        buffer = '';
      },
    };
  }
  const tmp = `${outPath}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  let fd: number;
  try {
    fd = openSync(tmp, 'wx');
  } catch (err) {
    throw new InputError(`--out ${outPath}: cannot write there (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  io.temporary?.(tmp);
  const flush = () => {
    if (buffer) writeSync(fd, buffer);
    buffer = '';
  };
  let open = true;
  return {
    write(text) {
      buffer += text;
      if (buffer.length >= BUFFER_CHARS) flush();
    },
    // Files are written synchronously: never behind.
    ready: () => undefined,
    end() {
      flush();
      closeSync(fd);
      open = false;
      renameSync(tmp, outPath);
      io.temporary?.(null);
    },
    abort() {
      buffer = '';
      if (open) closeSync(fd);
      open = false;
      rmSync(tmp, { force: true });
      io.temporary?.(null);
    },
  };
}

/**
 * Writes `{ ...head, [listKey]: [...items] }` exactly as `JSON.stringify(value, null, 2)`
 * followed by a newline would, but item by item: the list is never held in memory.
 */
export async function writeJsonWithList(out: Output, head: Record<string, unknown>, listKey: string, items: Iterable<unknown>): Promise<void> {
  const h = JSON.stringify(head, null, 2);
  out.write(`${h === '{}' ? '{\n  ' : `${h.slice(0, -2)},\n  `}${JSON.stringify(listKey)}: [`);
  let first = true;
  for (const item of items) {
    out.write(`${first ? '' : ','}\n    ${JSON.stringify(item, null, 2).replace(/\n/g, '\n    ')}`);
    first = false;
    const wait = out.ready();
    if (wait) await wait;
  }
  out.write(first ? ']\n}\n' : '\n  ]\n}\n');
}

/**
 * Writes CSV rows (all with the keys of the first row, in its order) exactly as
 * `Papa.unparse(rows) + '\n'` would, batch by batch.
 */
export async function writeCsvRows(out: Output, batches: Iterable<Record<string, unknown>[]>): Promise<void> {
  let header = true;
  for (const rows of batches) {
    if (!rows.length) continue;
    out.write(`${Papa.unparse(rows, { newline: '\n', header })}\n`);
    header = false;
    const wait = out.ready();
    if (wait) await wait;
  }
  // No row at all: Papa.unparse([]) is the empty string.
  if (header) out.write('\n');
}

/** Groups of up to `size` items (for CSV batches). */
export function* batched<T>(items: Iterable<T>, size = 256): Generator<T[]> {
  let batch: T[] = [];
  for (const item of items) {
    batch.push(item);
    if (batch.length >= size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}
