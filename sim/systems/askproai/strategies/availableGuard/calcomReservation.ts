import type { Process } from '../../../../core/simulation.ts';
import { isoUtc } from '../../../../core/zonedTime.ts';
import type { CallRequest } from '../../../bookingSystem.ts';
import type { AppContext } from '../../appContext.ts';

/**
 * `POST /v2/slots/reservations` for the caller through the Cal.com client: true when the slot is now
 * held for them, false when Cal.com refused, null when the call failed. `refusedAs` is how the trace
 * names a refusal (the designs and the code's reserve_slot read it differently).
 */
export function* reserveAtCalcom(ctx: AppContext, request: CallRequest, refusedAs: string): Process<boolean | null> {
  const { eventType } = request.service;
  const reply = yield* ctx.calcomClient.call(() => {
    const held = ctx.calcom.reserve(eventType, request.slotMs, request.caller);
    if (ctx.tracing) ctx.note(`calcom.reserve eventType=${eventType} start=${isoUtc(request.slotMs)} -> ${held ? 201 : refusedAs}`);
    return held;
  }, request.latencyMs);
  return reply.ok ? reply.value : null;
}
