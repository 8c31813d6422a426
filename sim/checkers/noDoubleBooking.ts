import type { LedgerBooking } from '../calcom/fakeCalcom.ts';
import { invalid, valid, type Verdict } from './checker.ts';
import { callsInStepOrder, type JudgedRun } from './judgedRun.ts';
import { registerProperty } from './registry.ts';

/** The first slot Cal.com holds two bookings for, with the steps that booked it. */
function doubleBookingVerdict(run: JudgedRun): Verdict {
  const holders = new Map<string, LedgerBooking>();
  for (const booking of run.ledger) {
    const key = `${booking.eventTypeId}@${booking.startMs}`;
    const holder = holders.get(key);
    // A booking cancelled on Cal.com's page before the next one was accepted no longer holds the slot.
    if (!holder || (holder.cancelled && holder.cancelled.order < booking.acceptedOrder)) {
      holders.set(key, booking);
      continue;
    }
    const takers = run.ledger.filter((b) => `${b.eventTypeId}@${b.startMs}` === key).map((b) => b.bookedBy);
    const steps = callsInStepOrder(run)
      .map(({ record }) => record)
      .filter((r) => r.answer.outcome === 'booked' && takers.includes(r.caller));
    return invalid(
      run,
      `two bookings for one slot (${steps.map((r) => `${r.caller} at step ${r.index}`).join(', ')})`,
      steps.map((r) => ({ step: r.index, outcome: 'booked' as const })),
    );
  }
  return valid;
}

const summary = 'Cal.com never holds two bookings for one slot';
registerProperty({ name: 'no-double-booking', summary, make: () => ({ name: 'no-double-booking', summary, check: doubleBookingVerdict }) });
