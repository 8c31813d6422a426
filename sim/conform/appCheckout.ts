import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../inputError.ts';

/** The app's files conform loads: its classes, its config, its migrations (the stub model's columns) and its composer manifest. */
const APP_PATHS = ['app', 'config', 'database/migrations', 'composer.json'];

/** The files of the app to drive: the checkout itself, or one commit of it extracted to a temporary folder. */
export interface AppFiles {
  readonly dir: string;
  /** Removes the temporary extract, if one was made (the checkout itself is never touched). */
  dispose(): void;
}

/**
 * `--app PATH [--commit REV]`: without a commit, PATH's working files; with one, that commit's app/,
 * config/, database/migrations/ and composer.json from PATH's git repository (a checkout or a bare clone), extracted with
 * `git archive` into a temporary folder, so the checkout's own state is neither read nor changed.
 */
export function appFiles(path: string, commit: string | undefined): AppFiles {
  if (!existsSync(path)) throw new InputError(`--app: ${path} does not exist (expected a checkout of the application)`);
  if (commit === undefined) {
    checkAppDir(path, '--app');
    return { dir: path, dispose: () => {} };
  }
  if (!/^[0-9A-Za-z._/-]{1,200}$/.test(commit) || commit.startsWith('-')) throw new InputError(`--commit: ${commit} is not a revision name`);
  const git = (args: readonly string[]) => {
    const run = spawnSync('git', ['-C', path, ...args], { maxBuffer: 512 * 1024 * 1024 });
    if (run.error || run.status !== 0) {
      const why = String(run.stderr ?? run.error?.message ?? '').trim().split('\n')[0];
      throw new InputError(`--commit: cannot read ${APP_PATHS.join(', ')} of ${commit} in ${path} (git: ${why || 'failed'})`);
    }
    return run.stdout;
  };
  // Only the paths the commit has: git archive refuses a path that matches nothing.
  const present = String(git(['ls-tree', '--name-only', commit, '--', ...APP_PATHS])).split('\n').filter(Boolean);
  if (!present.includes('app') || !present.includes('composer.json')) {
    throw new InputError(`--commit: ${commit} of ${path} is not an application checkout (expected composer.json and app/ in it)`);
  }
  const tar = git(['archive', '--format=tar', commit, '--', ...present]);
  const dir = mkdtempSync(join(tmpdir(), 'racesim-conform-'));
  const dispose = () => rmSync(dir, { recursive: true, force: true });
  const untar = spawnSync('tar', ['-x', '-C', dir], { input: tar });
  if (untar.status !== 0) {
    dispose();
    throw new Error(`could not unpack ${commit}: ${String(untar.stderr).trim()}`);
  }
  return { dir, dispose };
}

/** Throws a one-line InputError unless `dir` looks like a checkout of a Laravel app (composer.json and app/). */
function checkAppDir(dir: string, what: string): void {
  if (!existsSync(join(dir, 'composer.json')) || !existsSync(join(dir, 'app'))) {
    throw new InputError(`${what}: ${dir} is not an application checkout (expected composer.json and app/ in it)`);
  }
}
