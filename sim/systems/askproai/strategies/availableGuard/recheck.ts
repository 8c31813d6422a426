import { isoUtc } from '../../../../core/zonedTime.ts';
import type { AppContext } from '../../appContext.ts';
import { listsSlot } from '../../answers.ts';
import type { AvailableGuard } from './availableGuard.ts';

/** The `recheck` design: one direct `GET /slots` for the slot itself, past both caches; Cal.com's answer is the agent's. */
export const recheckAtCalcom: AvailableGuard<AppContext> = {
  name: 'recheck',
  *guard(ctx, request) {
    const { eventType } = request.service;
    const reply = yield* ctx.calcomClient.call(() => {
      if (ctx.tracing) ctx.note(`calcom.slots eventType=${eventType} recheck ${isoUtc(request.slotMs)}`);
      return ctx.calcom.slots(eventType, request.slotMs, request.slotMs);
    }, request.latencyMs);
    return { free: reply.ok ? listsSlot(reply.value, request.slotMs) : null, servedBy: 'calcom' };
  },
};
