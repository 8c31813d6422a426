import { describe, expect, it } from 'vitest';
import { calendarFor } from '../sim/core/zonedTime.ts';
import { instantHeardFor, instantTestedFor } from '../sim/systems/askproai/wallClock.ts';

describe('the code\'s UTC H:i slot matching', () => {
  const berlin = calendarFor('Europe/Berlin');
  const at = (iso: string) => Date.parse(iso);
  it('tests the slot whose UTC wall-clock reads as the asked local time: 15:00 in summer, 14:00 in winter', () => {
    expect(instantTestedFor({ year: 2025, month: 10, day: 20, hour: 13, minute: 0, second: 0, ms: 0 })).toBe(at('2025-10-20T13:00:00Z'));
    expect(berlin.toLocal(at('2025-10-20T13:00:00Z')).hour).toBe(15);
    expect(berlin.toLocal(at('2025-10-27T13:00:00Z')).hour).toBe(14);
  });
  it('a slot spoken in UTC is heard as that local time: 13:00 Berlin (11:00Z) is heard as 11:00 Berlin', () => {
    expect(instantHeardFor(at('2025-10-20T11:00:00Z'), berlin)).toBe(at('2025-10-20T09:00:00Z'));
    expect(instantHeardFor(at('2025-10-20T11:00:00Z'), calendarFor('UTC'))).toBe(at('2025-10-20T11:00:00Z'));
  });
});
