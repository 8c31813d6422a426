import { addLocal, compareDay, hi, startOfDay, ymd, ymdH, type LocalTime } from '../../core/zonedTime.ts';
import type { Service } from '../../worldConfig.ts';
import type { KeyKind, ReadKey, StackDefinition, StackLayer, Tenancy } from './stackDefinition.ts';

/**
 * The local time range a key names. Its text is what the cache key carries: a slot `Y-m-dTH:i`, a day
 * `Y-m-d`, an hour or a window `Y-m-d-H_Y-m-d-H` (start and end hour, as the seed's Layer 2 keys, so an
 * hour key and a one-hour window key are the same entry).
 */
export interface Span {
  readonly start: LocalTime;
  readonly end: LocalTime;
  readonly text: string;
}

export const slotSpan = (slot: LocalTime): Span => ({ start: slot, end: slot, text: `${ymd(slot)}T${hi(slot)}` });
export const daySpan = (day: LocalTime): Span => ({ start: startOfDay(day), end: startOfDay(day), text: ymd(day) });
export const windowSpan = (start: LocalTime, end: LocalTime): Span => ({ start, end, text: `${ymdH(start)}_${ymdH(end)}` });

export function hourSpan(time: LocalTime): Span {
  const start = { ...time, minute: 0, second: 0, ms: 0 };
  return windowSpan(start, addLocal(start, 0, 1));
}

/** The span a read path asks for around the wanted slot; a window on the check path is not clipped to business hours. */
export function readSpan(key: ReadKey, slot: LocalTime): Span {
  switch (key.kind) {
    case 'slot':
      return slotSpan(slot);
    case 'hour':
      return hourSpan(slot);
    case 'day':
      return daySpan(slot);
    case 'window':
      return windowSpan(addLocal(slot, 0, -key.before), addLocal(slot, 0, key.after));
  }
}

/** The key of the next layer that covers `from` (a window layer is read by hour when it fills another). */
export function spanOfKind(kind: KeyKind, from: LocalTime): Span {
  if (kind === 'day') return daySpan(from);
  return kind === 'slot' ? slotSpan(from) : hourSpan(from);
}

/** The local days a span touches, first to last: an entry holds every slot of them (fills are not cut to the key). */
export function daysSpanned(span: Span): LocalTime[] {
  const days: LocalTime[] = [];
  for (let day = startOfDay(span.start); compareDay(day, span.end) <= 0; day = addLocal(day, 1)) days.push(day);
  return days;
}

/** A team of 0 (PHP falsy) has no team of its own: such services share one entry. */
export const teamPart = (team: number | null) => (team ? `team-${team}` : 'team-none');
const servicePart = (service: Service) => `svc-${encodeURIComponent(String(service.company))}-${encodeURIComponent(String(service.branch))}`;

export function tenantPart(tenancy: Tenancy, service: Service): string {
  if (tenancy === 'team') return teamPart(service.team);
  return tenancy === 'service' ? servicePart(service) : 'all';
}

/** `stack:<layer>:<tenant>:<eventType>:<span>`. */
export const entryKey = (layer: StackLayer, tenant: string, eventType: number, span: Span) => `stack:${layer.name}:${tenant}:${eventType}:${span.text}`;

const ENTRY_KEY = /^stack:[^:]+:[^:]+:(\d+):/;

/** The layer of the stack whose entry a key is (`stack:<layer>:…`), or null for other keys (locks). */
export function layerOfKey(definition: StackDefinition, key: string): string | null {
  return definition.layers.find((layer) => key.startsWith(`stack:${layer.name}:`))?.name ?? null;
}

/** What a stack entry says is free, for the staleness recorder; null for other keys (locks). */
export function freeSlotsInStackEntry(key: string, value: unknown): { eventType: number; times: readonly string[] } | null {
  const m = ENTRY_KEY.exec(key);
  return m ? { eventType: Number(m[1]), times: value as string[] } : null;
}
