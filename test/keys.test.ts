import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ZonedCalendar, type LocalTime } from '../sim/core/zonedTime.ts';
import { layer1Key, layer2Key } from '../sim/systems/askproai/keys.ts';
import type { ForgetListContext } from '../sim/systems/askproai/strategies/invalidates/forgetListKeys.ts';
import { layer1OnlyPreFixForgetList } from '../sim/systems/askproai/strategies/invalidates/layer1OnlyPreFix.ts';
import { phaseAPlusForgetList } from '../sim/systems/askproai/strategies/invalidates/phaseAPlus.ts';
import { defaultWorld, type Service } from '../sim/worldConfig.ts';

/** Golden vectors produced by PHP 8.2's sprintf/DateTime with the app's format strings (copied into test/fixtures/, see its README). */
const vectors = JSON.parse(readFileSync(new URL('./fixtures/php-key-vectors.json', import.meta.url), 'utf8'));

function parseLocal(text: string): LocalTime {
  const [date, time] = text.split(' ');
  const [year, month, day] = date.split('-').map(Number);
  const [hour, minute, second] = time.split(':').map(Number);
  return { year, month, day, hour, minute, second, ms: 0 };
}

/** Just enough of the app for keysToForget: the services, "today" and the clock. */
/** The vectors were made with services that carry a team id, as the summary (and the fix's own test) assume. */
function contextAt(todayIso: string, appTimezone: string, services: Service[]): ForgetListContext {
  return {
    world: { ...defaultWorld, services, appTimezone },
    profile: { serviceTeamColumn: true },
    appCalendar: new ZonedCalendar(appTimezone),
    clock: { now: Date.parse(`${todayIso}T12:00:00Z`) },
  };
}

describe('cache keys match PHP', () => {
  for (const v of vectors.layer2) {
    it(`layer 2: company ${JSON.stringify(v.company)} branch ${JSON.stringify(v.branch)} ${v.start}→${v.end} gives ${v.key}`, () => {
      expect(layer2Key(v.company, v.branch, v.eventType, parseLocal(v.start), parseLocal(v.end))).toBe(v.key);
    });
  }

  for (const v of vectors.layer1) {
    it(`layer 1: team ${JSON.stringify(v.team)} gives ${v.key}`, () => {
      expect(layer1Key(v.team, v.eventType, v.start, v.end)).toBe(v.key);
    });
  }

  it('Phase A+ forgets exactly the PHP key list, in order', () => {
    for (const v of vectors.phaseAPlus) {
      const ctx = contextAt(v.today, v.appTimezone, v.services.map((s: any) => ({ ...s, eventType: v.eventType })));
      const keys = phaseAPlusForgetList.keysToForget(ctx, v.eventType, v.teamId, null);
      expect(keys).toHaveLength(v.count);
      expect(keys).toEqual(v.keys);
    }
  });

  it('pre-fix forgets the 30 Layer 1 days of the given team, and nothing without a team', () => {
    for (const v of vectors.preFix) {
      const ctx = contextAt(v.today, 'UTC', [{ company: 1, branch: 0, team: v.teamId, eventType: v.eventType }]);
      expect(layer1OnlyPreFixForgetList.keysToForget(ctx, v.eventType, v.teamId, null)).toEqual(v.keys);
      expect(layer1OnlyPreFixForgetList.keysToForget(ctx, v.eventType, null, null)).toBeNull();
    }
  });
});
