import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../sim/cli/main.ts';
import { phpMissing } from '../sim/conform/phpWorker.ts';

/**
 * `racesim conform` against the fixture app (test/fixtures/conform-app/, written for these tests with the
 * class shapes the driver drives). They need php 8.2 and Debian's Laravel; without them they skip and
 * say why (.ci/run installs both, so CI runs them).
 */
const fixture = 'test/fixtures/conform-app';
const scenario = `${fixture}/scenario.yaml`;
const missing = phpMissing();
const conform = (...args: string[]) => runCli(['conform', '--app', fixture, '--fix', 'on', '--scenario', scenario, ...args]);

describe.skipIf(missing !== null)(`conform on the fixture app${missing ? ` (skipped: ${missing})` : ''}`, () => {
  it('agrees with the model step by step when the app does what the model says', async () => {
    const { code, stdout } = await conform();
    expect(stdout).toContain('5 of 5 processes in 1 scenarios agree; 0 differ; 0 not compared.');
    expect(stdout).toMatch(/App\\Services\\CalcomService: driven/);
    expect(code).toBe(0);
  });

  it('exits 1 naming the key and both TTLs when the app keeps Layer 1 for 90 s instead of 60 s', async () => {
    process.env.CONFORM_FIXTURE_LAYER1_TTL = '90';
    try {
      const { code, stdout } = await conform();
      expect(code).toBe(1);
      expect(stdout).toContain('differs: keys written: model #1 calcom:slots:1:123:2025-10-20:2025-10-20 ttl=60s (1 in all); code #1 calcom:slots:1:123:2025-10-20:2025-10-20 ttl=90s (1 in all)');
    } finally {
      delete process.env.CONFORM_FIXTURE_LAYER1_TTL;
    }
  });

  it('prints the comparison as JSON, with what the finder offered and the keys a webhook clear forgot', async () => {
    const { code, stdout } = await conform('--json');
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    const steps = report.scenarios[0].steps;
    expect(steps.map((s: { process: string }) => s.process)).toEqual(['webhook:booking-1', 'A#1', 'B#2', 'C#3', 'webhook:booking-2']);
    expect(steps.every((s: { differences: unknown[] }) => s.differences.length === 0)).toBe(true);
    expect(report.limits.length).toBeGreaterThan(0);
  });

  it('gives the same answer twice (the PHP workers run on racesim\'s clock)', async () => {
    const [first, second] = [await conform('--json'), await conform('--json')];
    expect(second.stdout).toBe(first.stdout);
  });

  describe('--commit reads one commit of the checkout\'s repository, leaving the checkout alone', () => {
    let repo: string;
    beforeAll(() => {
      repo = mkdtempSync(join(tmpdir(), 'racesim-conform-repo-'));
      cpSync(fixture, repo, { recursive: true });
      const git = (...args: string[]) => spawnSync('git', ['-C', repo, '-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { encoding: 'utf8' });
      git('init', '-q');
      git('add', '.');
      git('commit', '-qm', 'fixture');
      rmSync(join(repo, 'app'), { recursive: true }); // the working tree no longer has the classes: only the commit does
    });
    afterAll(() => rmSync(repo, { recursive: true, force: true }));

    it('checks HEAD', async () => {
      const { code, stdout } = await runCli(['conform', '--app', repo, '--commit', 'HEAD', '--fix', 'on', '--scenario', scenario]);
      expect(stdout).toContain('5 of 5 processes in 1 scenarios agree');
      expect(code).toBe(0);
    });

    it('refuses a revision the repository does not have, in one line', async () => {
      const { code, stderr } = await runCli(['conform', '--app', repo, '--commit', 'nosuchrev', '--fix', 'on', '--scenario', scenario]);
      expect(code).toBe(2);
      expect(stderr).toMatch(/^racesim: --commit: cannot read app, config, database\/migrations, composer.json of nosuchrev in .*\(git: /);
      expect(stderr.split('\n')).toHaveLength(1);
    });
  });
});

describe('conform\'s bad input (no php needed)', () => {
  it('says a folder is not an application checkout', async () => {
    const { code, stderr } = await runCli(['conform', '--app', 'test', '--fix', 'on', '--scenario', scenario]);
    expect(code).toBe(2);
    expect(stderr).toBe('racesim: --app: test is not an application checkout (expected composer.json and app/ in it)');
  });

  it('asks for the variant when no --fix or known --commit names it', async () => {
    const { code, stderr } = await runCli(['conform', '--app', fixture, '--commit', 'abc123', '--scenario', scenario]);
    expect(code).toBe(2);
    expect(stderr).toBe('racesim: --fix: name the model\'s variant to check against (no variant\'s origin is commit abc123)');
  });

  it('says what is missing and how to install it when there is no php', async () => {
    const path = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      const { code, stderr } = await runCli(['conform', '--app', fixture, '--fix', 'on', '--scenario', scenario]);
      expect(code).toBe(2);
      expect(stderr).toBe('racesim: conform: no php on PATH; install it: apt-get install php-cli php-laravel-framework php-nesbot-carbon php-guzzlehttp-guzzle php-sqlite3');
    } finally {
      process.env.PATH = path;
    }
  });
});
