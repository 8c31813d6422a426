import { spawnSync } from 'node:child_process';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it, vi } from 'vitest';
import { runCommand } from '../sim/cli/runCommands.ts';
import { loadScenarioFile, parseScenario } from '../sim/scenario/loadScenario.ts';
import { runScenario } from '../sim/scenario/runScenario.ts';
import type { StepExpectation } from '../sim/scenario/scenario.ts';
import { runImport, tempDir } from './support/importCli.ts';

/**
 * A held-out-style incident (test/fixtures/import/rotated-incident, see its README): a Laravel log written
 * from the app's own Log:: calls at 34a0115, rotated in three parts (the oldest gzip-compressed and with
 * no call), noise, stack traces, personal data and a context with a raw line break; Cal.com's side as
 * webhook_events rows (one delivered twice) and the bookings list (the same bookings again).
 */
const root = new URL('..', import.meta.url).pathname;
const fixture = join(root, 'test/fixtures/import/rotated-incident');
const window = { from: '2025-10-23 11:10', to: '2025-10-23 11:40' };
const quietly = <T>(f: () => Promise<T>) => {
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  return f().finally(() => log.mockRestore());
};

/** The fixture's files in a temp folder, the oldest part gzip-compressed as logrotate leaves it; logs named newest first, as a glob lists them. */
function rotatedFiles() {
  const dir = tempDir();
  for (const name of ['laravel.log', 'laravel.log.1', 'webhook_events.jsonl', 'bookings.json']) copyFileSync(join(fixture, name), join(dir, name));
  writeFileSync(join(dir, 'laravel.log.2.gz'), gzipSync(readFileSync(join(fixture, 'laravel.log.2'))));
  return {
    dir,
    log: ['laravel.log', 'laravel.log.1', 'laravel.log.2.gz'].map((f) => join(dir, f)),
    webhooks: [join(dir, 'webhook_events.jsonl'), join(dir, 'bookings.json')],
  };
}

function importIncident() {
  const files = rotatedFiles();
  return { ...runImport({ log: files.log, webhooks: files.webhooks, ...window, out: join(files.dir, 'incident.yaml') }), out: join(files.dir, 'incident.yaml') };
}

describe('a held-out-style incident log: rotated, noisy, multi-line, duplicated on the Cal.com side', () => {
  it('imports every call across the rotated parts, each booking through the function that logged it', () => {
    const { code, scenario, yaml } = importIncident();
    expect(code).toBe(0);
    expect(scenario.steps.map((s) => `${s.caller} ${s.action} ${s.slot.hour}:${String(s.slot.minute).padStart(2, '0')}${s.via ? ` via ${s.via}` : ''}`)).toEqual([
      'page-1 external_booking 16:00', // call E's booking, made before --from: Cal.com's state
      'A check_availability 14:00',
      'A create_booking 14:00 via book_appointment', // its context holds a raw line break
      'B check_availability 14:00', // a 3.9 ms "Cal.com call": a cache hit
      'B create_booking 14:00 via book_appointment',
      'C check_availability 14:00',
      'page-2 external_booking 15:00', // one booking: two webhook rows and the bookings list
      'D create_booking 15:00 via collect_appointment_data',
    ]);
    expect((scenario.expect.on as StepExpectation[]).map(({ step: _step, ...rest }) => rest)).toEqual([
      { outcome: 'available', servedBy: 'calcom' },
      { outcome: 'booked' },
      { outcome: 'available', servedBy: 'layer1' },
      { outcome: 'conflict' },
      { outcome: 'unavailable', servedBy: 'calcom', alternatives: ['13:30', '14:30'] },
      { outcome: 'conflict' },
    ]);
    expect(yaml).toContain('laravel.log.1:42 · RetellFunctionCallHandler book_appointment');
    expect(yaml).toContain('# Booking functions: step(s) 2, 4 via book_appointment (POST /bookings at once, no re-check); step(s) 7 via collect_appointment_data');
    expect(yaml).toContain('Of 3 timed check(s), 1 took under 50 ms: cache hits');
    expect(yaml).toContain('3 Cal.com booking(s) read from more than one record');
    expect(yaml).toContain('webhook_events.jsonl:4 = webhook_events.jsonl:5 = bookings.json:1 data[2]');
    expect(yaml).toContain("left out by --from/--to · webhook_events.jsonl:1 (createdAt) · made 2025-10-23 10:40:31, before --from: Cal.com's state");
  });

  it('replays with exit 0, each rejection labelled by its cause: stale-cache for book_appointment, wrong-slot for collect_appointment_data', async () => {
    const { scenario, out } = importIncident();
    expect(await quietly(() => runCommand(out, { fix: 'on', seed: '1', store: 'memory' }))).toBe(0);
    const steps = runScenario(scenario, { fix: 'on', seed: 1 }).report.steps;
    expect(steps.map((s) => [s.caller, s.outcome, s.attribution ?? null])).toEqual([
      ['page-1', 'booked', null],
      ['A', 'available', null],
      ['A', 'booked', null],
      ['B', 'available', null],
      ['B', 'conflict', 'stale-cache'],
      ['C', 'unavailable', null],
      ['page-2', 'booked', null],
      ['D', 'conflict', 'wrong-slot'],
    ]);
  });

  it("replayed through collect_appointment_data instead (the old import's choice), B's booking does not reproduce the logged stale-cache 409", () => {
    const { yaml } = importIncident();
    const asCollect = yaml.replace(/(caller: "B", action: "create_booking", slot: "2025-10-23 14:00", via: )"book_appointment"/, '$1"collect_appointment_data"');
    expect(asCollect).not.toBe(yaml);
    // The re-check matches UTC H:i: asked 14:00 Berlin, it tests 16:00 Berlin, which call E holds.
    const b = runScenario(parseScenario(asCollect, 'as-collect.yaml'), { fix: 'on', seed: 1 }).report.steps[4];
    expect([b.caller, b.outcome, b.attribution ?? null]).toEqual(['B', 'unavailable', null]);
  });

  it('the logged "Found alternatives" are the check\'s alternatives: expectation, and they replay', async () => {
    const { scenario, out } = importIncident();
    expect(scenario.expect.on.find((e) => 'step' in e && e.step === 5)).toMatchObject({ alternatives: ['13:30', '14:30'] });
    expect(await quietly(() => runCommand(out, { fix: 'on', seed: '1', store: 'memory' }))).toBe(0);
  });

  it('says what it left out, by reason: the window, another source, a cancelled booking, noise', () => {
    const { stdout } = importIncident();
    expect(stdout).toMatch(/^ +2 {2}call actions left out by --from\/--to$/m);
    expect(stdout).toMatch(/^ +1 {2}webhook_events rows of other sources/m);
    expect(stdout).toMatch(/^ +1 {2}bookings not accepted/m);
    expect(stdout).toMatch(/^ +\d+ {2}lines of other messages/m);
  });

  it('without a window, call E is a caller too, and the import still replays with exit 0', async () => {
    const files = rotatedFiles();
    const out = join(files.dir, 'whole.yaml');
    const { scenario } = runImport({ log: files.log, webhooks: files.webhooks, out });
    expect(scenario.steps.filter((s) => s.action !== 'external_booking').map((s) => s.caller)).toEqual(['A', 'A', 'B', 'B', 'C', 'C', 'D', 'E']);
    expect(await quietly(() => runCommand(out, { fix: 'on', seed: '1', store: 'memory' }))).toBe(0);
  });

  it('no name, phone number, e-mail address, note, IP or Cal.com uid reaches the scenario or the summary', () => {
    const { yaml, stdout } = importIncident();
    const personal = ['Jana', 'Beispiel', 'Lukas', 'Probst', 'example.net', 'example.org', '@', '5550142', '5550199', 'Parkplatz', 'Rückruf', '203.0.113', 'Zq9MfT3b', 'Kp4NvG8a', 'b7SxkQ2e'];
    const raw = ['laravel.log', 'laravel.log.1', 'webhook_events.jsonl'].map((f) => readFileSync(join(fixture, f), 'utf8')).join('\n');
    for (const text of personal) {
      expect(raw, `the fixture holds ${text}`).toContain(text);
      expect(yaml, text).not.toContain(text);
      expect(stdout, text).not.toContain(text);
    }
  });

  it('a window that selects no call (a wrong --app-timezone) warns on stderr, naming when the calls ran', () => {
    const files = rotatedFiles();
    const cli = spawnSync(
      process.execPath,
      [join(root, 'bin/racesim.js'), 'import', '--log', ...files.log, '--webhooks', ...files.webhooks, '--from', '2025-10-23 13:10', '--to', '2025-10-23 13:40', '--app-timezone', 'America/New_York', '--out', join(files.dir, 'o.yaml')],
      { encoding: 'utf8' },
    );
    // Read as New York time the calls ran 14:40–15:21 Berlin; the 13:10–13:40 window holds only bookings made before it.
    expect(cli.status).toBe(0);
    expect(cli.stderr).toBe(
      "warning: --from/--to/--call/--event-type select none of the calls; the records' 8 call action(s) run 2025-10-23 14:40:02 to 2025-10-23 15:21:40 Europe/Berlin (log times read in --app-timezone); only Cal.com's bookings are imported; --app-timezone is America/New_York\n",
    );
    expect(cli.stdout).toMatch(/^ +8 {2}call actions left out by --from\/--to$/m);
  });

  it('a window with nothing in it at all is one line naming when the calls ran', () => {
    const files = rotatedFiles();
    expect(() => runImport({ log: files.log, from: '2025-10-24 09:00', to: '2025-10-24 10:00', out: join(files.dir, 'o.yaml') })).toThrow(
      "--from/--to/--call/--event-type: no step of the records is left; expected a window and calls that hold at least one step (the records' 8 call action(s) run 2025-10-23 10:40:02 to 2025-10-23 11:21:40 Europe/Berlin)",
    );
  });

  it('the parts given in any order read as one stream; a part without calls alone is refused', () => {
    const files = rotatedFiles();
    const forward = runImport({ log: [...files.log].reverse(), webhooks: files.webhooks, ...window, out: join(files.dir, 'a.yaml') });
    const backward = runImport({ log: files.log, webhooks: files.webhooks, ...window, out: join(files.dir, 'b.yaml') });
    expect(forward.scenario.steps).toEqual(backward.scenario.steps);
    expect(() => runImport({ log: [files.log[2]], out: join(files.dir, 'c.yaml') })).toThrow(/^laravel\.log\.2\.gz:1-9: no voice-agent call in the log/);
  });

  it("--export-timeline writes each booking's function and import reads it back", async () => {
    const { out, scenario } = importIncident();
    const exported = join(tempDir(), 'incident.jsonl');
    expect(await quietly(() => runCommand(out, { fix: 'on', seed: '1', store: 'memory', exportTimeline: exported }))).toBe(0);
    expect(readFileSync(exported, 'utf8')).toContain('"action":"create_booking","slot":"2025-10-23T13:00:00.000Z","eventType":2563193,"outcome":"conflict","via":"collect_appointment_data"}');
    const back = runImport({ events: [exported], out: join(tempDir(), 'back.yaml') });
    expect(back.scenario.steps.map((s) => s.via)).toEqual(scenario.steps.map((s) => s.via));
  });

  it('the scenario it wrote loads as the loader reads it (via: kept)', () => {
    const { out } = importIncident();
    expect(loadScenarioFile(out).steps.filter((s) => s.via).map((s) => s.via)).toEqual(['book_appointment', 'book_appointment', 'collect_appointment_data']);
  });
});

describe('via: on a scenario step', () => {
  const scenario = (step: string) =>
    `name: v\ntimezone: Europe/Berlin\nprofile: askproai-34a0115\nstart: "2025-10-23 11:00:00"\nsteps:\n  - ${step}\n`;

  it('names the function a create_booking goes through; any other action is refused, naming the field', () => {
    expect(parseScenario(scenario('{ at: "11:00:00", caller: A, action: create_booking, slot: "2025-10-23 14:00", via: book_appointment }'), 'v.yaml').steps[0].via).toBe('book_appointment');
    expect(() => parseScenario(scenario('{ at: "11:00:00", caller: A, action: check_availability, slot: "2025-10-23 14:00", via: book_appointment }'), 'v.yaml')).toThrow(
      /v\.yaml:6.*via.*only create_booking takes via: \(the app function it goes through\), not check_availability/,
    );
    expect(() => parseScenario(scenario('{ at: "11:00:00", caller: A, action: create_booking, slot: "2025-10-23 14:00", via: collect }'), 'v.yaml')).toThrow(/via/);
  });
});
