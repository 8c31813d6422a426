import type { AppContext } from './appContext.ts';
import type { AxisChoices, FixVariant, VariantRow } from './fixVariant.ts';
import { unguardedAvailable } from './strategies/availableGuard/none.ts';
import { recheckAtCalcom } from './strategies/availableGuard/recheck.ts';
import { reserveOnCheck } from './strategies/availableGuard/reserve.ts';
import { reserveSlotCall } from './strategies/availableGuard/reserveSlot.ts';
import { freshCalcomCheck } from './strategies/bookingGuard/freshCalcomCheck.ts';
import { unguardedBooking } from './strategies/bookingGuard/none.ts';
import { ownAppointmentsPrecheck } from './strategies/bookingGuard/ownAppointmentsPrecheck.ts';
import { beforeFixCode } from './strategies/codeVersion/beforeFix.ts';
import { asyncSyncCode } from './strategies/codeVersion/asyncSync.ts';
import { branchAsStringCode } from './strategies/codeVersion/branchAsString.ts';
import { casCheckCode } from './strategies/codeVersion/casCheck.ts';
import { finderBerlinCode } from './strategies/codeVersion/finderBerlin.ts';
import { tenantCallKeysCode } from './strategies/codeVersion/tenantCallKeys.ts';
import { reservationsCode } from './strategies/codeVersion/reservations.ts';
import { slotLocksCode } from './strategies/codeVersion/slotLocks.ts';
import { retellIdempotencyCode } from './strategies/codeVersion/retellIdempotency.ts';
import { casUndefinedMethodCode } from './strategies/codeVersion/casUndefinedMethod.ts';
import { datesOnlyCode } from './strategies/codeVersion/datesOnly.ts';
import { phaseAPlusCode } from './strategies/codeVersion/phaseAPlus.ts';
import { generationBump } from './strategies/invalidates/generationBump.ts';
import { layer1OnlyPreFixForgetList } from './strategies/invalidates/layer1OnlyPreFix.ts';
import { nothingForgotten } from './strategies/invalidates/nothing.ts';
import { phaseAPlusForgetList } from './strategies/invalidates/phaseAPlus.ts';
import { smartForgetList } from './strategies/invalidates/smart.ts';
import { coalescedRead } from './strategies/read/coalesced.ts';
import { coalescedJitterRead } from './strategies/read/coalescedJitter.ts';
import { leasedRead } from './strategies/read/leased.ts';
import { plainRead } from './strategies/read/plain.ts';
import { versionedRead } from './strategies/read/versioned.ts';
import { inlineInvalidation } from './strategies/when/inline.ts';
import { queuedInvalidation } from './strategies/when/queued.ts';

/** Phase A+ (`on`): what every axis a row leaves out stands for. */
export const defaultChoices: AxisChoices<AppContext> = {
  read: plainRead,
  invalidates: phaseAPlusForgetList,
  when: inlineInvalidation,
  availableGuard: unguardedAvailable,
  bookingGuard: unguardedBooking,
  ttlSeconds: {},
  code: phaseAPlusCode,
};

/**
 * The variants: the baselines, the later history of the same code (each cumulative on main's
 * synchronous clear, as its commit was), and designs that would close the race. A row names only the
 * axes it changes from `defaultChoices`.
 */
const table = [
  {
    name: 'off',
    family: 'baseline',
    summary: 'Before the fix: Layer 1 only, for the given team, today+0..29; without a team id (webhooks) the call fails and nothing is cleared.',
    origin: { commit: '0b36c48c8', date: '2025-10-20' },
    invalidates: layer1OnlyPreFixForgetList,
    code: beforeFixCode,
  },
  {
    name: 'on',
    family: 'baseline',
    summary:
      'Phase A+: Layer 1 for the given team or every team using the event type, today+0..29; Layer 2 for every ' +
      'service using the event type, today+0..6 × hour windows 9→10 … 18→19.',
    origin: { commit: '34a011586', date: '2025-10-21' },
  },
  {
    name: 'none',
    family: 'baseline',
    summary: 'No invalidation at all: entries live out their TTLs.',
    invalidates: nothingForgotten,
  },
  {
    name: 'l1-300-coalesce',
    family: 'later version',
    summary:
      'Phase A+ with Layer 1 TTL 300 s (60 s for a day without a free slot) and request coalescing of Layer 1 misses via Cache::lock (a waiter that gives up fetches and stores); ' +
      'getAvailableSlots accepts only Y-m-d dates, so the hourly check paths fail.',
    origin: { commit: 'e06c5837e', date: '2025-11-12' },
    read: coalescedRead,
    ttlSeconds: { layer1: 300 },
    code: datesOnlyCode,
  },
  {
    name: 'async-smart-clear',
    family: 'later version',
    summary:
      'A branch that never reached main: as l1-300-coalesce, but the invalidation is a queued job and clears only the ' +
      'booking date +1 day (Layer 1) and the booking hour ±1 h on those days (Layer 2).',
    origin: { commit: 'e68d4759a', date: '2025-11-11', branch: 'feature/calcom-rate-limit-optimization' },
    read: coalescedRead,
    invalidates: smartForgetList,
    when: queuedInvalidation,
    ttlSeconds: { layer1: 300 },
    code: datesOnlyCode,
  },
  {
    name: 'l1-300-cas-500',
    family: 'later version',
    summary:
      'l1-300-coalesce where the function-call check_availability calls CalcomAvailabilityService::isTimeSlotAvailable, ' +
      'a method that service does not have yet (RetellFunctionCallHandler 50749ce42:955): a PHP Error, HTTP 500 for every check on that endpoint.',
    origin: { commit: '50749ce42', date: '2025-11-13' },
    read: coalescedRead,
    ttlSeconds: { layer1: 300 },
    code: casUndefinedMethodCode,
  },
  {
    name: 'l1-300-cas',
    family: 'later version',
    summary:
      'l1-300-cas-500 with the method in place: the function-call check_availability reads its own calcom_slot:{eventType}:{Y-m-d_H:i} ' +
      'entry (30 s, "not available" included), filled by a direct Cal.com read of the slot outside Layer 1, its lock and the circuit breaker; no clear names it. ' +
      'The booking skips its re-check after a check (a re-check never finds the slot) and retries a conflict once (two breaker failures).',
    origin: { commit: '484a16e68', date: '2025-11-17' },
    read: coalescedRead,
    ttlSeconds: { layer1: 300 },
    code: casCheckCode,
  },
  {
    name: 'l2-60',
    family: 'later version',
    summary:
      'l1-300-cas (main\'s synchronous full clear) with Layer 2 TTL 60 s; the finder keys the branch with %s while the clear keeps %d, ' +
      'so clears miss UUID branches, and refuses a null company or branch (RuntimeException, an error answer); a lockForUpdate pre-check of the app\'s own appointments in collectAppointment\'s booking.',
    origin: { commit: '4434a4976', date: '2025-11-19' },
    read: coalescedRead,
    bookingGuard: ownAppointmentsPrecheck,
    ttlSeconds: { layer1: 300, layer2: 60 },
    code: branchAsStringCode,
  },
  {
    name: 'l2-30',
    family: 'later version',
    summary:
      'l2-60 with Layer 2 TTL 30 s; before each POST the day is read once more through getAvailableSlots on the team-less key ($company is never assigned): ' +
      'its loop walks the Response object, so a cache hit continues (ErrorException caught) and a miss is a PHP Error, HTTP 500, no booking; ' +
      'bookAppointment first refuses a slot the app has an appointment for ("gerade vergeben").',
    origin: { commit: '57b4aa6f6', date: '2025-11-21' },
    read: coalescedRead,
    bookingGuard: freshCalcomCheck,
    ttlSeconds: { layer1: 300, layer2: 30 },
    code: branchAsStringCode,
  },
  {
    name: 'l2-30-async',
    family: 'later version',
    summary:
      'l2-30 run with ASYNC_CALCOM_SYNC=true (RetellFunctionCallHandler 57b4aa6f6:2071, default false): after the pre-check of the app\'s appointments the caller hears "gebucht" at once, ' +
      'and SyncAppointmentToCalcomJob books at Cal.com ($tries=3, backoff 1 s, 5 s; no circuit breaker); a slot already taken fails three times and is flagged for manual review.',
    origin: { commit: '57b4aa6f6', date: '2025-11-21' },
    read: coalescedRead,
    bookingGuard: freshCalcomCheck,
    ttlSeconds: { layer1: 300, layer2: 30 },
    code: asyncSyncCode,
  },
  {
    name: 'finder-berlin',
    family: 'later version',
    summary:
      'l2-30 with 5c2cf134c\'s change alone: the finder converts Cal.com\'s UTC slot times to Europe/Berlin before it speaks them ' +
      '(AppointmentAlternativeFinder 5c2cf134c:376–1012), so an offered alternative is the slot it read. The commits between 57b4aa6f6 and it are not in this row.',
    origin: { commit: '5c2cf134c', date: '2025-12-14' },
    read: coalescedRead,
    bookingGuard: freshCalcomCheck,
    ttlSeconds: { layer1: 300, layer2: 30 },
    code: finderBerlinCode,
  },
  {
    name: 'tenant-keys',
    family: 'later version',
    summary:
      'l2-30 with 3a6012b85\'s change alone: the handler\'s per-call keys carry the call\'s company (call:{company}:{call}:last_availability_check, ' +
      'buildCacheKey 3a6012b85:94–112), written and read alike, so the booking step behaves as under l2-30. The commits between are not in this row.',
    origin: { commit: '3a6012b85', date: '2026-01-05' },
    read: coalescedRead,
    bookingGuard: freshCalcomCheck,
    ttlSeconds: { layer1: 300, layer2: 30 },
    code: tenantCallKeysCode,
  },
  {
    name: 'reservations',
    family: 'later version',
    summary:
      'l2-30 with ef7b6a35d\'s change alone: after Cal.com says "available" the function-call check queries the app\'s appointments for a pending or failed sync, ' +
      'on a column that does not exist (appointments.sync_status, RetellFunctionCallHandler ef7b6a35d:1601; fd25bd785 renames it): a QueryException, caught at 1773, so every "available" is an error answer. ' +
      'Its Redis lock check before booking needs FEATURE_SLOT_LOCKING (default false) and a7efdc503\'s locks, so is inert here. The commits between are not in this row.',
    origin: { commit: 'ef7b6a35d', date: '2025-11-24' },
    read: coalescedRead,
    bookingGuard: freshCalcomCheck,
    ttlSeconds: { layer1: 300, layer2: 30 },
    code: reservationsCode,
  },
  {
    name: 'reserve-slot',
    family: 'later version',
    summary:
      'l2-30 with the agent\'s reserve_slot after an "available" (f482d0c51\'s CalcomService::reserveSlot, 207c493f0\'s handler, as fixed on 12-14 by c5f564155, dc06f2846, 29e6f809e): ' +
      'POST /v2/slots/reservations for 5 min through the circuit breaker; a refused or failed reservation is an error answer; a held slot is missing from other callers\' reads and refused to their bookings. ' +
      'A Layer 1 lock waiter blocks 3 s (not 5), then pauses 20–80 ms and reads once more before its own fetch. ' +
      'The sync job\'s self-blocking (dc06f2846) needs ASYNC_CALCOM_SYNC and is not in this row; nor are the commits between.',
    origin: { commit: 'f482d0c51', date: '2025-12-13' },
    read: coalescedJitterRead,
    availableGuard: reserveSlotCall,
    bookingGuard: freshCalcomCheck,
    ttlSeconds: { layer1: 300, layer2: 30 },
    code: branchAsStringCode,
  },
  {
    name: 'slot-locks',
    family: 'later version',
    summary:
      'l2-30 with a7efdc503\'s change alone, run with FEATURE_SLOT_LOCKING=true (config/features.php a7efdc503:438, default false): the function-call check\'s "available" takes ' +
      'slot_lock:c{company}:s{service}:t{YmdHi} for 5 min by Cache::has then Cache::put (not atomic: two checks between the two both get it); a held lock, ' +
      'the caller\'s own included, answers "gerade von einem anderen Kunden gebucht" without alternatives. Only collect_appointment_data validates and releases it, ' +
      'from the agent\'s lock_key argument (RetellFunctionCallHandler a7efdc503:3948–3971, 4191); start_booking (bookAppointment) never reads it, so the lock lives out its 5 min. ' +
      'The commits between are not in this row.',
    origin: { commit: 'a7efdc503', date: '2025-11-23' },
    read: coalescedRead,
    bookingGuard: freshCalcomCheck,
    ttlSeconds: { layer1: 300, layer2: 30 },
    code: slotLocksCode,
  },
  {
    name: 'retell-idempotency',
    family: 'later version',
    summary:
      'l2-30 with fd25bd785\'s change alone: the synchronous start_booking first reads booking_success:{call} and answers its cached booking when present ' +
      '(RetellFunctionCallHandler fd25bd785:2298–2311); a booking Cal.com took writes it for 300 s (3306–3321). So a repeat of the call\'s booking after the first wrote its row ' +
      '(Retell\'s retry of a start_booking over 10 s, per the commit message) hears "gebucht" where l2-30\'s pre-check says "gerade vergeben". ' +
      'A repeat while the first still waits for Cal.com finds neither and posts, as under l2-30; a scenario runs a caller\'s steps one at a time, so it cannot step that, and no world setting sends retries. ' +
      'Not modelled: the pre-check\'s own-row test (3018–3067; the row and the key are written together here, so it matters only after 300 s); ' +
      'the 10 s timeout is CalcomV2Client\'s (69–72), not on the synchronous path. The commits between are not in this row.',
    origin: { commit: 'fd25bd785', date: '2025-11-26' },
    read: coalescedRead,
    bookingGuard: freshCalcomCheck,
    ttlSeconds: { layer1: 300, layer2: 30 },
    code: retellIdempotencyCode,
  },

  {
    name: 'versioned-keys',
    family: 'closing design',
    summary:
      'Every key carries the event type\'s generation (one extra cache read per lookup); invalidating is one increment, ' +
      'so every key form is covered and a fill that read before the increment writes a key nobody reads.',
    read: versionedRead,
    invalidates: generationBump,
  },
  {
    name: 'leases',
    family: 'closing design',
    summary: 'Phase A+ plus leases: a miss takes a token, the invalidation deletes it, and a fill stores only while it holds.',
    read: leasedRead,
  },
  {
    name: 'recheck',
    family: 'closing design',
    summary: 'Phase A+ plus a direct Cal.com read of the slot before the agent says "available" (one request per such answer).',
    availableGuard: recheckAtCalcom,
  },
  {
    name: 'reserve',
    family: 'closing design',
    summary: 'Phase A+ plus a Cal.com slot reservation for the caller before the agent says "available"; held while the caller decides.',
    availableGuard: reserveOnCheck,
  },
] as const satisfies readonly VariantRow<AppContext>[];

export type VariantName = (typeof table)[number]['name'];
/** The names `--fix` takes, in the table's order. */
export const variantNames: readonly VariantName[] = table.map((row) => row.name);

const byName = <T>(value: (row: VariantRow<AppContext>) => T) =>
  Object.fromEntries(table.map((row) => [row.name, value(row)])) as Readonly<Record<VariantName, T>>;

/** Each row as written: the axes it sets. */
export const variantRows = byName((row) => row);
/** Each variant with every axis chosen (the row's choices over the defaults). */
export const variants: Readonly<Record<VariantName, FixVariant<AppContext>>> = byName((row) => ({ ...defaultChoices, ...row }));
