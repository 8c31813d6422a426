import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
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
    expect(importError({ log: [big], out: join(dir, 'o.yaml') })).toBe(
      `${big}: 67108865 bytes; expected a Laravel log of at most 67108864 bytes (64 MiB); give a longer log in parts (split -C 60M, then --log with each part) or only the incident's hours`,
    );
    expect(importError({ log: ['/dev/zero'], out: join(dir, 'o.yaml') })).toBe('/dev/zero: not a regular file; expected a Laravel log saved to a file');
  });

  it('a log between 16 and 64 MiB is read (the 64 MiB limit is the one that applies)', () => {
    const dir = tempDir();
    const big = writeInput(dir, 'big.log', 'a line of noise, no log header\n'.repeat(640 * 1024)); // 20 MiB of text, no log line
    expect(importError({ log: [big], out: join(dir, 'o.yaml') })).toMatch(/^big\.log:1: not a Laravel log/);
  });

  it('a gzip-compressed log is read; one that does not unpack, unpacks too large or is not text says so', () => {
    const dir = tempDir();
    const gz = join(dir, 'laravel.log.1.gz');
    writeFileSync(gz, gzipSync(check + '\n'));
    expect(runImport({ log: [gz], out: join(dir, 'o.yaml') }).scenario.steps).toHaveLength(1);
    writeFileSync(gz, gzipSync(Buffer.from([0xff, 0xfe, 0x00])));
    expect(importError({ log: [gz], out: join(dir, 'o.yaml') })).toBe(`${gz}: gzip-compressed, and unpacked it is not UTF-8 text; expected a Laravel log`);
    writeFileSync(gz, gzipSync(check).subarray(0, 12));
    expect(importError({ log: [gz], out: join(dir, 'o.yaml') })).toBe(`${gz}: gzip-compressed Laravel log that does not unpack (cut off or corrupt); expected a whole .gz file`);
    writeFileSync(gz, gzipSync(Buffer.alloc(MAX_INPUT_BYTES + 1)));
    expect(importError({ log: [gz], out: join(dir, 'o.yaml') })).toMatch(/gzip-compressed Laravel log larger than 67108864 bytes unpacked; expected a Laravel log of at most/);
  });

  it('offsets outside −12:00…+14:00 or with minutes past 59 are not times', () => {
    const dir = tempDir();
    const line = (at: string) => jsonLines([{ at, call: 'call_1', action: 'check_availability', slot: '2025-10-27T09:00:00Z' }]);
    for (const offset of ['+99:99', '-25:00', '+14:30', '+02:60']) {
      expect(importError({ events: [writeInput(dir, 't.jsonl', line(`2025-10-27T08:00:00${offset}`))], out: join(dir, 'o.yaml') })).toBe('t.jsonl:1: at is not a real date and time');
    }
    expect(runImport({ events: [writeInput(dir, 't.jsonl', line('2025-10-27T08:00:00+14:00'))], out: join(dir, 'o.yaml') }).scenario.steps).toHaveLength(1);
    expect(importError({ log: [writeInput(dir, 'l.log', check)], from: '2025-10-20T09:00:00+99:99', out: join(dir, 'o.yaml') })).toMatch(/^--from: "2025-10-20T09:00:00\+99:99"; expected/);
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

describe('racesim import: each record once', () => {
  it('a timeline given twice (or by two paths) is read once, said so, and its expectations hold', () => {
    const dir = tempDir();
    const events = writeInput(dir, 't.jsonl', jsonLines([
      { at: '2025-10-20T08:00:00Z', call: 'call_1', action: 'check_availability', slot: '2025-10-20T11:00:00Z', eventType: 123, outcome: 'available' },
      { at: '2025-10-20T08:00:05Z', call: 'call_1', action: 'create_booking', slot: '2025-10-20T11:00:00Z', eventType: 123, outcome: 'booked' },
    ]));
    const { scenario, stdout } = runImport({ events: [events, join(dir, '.', 't.jsonl')], asProfile: 'seed', out: join(dir, 'o.yaml') });
    expect(scenario.steps).toHaveLength(2);
    expect(stdout).toContain('read once: t.jsonl was given more than once');
  });

  it('a webhook delivered twice (same uid) is one booking on the page, not two', () => {
    const dir = tempDir();
    const row = (receivedAt: string) => ({ source: 'calcom', event_type: 'BOOKING.CREATED', created_at: receivedAt, payload: { triggerEvent: 'BOOKING.CREATED', createdAt: '2025-10-20T08:00:03.000Z', payload: { uid: 'bk_7', eventTypeId: 123, startTime: '2025-10-20T12:00:00.000Z' } } });
    const { scenario, yaml } = runImport({ log: [writeInput(dir, 'l.log', check)], webhooks: [writeInput(dir, 'w.jsonl', jsonLines([row('2025-10-20 08:00:04'), row('2025-10-20 08:00:34')]))], out: join(dir, 'o.yaml') });
    expect(scenario.steps.filter((s) => s.action === 'external_booking')).toHaveLength(1);
    expect(scenario.world.webhooks.delayMs).toBe(1000); // the first delivery
    expect(yaml).toContain('1 Cal.com booking(s) read from more than one record (webhook retries, the bookings list), one booking each by its uid: w.jsonl:1 = w.jsonl:2');
    expect(yaml).not.toContain('bk_7');
  });

  it('records left out by --call and --event-type are counted by option', () => {
    const dir = tempDir();
    const service = (callId: string, eventType: number) => logLine('2025-10-20 08:00:01', 'Using service for availability check', { event_type_id: eventType, call_id: callId });
    const log = writeInput(dir, 'l.log', [check, service(CALL, 123), apiCheck('2025-10-20 08:00:01', 'call_zz', '2025-10-20', '14:00'), service('call_zz', 456)].join('\n'));
    expect(runImport({ log: [log], call: [CALL], out: join(dir, 'o.yaml') }).stdout).toMatch(/^ +1 {2}call actions left out by --call$/m);
    expect(runImport({ log: [log], eventType: '456', out: join(dir, 'o.yaml') }).stdout).toMatch(/^ +1 {2}call actions left out by --event-type$/m);
  });
});
