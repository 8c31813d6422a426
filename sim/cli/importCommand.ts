import type { Command } from 'commander';
import { profileNames, variantNames } from '../systems/registry.ts';
import { stackOption, systemOption } from './options.ts';
import type { ImportFlags } from './importAction.ts';

/** Registers `import`: a scenario from an incident's records (the work is in importAction.ts). */
export function registerImportCommand(program: Command): void {
  program
    .command('import')
    .description("Build a scenario from the app's Laravel log and Cal.com's webhooks or bookings, to replay an incident.")
    .option('--log <files...>', "the app's Laravel log(s), storage/logs/laravel*.log*: read as one stream in time order (rotated parts, .gz too), at most 64 MiB each")
    .option('--webhooks <files...>', "Cal.com's side: webhook_events rows (JSON Lines), raw webhook bodies, or a GET /v2/bookings response; records of one uid are one booking")
    .option('--events <files...>', 'racesim timeline(s), JSON Lines (what racesim run --export-timeline writes)')
    .option('--from <time>', 'only records at or after this time ("YYYY-MM-DD HH:MM[:SS]" in --timezone, or ISO 8601); bookings made before it for later slots stay as Cal.com\'s state')
    .option('--to <time>', 'only records at or before this time')
    .option('--call <ids...>', 'only these calls (Retell call ids); their bookings stay, the others\' become external bookings')
    .option('--event-type <n>', 'only this Cal.com event type; also the event type of log lines that name none')
    .option('--timezone <zone>', 'the scenario\'s time zone (the callers\' wall clock)', 'Europe/Berlin')
    .option('--app-timezone <zone>', 'Laravel app.timezone: the zone of the log\'s times and webhook_events.created_at', 'UTC')
    .option('--hash-ids', 'write call ids as their SHA-256 prefix')
    .option('--as-profile <profile>', `the app version the records come from (${profileNames.join(', ')}; default askproai-34a0115)`)
    .option('--as-fix <variant>', `the variant the records come from; their outcomes become its expectations (${variantNames.join(', ')}; a stack file's own with --stack)`, 'on')
    .addOption(systemOption('askproai'))
    .addOption(stackOption('replay on this cache stack instead (implies --system stack); the scenario names it relative to --out'))
    .requiredOption('--out <file>', 'the scenario file to write')
    .action(async (flags: ImportFlags) => {
      const { importCommand } = await import('./importAction.ts'); // the readers load only when importing
      process.exitCode = importCommand(flags);
    });
}
