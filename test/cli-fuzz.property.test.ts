import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { runCli } from '../sim/cli/main.ts';

/**
 * Issue 13's fuzz test: scenario, workload and gate files built from their schemas, then made hostile
 * (values of the wrong type, huge and tiny numbers, long strings, deep nesting, deleted fields, cut
 * text, invalid bytes, alias bombs) and fed to the CLI's entry in this process. Whatever the input:
 * exit 0, 1 or 2; on 2 one line on stderr; never a stack trace or an internal error.
 */

const root = new URL('..', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'racesim-fuzz-'));
const path = (name: string) => join(dir, name);

const scenario = {
  name: 'fuzz',
  description: 'generated',
  timezone: 'Europe/Berlin',
  profile: 'seed',
  start: '2025-10-20 10:00:00',
  world: {
    services: [{ company: 1, branch: 0, team: 1, eventType: 123 }, { company: 2, branch: 'b', team: null, eventType: 123 }],
    slotMinutes: 30,
    businessHours: { open: '09:00', close: '18:00' },
    calcom: { latencyMs: { min: 0, max: 5 }, conflictStatus: 409, reservationMinutes: 10 },
    webhooks: { enabled: true, delayMs: 1000, eventNameStyle: 'dotted' },
    ttl: { layer1: 60, layer2: 300 },
    queueDelayMs: 0,
    appTimezone: 'UTC',
    faults: { webhookLossProbability: 0.1, webhookDuplicateProbability: 0.1, webhookDuplicateDelayMs: 10, webhookJitterMs: 5, calcomErrorProbability: 0.1, calcomTimeoutProbability: 0.1, calcomTimeoutMs: 100, rateLimitPerMinute: 120, layer2ForgetFailureProbability: 0.1, doubleBookingWindowMs: 50 },
  },
  steps: [
    { at: '10:00:00', caller: 'A', action: 'check_availability', slot: '2025-10-20 13:00', company: 1 },
    { at: '10:00:05', caller: 'A', action: 'create_booking', slot: '2025-10-20 13:00', company: 1 },
    { at: '10:00:07', caller: 'B', action: 'check_availability', slot: '2025-10-20 13:00', company: 1, branch: 0, calcomLatencyMs: 400 },
    { at: '2025-10-20 10:00:09 +02:00', caller: 'C', action: 'external_booking', slot: '2025-10-20 14:00', company: 2 },
  ],
  tieBreaks: [0, 1],
  expect: { off: [{ step: 2, outcome: 'available', stale: true }, { key: 'cal_slots_1_0_123_2025-10-20-13_2025-10-20-14', present: true }] },
};

const workload = {
  name: 'fuzz',
  timezone: 'Europe/Berlin',
  start: '2025-10-20 08:00:00',
  duration: '10m',
  world: { calcom: { latencyMs: { min: 300, max: 800 }, conflictStatus: 400 } },
  callers: { arrivalsPerHour: 30, daysAhead: [0, 1], hourWeights: { '12': 3 }, thinkSeconds: [5, 15], bookProbability: 0.6, takeAlternativeProbability: 0.5 },
  externalBookingsPerHour: 4,
  pair: { gapSeconds: 2 },
};

const gate = (workloadFile: string) => ({
  checks: [{ name: 'fuzz', workload: workloadFile, fix: 'on', runs: 1, seed: 1, limits: { maxConflictRate: 1, maxStaleAvailableRateUpper: 1 } }],
});

type Doc = unknown;
type Path = (string | number)[];

/** Every path into a document, interior nodes included. */
function pathsOf(value: Doc, at: Path = []): Path[] {
  if (typeof value !== 'object' || value === null) return [at];
  return [at, ...Object.entries(value).flatMap(([key, item]) => pathsOf(item, [...at, Array.isArray(value) ? Number(key) : key]))];
}

const nested = (depth: number): unknown => (depth === 0 ? 1 : [nested(depth - 1)]);

/** Values from the edges of every type: numbers far outside the ranges (never large inside them, which would only be slow), strings, structures. */
const hostileValue = fc.oneof(
  fc.constantFrom(0, -1, 1, 0.5, -0, 1e-300, 1e308, -1e308, 1e12, 2 ** 53, Infinity, NaN, 9_007_199_254_740_993),
  fc.constantFrom('', ' ', 'x'.repeat(300), 'd'.repeat(70_000), '\u0000', 'é', '1e308', '02:30:00', '2025-03-30 02:30:00', '2025-10-26 02:30:00 +05:00', '0000-01-01 00:00:00', '9999-12-31 23:59:59', 'Mars/Olympus', '744h', '0s', '1e9h', 'layer2'),
  fc.constantFrom<unknown>(null, true, [], {}, [1, 2], { a: 1 }),
  fc.constantFrom(2, 40, 300).map(nested),
);

type Mutation = { kind: 'set'; at: number; value: unknown } | { kind: 'delete'; at: number } | { kind: 'add'; at: number; value: unknown };
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), at: fc.nat(), value: hostileValue }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('add' as const), at: fc.nat(), value: hostileValue }),
);

function mutate(base: Doc, mutations: readonly Mutation[]): Doc {
  const doc = structuredClone(base) as Record<string, unknown>;
  for (const m of mutations) {
    const paths = pathsOf(doc);
    const target = paths[m.at % paths.length];
    if (target.length === 0) continue;
    const parent = target.slice(0, -1).reduce<any>((node, key) => node[key], doc);
    const key = target[target.length - 1];
    if (m.kind === 'set') parent[key] = m.value;
    else if (m.kind === 'delete') Array.isArray(parent) ? parent.splice(Number(key), 1) : delete parent[key];
    else if (typeof parent[key] === 'object' && parent[key] !== null && !Array.isArray(parent[key])) parent[key].extra = m.value;
  }
  return doc;
}

/** Changes to the text itself: cut, an invalid byte, an alias bomb, a reference to an undefined alias. */
type TextChange = { kind: 'none' } | { kind: 'cut'; at: number } | { kind: 'byte'; at: number } | { kind: 'aliases'; depth: number } | { kind: 'dangling' };
const textChange: fc.Arbitrary<TextChange> = fc.oneof(
  { weight: 4, arbitrary: fc.constant({ kind: 'none' as const }) },
  fc.record({ kind: fc.constant('cut' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({ kind: fc.constant('byte' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({ kind: fc.constant('aliases' as const), depth: fc.integer({ min: 1, max: 9 }) }),
  fc.constant({ kind: 'dangling' as const }),
);

function serialize(doc: Doc, change: TextChange): Buffer {
  const text = stringify(doc, { lineWidth: 0 });
  const bytes = Buffer.from(text);
  switch (change.kind) {
    case 'cut':
      return bytes.subarray(0, Math.floor(change.at * bytes.length));
    case 'byte': {
      const at = Math.min(bytes.length - 1, Math.floor(change.at * bytes.length));
      bytes[at] = 0xff;
      return bytes;
    }
    case 'aliases': {
      const names = Array.from({ length: change.depth + 1 }, (_, i) => `l${i}`);
      const lines = names.map((name, i) => (i === 0 ? `${name}: &${name} [x, x, x, x, x, x, x, x, x]` : `${name}: &${name} [${Array(9).fill(`*${names[i - 1]}`).join(', ')}]`));
      return Buffer.from(`${lines.join('\n')}\n${text}`);
    }
    case 'dangling':
      return Buffer.from(text.replace(/: (\S+)\n/, ': *nowhere\n'));
    default:
      return bytes;
  }
}

const baseWorkloadFile = path('base-workload.yaml');
writeFileSync(baseWorkloadFile, stringify(workload));

const kinds = {
  scenario: { base: scenario, args: (file: string) => ['run', file, '--fix', 'off'] },
  workload: { base: workload, args: (file: string) => ['compare', '--workload', file, '--fix', 'off', '--runs', '1', '--workers', '1', '--shard', '1/1', '--out', path('partial.json')] },
  gate: { base: gate(baseWorkloadFile), args: (file: string) => ['gate', '--config', file, '--workers', '1', '--summary', path('summary.md'), '--junit', path('junit.xml')] },
} as const;

const CASES = 300;

describe('CLI fuzz: hostile scenario, workload and gate files', () => {
  it('starts from valid files: each unmutated one runs', async () => {
    for (const [kind, { base, args }] of Object.entries(kinds)) {
      const file = path(`valid-${kind}.yaml`);
      writeFileSync(file, stringify(base));
      const r = await runCli(args(file));
      expect([0, 1], `${kind}: ${r.stderr}`).toContain(r.code);
    }
  });

  it(`${CASES} cases: exit 0, 1 or 2; on 2 one line; never a stack trace`, async () => {
    let longestMs = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...(Object.keys(kinds) as (keyof typeof kinds)[])), fc.array(mutation, { minLength: 0, maxLength: 3 }), textChange, async (kind, mutations, change) => {
        const file = path(`${kind}.yaml`);
        writeFileSync(file, serialize(mutate(kinds[kind].base, mutations), change));
        const started = performance.now(); // wall-clock-ok: reports the slowest case, asserts nothing about it
        const r = await runCli(kinds[kind].args(file));
        longestMs = Math.max(longestMs, performance.now() - started); // wall-clock-ok: as above
        expect([0, 1, 2], `${kind}: ${r.stderr}`).toContain(r.code);
        expect(r.stderr).not.toMatch(/\n\s+at |internal error|Unhandled/);
        if (r.code === 2) expect(r.stderr.split('\n'), r.stderr).toHaveLength(1);
      }),
      { numRuns: CASES, seed: 13 },
    );
    console.log(`cli fuzz: ${CASES} cases, longest ${longestMs.toFixed(0)} ms`);
  }, 60_000);
});

/**
 * Issue 20: names and paths. A stack's variant names (which name report files) drawn from hostile text,
 * and output paths drawn from what a user may point an output at (an input, a link to it, a folder, a
 * FIFO, a dangling link, a file where a folder should be, /dev/null, one path for two outputs). Whatever
 * they are: exit 0, 1 or 2, one line on 2; nothing written outside the sandbox's own outputs; every
 * input, link, FIFO and device exactly as it was.
 */
const hostileName = fc.oneof(
  fc.constantFrom('/../escaped', 'a/b', 'a\\b', '..', '.', '.hidden', '-rf', 'constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf', 'On', 'on', 'a\u0000b', '\u202eevil', 'é', 'a b', 'x'.repeat(101), 'ok-name', 'v1.2+fast=yes'),
  fc.string({ maxLength: 12 }),
);
const stackText = readFileSync(join(root, 'scenarios/stacks/single-layer-60s.yaml'), 'utf8');
const tinyWorkload = path('tiny-workload.yaml');
writeFileSync(tinyWorkload, stringify({ ...workload, duration: '2m', callers: { ...workload.callers, arrivalsPerHour: 60 } }));

/** Every file under `dir` (links not followed), with its kind and content hash: what must not change. */
function snapshot(dir: string): Map<string, string> {
  const seen = new Map<string, string>();
  const walk = (at: string) => {
    for (const name of readdirSync(at)) {
      const full = join(at, name);
      const stats = lstatSync(full);
      if (stats.isDirectory()) walk(full);
      const kind = stats.isSymbolicLink() ? `link→${readlinkSync(full)}` : stats.isFIFO() ? 'fifo' : stats.isDirectory() ? 'dir' : `${stats.mode & 0o777}:${createHash('sha256').update(readFileSync(full)).digest('hex')}`;
      seen.set(relative(dir, full), kind);
    }
  };
  walk(dir);
  return seen;
}

describe('CLI fuzz: hostile variant names and output paths', () => {
  it('40 stacks with hostile variant names: refused before any run, or run with every report file inside --out', async () => {
    let ran = 0;
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(hostileName, { minLength: 1, maxLength: 3 }), async (names) => {
        const sandbox = mkdtempSync(join(dir, 'names-'));
        const stack = join(sandbox, 'stack.yaml');
        writeFileSync(stack, stackText.replace(/^ {2}"off":/m, `${names.map((n) => `  ${JSON.stringify(n)}:\n    onBooking: [{ layer: layer1, days: 1 }]\n`).join('')}  "off":`));
        const out = join(sandbox, 'rp');
        const r = await runCli(['compare', '--workload', tinyWorkload, '--stack', stack, '--fix', names.join(','), '--runs', '1', '--workers', '1', '--out', out, '--quiet']);
        expect([0, 1, 2], r.stderr).toContain(r.code);
        expect(r.stderr).not.toMatch(/\n\s+at |internal error|Unhandled/);
        if (r.code === 2) expect(r.stderr.split('\n'), r.stderr).toHaveLength(1);
        const files = [...snapshot(sandbox).keys()];
        expect(files.filter((f) => f !== 'stack.yaml' && f !== 'rp' && !f.startsWith('rp/')), JSON.stringify(names)).toEqual([]);
        // A run that went ahead had only names that are file names, and its report lists them all.
        if (r.code !== 2) {
          ran++;
          for (const name of names) expect(name).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_.+=-]{0,99}$/);
          expect(names.every((name) => !name.includes('..'))).toBe(true);
          expect(Object.keys(JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')).compare.variants)).toEqual(names);
        }
      }),
      { numRuns: 40, seed: 20 },
    );
    expect(ran, 'some cases must run, or the property checks refusals alone').toBeGreaterThan(5);
  }, 120_000);

  const targets = ['the-scenario', 'link-to-scenario', 'a-folder', 'a-fifo', 'dangling-link', 'plain/under-a-file.html', 'new/folder/out.html', '/dev/null', 'fresh.html'] as const;
  it('60 output paths: refused before anything is written, or written without touching an input, link, FIFO or device', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...targets), fc.option(fc.constantFrom(...targets), { nil: undefined }), async (html, save) => {
        const sandbox = mkdtempSync(join(dir, 'paths-'));
        writeFileSync(join(sandbox, 'the-scenario'), readFileSync(join(root, 'scenarios/test-case-2-parallel-users.yaml')));
        symlinkSync('the-scenario', join(sandbox, 'link-to-scenario'));
        mkdirSync(join(sandbox, 'a-folder'));
        execFileSync('mkfifo', [join(sandbox, 'a-fifo')]);
        symlinkSync('missing-target.html', join(sandbox, 'dangling-link'));
        writeFileSync(join(sandbox, 'plain'), 'a file');
        const before = snapshot(sandbox);
        const at = (target: string) => (target.startsWith('/') ? target : join(sandbox, target));
        const r = await runCli(['run', join(sandbox, 'the-scenario'), '--html', at(html), ...(save ? ['--save', at(save)] : []), '--quiet']);
        expect([0, 2], r.stderr).toContain(r.code);
        if (r.code === 2) expect(r.stderr.split('\n'), r.stderr).toHaveLength(1);
        const after = snapshot(sandbox);
        for (const [file, kind] of before) expect(after.get(file), `${file} after --html ${html} --save ${save}`).toBe(kind);
        if (r.code === 2) expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
        expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
      }),
      { numRuns: 60, seed: 20 },
    );
  }, 120_000);
});
