import { Command, CommanderError, Option } from 'commander';
import { InputError } from '../inputError.ts';
import { profileNames, variantNames } from '../systems/askproai/catalog.ts';
import { profiles } from '../systems/askproai/profiles.ts';
import { variants } from '../systems/askproai/variants.ts';
import { storeKinds } from '../stores/cacheStore.ts';
import { replayCommand, runCommand } from './runCommands.ts';

/** Exit codes, the same for every command. */
const EXIT_OK = 0;
const EXIT_BAD_INPUT = 2;
const EXIT_INTERNAL = 3;

const program = new Command()
  .name('racesim')
  .description(
    'Deterministic race-condition simulator for the voice agent\'s availability caches in front of Cal.com.\n' +
      'Exit codes: 0 all expectations hold, 1 an expectation or check failed, 2 bad input.',
  )
  .exitOverride()
  .showHelpAfterError('(racesim --help lists the commands)');

program
  .command('run')
  .description('Replay a scenario timeline: what each caller was told, the truth at that instant, and why.')
  .argument('<scenario>', 'scenario YAML file, e.g. scenarios/test-case-2-parallel-users.yaml')
  .addOption(new Option('--fix <variant>', 'cache invalidation variant').choices([...variantNames]).default('on'))
  .addOption(new Option('--profile <profile>', 'app version to model (default: the scenario\'s, else seed)').choices([...profileNames]))
  .option('--seed <n>', 'seed of every random stream', '1')
  .addOption(new Option('--store <kind>', 'cache store implementation').choices([...storeKinds]).default('memory'))
  .option('--json', 'print one JSON document instead of the timeline table')
  .option('--save <file>', 'write the run (inputs, seed, variant, trace) for racesim replay')
  .action(async (file, flags) => {
    process.exitCode = await runCommand(file, flags);
  });

program
  .command('replay')
  .description('Re-run a saved run; exit 0 only when the new trace hash equals the saved one.')
  .argument('<saved-run>', 'file written by racesim run --save')
  .option('--json', 'print JSON')
  .action(async (file, flags) => {
    process.exitCode = await replayCommand(file, flags);
  });

program
  .command('variants')
  .description('List the profiles and invalidation variants racesim models.')
  .action(() => {
    console.log('profiles (--profile):');
    for (const p of Object.values(profiles)) console.log(`  ${p.name.padEnd(18)} ${p.summary}`);
    console.log('\nvariants (--fix):');
    for (const v of Object.values(variants)) console.log(`  ${v.name.padEnd(18)} ${v.summary}`);
  });

try {
  await program.parseAsync(process.argv);
} catch (error) {
  process.exitCode = exitCodeFor(error);
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
