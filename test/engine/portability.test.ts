// The engine must run unchanged in a browser worker: no Node built-ins outside the
// Node-only entry points (the CLI, the worker-thread pool and the schema emitter).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const NODE_ONLY = [/^engine\/cli\//, /^engine\/analysis\/node-/, /^engine\/schema\/emit\.ts$/];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : /\.(ts|mjs|js)$/.test(f) ? [p] : [];
  });
}

describe('engine portability', () => {
  it('imports no Node built-ins outside the Node-only entry points', () => {
    const offenders = files('engine')
      .filter((f) => !NODE_ONLY.some((re) => re.test(f)))
      .filter((f) => /from\s+['"](node:|fs['"]|path['"]|os['"]|worker_threads['"]|child_process['"])/.test(readFileSync(f, 'utf8')));
    expect(offenders).toEqual([]);
  });
});
