import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../sim/cli/main.ts';
import { apiBooking, apiCheck } from './support/importCli.ts';
import { pasteIntoShell, racesim, xmlProblem } from './support/hostileOutput.ts';

/**
 * Issue 20 items 6, 7, 8: names from a user's files (scenario, caller, check and file names) reach the
 * terminal, report.md, the gate summary, JUnit, import's YAML comments and every replay line escaped for
 * each. Each command runs the built CLI in its own process, killed after 20 s.
 */

const root = new URL('..', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'racesim-escape-'));
const copy = (from: string, name: string) => {
  copyFileSync(join(root, from), join(dir, name));
  return name;
};
/** Terminal-active characters racesim must never print raw: C0 but newline and tab, DEL, C1, bidi controls. */
const TERMINAL_ACTIVE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const INJECTED = 'x\n\n## All checks passed ✓\n<img src=x onerror=alert(1)> \x1b[31m\x01\x08\ufffe|`';
const EVIL_FILE = 'a;touch PWNED-$(id -u);b.yaml';
/** The racesim arguments of the printed line that starts with `prefix`, pasted into sh -c. */
const pasted = (stdout: string, prefix: string) => {
  const line = stdout.split('\n').find((l) => l.startsWith(prefix));
  expect(line, `${prefix} in ${stdout}`).toBeDefined();
  return pasteIntoShell(line!.slice(prefix.length).trim().replace(/ {4}\(.*$/, ''));
};

describe('run: replay lines and names on the terminal', () => {
  it(`a file named ${EVIL_FILE}: the replay line runs racesim on it and nothing else`, () => {
    const file = copy('scenarios/test-case-1-single-user.yaml', EVIL_FILE);
    const r = racesim(['run', file, '--fix', 'on'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`replay: racesim run '${EVIL_FILE}' --fix on --seed 1`);
    expect(pasted(r.stdout, 'replay:')).toEqual({ args: ['run', EVIL_FILE, '--fix', 'on', '--seed', '1'], files: [] });
  });

  it('my incident.yaml gives a working command', () => {
    const file = copy('scenarios/test-case-1-single-user.yaml', 'my incident.yaml');
    const r = racesim(['run', file, '--fix', 'on'], dir);
    expect(pasted(r.stdout, 'replay:').args).toEqual(['run', 'my incident.yaml', '--fix', 'on', '--seed', '1']);
  });

  it('scenario and caller names with ESC, BEL, NUL and U+202E print as escapes', () => {
    const file = '\x1b[31mnamed.yaml';
    writeFileSync(
      join(dir, file),
      'name: "x\\e[31mRED\\a\\0\\u202eevil"\ntimezone: Europe/Berlin\nstart: "2025-10-20 10:00:00"\n' +
        'steps:\n  - { at: "10:00:00", caller: "A\\e]0;pwn\\a\\u202e\\nB", action: check_availability, slot: "2025-10-20 13:00" }\n',
    );
    const r = racesim(['run', file, '--fix', 'on'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toMatch(TERMINAL_ACTIVE);
    expect(r.stdout).toContain('x\\x1b[31mRED\\x07\\x00\\u202eevil  profile=seed');
    expect(r.stdout).toContain('A\\x1b]0;pwn\\x07\\u202e\\nB');
    expect(r.stdout).toContain("replay: racesim run '\\x1b[31mnamed.yaml'");
  });

  it('an error quoting a file name escapes it', () => {
    const r = racesim(['run', 'missing\x1b]0;title\x07\u202e.yaml'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).not.toMatch(TERMINAL_ACTIVE);
    expect(r.stderr).toContain('missing\\x1b]0;title\\x07\\u202e.yaml');
  });
});

describe('gate: a check name cannot inject into the summary, $GITHUB_STEP_SUMMARY, JUnit or the terminal', () => {
  const workload = copy('scenarios/workloads/two-callers.yaml', 'my workload.yaml');
  writeFileSync(join(dir, 'gate.yaml'), `checks:\n  - name: ${JSON.stringify(INJECTED)}\n    workload: ${workload}\n    fix: "off"\n    runs: 3\n    seed: 1\n    limits: { maxConflictRate: 0 }\n`);
  const r = racesim(['gate', '--config', 'gate.yaml', '--summary', 'summary.md', '--junit', 'junit.xml'], dir, { GITHUB_STEP_SUMMARY: join(dir, 'step-summary.md') });

  it('fails the check (exit 1) and prints it on one line per limit, escaped', () => {
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).not.toMatch(TERMINAL_ACTIVE);
    expect(r.stdout.split('\n').filter((l) => l.startsWith('FAIL '))).toHaveLength(1);
    expect(r.stdout).not.toMatch(/^## All checks passed/m);
  });

  for (const file of ['summary.md', 'step-summary.md']) {
    it(`${file}: no injected line, no raw HTML, the replay line quoted`, () => {
      const summary = readFileSync(join(dir, file), 'utf8');
      expect(summary).not.toMatch(/^\s*(?:[-*]\s*)?#+ All checks passed/m);
      expect(summary).not.toMatch(/<img|[\u0000-\u0008\u000b-\u001f]/);
      const rows = summary.split('\n').filter((l) => l.startsWith('| '));
      expect(rows).toHaveLength(3); // header, and the one limit; the separator starts with "| ---" too
      expect(rows[2].split(/(?<!\\)\|/)).toHaveLength(11); // nine cells: the name's | is escaped
      const replay = summary.split('\n').find((l) => l.includes('racesim compare'))!;
      expect(pasteIntoShell(/`(racesim [^`]*)`/.exec(replay)![1]).args).toEqual(['compare', '--workload', 'my workload.yaml', '--fix', 'off', '--runs', '3', '--seed', '1']);
    });
  }

  it('junit.xml is well-formed XML 1.0 and names the check', () => {
    const junit = readFileSync(join(dir, 'junit.xml'), 'utf8');
    expect(xmlProblem(junit)).toBeUndefined();
    expect(junit).toContain('name="x&#10;&#10;## All checks passed ✓&#10;&lt;img src=x onerror=alert(1)&gt; \\x1b[31m\\x01\\x08\\ufffe|`"');
  });
});

describe('compare: the reproduce line and report.md', () => {
  // In this process: drawing the report's charts can take longer than the kill timeout on a loaded machine.
  it(`a workload named ${EVIL_FILE}: "reproduce:" and report.md's command run racesim on it and nothing else`, async () => {
    const workload = join(dir, copy('scenarios/workloads/two-callers.yaml', EVIL_FILE));
    const r = await runCli(['compare', '--workload', workload, '--fix', 'off,on', '--runs', '2', '--out', join(dir, 'report dir')]);
    expect(r.code, r.stderr).toBe(0);
    const args = ['compare', '--workload', workload, '--fix', 'off,on', '--runs', '2', '--seed', '1'];
    const report = readFileSync(join(dir, 'report dir', 'report.md'), 'utf8');
    const block = /```sh\n(racesim compare [^\n]*)\n```/.exec(report)![1];
    expect(block).toContain(`'${workload}'`);
    expect(pasteIntoShell(block)).toEqual({ args, files: [] });
    expect(pasted(r.stdout, 'reproduce:')).toEqual({ args, files: [] });
  }, 120_000);
});

describe('explore: the replay lines of a finding', () => {
  it('an --out folder with a space and a $( ) gives lines that replay the finding', () => {
    const out = 'found $(touch PWNED) here';
    const r = racesim(['explore', '--fix', 'off', '--runs', '50', '--out', out], dir);
    expect(r.code, r.stderr).toBe(1);
    const lines = r.stdout.split('\n');
    const run = lines[lines.indexOf('replay:') + 1];
    const { args, files } = pasteIntoShell(run.trim());
    expect(files).toEqual([]);
    expect(args.slice(0, 2)).toEqual(['run', expect.stringMatching(/^found \$\(touch PWNED\) here\/.*\.yaml$/)]);
    expect(racesim(args, dir).code).toBe(0); // the written scenario replays: its expectations are the violation's evidence
  });
});

describe('import: YAML comments and the replay line', () => {
  it('a log file name with control characters and a newline stays one escaped comment line', () => {
    const logDir = join(dir, 'logs');
    mkdirSync(logDir, { recursive: true });
    const callId = 'call_1'; // call ids are refused unless plain (importRecords.ts isSafeId)
    const log = join(logDir, 'laravel\x07\u202e\nsteps: [].log');
    writeFileSync(log, [apiCheck('2025-10-20 08:00:00', callId, '2025-10-21', '13:00'), apiBooking('2025-10-20 08:00:05', callId, '2025-10-21', '13:00')].join('\n') + '\n');
    const r = racesim(['import', '--log', log, '--out', 'my incident.yaml'], dir);
    expect(r.code, r.stderr).toBe(0);
    const yaml = readFileSync(join(dir, 'my incident.yaml'), 'utf8');
    expect(yaml).not.toMatch(TERMINAL_ACTIVE);
    expect(yaml.split('\n').filter((l) => l.startsWith('steps:'))).toHaveLength(1);
    expect(yaml).toContain('laravel\\x07\\u202e\\nsteps: [].log');
    expect(r.stdout).not.toMatch(TERMINAL_ACTIVE);
    expect(pasted(r.stdout, 'replay:').args).toEqual(['run', 'my incident.yaml', '--fix', 'on']);
  });
});
