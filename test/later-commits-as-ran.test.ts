import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../sim/cli/main.ts';
import { loadScenarioFile } from '../sim/scenario/loadScenario.ts';
import { runScenario } from '../sim/scenario/runScenario.ts';

const scenario = (name: string) => loadScenarioFile(new URL(`../scenarios/askproai/${name}.yaml`, import.meta.url).pathname);

describe('the later commits as they ran', () => {
  it("e06c5837e's after_or_equal:today refuses a caller's date that is already yesterday in app.timezone, before any read", () => {
    const afterOrEqual = scenario('l1-after-or-equal-today');
    const shipped = runScenario(afterOrEqual, { fix: 'l1-300-coalesce', seed: 1 });
    expect(shipped.report.steps[0].outcome).toBe('error');
    expect(shipped.trace.join('\n')).toContain('calcom.getAvailableSlots 2025-11-20..2025-11-20: validation failed (after_or_equal:today)');
    expect(shipped.report.metrics.calcomRequests).toBe(0);
    // The same app in Berlin's own zone: today is Berlin's date, and the booking goes through.
    const berlin = runScenario({ ...afterOrEqual, world: { ...afterOrEqual.world, appTimezone: 'Europe/Berlin' } }, { fix: 'l1-300-coalesce', seed: 1 });
    expect(berlin.report.steps[0].outcome).toBe('booked');
    // Phase A+ validates nothing, but asks Cal.com for Tokyo's whole day, which ends before 16:30 Berlin.
    expect(runScenario(afterOrEqual, { fix: 'on', seed: 1 }).report.steps[0].outcome).toBe('unavailable');
  });

  // 57b4aa6f6's double check: test/code-as-it-ran-booking.test.ts (l2-30-double-check-miss-500.yaml).

  it('a variant whose checks all fail validation is counted as errors and left out of the stale verdicts, not crowned', async () => {
    const workload = new URL('../scenarios/workloads/peak-hour.yaml', import.meta.url).pathname;
    const args = ['compare', '--workload', workload, '--profile', 'askproai-34a0115', '--fix', 'off,l1-300-coalesce', '--runs', '1', '--workers', '1', '--out', mkdtempSync(join(tmpdir(), 'racesim-errors-'))];
    const json = JSON.parse((await runCli([...args, '--json'])).stdout);
    const coalesce = json.variants['l1-300-coalesce'];
    expect(coalesce.errorAnswers).toBe(coalesce.calls); // every hourly check refused by date_format:Y-m-d
    expect(coalesce.staleAvailable).toBe(0);
    expect(json.variants.off.errorAnswers).toBeLessThan(json.variants.off.calls / 10);
    const text = (await runCli(args)).stdout;
    expect(text).toMatch(/^Not ranked on stale answers or rejections, as they answered most calls with an error: l1-300-coalesce \(\d+ of \d+ calls, 100\.00 %\)\.$/m);
    expect(text).not.toMatch(/^Fewest [^\n]*: l1-300-coalesce/m);
  });
});
