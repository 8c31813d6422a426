import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../sim/cli/main.ts';
import { parseStack } from '../sim/systems/stack/loadStack.ts';

const root = new URL('..', import.meta.url).pathname;
const scenario = join(root, 'scenarios/stacks/day-cache-alternatives.yaml');
const dayCache = readFileSync(join(root, 'scenarios/stacks/day-cache.yaml'), 'utf8');

/** The offered alternatives of each check in a `run --json` document, by step. */
async function offered(args: string[]): Promise<Record<number, { slots: string[]; stale: boolean[] }>> {
  const r = await runCli(['run', ...args, '--json']);
  const steps = JSON.parse(r.stdout).steps as { index: number; action: string; alternatives: { slot: string; stale: boolean }[] }[];
  return Object.fromEntries(steps.filter((s) => s.action === 'check_availability').map((s) => [s.index, { slots: s.alternatives.map((a) => a.slot.slice(11)), stale: s.alternatives.map((a) => a.stale) }]));
}

describe('stack alternatives read by the check\'s own key kind', () => {
  it('day: the finder searches the day entry it read, so the clears that reach the check reach the alternatives', async () => {
    const r = await runCli(['run', scenario, '--fix', 'on']);
    expect(r.code, r.stdout).toBe(0); // its expect: block pins every offer, in order
    const day = await offered([scenario, '--fix', 'on']);
    expect(day[4]).toEqual({ slots: ['12:30', '13:30'], stale: [false, true] }); // before the page booking's webhook
    expect(day[5]).toEqual({ slots: ['12:30', '12:00'], stale: [false, false] }); // after it: the clear reached the finder
    // The seed design's two-hour finder windows are named by no clear: E is still offered the taken 13:30.
    const seed = await offered([scenario, '--stack', join(root, 'scenarios/stacks/seed-design.yaml'), '--fix', 'on']);
    expect(seed[5]).toEqual({ slots: ['12:30', '13:30'], stale: [false, true] });
  });

  it('hour: the search stays within the slot\'s hour entry (13:00 asked: 13:30 and 14:00, not 12:30)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'racesim-ux-stack-'));
    writeFileSync(join(dir, 'hour-cache.yaml'), dayCache.replace(/key: day/g, 'key: hour').replace('name: day-cache', 'name: hour-cache'));
    const tc2 = join(root, 'scenarios/test-case-2-parallel-users.yaml');
    const hour = await offered([tc2, '--stack', join(dir, 'hour-cache.yaml'), '--fix', 'on']);
    expect(hour[2].slots).toEqual(['13:30', '14:00']);
    const windows = await offered([tc2, '--stack', join(root, 'scenarios/stacks/seed-design.yaml'), '--fix', 'on']);
    expect(windows[2].slots).toEqual(['12:30', '13:30']);
  });

  it('a slot key is refused with what to write instead; windows still work as before', () => {
    expect(() => parseStack(dayCache.replace('alternatives: { layer: day, key: day }', 'alternatives: { layer: day, key: slot }'), 's.yaml')).toThrow(
      /^s\.yaml:\d+: reads\.alternatives\.key: a slot entry holds only the asked slot to search; expected day, hour or \{ window: \{ before, after \} \}$/,
    );
    expect(parseStack(dayCache, 'day.yaml').reads.alternatives).toEqual({ layer: 0, key: { kind: 'day' } });
  });
});
