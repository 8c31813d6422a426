import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_INPUT_BYTES } from '../sim/import/importRecords.ts';
import { InputError } from '../sim/inputError.ts';
import { apiCheck, jsonLines, logLine, runImport, tempDir, writeInput } from './support/importCli.ts';

const root = new URL('..', import.meta.url).pathname;
const fixtures = join(root, 'test/fixtures/import');
const CALL = 'call_aa11bb22cc33';
const check = apiCheck('2025-10-20 08:00:00', CALL, '2025-10-20', '13:00');

/** The InputError message a bad import throws (the CLI prints it as its one line and exits 2). */
function importError(flags: Parameters<typeof runImport>[0]): string {
  try {
    runImport(flags);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as Error).message;
  }
  throw new Error('the import succeeded');
}

describe('racesim import: no personal data leaves the logs', () => {
  it('names, phone numbers, e-mail addresses and free text of the log appear nowhere in the scenario or the summary', () => {
    const dir = tempDir();
    const { yaml, stdout } = runImport({ log: [join(fixtures, 'personal-data.log')], out: join(dir, 'out.yaml') });
    const personal = ['Sabine', 'Testfrau', '151', '23456789', '4915123456789', 'example.org', '@', 'Latex', 'Hauptstraße', '10115', 'Rückruf', 'Damenhaarschnitt', '203.0.113.7'];
    for (const text of personal) {
      expect(yaml, text).not.toContain(text);
      expect(stdout, text).not.toContain(text);
    }
    const log = readFileSync(join(fixtures, 'personal-data.log'), 'utf8');
    for (const text of personal) expect(log, `the fixture holds ${text}`).toContain(text);
  });

  it("Cal.com's attendees and titles are not copied either", () => {
    const dir = tempDir();
    const row = { source: 'calcom', event_type: 'BOOKING.CREATED', created_at: '2025-10-20 08:00:04', payload: { triggerEvent: 'BOOKING.CREATED', createdAt: '2025-10-20T08:00:03.000Z', payload: { uid: 'bk_9', eventTypeId: 123, startTime: '2025-10-20T11:00:00.000Z', title: 'Termin mit Jonas Feld', attendees: [{ name: 'Jonas Feld', email: 'jonas@example.com', phoneNumber: '+4930555' }] } } };
    const { yaml } = runImport({ log: [writeInput(dir, 'l.log', check)], webhooks: [writeInput(dir, 'w.jsonl', jsonLines([row]))], out: join(dir, 'out.yaml') });
    for (const text of ['Jonas', 'Feld', 'example.com', '4930555', 'bk_9']) expect(yaml, text).not.toContain(text);
  });
});

describe('racesim import: bad input is one line naming file, line and what was expected', () => {
  it('a file in none of the formats', () => {
    const dir = tempDir();
    const csv = writeInput(dir, 'export.csv', 'id,start\n1,2025-10-20\n');
    expect(importError({ log: [writeInput(dir, 'l.log', check)], webhooks: [csv], out: join(dir, 'o.yaml') })).toMatch(/^export\.csv:1: expected webhook_events rows .*GET \/v2\/bookings/);
    expect(importError({ log: [csv], out: join(dir, 'o.yaml') })).toMatch(/^export\.csv:1: not a Laravel log; expected lines "\[YYYY-MM-DD HH:MM:SS\] channel\.LEVEL/);
    expect(importError({ events: [csv], out: join(dir, 'o.yaml') })).toMatch(/^export\.csv:1: not JSON; expected a timeline line/);
  });

  it('a log with no matching lines', () => {
    const dir = tempDir();
    const log = writeInput(dir, 'quiet.log', logLine('2025-10-20 08:00:00', 'Nova request', { path: '/admin' }) + '\n');
    expect(importError({ log: [log], out: join(dir, 'o.yaml') })).toMatch(/^quiet\.log:1-2: no voice-agent call in the log; expected "Function call received from Retell"/);
  });

  it('a webhook without startTime', () => {
    const dir = tempDir();
    const rows = jsonLines([{ source: 'calcom', event_type: 'BOOKING.CREATED', created_at: '2025-10-20 08:00:04', payload: { triggerEvent: 'BOOKING.CREATED', payload: { uid: 'x', eventTypeId: 123 } } }]);
    const message = importError({ log: [writeInput(dir, 'l.log', check)], webhooks: [writeInput(dir, 'w.jsonl', '\n' + rows)], out: join(dir, 'o.yaml') });
    expect(message).toBe('w.jsonl:2: webhook BOOKING.CREATED without a payload.startTime; expected "YYYY-MM-DDTHH:MM:SS.sssZ"');
  });

  it('a slot before its check', () => {
    const dir = tempDir();
    const log = writeInput(dir, 'l.log', apiCheck('2025-10-20 12:00:00', CALL, '2025-10-20', '09:00') + '\n');
    expect(importError({ log: [log], out: join(dir, 'o.yaml') })).toBe(
      'l.log:1: slot 2025-10-20 09:00 is before the check_availability at 2025-10-20 14:00:00 (Europe/Berlin); expected a slot after the time it was asked for',
    );
  });

  it('an oversized input or a device is refused before it is read', () => {
    const dir = tempDir();
    const big = writeInput(dir, 'huge.log', '');
    truncateSync(big, MAX_INPUT_BYTES + 1); // sparse: no time or disk spent
    expect(importError({ log: [big], out: join(dir, 'o.yaml') })).toMatch(/huge\.log: 67108865 bytes; expected a Laravel log of at most 67108864 bytes/);
    expect(importError({ log: ['/dev/zero'], out: join(dir, 'o.yaml') })).toBe('/dev/zero: not a regular file; expected a Laravel log saved to a file');
  });

  it('no output file is left behind by a failed import', () => {
    const dir = tempDir();
    importError({ log: [writeInput(dir, 'l.log', 'garbage\n')], out: join(dir, 'o.yaml') });
    expect(existsSync(join(dir, 'o.yaml'))).toBe(false);
  });

  it('the CLI prints the one line and exits 2', () => {
    const dir = tempDir();
    const cli = spawnSync(process.execPath, [join(root, 'bin/racesim.js'), 'import', '--log', writeInput(dir, 'x.log', 'not a log\n'), '--out', join(dir, 'o.yaml')], { cwd: root, encoding: 'utf8' });
    expect(cli.status).toBe(2);
    expect(cli.stderr.trim().split('\n')).toEqual(['racesim: x.log:1: not a Laravel log; expected lines "[YYYY-MM-DD HH:MM:SS] channel.LEVEL: message {context-json} {extra-json}"']);
  });
});
