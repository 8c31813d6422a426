import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * racesim as a team adds it to its app: `npm pack`, then `npm install --omit=dev <tarball>` into an
 * empty project, and from that project's root `npx racesim …` on the project's own scenario, workload
 * and gate config. Installs from npm's cache (--offline) when everything is there, else lets npm fetch
 * what is missing (--prefer-offline); it skips, saying why, only when neither the cache nor the registry
 * can supply racesim's dependencies.
 */
const root = new URL('..', import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), 'racesim-pack-'));
afterAll(() => rmSync(work, { recursive: true, force: true }), 120_000);

const run = (command: string, args: string[], cwd: string): SpawnSyncReturns<string> =>
  spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, npm_config_update_notifier: 'false' }, timeout: 300_000 });
const said = (r: SpawnSyncReturns<string>) => `${r.stdout}\n${r.stderr}`;
/** npm's words for a registry it cannot reach (as opposed to a package it cannot use). */
const UNREACHABLE = /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|ENOTCACHED/;

/** The tarball `npm pack` makes of this checkout. Scripts are not run: `prepare` would rebuild dist/ under the other test files' CLI runs; `npm test`'s pretest has built it. */
function pack(): string {
  expect(existsSync(join(root, 'dist/cli/main.js')), 'dist/cli/main.js: run npm run build first').toBe(true);
  const packed = run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], root);
  expect(packed.status, said(packed)).toBe(0);
  const [{ filename, files }] = JSON.parse(packed.stdout) as { filename: string; files: { path: string }[] }[];
  const paths = files.map((f) => f.path);
  // What an app needs and nothing of racesim's development: the bundle, the launcher, the example scenarios.
  expect(paths).toEqual(expect.arrayContaining(['bin/racesim.js', 'dist/cli/main.js', 'dist/cli/runWorker.js', 'scenarios/test-case-2-parallel-users.yaml', 'package.json', 'README.md']));
  expect(paths.filter((p) => /^(sim|test|bench|dist\/sim)\//.test(p))).toEqual([]);
  return join(work, filename);
}

/** An empty app with racesim installed from the tarball without devDependencies; null (and why) when no package source is reachable. */
function installInto(app: string, tarball: string): string | null {
  mkdirSync(app, { recursive: true });
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'my-booking-app', version: '1.0.0', private: true }, null, 2));
  const flags = ['--no-audit', '--no-fund', '--omit=dev'];
  const offline = run('npm', ['install', '--offline', ...flags, tarball], app);
  if (offline.status === 0) return null;
  const online = run('npm', ['install', '--prefer-offline', ...flags, tarball], app);
  if (online.status === 0) return null;
  if (UNREACHABLE.test(said(online))) return `neither npm's cache nor the registry has racesim's dependencies: ${said(online).split('\n').find((l) => UNREACHABLE.test(l))}`;
  throw new Error(`npm install of the tarball failed:\n${said(online)}`);
}

describe('racesim installed in an app\'s repository', () => {
  it('npm pack, npm install --omit=dev into an empty project, then a scenario, the gate, compare (vega charts) and explore (fast-check) from its root', (context) => {
    const app = join(work, 'app');
    const unreachable = installInto(app, pack());
    if (unreachable) return context.skip(unreachable);
    const installed = readdirSync(join(app, 'node_modules'));
    expect(installed).toContain('racesim');
    for (const devOnly of ['tsx', 'esbuild', 'typescript', 'vitest', 'playwright-core']) expect(installed).not.toContain(devOnly);

    // The app's own files: an incident scenario, a workload and a gate config, relative to the app's root.
    const shipped = join(app, 'node_modules/racesim/scenarios');
    mkdirSync(join(app, 'racesim/workloads'), { recursive: true });
    copyFileSync(join(shipped, 'test-case-2-parallel-users.yaml'), join(app, 'racesim/incident.yaml'));
    copyFileSync(join(shipped, 'workloads/two-callers.yaml'), join(app, 'racesim/workloads/two-callers.yaml'));
    writeFileSync(
      join(app, 'racesim.gate.yaml'),
      'checks:\n  - { name: two-callers-on, workload: racesim/workloads/two-callers.yaml, fix: "on", runs: 400, seed: 1, limits: { maxStaleAvailableRate: 0.01 } }\n',
    );
    const racesim = (...args: string[]) => run('npx', ['--no-install', 'racesim', ...args], app);

    const scenario = racesim('run', 'racesim/incident.yaml', '--fix', 'off');
    expect(scenario.status, said(scenario)).toBe(0); // its expect: block holds
    expect(scenario.stdout).toContain('⚠ STALE "available"');
    expect(racesim('run', 'node_modules/racesim/scenarios/seed-timeline.yaml', '--fix', 'on', '--quiet').status).toBe(0); // the shipped examples

    const gate = racesim('gate', '--workers', '1');
    expect(gate.status, said(gate)).toBe(0);
    expect(gate.stdout).toContain('gate: 1 of 1 checks hold');
    expect(readFileSync(join(app, 'reports/gate/summary.md'), 'utf8')).toContain('two-callers-on');

    const compare = racesim('compare', '--fix', 'off,on', '--runs', '2', '--workers', '2', '--out', 'reports/compare', '--quiet');
    expect(compare.status, said(compare)).toBe(0); // no --workload: the workload racesim ships
    expect(readdirSync(join(app, 'reports/compare')).filter((f) => f.endsWith('.svg')).length).toBeGreaterThan(0);

    const explore = racesim('explore', '--fix', 'off', '--property', 'no-stale-available', '--seed', '1', '--out', 'found');
    expect(explore.status, said(explore)).toBe(1); // a hole found
    const found = readdirSync(join(app, 'found')).find((f) => f.endsWith('.yaml'))!;
    expect(racesim('run', `found/${found}`, '--fix', 'off', '--quiet').status).toBe(0);
    expect(racesim('run', 'racesim/incident.yaml', '--fix', 'off,on', '--html', 'incident.html').status).toBe(0);
    expect(readFileSync(join(app, 'incident.html'), 'utf8')).toContain('<svg');
  }, 900_000);
});
