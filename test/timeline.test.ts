import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { HistoryEvent } from '../sim/core/history.ts';
import { renderTimelineHtml } from '../sim/reports/timeline.ts';
import { focusOnCall } from '../sim/reports/timeline/focus.ts';
import { loadScenarioFile, parseScenario } from '../sim/scenario/loadScenario.ts';
import { runScenario } from '../sim/scenario/runScenario.ts';
import { defaultSystem, systemFor } from '../sim/systems/registry.ts';
import type { SystemPlugin } from '../sim/systems/systemPlugin.ts';

const tc2 = loadScenarioFile(new URL('../scenarios/test-case-2-parallel-users.yaml', import.meta.url).pathname);
const runs = (fixes: string[], system?: SystemPlugin) => fixes.map((fix) => ({ scenario: tc2, run: runScenario(tc2, { fix, seed: 1, system }), system }));
const askproai = (name: string) => loadScenarioFile(new URL(`../scenarios/askproai/${name}.yaml`, import.meta.url).pathname);
const attribute = (html: string, element: RegExp, name: string) => new RegExp(`${name}="([^"]*)"`).exec(element.exec(html)?.[0] ?? '')?.[1];
const ids = (events: readonly HistoryEvent[], keep: (e: HistoryEvent) => boolean) => events.filter(keep).map((e) => e.id);

describe('the causal timeline', () => {
  it("test case 2, off: B's stale answer names its entry, the fill, the Cal.com read, A's booking, the clear that skipped it and the failed webhook", () => {
    const [off] = runs(['off']);
    const html = renderTimelineHtml([off]);
    const { events } = off.run;
    const hit = events.find((e) => e.kind === 'cache.get' && e.by === 'B#2' && e.hit)!;
    const fill = hit.kind === 'cache.get' ? events.find((e) => e.id === hit.entry)! : undefined;
    const read = fill?.kind === 'cache.put' ? fill.source!.event : -1;
    const accepted = events.find((e) => e.kind === 'calcom.accepted' && e.by === 'A#1')!;
    const expected = [
      hit.id,
      fill!.id,
      read,
      accepted.id,
      ...ids(events, (e) => e.kind === 'cache.forget' && e.removed && e.cause === accepted.id),
      ...ids(events, (e) => e.by === 'webhook:booking-1'),
    ].sort((a, b) => a - b);
    const chain = attribute(html, /<g class="mark stale answer"[^>]*data-step="2"[^>]*>/, 'data-chain');
    expect(chain?.split(' ').map(Number)).toEqual(expected);
    const label = attribute(html, /<g class="mark stale answer"[^>]*>/, 'aria-label')!;
    expect(label).toContain('Why: from a Layer 2 (cal_slots, 300 s) entry');
    expect(label).toContain('TypeError, nothing cleared');
  });

  it('draws each entry from its fill to its expiry or clear, its key on hover', () => {
    const [off, on] = runs(['off', 'on']).map((r) => renderTimelineHtml([r]));
    const bar = (html: string) => /<g class="entry" data-entry="6"><title>([^<]*)<\/title>/.exec(html)?.[1];
    expect(bar(off)).toBe('cal_slots_1_0_123_2025-10-20-13_2025-10-20-14: filled at 10:00:00.000, expires at 10:05:00.000');
    expect(bar(on)).toBe('cal_slots_1_0_123_2025-10-20-13_2025-10-20-14: filled at 10:00:00.000, cleared by A#1 at 10:00:05.000');
  });

  it('off,on: one line says where each answer of the first differing step came from, columns share one axis', () => {
    const html = renderTimelineHtml(runs(['off', 'on']));
    expect(/<p class="difference">([^<]*)<\/p>/.exec(html)?.[1]).toBe(
      'Step 2: off: B told &quot;available&quot; (stale) from a Layer 2 (cal_slots, 300 s) entry (cal_slots_1_0_123_2025-10-20-13_2025-10-20-14) filled at 10:00:00.000 by A#0; ' +
        'on: B told &quot;unavailable&quot; from Cal.com, read at 10:00:07.000, after A#1 cleared the entry that &quot;off&quot; read, at 10:00:05.000.',
    );
    expect(html).toContain('<div class="columns" style="--columns:2">');
    const widths = [...html.matchAll(/<svg [^>]*width="(\d+)"/g)].map((m) => m[1]);
    expect(new Set(widths).size).toBe(1);
  });

  it('marks each answer when it arrived, linked to when its request started', () => {
    const html = renderTimelineHtml(runs(['off']));
    expect(attribute(html, /<g class="mark rejected answer"[^>]*>/, 'data-invoked')).toBe('10:00:10.000');
    expect(attribute(html, /<g class="mark rejected answer"[^>]*>/, 'data-time')).toBe('10:00:10.000');
    expect(html.match(/class="wait"/g)).toHaveLength(4);
  });

  it("takes lanes, TTLs and key layers from the system's plug-in, not from names it knows", () => {
    const stack = systemFor('stack', new URL('../scenarios/stacks/single-layer-60s.yaml', import.meta.url).pathname);
    const html = renderTimelineHtml(runs(['off'], stack));
    const laneNames = (page: string) => [...page.matchAll(/class="lane-name">([^<]*)/g)].map((m) => m[1]);
    expect(laneNames(html)).toEqual(['caller A', 'caller B', 'layer1', 'Cal.com', 'Webhooks']);
    expect(html).toContain('(day keys per team, 60 s)');
    expect(html).toMatch(/data-lane="layer1"[^>]*>[^]*?stack:layer1:/);
    const renamed: SystemPlugin = { ...defaultSystem, layers: (world, variant) => defaultSystem.layers(world, variant).map((l) => ({ ...l, label: `Cache ${l.name} (${l.ttlSeconds * 2} s)` })) };
    const custom = renderTimelineHtml(runs(['off'], renamed));
    expect(custom).toContain('>Cache layer2<tspan x="8" dy="13" class="lane-detail">(600 s)</tspan>');
    expect(laneNames(custom)).toEqual(['caller A', 'caller B', 'Cache layer2', 'Cache layer1', 'Cal.com', 'Webhooks']);
  });

  it('askproai and stack plug-ins classify their own keys', () => {
    expect(defaultSystem.classifyKey?.('cal_slots_1_0_123_2025-10-20-13_2025-10-20-14')).toBe('layer2');
    expect(defaultSystem.classifyKey?.('calcom:slots:1:123:2025-10-20:2025-10-20')).toBe('layer1');
    expect(defaultSystem.classifyKey?.('calcom:slots_generation:123')).toBeNull();
    const stack = systemFor('stack', new URL('../scenarios/stacks/seed-design.yaml', import.meta.url).pathname);
    expect(stack.classifyKey?.('stack:layer2:svc-1-0:123:2025-10-20-13_2025-10-20-14')).toBe('layer2');
    expect(stack.classifyKey?.('lock:stack:layer1:x')).toBeNull();
  });

  it("seed-stale-alternative, on: C's stale alternative names the Layer 2 window entry it came from, its fill, the booking that took 13:00 and the clears that missed the entry", () => {
    const scenario = askproai('seed-stale-alternative');
    const run = runScenario(scenario, { fix: 'on', seed: 1 });
    const html = renderTimelineHtml([{ scenario, run }]);
    const window = 'cal_slots_1_0_123_2025-10-20-12_2025-10-20-14';
    expect(run.report.steps[4].alternatives[0]).toMatchObject({ slot: '2025-10-20 13:00', entryKey: window, stale: true });
    const hit = run.events.find((e) => e.kind === 'cache.get' && e.by === 'C#4' && e.key === window && e.hit);
    const fill = hit?.kind === 'cache.get' ? run.events.find((e) => e.id === hit.entry) : undefined;
    expect(fill).toMatchObject({ kind: 'cache.put', key: window, by: 'B#2' });
    const booking = run.events.find((e) => e.kind === 'calcom.accepted' && e.by === 'B#3')!;
    const chain = attribute(html, /<g class="mark stale answer"[^>]*data-step="4"[^>]*>/, 'data-chain')!.split(' ').map(Number);
    expect(chain).toEqual(expect.arrayContaining([hit!.id, fill!.id, booking.id]));
    const label = attribute(html, /<g class="mark stale answer"[^>]*data-step="4"[^>]*>/, 'aria-label')!;
    expect(label).toContain(`offered 13:00 from a Layer 2 (cal_slots, 300 s) entry (${window}) filled at 10:00:03.000 by B#2`);
    expect(label).toContain('already taken: booking booking-3 by B accepted at 10:00:05.000, what followed did not clear this entry: B#3 cleared calcom:slots:1:123:2025-10-20:2025-10-20 at 10:00:05.000; B#3 cleared cal_slots_1_0_123_2025-10-20-12_2025-10-20-13');
    // Y's and Z's bookings of 12:00 and 12:30 made the direct answer true, not the alternative stale.
    expect(label).not.toContain('booking-2');
  });

  it("an example narrowed to C's call keeps the booking of the offered slot already taken (by a caller who asked for that slot itself), so its why still names it", () => {
    const scenario = parseScenario(
      `name: focus-on-offered-slot
timezone: Europe/Berlin
profile: seed
start: "2025-10-20 10:00:00"
steps:
  - { at: "10:00:00", caller: X, action: external_booking, slot: "2025-10-20 12:00" }
  - { at: "10:00:00.500", caller: Y, action: external_booking, slot: "2025-10-20 12:30" }
  - { at: "10:00:03", caller: B, action: check_availability, slot: "2025-10-20 12:30" }
  - { at: "10:00:05", caller: W, action: create_booking, slot: "2025-10-20 13:00" }
  - { at: "10:00:10", caller: C, action: check_availability, slot: "2025-10-20 12:30" }
`,
      'focus.yaml',
    );
    const run = runScenario(scenario, { fix: 'on', seed: 1 });
    expect(run.report.steps[4].alternatives[0]).toMatchObject({ slot: '2025-10-20 13:00', stale: true });
    const focused = focusOnCall(run, 4);
    expect(focused.report.steps.map((s) => s.caller)).toEqual(['Y', 'B', 'W', 'C']);
    const label = attribute(renderTimelineHtml([{ scenario, run: focused }]), /<g class="mark stale answer"[^>]*data-step="4"[^>]*>/, 'aria-label');
    expect(label).toContain('already taken: booking booking-3 by W accepted at 10:00:05.000, what followed did not clear this entry: W#3 cleared');
  });

  it('asked 10:00, tested 11:00, offered 10:30 spoken in UTC: the timeline shows the tested and read slots and blames no cache or webhook', () => {
    const scenario = askproai('utc-spoken-alternative-taken');
    const html = renderTimelineHtml([{ scenario, run: runScenario(scenario, { fix: 'on', seed: 1 }) }]);
    const answer = /<g class="mark stale answer"[^>]*data-step="2"[^>]*>/;
    const label = attribute(html, answer, 'aria-label')!;
    expect(label).toContain('FALSE &quot;unavailable&quot; (wrong-slot: tested 11:00), STALE alternative 10:30 (wrong-slot: read 11:30, spoken in UTC): check availability 2025-11-20 10:00 [tested 11:00]');
    expect(label).toContain('offered 10:30 [read 11:30] (already taken), 09:00 [read 10:00]');
    expect(label).toContain('asked 10:00, tested 11:00 (the code matches the slot&#39;s UTC H:i); 11:00 booked by Z (booking-1)');
    expect(label).toContain('offered 10:30 (read 11:30, spoken as its UTC H:i) from a Layer 2 (cal_slots, 300 s) entry (cal_slots_0_0_123_2025-11-20-10_2025-11-20-12)');
    expect(label).toContain('already taken: booking booking-2 by Y accepted at 08:00:00.500, wrong-slot: the finder read 11:30 and spoke its UTC H:i, not a stale cache');
    expect(label).not.toMatch(/webhook|cleared/);
    expect(html).toMatch(/<tr class="stale" data-id="\d+"><td>08:00:05.000<\/td><th scope="row">caller B<\/th><td>⚠ FALSE &quot;unavailable&quot; \(wrong-slot: tested 11:00\)/);
  });

  it('a difference line says "(stale)" of a direct answer only: C told the truth and was offered a taken slot', () => {
    const scenario = askproai('finder-offers-taken-slot');
    const html = renderTimelineHtml(['off', 'on'].map((fix) => ({ scenario, run: runScenario(scenario, { fix, seed: 1 }) })));
    expect(/<p class="difference">([^<]*)<\/p>/.exec(html)?.[1]).toBe(
      'Step 3: off: C told &quot;unavailable&quot; from Cal.com, read at 10:00:10.000, and offered no alternatives; ' +
        'on: C told &quot;unavailable&quot; from Cal.com, read at 10:00:10.000, and offered 13:00 from a Layer 2 (cal_slots, 300 s) entry (cal_slots_1_0_123_2025-10-20-13_2025-10-20-15) filled at 10:00:10.000 by C#3 ' +
        'from a Layer 1 (calcom:slots, 60 s) entry (calcom:slots:123:2025-10-20:2025-10-20) filled at 10:00:02.000 by B#1, already taken: booking booking-2 by A accepted at 10:00:05.000.',
    );
  });

  it('no shipped askproai scenario draws an "unavailable" called stale, nor a wrong-slot answer blamed on a clear', () => {
    const dir = new URL('../scenarios/askproai/', import.meta.url).pathname;
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.yaml'))) {
      const scenario = loadScenarioFile(join(dir, file));
      const html = renderTimelineHtml(['off', 'on'].map((fix) => ({ scenario, run: runScenario(scenario, { fix, seed: 1 }) })));
      expect(html, file).not.toContain('told &quot;unavailable&quot; (stale)');
      for (const [label] of html.matchAll(/aria-label="[^"]*wrong-slot: the (answer was about|finder read)[^"]*"/g)) expect(label, file).not.toMatch(/cleared|webhook/);
    }
  });

  it('is byte-identical for the same runs', () => {
    expect(renderTimelineHtml(runs(['off', 'on']))).toBe(renderTimelineHtml(runs(['off', 'on'])));
  });
});
