import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderTimelineHtml, writeTimelineHtml } from '../sim/reports/timeline.ts';
import { loadScenarioFile, parseScenario } from '../sim/scenario/loadScenario.ts';
import { runScenario } from '../sim/scenario/runScenario.ts';

/** The timeline in a real browser: Debian's chromium, driven by playwright-core (installed by .ci/run). */
const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`e2e-timeline: ${CHROMIUM} not found; the browser tests are skipped (.ci/run installs Debian's chromium)`);

const timeline = (name: string, fixes: ('off' | 'on')[]) => {
  const scenario = loadScenarioFile(new URL(`../scenarios/${name}.yaml`, import.meta.url).pathname);
  const runs = fixes.map((fix) => ({ scenario, run: runScenario(scenario, { fix, seed: 1 }) }));
  const file = join(mkdtempSync(join(tmpdir(), 'racesim-timeline-')), `${name.replace(/\//g, '-')}.html`);
  writeTimelineHtml(file, runs);
  return { file, runs };
};

/** Where a screenshot goes: TIMELINE_SHOTS (a folder, made if missing) when set, else beside the page. */
const shot = (file: string, name: string) => {
  const dir = process.env.TIMELINE_SHOTS;
  if (!dir) return file.replace(/\.html$/, `-${name}.png`);
  mkdirSync(dir, { recursive: true });
  return join(dir, `${name}.png`);
};

/** Playwright scrolls a clicked mark into view, a reader's click does not: the drawings back to their lanes' names for a screenshot. */
const unscroll = (page: Page) => page.locator('.drawing').evaluateAll((drawings) => drawings.forEach((d) => (d.scrollLeft = 0)));

const evil = parseScenario(
  `name: "</script><script>window.pwned=1</script>"
description: "<img src=x onerror=window.pwned=1>"
timezone: Europe/Berlin
start: "2025-10-20 10:00:00"
steps:
  - { at: "10:00:00", caller: "<b>A</b>", action: check_availability, slot: "2025-10-20 13:00" }
`,
  'evil.yaml',
);

describe('the timeline HTML', () => {
  it('escapes every text that comes from the scenario', () => {
    const html = renderTimelineHtml([{ scenario: evil, run: runScenario(evil, { fix: 'on', seed: 1 }) }]);
    // The page's own script is the only one; the scenario's text never opens another.
    expect(html.match(/<script>/g)).toHaveLength(1);
    expect(html).not.toContain('<script>window.pwned');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<b>A</b>');
    expect(html).toContain('&lt;/script&gt;&lt;script&gt;window.pwned=1&lt;/script&gt;');
  });

  it('is byte-identical for the same run', () => {
    const run = () => renderTimelineHtml([{ scenario: evil, run: runScenario(evil, { fix: 'off', seed: 1 }) }]);
    expect(run()).toBe(run());
  });
});

describe.skipIf(!hasChromium)('the timeline in headless Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    });
  });
  afterAll(async () => browser?.close());

  for (const name of ['seed-timeline', 'test-case-2-parallel-users']) {
    it(`${name}: the stale answer and the rejection are marked where the run says`, async () => {
      const { file, runs } = timeline(name, ['off']);
      const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
      await page.goto(`file://${file}`);
      const steps = runs[0].run.report.steps;
      for (const step of steps.filter((s) => s.stale || s.outcome === 'conflict')) {
        const kind = step.stale ? 'stale' : 'rejected';
        const mark = page.locator(`g.mark[data-lane="${step.caller}"][data-step="${step.index}"][data-kind="${kind}"]`);
        await expect(mark.count()).resolves.toBe(1);
        await expect(mark.getAttribute('data-time')).resolves.toBe(step.answeredAt.slice(11));
        const label = await mark.getAttribute('aria-label');
        expect(label).toContain(step.stale ? 'STALE' : `REJECTED ${step.httpStatus} (${step.attribution}`);
        expect(await mark.isVisible()).toBe(true);
        const row = page.locator(`tr.${kind}`, { hasText: step.answeredAt.slice(11) });
        await expect(row.count()).resolves.toBeGreaterThan(0);
      }
      const expected = name === 'seed-timeline' ? { stale: 0, rejected: 1 } : { stale: 1, rejected: 1 };
      await expect(page.locator('g.mark[data-kind="stale"]').count()).resolves.toBe(expected.stale);
      await expect(page.locator(`g.mark[data-kind="rejected"][data-lane="B"]`).count()).resolves.toBe(expected.rejected);
      await page.screenshot({ path: file.replace(/\.html$/, '.png'), fullPage: true });
      expect(existsSync(file.replace(/\.html$/, '.png'))).toBe(true);
      await page.close();
    });
  }

  it("test case 2, off,on: pressing B's stale answer in the off column lights exactly the Layer 2 entry B read, its fill and the Cal.com read", async () => {
    const { file, runs } = timeline('test-case-2-parallel-users', ['off', 'on']);
    const events = runs[0].run.events;
    const hit = events.find((e) => e.kind === 'cache.get' && e.by === 'B#2' && e.hit && e.key.startsWith('cal_slots_'));
    if (hit?.kind !== 'cache.get' || hit.entry === null) throw new Error('expected B#2 to hit Layer 2');
    const fill = events.find((e) => e.id === hit.entry);
    if (fill?.kind !== 'cache.put' || !fill.source) throw new Error('expected the entry to be a put with a source');
    const read = events.find((e) => e.id === fill.source!.event)!;
    const page = await browser.newPage({ viewport: { width: 1600, height: 1100 } });
    await page.goto(`file://${file}`);
    const off = page.locator('section.column[data-fix="off"]');
    const answer = off.locator('g.answer[data-lane="B"][data-step="2"]');
    await expect(answer.getAttribute('aria-pressed')).resolves.toBe('false');
    await answer.click();
    await expect(answer.getAttribute('aria-pressed')).resolves.toBe('true');
    const litIds = (selector: string, attribute: string) => off.locator(`svg ${selector}.lit`).evaluateAll((nodes, a) => nodes.map((n) => Number(n.getAttribute(a))), attribute);
    await expect(litIds('g.entry', 'data-entry')).resolves.toEqual([fill.id]);
    const litMarks = (lane: string) => off.locator(`svg g.mark.lit[data-lane="${lane}"]`).evaluateAll((nodes) => nodes.map((n) => Number(n.getAttribute('data-id'))).sort((a, b) => a - b));
    await expect(litMarks('layer2')).resolves.toEqual([fill.id, hit.id].sort((a, b) => a - b));
    expect(read.kind).toBe('calcom.read');
    // Besides: the booking that made the answer wrong, the Layer 1 clear that followed it (skipping Layer 2), and the failed webhook.
    const accepted = events.find((e) => e.kind === 'calcom.accepted' && e.by === 'A#1')!;
    const clears = events.filter((e) => e.kind === 'cache.forget' && e.removed && e.cause === accepted.id).map((e) => e.id);
    const webhook = events.filter((e) => e.by === 'webhook:booking-1').map((e) => e.id);
    await expect(litMarks('Cal.com')).resolves.toEqual([read.id, accepted.id].sort((a, b) => a - b));
    await expect(litMarks('layer1')).resolves.toEqual(clears);
    await expect(litMarks('Webhooks')).resolves.toEqual(webhook);
    await expect(off.locator('svg g.mark.lit').count()).resolves.toBe(2 + 2 + clears.length + webhook.length + 1); // + the answer itself
    // The other column is untouched, and the keyboard does the same: Enter releases the answer.
    await expect(page.locator('section.column[data-fix="on"] .lit').count()).resolves.toBe(0);
    await page.screenshot({ path: file.replace(/\.html$/, '-off-on-pressed.png'), fullPage: true });
    await answer.focus();
    await page.keyboard.press('Enter');
    await expect(answer.getAttribute('aria-pressed')).resolves.toBe('false');
    await expect(off.locator('.lit').count()).resolves.toBe(0);
    await page.keyboard.press(' ');
    await expect(answer.getAttribute('aria-pressed')).resolves.toBe('true');
    await page.close();
  });

  it("seed-stale-alternative, on: pressing C's stale alternative lights the Layer 2 window entry it came from, names it beside the bar and in the why", async () => {
    const { file, runs } = timeline('askproai/seed-stale-alternative', ['on']);
    const window = 'cal_slots_1_0_123_2025-10-20-12_2025-10-20-14';
    const { events } = runs[0].run;
    const hit = events.find((e) => e.kind === 'cache.get' && e.by === 'C#4' && e.key === window && e.hit);
    if (hit?.kind !== 'cache.get' || hit.entry === null) throw new Error('expected C#4 to hit the two-hour window');
    const page = await browser.newPage({ viewport: { width: 1100, height: 1350 } });
    await page.goto(`file://${file}`);
    const answer = page.locator('g.answer[data-lane="C"][data-step="4"]');
    await expect(answer.getAttribute('data-kind')).resolves.toBe('stale');
    await answer.click();
    const entry = page.locator(`g.entry[data-entry="${hit.entry}"]`);
    await expect(entry.getAttribute('class')).resolves.toBe('entry lit');
    await expect(entry.locator('.entry-label').isVisible()).resolves.toBe(true);
    await expect(entry.locator('.entry-label').textContent()).resolves.toBe(window);
    // Only the entries the chain names carry a visible key.
    await expect(page.locator('g.entry:not(.lit) .entry-label:visible').count()).resolves.toBe(0);
    await expect(page.locator('g.entry.lit .entry-label:visible').count()).resolves.toBeGreaterThan(0);
    const why = await page.locator('section.column .why').textContent();
    expect(why).toContain(`offered 13:00 from a Layer 2 (cal_slots, 300 s) entry (${window}) filled at 10:00:03.000 by B#2`);
    expect(why).toContain('what followed did not clear this entry');
    await unscroll(page);
    await page.screenshot({ path: shot(file, 'stale-alternative-window') });
    await answer.click();
    await expect(page.locator('section.column .why').textContent()).resolves.toBe('');
    await page.close();
  });

  it('asked 10:00, tested 11:00, offered 10:30 spoken in UTC: the answer shows the tested and read slots, pressed it names the wrong slot and no webhook', async () => {
    const { file } = timeline('askproai/utc-spoken-alternative-taken', ['on']);
    const page = await browser.newPage({ viewport: { width: 1100, height: 1350 } });
    await page.goto(`file://${file}`);
    const answer = page.locator('g.answer[data-lane="B"][data-step="2"]');
    await expect(answer.getAttribute('aria-label')).resolves.toContain('check availability 2025-11-20 10:00 [tested 11:00]');
    await expect(page.locator('text.callout', { hasText: 'FALSE "unavailable" (tested 11:00), STALE offer 10:30 (read 11:30)' }).count()).resolves.toBe(1);
    await expect(page.locator('tr.stale td', { hasText: 'offered 10:30 [read 11:30] (already taken), 09:00 [read 10:00]' }).count()).resolves.toBe(1);
    await answer.focus();
    await page.keyboard.press('Enter');
    const why = (await page.locator('section.column .why').textContent())!;
    expect(why).toContain('asked 10:00, tested 11:00');
    expect(why).toContain('offered 10:30 (read 11:30, spoken as its UTC H:i)');
    expect(why).toContain('wrong-slot: the finder read 11:30 and spoke its UTC H:i, not a stale cache');
    expect(why).not.toMatch(/webhook|cleared/);
    await expect(page.locator('g.mark.lit[data-lane="Webhooks"]').count()).resolves.toBe(0);
    await unscroll(page);
    await page.screenshot({ path: shot(file, 'wrong-slot-tested') });
    await page.close();
  });

  it('text from the scenario is shown, never run', async () => {
    const html = renderTimelineHtml([{ scenario: evil, run: runScenario(evil, { fix: 'on', seed: 1 }) }]);
    const page = await browser.newPage();
    await page.setContent(html);
    expect(await page.evaluate(() => (globalThis as { pwned?: number }).pwned)).toBeUndefined();
    expect(await page.locator('h1').textContent()).toContain('</script><script>window.pwned=1</script>');
    await page.close();
  });
});
