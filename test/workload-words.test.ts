import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../sim/cli/main.ts';
import { parseWorkload } from '../sim/workloads/workload.ts';

const root = new URL('..', import.meta.url).pathname;
const peakHour = readFileSync(join(root, 'scenarios/workloads/peak-hour.yaml'), 'utf8');

/** peak-hour.yaml with its two rate lines replaced by `rates` (YAML lines under `callers:`). */
function peakHourWith(rates: string): string {
  const text = peakHour.replace(/^ {2}arrivalsPerHour:.*$/m, rates).replace(/^ {2}bookProbability:.*\n/m, '');
  expect(text).not.toBe(peakHour);
  return text;
}

describe('workload rates in a team’s own words', () => {
  it('bookingsPerHour and checksPerHour: checks are arrivals, bookings / checks the book probability', () => {
    const w = parseWorkload(peakHourWith('  bookingsPerHour: 270\n  checksPerHour: 450'), 'peak.yaml');
    expect(w.callers.arrivalsPerHour).toBe(450);
    expect(w.callers.bookProbability).toBe(0.6);
    expect(w.derivedRates).toBe('bookingsPerHour 270 and checksPerHour 450 → arrivalsPerHour 450, bookProbability 0.6');
  });

  it('callersPerHour and intendToBookProbability: callers are arrivals, the intent the book probability', () => {
    const w = parseWorkload(peakHourWith('  callersPerHour: 300\n  intendToBookProbability: 0.25'), 'peak.yaml');
    expect(w.callers).toMatchObject({ arrivalsPerHour: 300, bookProbability: 0.25 });
    expect(w.derivedRates).toContain('callersPerHour 300 and intendToBookProbability 0.25 → arrivalsPerHour 300, bookProbability 0.25');
  });

  it('racesim’s own form derives nothing', () => {
    expect(parseWorkload(peakHour, 'peak.yaml').derivedRates).toBeUndefined();
  });

  it('mixing two forms, half a form, more bookings than checks, or no rates is bad input naming the fields', () => {
    const bad = (rates: string) => () => parseWorkload(peakHourWith(rates), 'peak.yaml');
    expect(bad('  arrivalsPerHour: 450\n  bookingsPerHour: 270\n  checksPerHour: 450')).toThrow(/^peak\.yaml:\d+: callers\.\w+: arrivalsPerHour, bookingsPerHour, checksPerHour mix two ways of saying the caller rates; expected one of arrivalsPerHour \+ bookProbability/);
    expect(bad('  bookingsPerHour: 270')).toThrow(/peak\.yaml:\d+: callers\.bookingsPerHour: checksPerHour is missing; bookingsPerHour \+ checksPerHour go together/);
    expect(bad('  bookingsPerHour: 500\n  checksPerHour: 450')).toThrow(/callers\.bookingsPerHour: 500 bookings per hour from 450 checks per hour/);
    expect(bad('  daysAheadX: 1')).toThrow(/unknown field/);
    expect(() => parseWorkload(peakHour.replace(/^ {2}arrivalsPerHour:.*\n/m, '').replace(/^ {2}bookProbability:.*\n/m, ''), 'peak.yaml')).toThrow(/callers: no caller rates/);
  });

  it('compare says on standard error what it derived; mixing exits 2 with one line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'racesim-words-'));
    const file = join(dir, 'peak.yaml');
    writeFileSync(file, peakHourWith('  bookingsPerHour: 270\n  checksPerHour: 450').replace('duration: "1h"', 'duration: "5m"'));
    const ok = await runCli(['compare', '--workload', file, '--fix', 'on', '--runs', '1', '--json', '--workers', '1', '--out', join(dir, 'report')]);
    expect(ok.code).toBe(0);
    expect(ok.stderr).toContain('peak-hour: bookingsPerHour 270 and checksPerHour 450 → arrivalsPerHour 450, bookProbability 0.6');
    writeFileSync(file, peakHourWith('  callersPerHour: 300\n  bookProbability: 0.5'));
    const mixed = await runCli(['compare', '--workload', file, '--fix', 'on', '--runs', '1', '--workers', '1']);
    expect(mixed.code).toBe(2);
    expect(mixed.stderr.split('\n')).toHaveLength(1);
    expect(mixed.stderr).toMatch(/peak\.yaml:\d+: callers\.callersPerHour: bookProbability, callersPerHour mix two ways/);
  });
});
