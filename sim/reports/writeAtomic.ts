import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { clip, InputError } from '../inputError.ts';

/**
 * Writing outputs so that a reader sees an old set or a new set, never a mix: files are written to
 * temp names beside their targets and renamed in only once all are written; a report folder is
 * written as a temp folder and swapped in whole. What a killed run left behind is removed by the next
 * run that writes there; two runs writing one folder at once are refused by a lock file holding the pid.
 */

/** The temp and old names racesim uses beside `path` (and the `<path>.<pid>.tmp` of earlier versions); nothing else is ever removed. */
const LEFTOVER = /^(.*)\.(?:racesim-(\d+)\.(?:tmp|old)|(\d+)\.tmp)$/;
const tempOf = (path: string) => `${path}.racesim-${process.pid}.tmp`;
const oldOf = (path: string) => `${path}.racesim-${process.pid}.old`;
const lockOf = (dir: string) => `${dir}.racesim-lock`;
/** The files a report folder may hold: racesim's own, so a swap never deletes anything a user put there. */
const REPORT_FILE = /^(report|cost)\.(md|html|json)$|\.svg$|^example-.*\.(md|html)$/;

export interface OutputFile {
  readonly path: string;
  readonly content: string | Uint8Array;
}

/** Writes one file whole or not at all. */
export function writeFileAtomic(path: string, content: string | Uint8Array): void {
  writeFilesTogether([{ path, content }]);
}

/** Writes the files of one run as a unit: all temps first, then the renames; a failure leaves the old files and no temps. */
export function writeFilesTogether(files: readonly OutputFile[]): void {
  const written: string[] = [];
  try {
    for (const { path, content } of files) {
      removeLeftovers(path);
      if (existsSync(path) && statSync(path).isDirectory()) throw new InputError(`${clip(path)}: is a folder; expected a file path`);
      mkdirSync(dirname(path), { recursive: true });
      written.push(tempOf(path));
      writeFileSync(tempOf(path), content);
    }
    for (const { path } of files) renameSync(tempOf(path), path);
  } catch (error) {
    for (const temp of written) rmSync(temp, { force: true });
    throw asInputError(error, files.map((f) => f.path).join(', '));
  }
}

/** Writes `files` (name → content) as the folder `dir`, swapped in whole; returns their paths in the order given. */
export function writeFolderAtomic(dir: string, files: ReadonlyMap<string, string>): string[] {
  const release = lockFolder(dir);
  const temp = tempOf(dir);
  try {
    removeLeftovers(dir);
    checkReplaceable(dir);
    mkdirSync(temp, { recursive: true });
    for (const [name, content] of files) writeFileSync(join(temp, name), content);
    swapIn(temp, dir);
  } catch (error) {
    rmSync(temp, { recursive: true, force: true });
    throw asInputError(error, dir);
  } finally {
    release();
  }
  return [...files.keys()].map((name) => join(dir, name));
}

/** Old folder aside, new folder in, old folder removed; if the new one cannot go in, the old one goes back. */
function swapIn(temp: string, dir: string): void {
  const old = oldOf(dir);
  const hadOld = existsSync(dir);
  if (hadOld) renameSync(dir, old);
  try {
    renameSync(temp, dir);
  } catch (error) {
    if (hadOld) renameSync(old, dir);
    throw error;
  }
  rmSync(old, { recursive: true, force: true });
}

/** A folder may be replaced when it is new, or holds nothing but files a racesim report writes. */
function checkReplaceable(dir: string): void {
  if (!existsSync(dir)) return;
  if (!statSync(dir).isDirectory()) throw new InputError(`${clip(dir)}: is a file; expected a report folder`);
  const foreign = readdirSync(dir).find((name) => !REPORT_FILE.test(name));
  if (foreign !== undefined) throw new InputError(`${clip(dir)}: holds ${clip(foreign)}, which racesim did not write; the report replaces the whole folder, so give a folder of its own`);
}

/** Takes `dir`'s lock (a file holding this pid); a lock of a live process refuses, one of a dead process is taken over. */
function lockFolder(dir: string): () => void {
  const lock = lockOf(dir);
  mkdirSync(dirname(lock), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lock, 'wx');
      writeFileSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(lock, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw asInputError(error, lock);
      const holder = Number(readFileSync(lock, 'utf8'));
      if (isAlive(holder)) throw new InputError(`${clip(dir)}: another racesim (pid ${holder}) is writing this folder; wait for it, or give another --out`);
      rmSync(lock, { force: true });
    }
  }
  throw new InputError(`${clip(dir)}: cannot take the lock ${clip(lock)}`);
}

/**
 * Removes the temp files and folders beside `path` that runs no longer alive left behind. A run killed
 * between its two renames left the old folder aside and none in place: that old folder goes back.
 */
function removeLeftovers(path: string): void {
  const parent = dirname(path);
  if (!existsSync(parent)) return;
  for (const name of readdirSync(parent)) {
    const m = LEFTOVER.exec(name);
    if (!m || m[1] !== basename(path) || isAlive(Number(m[2] ?? m[3]))) continue;
    if (name.endsWith('.old') && !existsSync(path)) renameSync(join(parent, name), path);
    else rmSync(join(parent, name), { recursive: true, force: true });
  }
}

function isAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return false; // this process is not writing there any more: it is writing now
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function asInputError(error: unknown, target: string): Error {
  if (error instanceof InputError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  return code ? new InputError(`${clip(target)}: cannot write (${code})`) : (error as Error);
}
