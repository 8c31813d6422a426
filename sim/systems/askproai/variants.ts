import { addLocal, startOfDay, ymd, type LocalTime, type ZonedCalendar } from '../../core/zonedTime.ts';
import type { WorldConfig } from '../../worldConfig.ts';
import type { VariantName } from './catalog.ts';
import { layer1Key, layer2Key } from './keys.ts';

/** What building a forget list reads of the app: its services, its "today" and the clock (a part of AppContext). */
export interface ForgetListContext {
  readonly world: WorldConfig;
  readonly profile: { readonly serviceTeamColumn: boolean };
  readonly appCalendar: ZonedCalendar;
  readonly clock: { readonly now: number };
}

/**
 * One version of the app's caching and invalidation: the baselines, the later history of the same code,
 * and designs that would close the race. Fields left out behave as in Phase A+ (`on`).
 */
export interface FixVariant {
  readonly name: VariantName;
  readonly family: 'baseline' | 'later version' | 'closing design';
  readonly summary: string;
  /** The askproai-api commit this variant stands for, its date, and the branch when it never reached main. */
  readonly origin?: { readonly commit: string; readonly date: string; readonly branch?: string };
  /**
   * The keys `clearAvailabilityCacheForEventType(eventType, teamId)` forgets, in the PHP code's order,
   * for a booking of `slot` (null when the caller does not know it); null when the call itself fails
   * (the pre-fix signature requires a team id: a call without one is a fatal TypeError).
   */
  keysToForget(ctx: ForgetListContext, eventType: number, teamId: number | null, slot: LocalTime | null): readonly string[] | null;
  /** TTLs this version uses instead of the world's, in seconds. */
  readonly ttlSeconds?: { readonly layer1?: number; readonly layer2?: number };
  /** Layer 1 misses take `Cache::lock` on the key so concurrent misses share one Cal.com request. */
  readonly coalesceLayer1?: boolean;
  /** A Layer 1 result without a free slot is kept this long instead of the layer's TTL, in seconds (e06c5837e on: 60). */
  readonly emptyResultTtlSeconds?: number;
  /**
   * `getAvailableSlots` validates `date_format:Y-m-d` on its range (e06c5837e on): the hourly
   * `Y-m-d H:i:s` callers (both check endpoints) fail there, and the check answers an error.
   */
  readonly layer1DatesOnly?: boolean;
  /** The finder's Layer 2 key prints the branch with `%s` (4434a4976 on): null is '', a UUID stays whole; the clear keeps `%d`. */
  readonly finderBranchAsString?: boolean;
  /** Before booking, a `lockForUpdate` read of the app's own appointments: a slot it booked already is "vergeben" (4434a4976 on). */
  readonly precheckOwnAppointments?: boolean;
  /**
   * 57b4aa6f6: the booking step's check matches in UTC with any overlap (so exactly, whatever the
   * profile's slot matching), then reads the day once more through `getAvailableSlots` with the
   * company's team right before `POST /bookings`; a slot missing there is "gerade vergeben".
   */
  readonly bookingDoubleCheck?: boolean;
  /** The invalidation runs as a queued job, `world.queueDelayMs` after the booking or webhook. */
  readonly queuedInvalidation?: boolean;
  /** Keys carry a per-event-type generation read on every lookup; invalidating is one increment. */
  readonly versionedKeys?: boolean;
  /** A fill stores only if no invalidation of its key happened since its miss (memcache leases). */
  readonly leases?: boolean;
  /** Before saying "available", the agent asks Cal.com directly, past both caches. */
  readonly recheckBeforeAvailable?: boolean;
  /**
   * The code before the fix: `features.skip_alternatives_for_voice` does not exist yet, so the
   * function-call `check_availability` takes its fallback (true) and offers no alternatives.
   */
  readonly skipsAlternativesOnVoiceCheck?: boolean;
  /** Before saying "available", the agent reserves the slot on Cal.com for the caller (`POST /v2/slots/reservations`). */
  readonly reserveOnCheck?: boolean;
}

const LAYER1_DAYS = 30;
const LAYER2_DAYS = 7;
const LAYER2_FIRST_HOUR = 9;
const LAYER2_LAST_HOUR = 18;

/** `Carbon::today()` in the app's time zone. */
function today(ctx: ForgetListContext): LocalTime {
  return startOfDay(ctx.appCalendar.toLocal(ctx.clock.now));
}

function layer1Days(team: number, eventType: number, from: LocalTime, days: number): string[] {
  const keys: string[] = [];
  for (let i = 0; i < days; i++) {
    const date = ymd(addLocal(from, i));
    keys.push(layer1Key(team, eventType, date, date));
  }
  return keys;
}

/** The team given, else every team of a service using the event type (PHP falsy ids dropped); none where services have no team column. */
function teamsFor(ctx: ForgetListContext, eventType: number, teamId: number | null): number[] {
  if (teamId !== null) return [teamId];
  if (!ctx.profile.serviceTeamColumn) return []; // no team ids to find: Layer 1 is left alone
  const teams = ctx.world.services.filter((s) => s.eventType === eventType).map((s) => s.team);
  return [...new Set(teams.filter((t): t is number => !!t))];
}

/** Layer 2 hour windows `H→H+1` for every service using the event type, on the given days and hours. */
function layer2Hours(ctx: ForgetListContext, eventType: number, days: readonly LocalTime[], hours: readonly number[]): string[] {
  const keys: string[] = [];
  for (const service of ctx.world.services) {
    if (service.eventType !== eventType) continue;
    for (const day of days) {
      for (const hour of hours) {
        const start = { ...day, hour };
        keys.push(layer2Key(service.company, service.branch, eventType, start, addLocal(start, 0, 1)));
      }
    }
  }
  return keys;
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** Phase A+ (the fix): Layer 1 for today+0..29 per team, Layer 2 for today+0..6 × hours 9..18 per service. */
function phaseAPlusKeys(ctx: ForgetListContext, eventType: number, teamId: number | null): string[] {
  const from = today(ctx);
  const keys = teamsFor(ctx, eventType, teamId).flatMap((team) => layer1Days(team, eventType, from, LAYER1_DAYS));
  const days = range(0, LAYER2_DAYS - 1).map((d) => addLocal(from, d));
  return keys.concat(layer2Hours(ctx, eventType, days, range(LAYER2_FIRST_HOUR, LAYER2_LAST_HOUR)));
}

/**
 * The "smart" clear (2025-11-11): only the booking's date and the day after, and on Layer 2 only the
 * booking's hour ±1 h. Without a known slot (no start time) it falls back to Phase A+.
 */
function smartKeys(ctx: ForgetListContext, eventType: number, teamId: number | null, slot: LocalTime | null): string[] {
  if (!slot) return phaseAPlusKeys(ctx, eventType, teamId);
  const date = startOfDay(slot);
  const keys = teamsFor(ctx, eventType, teamId).flatMap((team) => layer1Days(team, eventType, date, 2));
  const hours = range(Math.max(0, slot.hour - 1), Math.min(23, slot.hour + 1));
  return keys.concat(layer2Hours(ctx, eventType, [date, addLocal(date, 1)], hours));
}

const on: FixVariant = {
  name: 'on',
  family: 'baseline',
  summary:
    'Phase A+: Layer 1 for the given team or every team using the event type, today+0..29; Layer 2 for every ' +
    'service using the event type, today+0..6 × hour windows 9→10 … 18→19.',
  keysToForget: (ctx, eventType, teamId) => phaseAPlusKeys(ctx, eventType, teamId),
};

const l1Coalesce: FixVariant = {
  ...on,
  name: 'l1-300-coalesce',
  family: 'later version',
  summary:
    'Phase A+ with Layer 1 TTL 300 s (60 s for a day without a free slot) and request coalescing of Layer 1 misses via Cache::lock (a waiter that gives up fetches and stores); ' +
    'getAvailableSlots accepts only Y-m-d dates, so the hourly check paths fail.',
  origin: { commit: 'e06c5837e', date: '2025-11-12' },
  ttlSeconds: { layer1: 300 },
  emptyResultTtlSeconds: 60,
  coalesceLayer1: true,
  layer1DatesOnly: true,
};

const l2Ttl60: FixVariant = {
  ...l1Coalesce,
  name: 'l2-60',
  summary:
    'l1-300-coalesce (main\'s synchronous full clear) with Layer 2 TTL 60 s; the finder keys the branch with %s while the clear keeps %d, ' +
    'so clears miss null and UUID branches; a lockForUpdate pre-check of the app\'s own appointments before booking.',
  origin: { commit: '4434a4976', date: '2025-11-19' },
  ttlSeconds: { layer1: 300, layer2: 60 },
  finderBranchAsString: true,
  precheckOwnAppointments: true,
};

const asyncSmartClear: FixVariant = {
  ...l1Coalesce,
  name: 'async-smart-clear',
  summary:
    'A branch that never reached main: as l1-300-coalesce, but the invalidation is a queued job and clears only the ' +
    'booking date +1 day (Layer 1) and the booking hour ±1 h on those days (Layer 2).',
  origin: { commit: 'e68d4759a', date: '2025-11-11', branch: 'feature/calcom-rate-limit-optimization' },
  keysToForget: smartKeys,
  queuedInvalidation: true,
};

export const variants: Readonly<Record<VariantName, FixVariant>> = {
  off: {
    name: 'off',
    family: 'baseline',
    summary: 'Before the fix: Layer 1 only, for the given team, today+0..29; without a team id (webhooks) the call fails and nothing is cleared.',
    origin: { commit: '0b36c48c8', date: '2025-10-20' },
    skipsAlternativesOnVoiceCheck: true,
    keysToForget: (ctx, eventType, teamId) => (teamId === null ? null : layer1Days(teamId, eventType, today(ctx), LAYER1_DAYS)),
  },
  // The commit is named here, not on `on`, so the designs built on Phase A+ do not inherit it.
  on: { ...on, origin: { commit: '34a011586', date: '2025-10-21' } },
  none: {
    name: 'none',
    family: 'baseline',
    summary: 'No invalidation at all: entries live out their TTLs.',
    keysToForget: () => [],
  },
  'l1-300-coalesce': l1Coalesce,
  'async-smart-clear': asyncSmartClear,
  'l2-60': l2Ttl60,
  'l2-30': {
    ...l2Ttl60,
    name: 'l2-30',
    summary:
      'l2-60 with Layer 2 TTL 30 s; the booking step\'s check matches in UTC (any overlap), and the day is read once more through ' +
      'getAvailableSlots with the company\'s team right before booking.',
    origin: { commit: '57b4aa6f6', date: '2025-11-21' },
    ttlSeconds: { layer1: 300, layer2: 30 },
    bookingDoubleCheck: true,
  },
  'versioned-keys': {
    name: 'versioned-keys',
    family: 'closing design',
    summary:
      'Every key carries the event type\'s generation (one extra cache read per lookup); invalidating is one increment, ' +
      'so every key form is covered and a fill that read before the increment writes a key nobody reads.',
    keysToForget: () => [],
    versionedKeys: true,
  },
  leases: {
    ...on,
    name: 'leases',
    family: 'closing design',
    summary: 'Phase A+ plus leases: a miss takes a token, the invalidation deletes it, and a fill stores only while it holds.',
    leases: true,
  },
  recheck: {
    ...on,
    name: 'recheck',
    family: 'closing design',
    summary: 'Phase A+ plus a direct Cal.com read of the slot before the agent says "available" (one request per such answer).',
    recheckBeforeAvailable: true,
  },
  reserve: {
    ...on,
    name: 'reserve',
    family: 'closing design',
    summary: 'Phase A+ plus a Cal.com slot reservation for the caller before the agent says "available"; held while the caller decides.',
    reserveOnCheck: true,
  },
};
