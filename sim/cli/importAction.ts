import { shellCommand } from '../escape/shell.ts';
import { createHash } from 'node:crypto';
import { basename, dirname, relative, resolve } from 'node:path';
import { isKnownTimeZone, ZonedCalendar } from '../core/zonedTime.ts';
import { readCalcomRecords } from '../import/calcomRecords.ts';
import { distinctInputs, parseInstant, readBoundedInput, SkipCounts, type CalcomBooking, type CallAction, type ExplicitExternalBooking } from '../import/importRecords.ts';
import { readLaravelLogs } from '../import/laravelLog.ts';
import { mergeTimeline } from '../import/mergeTimeline.ts';
import { importedScenarioYaml } from '../import/scenarioWriter.ts';
import { readTimeline } from '../import/timelineJsonl.ts';
import { InputError } from '../inputError.ts';
import { writeFileAtomic } from '../reports/writeAtomic.ts';
import { parseProfile, parseVariant, parseVariantOf, refuseProfile, systemOfFlags } from './options.ts';
import { defaultSystem } from '../systems/registry.ts';

export interface ImportFlags {
  readonly log?: readonly string[];
  readonly webhooks?: readonly string[];
  readonly events?: readonly string[];
  readonly from?: string;
  readonly to?: string;
  readonly call?: readonly string[];
  readonly eventType?: string;
  readonly timezone: string;
  readonly appTimezone: string;
  readonly hashIds?: boolean;
  readonly asProfile?: string;
  readonly asFix: string;
  readonly system?: string;
  readonly stack?: string;
  readonly out: string;
}

/** `racesim import`: production records → a scenario that replays them; exit 2 on records it cannot read. */
export function importCommand(flags: ImportFlags): number {
  const zone = new ZonedCalendar(knownZone(flags.timezone, '--timezone'));
  const appZone = new ZonedCalendar(knownZone(flags.appTimezone, '--app-timezone'));
  const { profile, fix, stack } = importTarget(flags);
  if (!flags.log?.length && !flags.events?.length) throw new InputError('--log or --events: expected at least one file of calls (a Laravel log or a racesim timeline)');
  const skips = new SkipCounts();
  const kinds = { log: flags.log, webhooks: flags.webhooks, events: flags.events };
  const inputs = distinctInputs(Object.entries(kinds).flatMap(([kind, paths]) => (paths ?? []).map((path) => ({ kind, path }))));
  const given = (kind: keyof typeof kinds) => inputs.inputs.filter((input) => input.kind === kind).map((input) => input.path);
  const calls: CallAction[] = [];
  const bookings: CalcomBooking[] = [];
  const externals: ExplicitExternalBooking[] = [];
  const logs = given('log').map((file) => readBoundedInput(file, 'Laravel log'));
  if (logs.length) calls.push(...readLaravelLogs(logs, { app: appZone, caller: zone }, skips));
  for (const file of given('webhooks')) bookings.push(...readCalcomRecords(readBoundedInput(file, 'Cal.com records file'), appZone, skips));
  for (const file of given('events')) {
    const timeline = readTimeline(readBoundedInput(file, 'racesim timeline'), skips);
    calls.push(...timeline.calls);
    externals.push(...timeline.externals);
  }
  const showId = flags.hashIds ? hashedId : (id: string) => id;
  const window = { fromMs: instantOption(flags.from, '--from', zone), toMs: instantOption(flags.to, '--to', zone) };
  const timeline = mergeTimeline({ calls, bookings, externals }, { zone, ...window, callIds: flags.call, eventType: eventTypeOption(flags.eventType), showId, skips });
  const name = basename(flags.out).replace(/\.ya?ml$/, '');
  const sources = inputs.inputs.map((input) => basename(input.path));
  writeFileAtomic(flags.out, importedScenarioYaml(timeline, { name, file: flags.out, zone, appTimezone: flags.appTimezone, profile, stack, fix, sources }));
  for (const warning of timeline.warnings) console.error(`${warning}; --app-timezone is ${flags.appTimezone}`);
  console.log(`imported ${timeline.steps.length} steps into ${flags.out}`);
  for (const file of inputs.repeated) console.log(`read once: ${file} was given more than once`);
  if (skips.total > 0) console.log(`left out ${skips.total} lines or records, by reason:\n${skips.lines().join('\n')}`);
  console.log(`replay: ${shellCommand(['racesim', 'run', flags.out, '--fix', fix])}    (both variants: ${shellCommand(['--fix', 'off,on', '--html', `${name}.html`])})`);
  return 0;
}

/**
 * The system the scenario replays on: askproai at `--as-profile` (default the fix commit's code), or the
 * cache stack `--stack` names (its own variants; no profile), written relative to the scenario's folder.
 */
function importTarget(flags: ImportFlags): { profile?: string; fix: string; stack?: string } {
  const system = systemOfFlags(flags);
  if (system === undefined || system === defaultSystem) return { profile: parseProfile(flags.asProfile ?? 'askproai-34a0115', '--as-profile'), fix: parseVariant(flags.asFix, '--as-fix') };
  refuseProfile(system, flags.asProfile, '--as-profile');
  return { fix: parseVariantOf(system, flags.asFix, '--as-fix'), stack: relative(dirname(resolve(flags.out)), resolve(flags.stack!)) };
}

/** A call id's stand-in with --hash-ids: the same id always gives the same name. */
const hashedId = (id: string) => `call-${createHash('sha256').update(id).digest('hex').slice(0, 12)}`;

function knownZone(zone: string, option: string): string {
  if (!isKnownTimeZone(zone)) throw new InputError(`${option}: unknown IANA time zone "${zone}"; expected e.g. Europe/Berlin or UTC`);
  return zone;
}

function instantOption(text: string | undefined, option: string, zone: ZonedCalendar): number | undefined {
  if (text === undefined) return undefined;
  const ms = parseInstant(text, zone);
  if (ms === undefined) throw new InputError(`${option}: "${text}"; expected "YYYY-MM-DD HH:MM[:SS]" in --timezone, or ISO 8601 with Z or an offset`);
  return ms;
}

function eventTypeOption(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) < 1) throw new InputError(`--event-type: "${text}"; expected a Cal.com event type id (a positive integer)`);
  return Number(text);
}

/** Registers `import`. */
