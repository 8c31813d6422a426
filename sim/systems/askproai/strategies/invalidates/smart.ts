import { addLocal, startOfDay } from '../../../../core/zonedTime.ts';
import { forgetList } from './forgetList.ts';
import { layer1Days, layer2Hours, range, teamsFor } from './forgetListKeys.ts';
import { phaseAPlusForgetList } from './phaseAPlus.ts';

/**
 * The "smart" clear (2025-11-11, e68d4759a): only the booking's date and the day after, and on Layer 2
 * only the booking's hour ±1 h. Without a known slot (no start time) it falls back to Phase A+.
 */
export const smartForgetList = forgetList('smart', (ctx, eventType, teamId, slot) => {
  if (!slot) return phaseAPlusForgetList.keysToForget(ctx, eventType, teamId, slot);
  const date = startOfDay(slot);
  const keys = teamsFor(ctx, eventType, teamId).flatMap((team) => layer1Days(team, eventType, date, 2));
  const hours = range(Math.max(0, slot.hour - 1), Math.min(23, slot.hour + 1));
  return keys.concat(layer2Hours(ctx, eventType, [date, addLocal(date, 1)], hours));
});
