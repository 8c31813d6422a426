import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { runCli } from '../sim/cli/main.ts';

const root = new URL('..', import.meta.url).pathname;
const CHROMIUM = '/usr/bin/chromium';
const peakHour = join(root, 'scenarios/workloads/peak-hour.yaml');

describe('compare --example', () => {
  it('prints the example without writing a report; --out writes one', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'racesim-ux-example-'));
    const args = [join(root, 'bin/racesim.js'), 'compare', '--workload', peakHour, '--fix', 'off', '--runs', '2', '--seed', '1', '--workers', '1', '--example', 'stale-cache/layer2'];
    const printed = spawnSync(process.execPath, args, { cwd, encoding: 'utf8' });
    expect(printed.status, printed.stderr).toBe(0);
    expect(printed.stdout).toMatch(/^stale-cache\/layer2: variant off, seed \d+, call \d+\nreplay: racesim compare /);
    expect(readdirSync(cwd)).toEqual([]); // no reports/ folder
    const written = spawnSync(process.execPath, [...args, '--out', 'r'], { cwd, encoding: 'utf8' });
    expect(written.status, written.stderr).toBe(0);
    expect(written.stdout).toContain('report: r/report.html');
    expect(existsSync(join(cwd, 'r/report.html'))).toBe(true);
  });
});

describe('an example page opens with its call pressed', () => {
  it('names the call to press, and in a browser that answer is pressed, focused and its chain lit', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'racesim-ux-pages-')), 'report');
    const r = await runCli(['compare', '--workload', peakHour, '--fix', 'off', '--runs', '2', '--seed', '1', '--out', out, '--workers', '1', '--json']);
    expect(r.code).toBe(0);
    const example = JSON.parse(r.stdout).variants.off.examples['stale-cache/layer2'] as { seed: number; call: number };
    const file = join(out, 'example-off-stale-cache-layer2.html');
    expect(readFileSync(file, 'utf8')).toContain(`<div class="columns" style="--columns:1" data-pressed="${example.call}">`);
    if (!existsSync(CHROMIUM)) return console.warn(`ux-example-pages: ${CHROMIUM} not found; the browser half is skipped`);
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
      await page.goto(`file://${file}`);
      const pressed = page.locator('g.answer[aria-pressed="true"]');
      await expect(pressed.count()).resolves.toBe(1);
      await expect(pressed.getAttribute('data-step')).resolves.toBe(String(example.call));
      await expect(page.locator(':focus').getAttribute('data-step')).resolves.toBe(String(example.call));
      await expect(page.locator('svg g.entry.lit').count()).resolves.toBeGreaterThan(0); // the entry the stale answer read
      await page.screenshot({ path: file.replace(/\.html$/, '.png'), fullPage: true });
    } finally {
      await browser.close();
    }
  });
});
