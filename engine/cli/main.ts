// pairsim: the command-line front of the engine. Exit codes: 0 ok, 1 invalid input,
// 2 usage error, 3 internal error; messages are single lines, never stack traces.
import { EXIT, InputError, UsageError, issueLine, oneLine, type Command, type Io } from './common.js';
import { ScenarioError } from '../schema/validate.js';
import { validate } from './commands/validate.js';
import { run } from './commands/run.js';
import { compare } from './commands/compare.js';
import { sweepCommand } from './commands/sweep.js';
import { bargainCommand } from './commands/bargain.js';
import { montecarloCommand } from './commands/montecarlo.js';
import { mergeCommand } from './commands/merge.js';
import { sensitivityCommand } from './commands/sensitivity.js';

export const COMMANDS: Command[] = [validate, run, compare, sweepCommand, bargainCommand, montecarloCommand, mergeCommand, sensitivityCommand];

function help(): string {
  const lines = COMMANDS.map((c) => `  ${c.usage.padEnd(62)} ${c.summary}`);
  return `pairsim — Pairing Workbench command line (结对联动 scenario simulator)\n\nusage:\n${lines.join('\n')}\n\nexit codes: 0 ok, 1 invalid input, 2 usage error, 3 internal error\n`;
}

export async function main(argv: string[], io: Io): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(help());
    return name ? EXIT.ok : EXIT.usage;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.err(`pairsim: unknown command "${name}"\n${help()}`);
    return EXIT.usage;
  }
  // Whatever a command prints to stderr may quote the file: no control characters but newlines.
  const errIo: Io = { ...io, err: (t) => io.err(t.replace(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)) };
  try {
    return await command.run(rest, errIo);
  } catch (err) {
    if (err instanceof UsageError) {
      errIo.err(`pairsim ${name}: ${err.message}\n`);
      return EXIT.usage;
    }
    if (err instanceof InputError) {
      errIo.err(`${err.message}\n`);
      return EXIT.invalidInput;
    }
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
  err: (t) => void process.stderr.write(t),
  errIsTty: Boolean(process.stderr.isTTY),
};
