// pairsim: the command-line front of the engine. Exit codes: 0 ok, 1 invalid input,
// 2 usage error, 3 internal error; messages are single lines, never stack traces.
import { EXIT, InputError, UsageError, type Command, type Io } from './common.js';
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
  try {
    return await command.run(rest, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`pairsim ${name}: ${err.message}\n`);
      return EXIT.usage;
    }
    if (err instanceof InputError) {
      io.err(`${err.message}\n`);
      return EXIT.invalidInput;
    }
    io.err(`pairsim ${name}: internal error: ${(err as Error)?.message ?? String(err)}\n`);
    return EXIT.internal;
  }
}

export const processIo: Io = {
  out: (t) => void process.stdout.write(t),
  err: (t) => void process.stderr.write(t),
  errIsTty: Boolean(process.stderr.isTTY),
};
