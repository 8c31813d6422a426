import { hi, ymd, type LocalTime, type ZonedCalendar } from '../core/zonedTime.ts';
import type { WorldConfig } from '../worldConfig.ts';
import type { Step } from './scenario.ts';
import type { YamlSource } from './yamlSource.ts';

const hhmm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/**
 * Why a step's slot cannot happen in this world, or undefined: Cal.com offers only slots inside business
 * hours on the slotMinutes grid from opening time, and no caller asks for (or books) a slot already begun.
 */
function impossibility(local: LocalTime, atMs: number, world: WorldConfig, calendar: ZonedCalendar): string | undefined {
  const { open, close } = world.businessHours;
  const minute = local.hour * 60 + local.minute;
  const slot = `${ymd(local)} ${hi(local)}`;
  if (minute < open || minute + world.slotMinutes > close) {
    return `${slot} is outside business hours ${hhmm(open)}–${hhmm(close)} (a ${world.slotMinutes}-minute slot must start and end inside them)`;
  }
  if ((minute - open) % world.slotMinutes !== 0) return `${slot} is off the ${world.slotMinutes}-minute slot grid that starts at ${hhmm(open)}`;
  if (calendar.toUtc(local) < atMs) return `${slot} has begun before the step's own time`;
  return undefined;
}

/** Refuses the first step whose slot cannot happen, naming its line; `allowImpossible` (file or --allow-impossible) lets a scenario model one on purpose. */
export function checkSlotsPossible(source: YamlSource, steps: readonly Step[], world: WorldConfig, calendar: ZonedCalendar): void {
  for (const step of steps) {
    for (const [field, local] of [['slot', step.slot], ['to', step.to]] as const) {
      const why = local && impossibility(local, step.atMs, world, calendar);
      if (why) throw source.error(['steps', step.index, field], `${why}; set allowImpossible: true (or --allow-impossible) to model it anyway`);
    }
  }
}
