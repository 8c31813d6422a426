import type { AppContext } from '../../appContext.ts';
import type { AvailableGuard } from './availableGuard.ts';
import { reserveAtCalcom } from './calcomReservation.ts';

/** The `reserve` design: `POST /v2/slots/reservations` for the caller; only a held slot is "available". */
export const reserveOnCheck: AvailableGuard<AppContext> = {
  name: 'reserve',
  *guard(ctx, request, servedBy) {
    return { free: yield* reserveAtCalcom(ctx, request, 'taken'), servedBy };
  },
};
