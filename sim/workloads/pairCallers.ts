import type { World } from '../world.ts';
import { slotPicker } from './callers.ts';
import type { Workload } from './workload.ts';

/**
 * The two-caller experiment: A asks for a slot at the start and books it after a think time; B asks for
 * the same slot `gapSeconds` after A's booking was answered, and books it if told it is free.
 */
export function spawnPair(world: World, workload: Workload, gapSeconds: number): void {
  const slot = slotPicker(world, workload, world.streams.stream('slots'))(workload.startMs);
  const decisions = world.streams.stream('decisions');
  const [minThink, maxThink] = workload.callers.thinkSeconds;
  world.spawnCall(workload.startMs, { index: 0, caller: 'A', action: 'check_availability', service: 0, slot }, () => {
    const think = Math.round(decisions.uniform(minThink, maxThink) * 1000);
    world.spawnCall(world.sim.now + think, { index: 1, caller: 'A', action: 'create_booking', service: 0, slot }, () => {
      world.spawnCall(world.sim.now + gapSeconds * 1000, { index: 2, caller: 'B', action: 'check_availability', service: 0, slot }, (answer) => {
        if (answer.outcome === 'available') world.spawnCall(world.sim.now, { index: 3, caller: 'B', action: 'create_booking', service: 0, slot });
      });
    });
  });
}
