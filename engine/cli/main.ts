// pairsim: the command-line front of the engine. Exit codes: 0 ok, 1 invalid input,
// 2 usage error, 3 internal error; messages are single lines, never stack traces.
// Start-up is kept small: this module loads only the command table; a command's code (and
// the engine) is imported when that command runs, so --help and --version answer at once.
import { EXIT, InputError, UsageError, type Io } from './exit.js';
import { SPECS, type CommandSpec } from './commands/specs.js';
import { helpWidth, wrapText, wrapUsage } from './wrap.js';
import { ISOLATED, TIMEOUT_HELP, splitTimeout } from './deadline.js';
import pkg from '../../package.json' with { type: 'json' };

export const VERSION: string = pkg.version;

function help(io: Io): string {
  const width = helpWidth(io.columns);
  const nameWidth = Math.max(...SPECS.map((c) => c.name.length)) + 2;
  const lines = SPECS.map((c) => wrapText(c.summary, width, `  ${c.name.padEnd(nameWidth)}`));
  return [
    wrapText(`pairsim ${VERSION} — Pairing Workbench command line (结对联动 scenario simulator)`, width),
    '',
    wrapUsage('pairsim COMMAND [options]', width),
    '',
    'commands:',
    ...lines,
    '',
    wrapText('pairsim help COMMAND (or pairsim COMMAND --help) shows a command\'s options and an example. pairsim --version prints the version.', width),
    wrapText('exit codes: 0 ok, 1 invalid input, 2 usage error, 3 internal error', width),
    '',
  ].join('\n');
}

/** One command's help: summary, usage wrapped to the terminal, an example. */
export function commandHelp(spec: CommandSpec, io: Io): string {
  const width = helpWidth(io.columns);
  // The example stays on one line, so it can be copied whole.
  const deadline = ISOLATED.has(spec.name) ? `\n${wrapText(TIMEOUT_HELP, width)}\n` : '';
  return `${wrapText(spec.summary, width)}\n\n${wrapUsage(spec.usage, width)}\n${deadline}\nexample:\n  ${spec.example}\n`;
}

const wantsHelp = (args: readonly string[]) => {
  const end = args.indexOf('--');
  return (end < 0 ? args : args.slice(0, end)).some((a) => a === '--help' || a === '-h');
};

export async function main(argv: string[], io: Io): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--version' || name === '-V') {
    io.out(`${VERSION}\n`);
    return EXIT.ok;
  }
  if (!name || name === '--help' || name === '-h' || (name === 'help' && rest.length === 0)) {
    io.out(help(io));
    return name ? EXIT.ok : EXIT.usage;
  }
  if (name === 'help') {
    const spec = SPECS.find((c) => c.name === rest[0]);
    if (!spec || rest.length > 1) {
      io.err(`pairsim help: unknown command "${rest.join(' ')}"\n${help(io)}`);
      return EXIT.usage;
    }
    io.out(commandHelp(spec, io));
    return EXIT.ok;
  }
  const spec = SPECS.find((c) => c.name === name);
  if (!spec) {
    io.err(`pairsim: unknown command "${name}"\n${help(io)}`);
    return EXIT.usage;
  }
  if (wantsHelp(rest)) {
    io.out(commandHelp(spec, io));
    return EXIT.ok;
  }
  // Whatever a command prints to stderr may quote the file: no control characters but newlines.
  const errIo: Io = { ...io, err: (t) => io.err(t.replace(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)) };
  try {
    // --timeout belongs to the process (the deadline is kept by runCli's main thread): here
    // it is only checked and taken out, so every command takes it the same way.
    const args = ISOLATED.has(name) ? splitTimeout(rest).rest : rest;
    const command = await spec.load();
    return await command.run(args, errIo);
  } catch (err) {
    if (err instanceof UsageError) {
      errIo.err(`pairsim ${name}: ${err.message}\n`);
      return EXIT.usage;
    }
    if (err instanceof InputError) {
      errIo.err(`${err.message}\n`);
      return EXIT.invalidInput;
    }
    // The engine is loaded by now (the command ran): these imports cost nothing.
    const { issueLine, oneLine } = await import('./common.js');
    const { ScenarioError } = await import('../schema/validate.js');
    // A scenario problem found late (e.g. a sharing rule evaluated by an analysis command) is
    // still invalid input: one line per issue, prefixed with the file (every command's first argument).
    if (err instanceof ScenarioError) {
      const file = rest[0] && !rest[0].startsWith('-') ? rest[0] : name;
      for (const issue of err.issues) errIo.err(`${issueLine(file, issue)}\n`);
      return EXIT.invalidInput;
    }
    // One line, never a stack trace: the first line of the message only.
    io.err(`pairsim ${name}: internal error: ${oneLine(String((err as Error)?.message ?? err))}\n`);
    return EXIT.internal;
  }
}

export const processIo: Io = {
  out: (t) => void process.stdout.write(t),
  drain: () => (process.stdout.writableNeedDrain ? new Promise((resolve) => process.stdout.once('drain', resolve)) : undefined),
  err: (t) => void process.stderr.write(t),
  errIsTty: Boolean(process.stderr.isTTY),
  columns: process.stdout.columns,
};

/**
 * The process entry (bin/pairsim.mjs): an isolated command (deadline.ts) runs in a worker
 * thread under the hard deadline and Ctrl-C of this thread (isolate.ts); help, version, usage
 * errors and the other commands run here, as main().
 */
export async function runCli(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || !ISOLATED.has(name) || wantsHelp(rest)) return main(argv, processIo);
  let timeoutMs: number;
  let args: string[];
  try {
    ({ timeoutMs, rest: args } = splitTimeout(rest));
  } catch {
    return main(argv, processIo); // reports the usage error
  }
  const { runIsolated } = await import('./isolate.js');
  return runIsolated(name, args, timeoutMs);
}
