import { forgetList } from './forgetList.ts';
import { LAYER1_DAYS, layer1Days, today } from './forgetListKeys.ts';

/** Before the fix (0b36c48c8): Layer 1 only, for the given team, today+0..29; without a team id the call is a TypeError. */
export const layer1OnlyPreFixForgetList = forgetList('layer1-only', (ctx, eventType, teamId) =>
  teamId === null ? null : layer1Days(teamId, eventType, today(ctx), LAYER1_DAYS),
);
