import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { vi } from 'vitest';
import { importCommand, type ImportFlags } from '../../sim/cli/importAction.ts';
import { loadScenarioFile } from '../../sim/scenario/loadScenario.ts';
import { forgetInputs } from '../../sim/inputError.ts';

/** `racesim import` in this process: its exit code, what it printed, and the scenario it wrote. */
export function runImport(flags: Partial<ImportFlags> & { out: string }) {
  const printed: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void printed.push(args.join(' ')));
  forgetInputs(); // one command's inputs, as main() starts each command
  try {
    const code = importCommand({ timezone: 'Europe/Berlin', appTimezone: 'UTC', asProfile: 'askproai-34a0115', asFix: 'on', ...flags });
    return { code, stdout: printed.join('\n'), yaml: readFileSync(flags.out, 'utf8'), scenario: loadScenarioFile(flags.out) };
  } finally {
    log.mockRestore();
  }
}

export const tempDir = () => mkdtempSync(join(tmpdir(), 'racesim-import-'));

/** Writes `content` as `name` in `dir` and returns its path. */
export function writeInput(dir: string, name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/** One line of the app's Laravel log, in Monolog's default line format. */
export const logLine = (time: string, message: string, context: Record<string, unknown>, level = 'INFO') =>
  `[${time}] production.${level}: ${message} ${JSON.stringify(context)} []`;

/** The Retell API controller's check and booking lines (the live check endpoint at the fix commit). */
export const apiCheck = (time: string, callId: string, date: string, clock: string) =>
  logLine(time, '📅 Checking availability', { call_id: callId, date, time: clock, duration: 60, parameter_source: 'nested_args' });
export const apiBooking = (time: string, callId: string, date: string, clock: string) =>
  logLine(time, '📘 Booking appointment', { call_id: callId, date, time: clock, customer: 'Kim Muster' });

export const jsonLines = (rows: readonly unknown[]) => rows.map((r) => JSON.stringify(r)).join('\n') + '\n';
