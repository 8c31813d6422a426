import { isoUtc } from '../../core/zonedTime.ts';
import type { SlotsResponse } from '../../calcom/shapes.ts';
import type { Answer } from '../bookingSystem.ts';

/** A failed Cal.com call the app cannot answer around: "Es ist ein unerwarteter Fehler aufgetreten". */
export function errorAnswer(servedBy: Answer['servedBy']): Answer {
  return { outcome: 'error', servedBy, alternatives: [] };
}

/** Whether a slots body lists the slot (the code matches the exact start time). */
export function listsSlot(body: SlotsResponse, slotMs: number): boolean {
  const time = isoUtc(slotMs);
  return Object.values(body.data.slots).some((slots) => slots.some((s) => s.time === time));
}
