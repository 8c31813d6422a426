import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../sim/cli/main.ts';
import { emptyState, mergeState } from '../sim/metrics/accumulator.ts';

/** Issue 13, "nothing lost, nothing trusted blindly": one test per defect, each through the CLI's entry in this process. */

const root = new URL('..', import.meta.url).pathname;
const tc2 = join(root, 'scenarios/test-case-2-parallel-users.yaml');
const twoCallers = join(root, 'scenarios/workloads/two-callers.yaml');
const tempDir = () => mkdtempSync(join(tmpdir(), 'racesim-rel-'));
const write = (dir: string, name: string, text: string | Buffer) => {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
};
const gateConfig = (checks: { name: string; runs: number; limit: number }[]) =>
  `checks:\n${checks.map((c) => `  - { name: ${c.name}, workload: ${twoCallers}, fix: "off", runs: ${c.runs}, seed: 1, limits: { maxStaleAvailableRate: ${c.limit} } }`).join('\n')}\n`;

/** Asserts the bad-input contract: exit 2, one line on stderr starting `racesim:`, no stack frame, input quoted briefly. */
function expectBadInput(result: { code: number; stderr: string }, message?: RegExp) {
  expect(result.code, result.stderr).toBe(2);
  expect(result.stderr.split('\n')).toHaveLength(1);
  expect(result.stderr).toMatch(/^racesim: /);
  expect(result.stderr).not.toMatch(/\n\s+at |Unhandled error event/);
  if (message) expect(result.stderr).toMatch(message);
}

describe('1. gate check names', () => {
  it('two checks with one name are refused instead of sharing one result', async () => {
    const dir = tempDir();
    const config = write(dir, 'gate.yaml', gateConfig([{ name: 'same', runs: 4, limit: 0.1 }, { name: 'same', runs: 4, limit: 0.9 }]));
    expectBadInput(await runCli(['gate', '--config', config, '--summary', join(dir, 's.md'), '--junit', join(dir, 'j.xml'), '--workers', '1']), /checks\.1\.name: a second check named "same"/);
  });
});

describe('2. numbers out of range', () => {
  it('an exhaustive search over a 10,000-step scenario is refused before it starts', async () => {
    const steps = Array.from({ length: 10_000 }, (_, i) => `  - { at: "2025-10-20 10:${String(Math.floor(i / 600) % 60).padStart(2, '0')}:${String(Math.floor(i / 10) % 60).padStart(2, '0')}", caller: A, action: check_availability, slot: "2025-10-20 13:00" }`);
    const file = write(tempDir(), 'big.yaml', `name: big\ntimezone: Europe/Berlin\nstart: "2025-10-20 10:00:00"\nsteps:\n${steps.join('\n')}\n`);
    expectBadInput(await runCli(['explore', '--exhaustive', file, '--fix', 'off']), /10000 steps; expected at most 64/);
  });

  it('--workers above the core count is clamped, with a one-line note', async () => {
    const r = await runCli(['sweep', '--gaps', '0:0:1', '--runs', '1', '--fix', 'off', '--workers', '1000', '--json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^racesim: --workers 1000 is more than the \d+ cores here; using \d+$/);
  });

  it('--runs 10¹², --runs × variants above 10⁷ and --gaps with too many points are refused', async () => {
    expectBadInput(await runCli(['compare', '--runs', '1000000000000']), /--runs: expected an integer from 1 to 10000000, got "1000000000000"/);
    expectBadInput(await runCli(['sweep', '--gaps', '0:99999999999:1']), /--gaps: expected from:to:step in seconds with from ≤ to ≤ 2678400/);
    expectBadInput(await runCli(['compare', '--runs', '5000000', '--fix', 'off,on,none']), /make 15000000 runs; expected at most 10000000/);
    expectBadInput(await runCli(['sweep', '--gaps', '0:2000000:1']), /expected at most 1000/);
  });
});

describe('3. years', () => {
  it.each(['0050', '0999', '2200'])('year %s is refused, not read as another year', async (year) => {
    const file = write(tempDir(), 's.yaml', readFileSync(tc2, 'utf8').replace('start: "2025-10-20 10:00:00"', `start: "${year}-10-20 10:00:00"`));
    expectBadInput(await runCli(['run', file]), new RegExp(`start: year ${Number(year)}: expected 1970–2199`));
  });
});

describe('4. no hang without output', () => {
  it('explore --path with a huge index is refused', async () => {
    expectBadInput(await runCli(['explore', '--path', '99999999999']), /--path: expected fast-check's path/);
  });
});

describe('5. merge verifies partials and never re-reads the config', () => {
  async function shards(dir: string, config: string, name = 'part') {
    const parts = [1, 2].map((i) => join(dir, `${name}${i}.json`));
    for (const [i, part] of parts.entries()) expect((await runCli(['gate', '--config', config, '--shard', `${i + 1}/2`, '--out', part, '--workers', '1'])).code).toBe(0);
    return parts;
  }
  const merge = (dir: string, parts: string[]) => runCli(['merge', ...parts, '--summary', join(dir, 's.md'), '--junit', join(dir, 'j.xml'), '--json']);

  it('a config edited after the shards ran does not change the merged verdict', async () => {
    const dir = tempDir();
    const config = write(dir, 'gate.yaml', gateConfig([{ name: 'check', runs: 6, limit: 0.9 }]));
    const parts = await shards(dir, config);
    writeFileSync(config, gateConfig([{ name: 'check', runs: 600, limit: 0.1 }]));
    const merged = await merge(dir, parts);
    expect(merged.code).toBe(0);
    expect(JSON.parse(merged.stdout).checks[0]).toMatchObject({ name: 'check', runs: 6, passed: true });
  });

  it('refuses negative counts, an edited part, a whole run given as a shard, and parts of different configs', async () => {
    const dir = tempDir();
    const config = write(dir, 'gate.yaml', gateConfig([{ name: 'check', runs: 6, limit: 0.9 }]));
    const parts = await shards(dir, config);
    const part = JSON.parse(readFileSync(parts[0], 'utf8'));
    const negative = write(dir, 'negative.json', JSON.stringify({ ...part, states: { check: { ...part.states.check, conflicts: -5 } } }));
    expectBadInput(await merge(dir, [negative, parts[1]]), /states\.check\.conflicts: expected a non-negative integer, got -5/);
    const edited = write(dir, 'edited.json', JSON.stringify({ ...part, options: { config: 'other.yaml' } }));
    expectBadInput(await merge(dir, [edited, parts[1]]), /inputsHash: expected the hash/);
    const whole = join(dir, 'whole.json');
    expect((await runCli(['gate', '--config', config, '--shard', '1/1', '--out', whole, '--workers', '1'])).code).toBe(0);
    const wholeAsShard = write(dir, 'whole-as-1-of-2.json', JSON.stringify({ ...JSON.parse(readFileSync(whole, 'utf8')), shard: { index: 1, count: 2 } }));
    expectBadInput(await merge(dir, [wholeAsShard, parts[1]]), /seeds\.check: expected 3 runs from seed 1 every 2/);
    writeFileSync(config, gateConfig([{ name: 'check', runs: 8, limit: 0.9 }]));
    const [, laterPart] = await shards(dir, config, 'later');
    expectBadInput(await merge(dir, [parts[0], laterPart]), /comes from another run/);
  });
});

describe('5. merging large parts', () => {
  it('adds parts holding hundreds of thousands of staleness windows (spreading them overflowed the stack: exit 3)', () => {
    const part = { ...emptyState(['layer1', 'layer2']), windowsMs: Array.from({ length: 500_000 }, (_, i) => i) };
    expect(mergeState(emptyState(['layer1', 'layer2']), part).windowsMs).toHaveLength(500_000);
  });
});

describe('6. outputs are written as units', () => {
  it('a report folder is replaced whole: no file of an earlier run stays beside the new ones, no temp is left', async () => {
    const dir = tempDir();
    const out = join(dir, 'report');
    expect((await runCli(['compare', '--workload', twoCallers, '--fix', 'off', '--runs', '2', '--workers', '1', '--out', out, '--quiet'])).code).toBe(0);
    expect(readdirSync(out)).toContain('gap-sweep-stale.svg');
    const peak = join(root, 'scenarios/workloads/peak-hour.yaml');
    expect((await runCli(['compare', '--workload', peak, '--fix', 'off', '--runs', '1', '--workers', '1', '--out', out, '--quiet'])).code).toBe(0);
    expect(readdirSync(out)).not.toContain('gap-sweep-stale.svg');
    expect(readdirSync(dir)).toEqual(['report']);
  });

  it('a second run into a folder another live racesim is writing is refused; a dead one\'s lock and temps are cleared', async () => {
    const dir = tempDir();
    const out = join(dir, 'report');
    writeFileSync(`${out}.racesim-lock`, String(process.ppid));
    const args = ['compare', '--workload', twoCallers, '--fix', 'off', '--runs', '1', '--workers', '1', '--out', out, '--quiet'];
    expectBadInput(await runCli(args), /another racesim \(pid \d+\) is writing this folder/);
    writeFileSync(`${out}.racesim-lock`, '999999999');
    mkdirSync(`${out}.racesim-999999999.tmp`);
    expect((await runCli(args)).code).toBe(0);
    expect(readdirSync(dir)).toEqual(['report']);
  });

  it('a run killed between its two renames left the old folder aside: the next run puts it back before replacing it', async () => {
    const dir = tempDir();
    const out = join(dir, 'report');
    const args = (runs: string) => ['compare', '--workload', twoCallers, '--fix', 'off', '--runs', runs, '--workers', '1', '--out', out, '--quiet'];
    expect((await runCli(args('1'))).code).toBe(0);
    renameSync(out, `${out}.racesim-999999999.old`); // as a run killed between its renames leaves it: with its manifest
    mkdirSync(`${out}.racesim-999999999.tmp`);
    expect((await runCli(args('2'))).code).toBe(0);
    expect(readdirSync(dir)).toEqual(['report']);
    expect(JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')).compare.runs).toBe(2);
  });

  it('a folder holding files racesim did not write is not replaced', async () => {
    const out = tempDir();
    write(out, 'notes.txt', 'mine');
    expectBadInput(await runCli(['compare', '--workload', twoCallers, '--fix', 'off', '--runs', '1', '--workers', '1', '--out', out, '--quiet']), /holds "?notes\.txt/);
    expect(readFileSync(join(out, 'notes.txt'), 'utf8')).toBe('mine');
  });

  it('--save and --html of one run are written together: when one cannot be written, neither is, and no temp stays', async () => {
    const dir = tempDir();
    const save = join(dir, 'run.json');
    const folder = join(dir, 'folder');
    mkdirSync(folder);
    expectBadInput(await runCli(['run', tc2, '--save', save, '--html', folder]), /folder: is a folder; expected a file path/);
    expect(readdirSync(dir)).toEqual(['folder']);
    write(dir, 'run.json.racesim-4000000000.tmp', 'left by a killed run');
    write(dir, 'run.json.4000000000.tmp', 'a file of the user\'s: racesim never wrote this name');
    expect((await runCli(['run', tc2, '--save', save, '--html', join(dir, 'run.html')])).code).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['folder', 'run.html', 'run.json', 'run.json.4000000000.tmp']);
  });
});

describe('7. bad input is exit 2, never "internal error"', () => {
  it('a YAML alias bomb', async () => {
    const bomb = ['a: &a [x,x,x,x,x,x,x,x,x]', ...'bcdefgh'.split('').map((c, i) => `${c}: &${c} [${Array(9).fill(`*${'abcdefgh'[i]}`).join(',')}]`)].join('\n');
    expectBadInput(await runCli(['run', write(tempDir(), 'bomb.yaml', bomb + '\n')]), /YAML aliases cannot be expanded: Excessive alias count/);
  });

  it('replay and merge of a file holding null', async () => {
    const file = write(tempDir(), 'null.json', 'null');
    expectBadInput(await runCli(['replay', file]), /expected a JSON object written by racesim run --save, got null/);
    expectBadInput(await runCli(['merge', file]), /expected a JSON object/);
  });

  it('a malformed --redis URL, a malformed --path, an output path that is a folder', async () => {
    expectBadInput(await runCli(['cost', '--redis', 'redis://:99999', '--services', '1']), /--redis: expected a URL/);
    expectBadInput(await runCli(['explore', '--path', 'zz:yy']), /--path/);
    const dir = tempDir();
    expectBadInput(await runCli(['run', tc2, '--save', dir]), /is a folder/);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('8. replay trusts nothing it did not recompute', () => {
  async function saved() {
    const dir = tempDir();
    const file = join(dir, 'run.json');
    expect((await runCli(['run', tc2, '--fix', 'off', '--save', file])).code).toBe(0);
    return { file, run: JSON.parse(readFileSync(file, 'utf8')) };
  }

  it.each([
    ['edited', (trace: string[]) => trace.map((l, i) => (i === 3 ? `${l} edited` : l))],
    ['truncated', (trace: string[]) => trace.slice(0, 5)],
    ['deleted', () => undefined],
  ])('a saved trace %s is exit 1, naming the mismatch', async (_, change) => {
    const { file, run } = await saved();
    writeFileSync(file, JSON.stringify({ ...run, trace: change(run.trace) }));
    const r = await runCli(['replay', file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/the saved trace \(\d+ lines\) does not match the saved traceHash/);
  });

  it('a saved run whose expectations fail is exit 1', async () => {
    const { file, run } = await saved();
    writeFileSync(file, JSON.stringify({ ...run, scenarioText: run.scenarioText.replace('outcome: available, stale: true', 'outcome: unavailable, stale: true') }));
    const r = await runCli(['replay', file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('1 expectation(s) of the saved scenario fail under --fix off');
  });
});

describe('10. reports state the TTLs the runs had', () => {
  it('--ttl layer1=45,layer2=100 appears in the report instead of 60 s / 300 s', async () => {
    const out = join(tempDir(), 'report');
    expect((await runCli(['compare', '--workload', twoCallers, '--fix', 'off', '--runs', '2', '--workers', '1', '--ttl', 'layer1=45,layer2=100', '--out', out, '--quiet'])).code).toBe(0);
    const md = readFileSync(join(out, 'report.md'), 'utf8');
    expect(md).toContain('The dashed lines mark the TTLs: Layer 1 45 s, Layer 2 100 s.');
    expect(md).not.toContain('(60 s)');
  });

  it('a scenario\'s own TTLs name the timeline\'s cache lanes', async () => {
    const dir = tempDir();
    const file = write(dir, 's.yaml', readFileSync(tc2, 'utf8').replace('steps:', 'world: { ttl: { layer1: 45, layer2: 100 } }\nsteps:').replace(/\nexpect:[\s\S]*$/, '\n'));
    expect((await runCli(['run', file, '--html', join(dir, 't.html')])).code).toBe(0);
    const html = readFileSync(join(dir, 't.html'), 'utf8');
    expect(html).toContain('Layer 1 (calcom:slots, 45 s)');
    expect(html).toContain('Layer 2 (cal_slots, 100 s)');
  });

  it('a TTL of 400 nines is refused with its range', async () => {
    expectBadInput(await runCli(['compare', '--ttl', `layer1=${'9'.repeat(400)}`]), /--ttl layer1: expected an integer from 0 to 2678400, got "9{80}"… \(400 characters\)/);
  });
});

describe('11. messages', () => {
  it('a binary file: one short line naming the byte offset, not its bytes', async () => {
    const bytes = Buffer.alloc(10_000, 0xff);
    const r = await runCli(['run', write(tempDir(), 'binary.yaml', bytes)]);
    expectBadInput(r, /not UTF-8 text \(byte 0xff at byte offset 0\)/);
    expect(r.stderr.length).toBeLessThan(200);
  });

  it('a wrong file (package.json as a scenario) is not echoed whole', async () => {
    const r = await runCli(['run', join(root, 'package.json')]);
    expectBadInput(r);
    expect(r.stderr.length).toBeLessThan(400);
  });

  it('a zero that must be positive says so; a missing value never reads "got undefined"', async () => {
    const file = write(tempDir(), 's.yaml', readFileSync(tc2, 'utf8').replace('steps:', 'world: { slotMinutes: 0 }\nsteps:'));
    expectBadInput(await runCli(['run', file]), /world\.slotMinutes: expected more than 0, got 0$/);
    const saved = write(tempDir(), 'run.json', '{}');
    const r = await runCli(['replay', saved]);
    expectBadInput(r, /format: expected "racesim-run\/1", got nothing/);
  });

  it('commander\'s errors are one racesim: line', async () => {
    expectBadInput(await runCli(['run', tc2, '--no-such-option']), /^racesim: unknown option '--no-such-option' \(racesim --help lists the commands\)$/);
    expectBadInput(await runCli(['run']), /^racesim: missing required argument 'scenario'/);
  });

  it('a bad scenario inside a saved run is reported at the saved run', async () => {
    const dir = tempDir();
    const file = join(dir, 'run.json');
    expect((await runCli(['run', tc2, '--save', file])).code).toBe(0);
    const run = JSON.parse(readFileSync(file, 'utf8'));
    writeFileSync(file, JSON.stringify({ ...run, scenarioText: run.scenarioText.replace('timezone: Europe/Berlin', 'timezone: Mars/Olympus') }));
    expectBadInput(await runCli(['replay', file]), new RegExp(`^racesim: ${file.replace(/[.]/g, '\\.')} \\(scenarioText, saved from .*\\):\\d+: timezone: unknown IANA time zone "Mars/Olympus"`));
  });
});

describe('12. nothing accepted without a word', () => {
  const scenario = (start: string, at: string) =>
    `name: dst\ntimezone: Europe/Berlin\nstart: "${start}"\nsteps:\n  - { at: "${start.slice(11)}", caller: A, action: check_availability, slot: "2025-10-28 13:00" }\n  - { at: "${at}", caller: A, action: create_booking, slot: "2025-10-28 13:00" }\n`;

  it('a local time in a DST gap is refused, naming the field and the gap', async () => {
    const file = write(tempDir(), 'gap.yaml', scenario('2025-03-30 01:00:00', '02:30:00'));
    expectBadInput(await runCli(['run', file]), /:\d+: steps\.1\.at: 02:30 does not exist on 2025-03-30 in Europe\/Berlin/);
  });

  it('an ambiguous local time is the later instant, as PHP reads it, unless an offset picks the earlier', async () => {
    const later = await runCli(['run', write(tempDir(), 'a.yaml', scenario('2025-10-26 02:30:00', '02:40:00')), '--json']);
    expect(later.code).toBe(0);
    const earlier = await runCli(['run', write(tempDir(), 'b.yaml', scenario('2025-10-26 02:30:00 +02:00', '02:40:00 +02:00')), '--json']);
    expect(earlier.code).toBe(0);
    const traceHashes = [later, earlier].map((r) => JSON.parse(r.stdout).traceHash);
    expect(traceHashes[0]).not.toBe(traceHashes[1]);
    expectBadInput(await runCli(['run', write(tempDir(), 'c.yaml', scenario('2025-10-26 02:30:00', '02:40:00 +02:00'))]), /02:40:00 \+02:00 is before start/);
  });

  it('Latin-1 bytes are refused at their byte offset instead of becoming U+FFFD', async () => {
    const text = Buffer.concat([Buffer.from(readFileSync(tc2, 'utf8').replace('name: test-case-2-parallel-users', 'name: caf')), Buffer.from([0xe9, 0x0a])]);
    expectBadInput(await runCli(['run', write(tempDir(), 'latin1.yaml', text)]), new RegExp(`byte 0xe9 at byte offset ${text.length - 2}`));
  });

  it('--save "" and --html "" are refused, not ignored', async () => {
    expectBadInput(await runCli(['run', tc2, '--save', '']), /--save: expected a path, got an empty string/);
    expectBadInput(await runCli(['run', tc2, '--html', '']), /--html: expected a path/);
  });

  it('pair.gapSeconds 1e308 is refused with its range', async () => {
    const file = write(tempDir(), 'w.yaml', readFileSync(twoCallers, 'utf8').replace('gapSeconds: 2', 'gapSeconds: 1e308'));
    expectBadInput(await runCli(['compare', '--workload', file, '--runs', '1']), /pair\.gapSeconds: expected at most 2678400, got 1e\+308/);
  });

  it('a seed whose runs would leave the exact integers is refused instead of reusing seeds', async () => {
    expectBadInput(await runCli(['compare', '--seed', '9007199254740991', '--runs', '3']), /expected seed at most 9007199254740989/);
  });
});

describe('no temp file of a failed write stays behind', () => {
  it('--save into a missing folder under a file', async () => {
    const dir = tempDir();
    const file = write(dir, 'plain', 'x');
    expectBadInput(await runCli(['run', tc2, '--save', join(file, 'run.json')]), /plain is a regular file, not a folder/);
    expect(existsSync(join(file, 'run.json'))).toBe(false);
    expect(readdirSync(dir)).toEqual(['plain']);
  });
});
