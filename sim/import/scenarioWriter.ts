import { terminalSafe } from '../escape/terminal.ts';
import { parseDocument, type YAMLMap, type YAMLSeq } from 'yaml';
import { ymd, ymdHisv, type ZonedCalendar } from '../core/zonedTime.ts';
import { scenarioToYaml } from '../explore/scenarioYaml.ts';
import { InputError } from '../inputError.ts';
import { parseScenario } from '../scenario/loadScenario.ts';
import type { Expectation, Scenario, Step } from '../scenario/scenario.ts';
import { defaultWorld, type CheckEndpoint, type WorldConfig } from '../worldConfig.ts';
import { CACHE_HIT_MS } from './laravelLog.ts';
import type { MergedTimeline } from './mergeTimeline.ts';

/**
 * Writes a merged time line as a scenario file through the explorer's scenario writer, then adds the
 * comments that say where each step came from and what the import assumed. The result is checked with
 * racesim's own scenario loader before anyone sees it.
 */

export interface ScenarioSettings {
  readonly name: string;
  /** Where the scenario is written (a stack file's path is written relative to its folder). */
  readonly file: string;
  readonly zone: ZonedCalendar;
  readonly appTimezone: string;
  /** askproai's app version the records come from; none when the scenario runs a cache stack. */
  readonly profile?: string;
  /** The cache stack the scenario runs instead of askproai, its path relative to the scenario's folder. */
  readonly stack?: string;
  readonly fix: string;
  /** Base names of the files read, for the description. */
  readonly sources: readonly string[];
}

export function importedScenarioYaml(timeline: MergedTimeline, settings: ScenarioSettings): string {
  const { zone } = settings;
  const world = importedWorld(timeline, settings.appTimezone);
  const steps = timeline.steps.map((s, index): Step => ({
    index,
    atMs: s.atMs,
    caller: s.caller,
    action: s.action,
    slot: zone.toLocal(s.slotMs),
    service: timeline.eventTypes.indexOf(s.eventType),
    calcomLatencyMs: s.latencyMs,
    ...(s.via ? { via: s.via } : {}),
  }));
  checkLoaderOrder(timeline, zone);
  const expect: Record<string, Expectation[]> = { [settings.fix]: loggedExpectations(timeline, settings) };
  const scenario: Scenario = {
    name: settings.name,
    description: describeImport(timeline, settings),
    file: '<import>',
    timezone: zone.timeZone,
    ...(settings.profile ? { profile: settings.profile } : {}),
    startMs: Math.floor(timeline.steps[0].atMs / 1000) * 1000,
    world,
    steps,
    expect,
  };
  const system = settings.stack === undefined ? {} : { system: { name: 'stack', stack: settings.stack } };
  const doc = parseDocument(scenarioToYaml(scenario, { profile: settings.profile, ...system, expect }));
  // Comments hold names from the records (call ids, file names): one line each, control characters escaped.
  doc.commentBefore = headerComment(timeline, settings).map((line) => ` ${terminalSafe(line)}`).join('\n');
  const items = (doc.get('steps', true) as YAMLSeq).items as YAMLMap[];
  timeline.steps.forEach((s, i) => {
    items[i].comment = ` ${terminalSafe(s.origin + repeatedHourNote(s.atMs, zone))}`;
  });
  const text = doc.toString({ lineWidth: 200 });
  parseScenario(text, settings.file); // an import the loader refuses is a bug here, not the user's
  return text;
}

/** The profile whose checks read what the logging handler read (its Layer 1 key); the seed's read Layer 2 windows, a stack its own layers. */
const CODE_PROFILE = 'askproai-34a0115';

/**
 * What the records say each step did: the agent's answer or Cal.com's status; where a check's answer came
 * from when its timing shows it (on the code's profile); the times offered instead.
 */
function loggedExpectations(timeline: MergedTimeline, settings: ScenarioSettings): Expectation[] {
  return timeline.steps.flatMap((s, step) => {
    const fields = {
      ...(s.outcome ? { outcome: s.outcome } : {}),
      ...(s.servedBy && settings.profile === CODE_PROFILE ? { servedBy: s.servedBy } : {}),
      ...(s.alternatives ? { alternatives: s.alternatives } : {}),
    };
    return Object.keys(fields).length ? [{ step, ...fields } as Expectation] : [];
  });
}

function importedWorld(timeline: MergedTimeline, appTimezone: string): WorldConfig {
  const team = defaultWorld.services[0].team;
  return {
    ...defaultWorld,
    services: timeline.eventTypes.map((eventType, i) => ({ company: i + 1, branch: 0, team, eventType })),
    calcom: { ...defaultWorld.calcom, conflictStatus: timeline.conflictStatus ?? defaultWorld.calcom.conflictStatus },
    webhooks: {
      ...defaultWorld.webhooks,
      delayMs: timeline.webhookDelay?.ms ?? defaultWorld.webhooks.delayMs,
      eventNameStyle: timeline.eventNameStyle ?? defaultWorld.webhooks.eventNameStyle,
    },
    appTimezone,
    checkEndpoint: checkEndpointOf(timeline) ?? defaultWorld.checkEndpoint,
  };
}

/**
 * The code's check endpoint when every check in the records went through one controller: the replay
 * reads the keys that controller read. Null when the checks name none, or both (a world has one).
 */
function checkEndpointOf(timeline: MergedTimeline): CheckEndpoint | null {
  const used = new Set(timeline.steps.filter((s) => s.action === 'check_availability').map((s) => s.endpoint));
  if (used.size !== 1) return null;
  if (used.has('RetellApiController')) return 'retell-api';
  return used.has('RetellFunctionCallHandler') ? 'function-call' : null;
}

function describeImport(timeline: MergedTimeline, settings: ScenarioSettings): string {
  const count = (action: string) => timeline.steps.filter((s) => s.action === action).length;
  const callers = new Set(timeline.steps.filter((s) => s.action !== 'external_booking').map((s) => s.caller)).size;
  return (
    `Imported by racesim import from ${settings.sources.map(terminalSafe).join(', ')}: ${callers} call(s) with ${count('check_availability')} check(s) and ` +
    `${count('create_booking')} booking(s), and ${count('external_booking')} booking(s) on Cal.com that no call of the scenario made (its own page, or a call left out). The comment beside each ` +
    `step names its call, the file and line it came from, and the controller that wrote it. The expectations under "${settings.fix}" ` +
    `are what the records say happened, so "racesim run <this file> --fix ${settings.fix}" exits 0 when racesim reproduces the incident.`
  );
}

function checkEndpointNote(timeline: MergedTimeline): string {
  const endpoint = checkEndpointOf(timeline);
  if (endpoint) return `world.checkEndpoint is ${endpoint}, so the code's profile replays the checks through it`;
  return `the checks name no single controller, so world.checkEndpoint stays ${defaultWorld.checkEndpoint}`;
}

/** Which app function each booking replays through, by the line that logged it. */
function bookingFunctionNote(timeline: MergedTimeline): string {
  const bookings = timeline.steps.flatMap((s, i) => (s.action === 'create_booking' ? [{ i, via: s.via }] : []));
  if (bookings.length === 0) return 'Booking functions: no booking by a call in the records.';
  const stepsVia = (via: string | undefined) => bookings.filter((b) => b.via === via).map((b) => b.i);
  const parts = [
    [stepsVia('book_appointment'), 'via book_appointment (POST /bookings at once, no re-check)'],
    [stepsVia('collect_appointment_data'), 'via collect_appointment_data (the day re-checked on Layer 1 first, matched by UTC H:i)'],
    [stepsVia(undefined), "the profile's own booking path (a timeline names no function)"],
  ] as const;
  const said = parts.filter(([steps]) => steps.length).map(([steps, how]) => `step(s) ${steps.join(', ')} ${how}`);
  return `Booking functions: ${said.join('; ')}; each booking replays through the function that logged it (via:).`;
}

function timingNote(timeline: MergedTimeline, settings: ScenarioSettings): string {
  const checks = timeline.steps.filter((s) => s.servedBy !== undefined);
  const hits = checks.filter((s) => s.servedBy !== 'calcom').length;
  const measured = timeline.steps.filter((s) => s.latencyMs !== undefined).length;
  const expected = settings.profile === CODE_PROFILE ? 'expected as servedBy: layer1 (the others as servedBy: calcom)' : `not expected (only ${CODE_PROFILE} reads the handler's Layer 1 key)`;
  return (
    `Cal.com latency: ${measured} step(s) from the app's "Cal.com API call END" lines (calcomLatencyMs); the others use the world's default (${defaultWorld.calcom.latencyMs} ms). ` +
    `Of ${checks.length} timed check(s), ${hits} took under ${CACHE_HIT_MS} ms: cache hits, ${expected}.`
  );
}

function headerComment(timeline: MergedTimeline, settings: ScenarioSettings): string[] {
  const delay = timeline.webhookDelay;
  const endpoints = [...new Set(timeline.steps.flatMap((s) => s.origin.match(/RetellApiController|RetellFunctionCallHandler/g) ?? []))];
  return [
    `Written by racesim import (${settings.stack === undefined ? `profile ${settings.profile}` : `stack ${settings.stack}`}, variant ${settings.fix}); times in ${settings.zone.timeZone}, log times read in ${settings.appTimezone}.`,
    `Check endpoint: ${endpoints.join(' and ') || 'not in the records'} (per step in its comment); ${checkEndpointNote(timeline)}.`,
    timingNote(timeline, settings),
    bookingFunctionNote(timeline),
    delay
      ? `Webhook delay: webhooks.delayMs ${delay.ms} is the median of ${delay.samples} webhook(s) (created_at − createdAt: ${delay.min}..${delay.max} ms).`
      : `Webhook delay: none in the records; webhooks.delayMs is the world's default (${defaultWorld.webhooks.delayMs} ms).`,
    timeline.eventNameStyle ? `Webhook names: ${timeline.eventNameStyle}, as the records show.` : `Webhook names: none in the records; the world's default (${defaultWorld.webhooks.eventNameStyle}).`,
    timeline.conflictStatus ? `Conflict status ${timeline.conflictStatus}, as the records show.` : `Conflict status: none in the records; the world's default (${defaultWorld.calcom.conflictStatus}).`,
    ...timeline.notes.map((note) => `Assumed: ${note}.`),
  ];
}

/** The instant as ISO 8601 with its offset in the zone: `2025-10-26T02:30:00.000+02:00`. */
function withOffset(ms: number, zone: ZonedCalendar): string {
  const offsetMinutes = zone.offsetMs(ms) / 60_000;
  const abs = Math.abs(offsetMinutes);
  const offset = `${offsetMinutes < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return `${ymdHisv(zone.toLocal(ms)).replace(' ', 'T')}${offset}`;
}

/** Whether the loader reads the wall time of `ms` back as another instant: the first pass of a repeated hour. */
const misread = (ms: number, zone: ZonedCalendar) => zone.toUtc(zone.toLocal(ms)) !== ms;

function repeatedHourNote(ms: number, zone: ZonedCalendar): string {
  if (!misread(ms, zone)) return '';
  const readAs = zone.toUtc(zone.toLocal(ms));
  return ` · exactly ${withOffset(ms, zone)}, the first pass of the repeated hour; the loader takes no offset and reads this wall time as ${withOffset(readAs, zone)}`;
}

/** The loader reads a repeated wall time as its later pass; steps on both passes would then fall out of order. */
function checkLoaderOrder(timeline: MergedTimeline, zone: ZonedCalendar): void {
  const readBack = timeline.steps.map((s) => zone.toUtc(zone.toLocal(s.atMs)));
  const i = readBack.findIndex((ms, k) => k > 0 && ms < readBack[k - 1]);
  if (i < 0) return;
  throw new InputError(
    `${timeline.steps[i].origin}: the steps straddle the repeated hour of ${ymd(zone.toLocal(timeline.steps[i].atMs))}, which the scenario loader cannot write in order (it takes no offsets); expected --from/--to on one side of it`,
  );
}
