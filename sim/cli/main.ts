import { Command, CommanderError } from 'commander';
import { clip, forgetInputs, InputError } from '../inputError.ts';
import { racesimPackage } from '../racesimRoot.ts';
import { terminalLines } from '../escape/terminal.ts';

/**
 * The `racesim` command. Each command lives in its own module and registers itself here; exit codes
 * are the same everywhere: 0 ok, 1 an expectation or check failed, 2 bad input, 3 internal error.
 */
const EXIT_OK = 0;
const EXIT_BAD_INPUT = 2;
const EXIT_INTERNAL = 3;

type Registrar = (program: Command) => void;

/**
 * Each command's module, loaded only when that command runs (or for help): loading every command's
 * module graph costs a `racesim run` a fifth of a second it does not need.
 */
const commandModules: readonly { readonly names: readonly string[]; readonly load: () => Promise<Registrar> }[] = [
  {
    names: ['run', 'replay', 'variants', 'systems'],
    load: async () => {
      const commands = await import('./runCommands.ts');
      return (program) => {
        commands.registerRunCommands(program);
        commands.registerVariantsCommand(program);
      };
    },
  },
  { names: ['compare', 'sweep', 'merge'], load: async () => (await import('./measureCommands.ts')).registerMeasureCommands },
  { names: ['gate'], load: async () => (await import('./gateCommand.ts')).registerGateCommand },
  { names: ['explore'], load: async () => (await import('./exploreCommand.ts')).registerExploreCommand },
  { names: ['cost'], load: async () => (await import('./costCommand.ts')).registerCostCommand },
  { names: ['import'], load: async () => (await import('./importCommand.ts')).registerImportCommand },
  { names: ['conform'], load: async () => (await import('./conformCommand.ts')).registerConformCommand },
];

/** The command modules an argv needs: the named command's, or all of them (help, version, a typo). */
async function registrarsFor(argv: readonly string[]): Promise<Registrar[]> {
  const named = commandModules.find((m) => m.names.includes(argv[2] ?? ''));
  return Promise.all((named ? [named] : commandModules).map((m) => m.load()));
}

/** A fresh program per call: commander keeps parsed options on its commands, so one program parses one argv. */
function buildProgram(registrars: readonly Registrar[]): Command {
  const program = new Command()
    .name('racesim')
    .description(
      'Deterministic race-condition simulator for the voice agent\'s availability caches in front of Cal.com.\n' +
        'Systems: askproai (default) and stack (--system stack --stack FILE) for run, compare, sweep, gate,\n' +
        'explore, cost and import.\n' +
        'Exit codes: 0 all expectations hold, 1 an expectation or check failed, 2 bad input.',
    )
    .version(racesimPackage()?.version ?? 'unknown', '-V, --version', 'print racesim\'s version')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => console.log(text.replace(/\n$/, '')),
      writeErr: (text) => console.error(text.replace(/\n$/, '')),
      outputError: (text, write) => write(`${commanderErrorLine(text)}\n`),
    });
  for (const register of registrars) register(program);
  addQuietFlag(program);
  return program;
}

/** Commander's complaint as racesim's one line: prefixed, values it quotes cut like every other message. */
function commanderErrorLine(text: string): string {
  const message = text.trim().replace(/^error: /, '').replace(/\s*\n\s*/g, ' ').replace(/'([^']*)'/g, (_, value: string) => `'${clip(value)}'`);
  return `racesim: ${message} (racesim --help lists the commands)`;
}

/** Runs racesim on `argv` (as process.argv: node, script, arguments…) and returns its exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  process.exitCode = undefined;
  forgetInputs();
  const restoreConsole = printThroughTerminalEscaping();
  try {
    await buildProgram(await registrarsFor(argv)).parseAsync([...argv]);
    return Number(process.exitCode ?? EXIT_OK);
  } catch (error) {
    return exitCodeFor(error);
  } finally {
    restoreConsole();
  }
}

/**
 * Everything racesim prints goes through console.log/error/warn (the progress bar alone writes to the
 * terminal itself): each printed text has its control characters shown as escapes (sim/escape/terminal.ts),
 * so no name or file a user points racesim at can drive the terminal. Returns what undoes it.
 */
function printThroughTerminalEscaping(): () => void {
  const saved = { log: console.log, error: console.error, warn: console.warn };
  const escaped = (print: (...parts: unknown[]) => void) => (...parts: unknown[]) => print(...parts.map((part) => (typeof part === 'string' ? terminalLines(part) : part)));
  Object.assign(console, { log: escaped(saved.log), error: escaped(saved.error), warn: escaped(saved.warn) });
  return () => Object.assign(console, saved);
}

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs racesim in this process on the arguments after `racesim`, capturing what it prints (for tests). */
export async function runCli(args: readonly string[]): Promise<CliResult> {
  const saved = { log: console.log, error: console.error, warn: console.warn, exitCode: process.exitCode };
  const out: string[] = [];
  const err: string[] = [];
  const line = (sink: string[]) => (...parts: unknown[]) => void sink.push(parts.map(String).join(' '));
  console.log = line(out);
  console.error = console.warn = line(err);
  try {
    const code = await main(['node', 'racesim', ...args]);
    return { code, stdout: out.join('\n'), stderr: err.join('\n') };
  } finally {
    Object.assign(console, { log: saved.log, error: saved.error, warn: saved.warn });
    process.exitCode = saved.exitCode;
  }
}

/**
 * One meaning of `--quiet` for every command: no progress bar and nothing on standard output, except
 * what --json asks for; errors still go to standard error and the exit code still tells.
 */
function addQuietFlag(root: Command): void {
  for (const command of root.commands) {
    if (!command.options.some((o) => o.long === '--quiet')) command.option('--quiet', 'print nothing but errors (JSON still prints with --json); the exit code tells');
  }
  root.hook('preAction', (_root, command) => {
    // --json and --example print the answer itself: --quiet silences only the rest.
    const { quiet, json, example } = command.opts<{ quiet?: boolean; json?: boolean; example?: string }>();
    if (quiet && !json && !example) console.log = () => {};
  });
}

function exitCodeFor(error: unknown): number {
  if (error instanceof CommanderError) {
    // Help and version are not errors; everything else commander rejects is bad input.
    return error.exitCode === 0 || error.code === 'commander.helpDisplayed' ? EXIT_OK : EXIT_BAD_INPUT;
  }
  if (error instanceof InputError) {
    console.error(`racesim: ${error.message.replace(/\s*\n\s*/g, ' ')}`);
    return EXIT_BAD_INPUT;
  }
  console.error(`racesim: internal error: ${clip(String((error as Error)?.message ?? error))}`);
  if (process.env.RACESIM_DEBUG) console.error((error as Error)?.stack);
  return EXIT_INTERNAL;
}
