import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../sim/cli/main.ts';

const seedStack = 'scenarios/stacks/seed-design.yaml';
const tc2 = 'scenarios/test-case-2-parallel-users.yaml';
const work = mkdtempSync(join(tmpdir(), 'racesim-stack-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The timeline rows of a rendered run: what each caller heard, the truth, the layer and the verdict. */
const rows = (stdout: string) => stdout.split('\n').slice(2, stdout.split('\n').findIndex((l) => l.startsWith('metrics:')));

describe('racesim run --system stack', () => {
  it('tells test case 2 the same story under off as askproai\'s seed profile', async () => {
    const askproai = await runCli(['run', tc2, '--fix', 'off', '--profile', 'seed']);
    const stack = await runCli(['run', tc2, '--system', 'stack', '--stack', seedStack, '--fix', 'off']);
    expect(stack.code).toBe(0);
    expect(rows(stack.stdout)).toEqual(rows(askproai.stdout));
    expect(stack.stdout).toContain('⚠ STALE "available"');
    expect(stack.stdout).toContain('REJECTED 409: stale-cache (layer2)');
    expect(stack.stdout).toContain(`--system stack --stack ${seedStack}`);
  });

  it('runs every shipped stack file, and a scenario that names its own stack (layer edge) with system: and stack:', async () => {
    for (const [file, fix] of [['single-layer-60s.yaml', 'on'], ['no-invalidation.yaml', 'none']]) {
      expect((await runCli(['run', tc2, '--stack', `scenarios/stacks/${file}`, '--fix', fix, '--json'])).code).toBeLessThan(2);
    }
    const scenario = join(work, 'uses-stack.yaml');
    writeFileSync(join(work, 'mine.yaml'), 'system: stack\nlayers:\n  - { name: edge, key: hour, tenant: service, ttlSeconds: 300, fill: upstream }\nreads:\n  check: { layer: edge, key: hour }\nvariants:\n  none: {}\n');
    writeFileSync(
      scenario,
      'name: uses-stack\ntimezone: Europe/Berlin\nstart: "2025-10-20 10:00:00"\nsystem: stack\nstack: mine.yaml\nsteps:\n' +
        '  - { at: "10:00:00", caller: A, action: check_availability, slot: "2025-10-20 13:00" }\n' +
        '  - { at: "10:00:01", caller: B, action: create_booking, slot: "2025-10-20 13:00" }\n' +
        '  - { at: "10:00:02", caller: A, action: check_availability, slot: "2025-10-20 13:00" }\n' +
        '  - { at: "10:00:03", caller: A, action: create_booking, slot: "2025-10-20 13:00" }\n' +
        'expect:\n  none:\n    - { step: 0, outcome: available, servedBy: calcom }\n',
    );
    const run = await runCli(['run', scenario, '--fix', 'none', '--json']);
    expect(run.code).toBe(0);
    const steps = JSON.parse(run.stdout).steps;
    expect(steps[2]).toMatchObject({ outcome: 'available', servedBy: 'edge', stale: true });
    // A layer the stack names itself is a cache like any other when a rejection is attributed.
    expect(steps[3]).toMatchObject({ outcome: 'conflict', attribution: 'stale-cache', staleLayer: 'edge' });
  });

  it('lists both systems', async () => {
    const { stdout } = await runCli(['systems', '--json']);
    expect(JSON.parse(stdout).map((s: { name: string }) => s.name)).toEqual(['askproai', 'stack']);
  });
});

/** A stack file with one line replaced, so each error sits on a known line. */
const base = [
  'system: stack', //                                                        1
  'layers:', //                                                              2
  '  - { name: layer2, key: hour, tenant: service, ttlSeconds: 300, fill: next }', // 3
  '  - { name: layer1, key: day, tenant: team, ttlSeconds: 60, fill: upstream }', //  4
  'reads:', //                                                               5
  '  check: { layer: layer2, key: hour }', //                                6
  'variants:', //                                                            7
  '  "on":', //                                                              8
  '    onBooking: [{ layer: layer2, days: 7, hours: "9-18" }]', //           9
];
const withLine = (line: number, text: string) => base.map((l, i) => (i === line - 1 ? text : l)).join('\n') + '\n';

describe('bad stack files exit 2 naming file, line and field', () => {
  const cases: [string, string, number, string][] = [
    ['unknown key kind', withLine(3, '  - { name: layer2, key: minute, tenant: service, ttlSeconds: 300, fill: next }'), 3, 'layers.0.key'],
    ['a fill from a layer that does not exist', withLine(4, '  - { name: layer1, key: day, tenant: team, ttlSeconds: 60, fill: next }'), 4, 'layers.1.fill'],
    ['hours backwards', withLine(9, '    onBooking: [{ layer: layer2, days: 7, hours: "18-9" }]'), 9, 'variants.on.onBooking.0.hours'],
    ['a read of an unknown layer', withLine(6, '  check: { layer: edge, key: hour }'), 6, 'reads.check.layer'],
    ['a booking tenant on the webhook', withLine(9, '    onWebhook: [{ layer: layer2, days: 7, tenants: booking }]'), 9, 'variants.on.onWebhook.0.tenants'],
  ];
  for (const [what, text, line, field] of cases) {
    it(what, async () => {
      const file = join(work, `${field}.yaml`);
      writeFileSync(file, text);
      const { code, stderr } = await runCli(['run', tc2, '--stack', file]);
      expect(code).toBe(2);
      expect(stderr).toContain(`${file}:${line}: ${field}:`);
      expect(stderr.split('\n')).toHaveLength(1);
    });
  }

  it('an unknown variant and --profile are refused', async () => {
    expect((await runCli(['run', tc2, '--stack', 'scenarios/stacks/no-invalidation.yaml', '--fix', 'on'])).stderr).toContain('expected one of none');
    expect((await runCli(['run', tc2, '--stack', seedStack, '--profile', 'seed'])).code).toBe(2);
  });
});

describe('a run on a cache stack, saved and replayed', () => {
  it('carries the stack file with it: the replay is identical after the file is gone, and differs when the saved stack is edited', async () => {
    const stackFile = join(work, 'saved-stack.yaml');
    writeFileSync(stackFile, readFileSync(seedStack, 'utf8'));
    const saved = join(work, 'tc2-on-stack.json');
    expect((await runCli(['run', tc2, '--stack', stackFile, '--fix', 'on', '--save', saved, '--quiet'])).code).toBe(0);
    rmSync(stackFile);
    const replay = await runCli(['replay', saved]);
    expect(replay.code).toBe(0);
    expect(replay.stdout).toMatch(/replay identical: traceHash [0-9a-f]{64} equals the saved one/);
    const edited = JSON.parse(readFileSync(saved, 'utf8'));
    edited.stack.text = edited.stack.text.replace(/days: 30/g, 'days: 1');
    writeFileSync(saved, JSON.stringify(edited));
    const differs = await runCli(['replay', saved]);
    expect(differs.code).toBe(1);
    expect(differs.stdout).toContain('invalidate.booking eventType=123 keys=');
    writeFileSync(saved, JSON.stringify({ ...edited, stack: 5 }));
    const malformed = await runCli(['replay', saved]);
    expect(malformed).toMatchObject({ code: 2, stderr: `racesim: ${saved}: stack: expected { "file": string, "text": string }, got 5` });
  });
});

describe('racesim run --write-expect on a cache stack', () => {
  it("writes the stack's variants and layer names into a scenario that names its stack, and refuses one that does not", async () => {
    writeFileSync(join(work, 'edge.yaml'), 'system: stack\nlayers:\n  - { name: edge, key: hour, tenant: service, ttlSeconds: 300, fill: upstream }\nreads:\n  check: { layer: edge, key: hour }\nvariants:\n  none: {}\n');
    const scenario = join(work, 'edge-scenario.yaml');
    writeFileSync(
      scenario,
      'name: edge-scenario\ntimezone: Europe/Berlin\nstart: "2025-10-20 10:00:00"\nstack: edge.yaml\nsteps:\n' +
        '  - { at: "10:00:00", caller: A, action: check_availability, slot: "2025-10-20 13:00" }\n' +
        '  - { at: "10:00:01", caller: B, action: create_booking, slot: "2025-10-20 13:00" }\n' +
        '  - { at: "10:00:02", caller: A, action: check_availability, slot: "2025-10-20 13:00" }\n',
    );
    expect((await runCli(['run', scenario, '--fix', 'none', '--write-expect'])).code).toBe(0);
    expect(readFileSync(scenario, 'utf8')).toMatch(/^ {4}- \{ step: 2, outcome: available, truth: taken, stale: true, servedBy: edge,/m);
    expect((await runCli(['run', scenario, '--fix', 'none', '--quiet'])).code).toBe(0);
    const fromFlags = await runCli(['run', tc2, '--stack', seedStack, '--write-expect']);
    expect(fromFlags).toMatchObject({ code: 2, stderr: expect.stringContaining('--write-expect: the scenario must name its stack itself') });
  });
});

describe('a run on a cache stack, exported and imported back', () => {
  it('round-trips through racesim\'s timeline: the imported scenario names the stack and reproduces the outcomes', async () => {
    const timeline = join(work, 'on-stack.jsonl');
    const back = join(work, 'back-on-stack.yaml');
    expect((await runCli(['run', tc2, '--stack', seedStack, '--fix', 'off', '--export-timeline', timeline, '--quiet'])).code).toBe(0);
    expect(readFileSync(timeline, 'utf8').trim().split('\n')).toHaveLength(4);
    expect((await runCli(['import', '--events', timeline, '--stack', seedStack, '--as-fix', 'off', '--out', back])).code).toBe(0);
    const replay = await runCli(['run', back, '--fix', 'off']);
    expect(replay.code).toBe(0);
    expect(replay.stdout).toContain('expectations (off): 4 passed, 0 failed');
  });
});
