import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
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
  const file = join(mkdtempSync(join(tmpdir(), 'racesim-timeline-')), `${name}.html`);
  writeTimelineHtml(file, runs);
  return { file, runs };
};

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

  it('text from the scenario is shown, never run', async () => {
    const html = renderTimelineHtml([{ scenario: evil, run: runScenario(evil, { fix: 'on', seed: 1 }) }]);
    const page = await browser.newPage();
    await page.setContent(html);
    expect(await page.evaluate(() => (globalThis as { pwned?: number }).pwned)).toBeUndefined();
    expect(await page.locator('h1').textContent()).toContain('</script><script>window.pwned=1</script>');
    await page.close();
  });
});
