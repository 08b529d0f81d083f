// The CLI's dispatcher. It loads only the command it runs (each command is its own chunk of the
// bundle): `--version` and `--help` load nothing else, `publish` no sandbox, and `run` starts
// its sandbox worker before the rest of the command has loaded.
import { COMMAND_HELP, USAGE, cliVersion, type Command } from './help.js';
import { UsageError, usage } from './usage.js';

/** Where the CLI writes; tests capture it. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
}

type CommandFn = (args: string[], io: Io) => Promise<number>;

const COMMANDS: Record<Command, () => Promise<CommandFn>> = {
  init: async () => (await import('./commands/init.js')).cmdInit,
  validate: async () => (await import('./commands/validate.js')).cmdValidate,
  pack: async () => (await import('./commands/pack.js')).cmdPack,
  verify: async () => (await import('./commands/verify.js')).cmdVerify,
  run: async () => {
    // The sandbox module is small: the worker thread starts on another core while this thread
    // loads and compiles the command's larger modules.
    (await import('./commands/sandbox.js')).startSandbox();
    return (await import('./commands/run.js')).cmdRun;
  },
  panel: async () => (await import('./commands/panel.js')).cmdPanel,
  publish: async () => (await import('./commands/publish.js')).cmdPublish,
};

const isCommand = (name: string | undefined): name is Command => name !== undefined && Object.hasOwn(COMMANDS, name);

/** Runs the CLI; returns the exit code. */
export async function runCli(argv: string[], io: Io): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (isCommand(command)) {
      if (rest.includes('--help') || rest.includes('-h')) {
        io.out(COMMAND_HELP[command]);
        return 0;
      }
      return await (
        await COMMANDS[command]()
      )(rest, io);
    }
    switch (command) {
      case '-v':
      case '--version':
        io.out(`${cliVersion()}\n`);
        return 0;
      case 'help':
        if (isCommand(rest[0])) {
          io.out(COMMAND_HELP[rest[0]]);
          return 0;
        }
        if (rest.length > 0) usage(`Unknown command ${JSON.stringify(rest[0])}.`);
        io.out(USAGE);
        return 0;
      case undefined:
      case '-h':
      case '--help':
        io.out(USAGE);
        return command ? 0 : 2;
      default:
        usage(`Unknown command ${JSON.stringify(command)}.`);
    }
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.err(`${(error as Error).message}\n\n${isCommand(command) ? COMMAND_HELP[command] : USAGE}`);
      return 2;
    }
    io.err(`✖ ${(error as Error).message}\n`);
    return 1;
  }
}
