import { addLocal } from '../../../../core/zonedTime.ts';
import { forgetList } from './forgetList.ts';
import { LAYER1_DAYS, LAYER2_DAYS, LAYER2_FIRST_HOUR, LAYER2_LAST_HOUR, layer1Days, layer2Hours, range, teamsFor, today } from './forgetListKeys.ts';

/** Phase A+ (the fix): Layer 1 for today+0..29 per team, Layer 2 for today+0..6 × hours 9..18 per service. */
export const phaseAPlusForgetList = forgetList('phase-a-plus', (ctx, eventType, teamId) => {
  const from = today(ctx);
  const keys = teamsFor(ctx, eventType, teamId).flatMap((team) => layer1Days(team, eventType, from, LAYER1_DAYS));
  const days = range(0, LAYER2_DAYS - 1).map((d) => addLocal(from, d));
  return keys.concat(layer2Hours(ctx, eventType, days, range(LAYER2_FIRST_HOUR, LAYER2_LAST_HOUR)));
});
