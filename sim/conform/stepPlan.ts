import type { HistoryEvent } from '../core/history.ts';
import { onCalcomPage } from '../core/vocabulary.ts';
import type { CallRecord } from '../metrics/history.ts';

/**
 * What the code is asked to do for one step: the app's units as the model's step called them, in order.
 * The controllers are not driven (see conform.ts), so a step's calls come from the model's history;
 * what each unit then reads, writes, requests and answers is the code's own.
 */
export type Unit =
  /** `CalcomService::getAvailableSlots(eventType, start, end, team)`. */
  | { readonly unit: 'slots'; readonly eventType: number; readonly start: string; readonly end: string; readonly team: number | null }
  /** `AppointmentAlternativeFinder::findAlternatives` for the step's slot, with the tenant the model's Layer 2 key names (none: `0_0`). */
  | { readonly unit: 'finder'; readonly eventType: number; readonly tenant: boolean }
  /** `CalcomService::clearAvailabilityCacheForEventType(eventType, team)`: a webhook's without a team, a step's with its service's. */
  | { readonly unit: 'clear'; readonly eventType: number; readonly webhook: boolean }
  /** The booking POST (made as the model makes it: CalcomService::createBooking is not driven). */
  | { readonly unit: 'book' };

export interface StepPlan {
  readonly units: readonly Unit[];
  /** The slot the model's handler tested (its UTC `H:i` matching may test another than the one asked). */
  readonly testedMs: number;
}

/** `calcom:slots:[team:]eventType:start:end`, where start and end may be `Y-m-d` or `Y-m-d H:i:s`. */
const LAYER1 = /^calcom:slots:(?:(\d+):)?(\d+):(\d{4}-\d\d-\d\d(?: \d\d:\d\d:\d\d)?):(\d{4}-\d\d-\d\d(?: \d\d:\d\d:\d\d)?)$/;
const LAYER2 = /^cal_slots_(-?\d+)_([^_]*)_(\d+)_/;
const VALIDATION_FAILED = /^calcom\.getAvailableSlots (\S+(?: \S+)?)\.\.(\S+(?: \S+)?): validation failed/;

/**
 * The plan of every app process of the model's run, by its label (`A#2`, `webhook:booking-1`): the
 * Layer 1 reads outside the finder, the finder (from its first Layer 2 read to the step's end), a clear
 * (its forgets), the booking. A Layer 1 read the code version's validation refused has no event type (NaN): the step's service gives it.
 */
export function stepPlans(events: readonly HistoryEvent[], records: readonly CallRecord[]): Map<string, StepPlan> {
  const appSteps = records.filter((r) => !onCalcomPage(r.action));
  const tested = new Map(appSteps.map((r) => [`${r.caller}#${r.index}`, r.answer.readSlotMs ?? r.answer.precheck?.readSlotMs ?? r.slotMs]));
  // Every step of the app has a plan, an empty one too: the code run takes a caller's plans in order.
  const byLabel = new Map<string, Unit[]>([...tested.keys()].map((label) => [label, []]));
  /**
   * Processes whose last Layer 1 read missed and has not stored its fill yet: a coalesced read asks the
   * key once more after taking its lock, which is the same call. Any other read of the key is a new call.
   */
  const missed = new Set<string>();
  for (const event of events) {
    const units = byLabel.get(event.by) ?? [];
    const unit = unitOf(event, units.at(-1), missed.has(event.by));
    if (unit) units.push(unit);
    if (event.kind === 'cache.get' && LAYER1.test(event.key) && units.at(-1)?.unit === 'slots') {
      if (!event.hit && unit) missed.add(event.by);
      else missed.delete(event.by);
    }
    if (event.kind === 'cache.put' && LAYER1.test(event.key)) missed.delete(event.by);
    if (units.length > 0 && (byLabel.has(event.by) || event.by.startsWith('webhook:'))) byLabel.set(event.by, units);
  }
  return new Map([...byLabel].map(([label, units]) => [label, { units, testedMs: tested.get(label) ?? Number.NaN }]));
}

/** The unit an event starts, or null when it belongs to the one before (or to none). */
function unitOf(event: HistoryEvent, last: Unit | undefined, lastMissed: boolean): Unit | null {
  if (event.kind === 'calcom.accepted') return { unit: 'book' };
  if (event.kind === 'note') {
    const failed = VALIDATION_FAILED.exec(event.text);
    return failed ? { unit: 'slots', eventType: Number.NaN, start: failed[1], end: failed[2], team: null } : null;
  }
  if (event.kind === 'cache.forget') {
    // A lock's release is part of the read that took it.
    if (last?.unit === 'clear' || !isLayerKey(event.key)) return null;
    return { unit: 'clear', eventType: eventTypeOfKey(event.key), webhook: event.by.startsWith('webhook:') };
  }
  if (event.kind !== 'cache.get' || last?.unit === 'finder') return null;
  const layer2 = LAYER2.exec(event.key);
  if (layer2) return { unit: 'finder', eventType: Number(layer2[3]), tenant: layer2[1] !== '0' };
  const layer1 = LAYER1.exec(event.key);
  if (!layer1) return null;
  const unit: Unit = { unit: 'slots', eventType: Number(layer1[2]), start: layer1[3], end: layer1[4], team: layer1[1] ? Number(layer1[1]) : null };
  return last?.unit === 'slots' && lastMissed && sameRead(last, unit) ? null : unit;
}

const sameRead = (a: Unit & { unit: 'slots' }, b: Unit & { unit: 'slots' }) => a.eventType === b.eventType && a.start === b.start && a.end === b.end && a.team === b.team;

function eventTypeOfKey(key: string): number {
  const layer1 = LAYER1.exec(key);
  if (layer1) return Number(layer1[2]);
  const layer2 = LAYER2.exec(key);
  return layer2 ? Number(layer2[3]) : Number.NaN;
}

/** Whether a key is one the model keeps (Layer 1 or Layer 2): breaker state and lock keys are the code's alone. */
export const isLayerKey = (key: string): boolean => LAYER1.test(key) || LAYER2.test(key);
