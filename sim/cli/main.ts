import { Command, CommanderError } from 'commander';
import { InputError } from '../inputError.ts';
import { registerCostCommand } from './costCommand.ts';
import { registerExploreCommand } from './exploreCommand.ts';
import { registerGateCommand } from './gateCommand.ts';
import { registerImportCommand } from './importCommand.ts';
import { registerMeasureCommands } from './measureCommands.ts';
import { packageVersion } from './packageVersion.ts';
import { registerRunCommands, registerVariantsCommand } from './runCommands.ts';

/**
 * The `racesim` command. Each command lives in its own module and registers itself here; exit codes
 * are the same everywhere: 0 ok, 1 an expectation or check failed, 2 bad input, 3 internal error.
 */
const EXIT_OK = 0;
const EXIT_BAD_INPUT = 2;
const EXIT_INTERNAL = 3;

const program = new Command()
  .name('racesim')
  .description(
    'Deterministic race-condition simulator for the voice agent\'s availability caches in front of Cal.com.\n' +
      'Exit codes: 0 all expectations hold, 1 an expectation or check failed, 2 bad input.',
  )
  .version(packageVersion(), '-V, --version', 'print racesim\'s version')
  .exitOverride()
  .showHelpAfterError('(racesim --help lists the commands)');

registerRunCommands(program);
registerVariantsCommand(program);
registerMeasureCommands(program);
registerGateCommand(program);
registerExploreCommand(program);
registerCostCommand(program);
registerImportCommand(program);
addQuietFlag(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  process.exitCode = exitCodeFor(error);
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
    const { quiet, json } = command.opts<{ quiet?: boolean; json?: boolean }>();
    if (quiet && !json) console.log = () => {};
  });
}

function exitCodeFor(error: unknown): number {
  if (error instanceof CommanderError) {
    // Help and version are not errors; everything else commander rejects is bad input.
    return error.exitCode === 0 || error.code === 'commander.helpDisplayed' ? EXIT_OK : EXIT_BAD_INPUT;
  }
  if (error instanceof InputError) {
    console.error(`racesim: ${error.message}`);
    return EXIT_BAD_INPUT;
  }
  console.error(`racesim: internal error: ${(error as Error)?.message ?? error}`);
  if (process.env.RACESIM_DEBUG) console.error((error as Error)?.stack);
  return EXIT_INTERNAL;
}
