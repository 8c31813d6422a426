import { isoUtc } from '../../../../core/zonedTime.ts';
import type { AppContext } from '../../appContext.ts';
import type { AvailableGuard } from './availableGuard.ts';

/** The `reserve` design: `POST /v2/slots/reservations` for the caller; only a held slot is "available". */
export const reserveOnCheck: AvailableGuard<AppContext> = {
  name: 'reserve',
  *guard(ctx, request, servedBy) {
    const { eventType } = request.service;
    const reply = yield* ctx.calcomClient.call(() => {
      const held = ctx.calcom.reserve(eventType, request.slotMs, request.caller);
      if (ctx.tracing) ctx.note(`calcom.reserve eventType=${eventType} start=${isoUtc(request.slotMs)} -> ${held ? 201 : 'taken'}`);
      return held;
    }, request.latencyMs);
    return { free: reply.ok ? reply.value : null, servedBy };
  },
};
