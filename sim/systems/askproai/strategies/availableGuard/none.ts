import type { AppContext } from '../../appContext.ts';
import type { AvailableGuard } from './availableGuard.ts';

/** The cache's "free" is the answer (Phase A+). */
export const unguardedAvailable: AvailableGuard<AppContext> = {
  name: 'none',
  *guard(_ctx, _request, servedBy) {
    return { free: true, servedBy };
  },
};
