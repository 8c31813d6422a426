import { closeSync, constants, fchmodSync, fchownSync, fstatSync, lstatSync, mkdirSync, openSync, readdirSync, readlinkSync, realpathSync, renameSync, rmdirSync, rmSync, statSync, unlinkSync, writeFileSync, type Stats } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { clip, fileKind, InputError, inputAt, readRegularFile } from '../inputError.ts';
import { fileNameProblem } from '../fileNames.ts';
import { limits } from '../limits.ts';
import { MANIFEST, manifestText, readManifest } from './reportManifest.ts';

/**
 * The one way racesim writes (its output gate). A file is written to a temp beside its target and
 * renamed in only once every file of the run is written, and only over a regular file: a device, FIFO
 * or folder is refused, and so is any file the command read (by device and inode). A symbolic link is
 * written through to its target, so the link stays a link; the target keeps its mode. A report folder
 * is written as a temp folder and swapped in whole; it owns only what its `.racesim-manifest` lists, so
 * nothing a user put in a folder is ever deleted. What a killed run left behind is removed by the next
 * run that writes there; two runs writing one folder at once are refused by a lock file holding the pid.
 */

const tempOf = (path: string) => `${path}.racesim-${process.pid}.tmp`;
const oldOf = (path: string) => `${path}.racesim-${process.pid}.old`;
const lockOf = (dir: string) => `${dir}.racesim-lock`;
/** The temp and old names racesim gives things beside `path`; a folder among them is still removed only by its manifest. */
const LEFTOVER = /^(.*)\.racesim-(\d+)\.(tmp|old)$/;

export interface OutputFile {
  readonly path: string;
  readonly content: string | Uint8Array;
}

export interface WriteOptions {
  /** The output may be a file this command read: only `run --write-expect`, which rewrites its scenario on purpose. */
  readonly replacesInput?: boolean;
}

/** Where an output really goes: the file a symbolic link leads to, and that file's stats when it exists. */
interface Target {
  readonly path: string;
  readonly given: string;
  readonly existing?: Stats;
}

/** Writes one file whole or not at all. */
export function writeFileAtomic(path: string, content: string | Uint8Array, options: WriteOptions = {}): void {
  writeFilesTogether([{ path, content }], options);
}

/** Writes the files of one run as a unit: every target checked, all temps written, then the renames; a failure leaves the old files and no temps. */
export function writeFilesTogether(files: readonly OutputFile[], options: WriteOptions = {}): void {
  const targets = files.map((file) => ({ ...fileTarget(file.path, options), content: file.content }));
  refuseSameTarget(targets);
  const written: string[] = [];
  try {
    for (const target of targets) {
      makeParent(target);
      removeLeftovers(target.path);
      writeTemp(tempOf(target.path), target.content, target.existing);
      written.push(tempOf(target.path));
    }
    for (const target of targets) fileTarget(target.given, options); // still a regular file or nothing, right before the renames
    for (const target of targets) renameSync(tempOf(target.path), target.path);
  } catch (error) {
    for (const temp of written) rmSync(temp, { force: true });
    throw asInputError(error, files.map((f) => f.path).join(', '));
  }
}

/** An output path refused before anything runs when it names something that is neither a file nor a folder (a device, a FIFO). */
export function checkOutputPath(path: string, option: string): void {
  const stats = statOrUndefined(path, statSync);
  if (stats && !stats.isFile() && !stats.isDirectory()) throw new InputError(`${option} ${clip(path)}: is ${fileKind(stats)}; expected a regular file or a new path`);
}

/**
 * Appends `text` to `path` (a CI step summary) and returns why it could not, or undefined: never throws,
 * so what the caller decided is never lost to a full disk or a wrong path. Only a regular file is appended to.
 */
export function appendToFile(path: string, text: string): string | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(path, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_NONBLOCK | constants.O_NOCTTY, 0o666);
    const stats = fstatSync(fd);
    if (!stats.isFile()) return `is ${fileKind(stats)}, not a regular file`;
    writeFileSync(fd, text);
    return undefined;
  } catch (error) {
    return `cannot append (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** The regular file (or new path) an output goes to, through symbolic links; a device, FIFO, folder or input of this command is refused. */
function fileTarget(given: string, options: WriteOptions): Target {
  const followed = statOrUndefined(given, statSync);
  const path = followed ? realpathSync(given) : throughLinks(given);
  if (followed?.isDirectory()) throw new InputError(`${clip(given)}: is a folder; expected a file path`);
  if (followed && !followed.isFile()) throw new InputError(`${clip(given)}: is ${fileKind(followed)}; expected a regular file or a new path`);
  const input = followed && inputAt(followed);
  if (input && !options.replacesInput) {
    throw new InputError(`${clip(given)}: is the ${input.what} this command reads (${clip(input.path)}); writing it would replace the input, so give another path`);
  }
  const stream = followed && standardStreamAt(followed);
  if (stream) throw new InputError(`${clip(given)}: is this command's ${stream} (a link such as /proc/self/fd/1); expected a file of its own`);
  return { path, given, existing: followed };
}

/** The standard stream (input, output, error) open on the file at `stats`, if any: replacing it would cut the command off from it. */
function standardStreamAt(stats: Stats): string | undefined {
  const names = ['standard input', 'standard output', 'standard error'];
  for (const [fd, name] of names.entries()) {
    const stream = statOrUndefined(String(fd), () => fstatSync(fd));
    if (stream && stream.dev === stats.dev && stream.ino === stats.ino) return name;
  }
  return undefined;
}

/** Two outputs of one run naming one file (`--html x --save x`, or a link to the other) are refused before either is written. */
function refuseSameTarget(targets: readonly Target[]): void {
  const seen = new Map<string, string>();
  for (const target of targets) {
    const key = target.existing ? `${target.existing.dev}:${target.existing.ino}` : resolve(target.path);
    const other = seen.get(key);
    if (other !== undefined) throw new InputError(`${clip(other)} and ${clip(target.given)}: name the same file; expected a file of its own for each output`);
    seen.set(key, target.given);
  }
}

/** A path that does not exist yet: itself, or, for a dangling symbolic link, the path the link names (where `>` would write). */
function throughLinks(path: string): string {
  let current = path;
  for (let hops = 0; hops < 40; hops++) {
    const stats = statOrUndefined(current, lstatSync);
    if (!stats?.isSymbolicLink()) return current;
    current = resolve(dirname(current), readlinkSync(current));
  }
  throw new InputError(`${clip(path)}: too many symbolic links`);
}

/** The folder a file goes into, made when missing; a file where that folder should be is refused by name. */
function makeParent(target: Target): void {
  const parent = dirname(target.path);
  const stats = statOrUndefined(parent, statSync);
  if (stats && !stats.isDirectory()) throw new InputError(`${clip(target.given)}: ${clip(parent)} is ${fileKind(stats)}, not a folder`);
  if (!stats) mkdirSync(parent, { recursive: true });
}

/** A new temp file (never an existing one: `wx`), with the mode, and as root the owner, of the file it will replace; removed again if it cannot be written whole. */
function writeTemp(temp: string, content: string | Uint8Array, existing: Stats | undefined): void {
  const fd = openSync(temp, 'wx', existing ? 0o600 : 0o666);
  try {
    writeFileSync(fd, content);
    if (existing) {
      fchmodSync(fd, existing.mode & 0o7777);
      if (process.getuid?.() === 0) fchownSync(fd, existing.uid, existing.gid);
    }
  } catch (error) {
    unlinkSync(temp);
    throw error;
  } finally {
    closeSync(fd);
  }
}

/** Writes `files` (name → content) as the folder `dir`, swapped in whole; returns their paths in the order given. */
export function writeFolderAtomic(dir: string, files: ReadonlyMap<string, string>): string[] {
  for (const name of files.keys()) {
    const problem = fileNameProblem(name);
    if (problem) throw new InputError(`${clip(dir)}: the report file name ${JSON.stringify(clip(name))} ${problem}`);
  }
  const target = folderTarget(dir);
  const release = lockFolder(dir, target);
  const temp = tempOf(target);
  let madeTemp = false;
  try {
    removeLeftovers(target);
    checkReplaceable(dir, target);
    mkdirSync(temp);
    madeTemp = true;
    writeFileSync(join(temp, MANIFEST), manifestText(files), { flag: 'wx' }); // first: a killed run's temp folder is still known as racesim's
    for (const [name, content] of files) writeFileSync(join(temp, name), content, { flag: 'wx' });
    swapIn(temp, target);
  } catch (error) {
    if (madeTemp) rmSync(temp, { recursive: true, force: true }); // made by this call a moment ago: nothing else is in it
    throw asInputError(error, dir);
  } finally {
    release();
  }
  return [...files.keys()].map((name) => join(dir, name));
}

/** The folder a report goes to, through symbolic links; the folder racesim runs in (or one holding it) is refused, as swapping it out cannot work. */
function folderTarget(dir: string): string {
  const followed = statOrUndefined(dir, statSync);
  if (followed && !followed.isDirectory()) throw new InputError(`${clip(dir)}: is ${followed.isFile() ? 'a file' : fileKind(followed)}; expected a report folder`);
  const target = resolve(followed ? realpathSync(dir) : throughLinks(dir));
  const fromTarget = relative(target, realpathSync(process.cwd()));
  if (fromTarget === '' || (!fromTarget.startsWith('..') && !isAbsolute(fromTarget))) {
    throw new InputError(`${clip(dir)}: is the folder racesim runs in${fromTarget ? ' or holds it' : ''}; a report replaces its whole folder, so give a folder of its own, e.g. reports/run`);
  }
  return target;
}

/** Old folder aside, new folder in, old folder's own files removed; if the new one cannot go in, the old one goes back. */
function swapIn(temp: string, dir: string): void {
  const old = oldOf(dir);
  const hadOld = statOrUndefined(dir, lstatSync) !== undefined;
  if (hadOld) renameSync(dir, old);
  try {
    renameSync(temp, dir);
  } catch (error) {
    if (hadOld) renameSync(old, dir);
    throw error;
  }
  if (hadOld) removeOwnedFolder(old);
}

/**
 * A folder may be replaced when it is new or empty, or when it holds nothing but what its manifest lists,
 * each file as racesim wrote it. A user's file, or one of racesim's the user edited, keeps the folder.
 */
function checkReplaceable(dir: string, target: string): void {
  const entries = statOrUndefined(target, lstatSync) ? readdirSync(target) : [];
  if (entries.length === 0) return;
  const manifest = readManifest(target);
  const foreign = entries.find((name) => name !== MANIFEST && !manifest?.files.has(name));
  const keep = `the report replaces the whole folder, so give a folder of its own`;
  if (foreign !== undefined) throw new InputError(`${clip(dir)}: holds ${JSON.stringify(clip(foreign))}, which racesim did not write (it is not in ${MANIFEST}); ${keep}`);
  for (const name of entries) {
    if (name === MANIFEST) continue;
    const stats = lstatSync(join(target, name));
    const text = stats.isFile() && stats.size <= limits.resultFileBytes ? readRegularFile(join(target, name), 'report file', stats.size, false) : undefined;
    if (!text || !manifest!.matches(name, text)) throw new InputError(`${clip(dir)}: ${JSON.stringify(clip(name))} was changed after racesim wrote it; ${keep}`);
  }
}

/** Takes the lock beside `target` (a file holding this pid); a lock of a live process refuses, one of a dead process is taken over. */
function lockFolder(dir: string, target: string): () => void {
  const lock = lockOf(target);
  mkdirSync(dirname(lock), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(lock, String(process.pid), { flag: 'wx' });
      return () => rmSync(lock, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw asInputError(error, lock);
      const holder = Number(readRegularFile(lock, 'lock file', 32, false).toString('utf8'));
      if (isAlive(holder)) throw new InputError(`${clip(dir)}: another racesim (pid ${holder}) is writing this folder; wait for it, or give another --out`);
      unlinkSync(lock);
    }
  }
  throw new InputError(`${clip(dir)}: cannot take the lock ${clip(lock)}`);
}

/**
 * Removes what runs no longer alive left beside `path`: their temp files, and their temp and old folders
 * as far as those folders' manifests list. A run killed between its two renames left the old folder
 * aside and none in place: that old folder goes back.
 */
function removeLeftovers(path: string): void {
  const parent = dirname(path);
  if (!statOrUndefined(parent, statSync)?.isDirectory()) return;
  for (const name of readdirSync(parent)) {
    const m = LEFTOVER.exec(name);
    if (!m || m[1] !== basename(path) || isAlive(Number(m[2]))) continue;
    const leftover = join(parent, name);
    const stats = lstatSync(leftover);
    if (stats.isFile()) unlinkSync(leftover);
    else if (!stats.isDirectory()) continue;
    else if (m[3] === 'old' && !statOrUndefined(path, lstatSync)) renameSync(leftover, path);
    else removeOwnedFolder(leftover);
  }
}

/** Removes the files a folder's manifest lists, then the manifest and the folder once nothing else is in it; an empty folder goes too. */
function removeOwnedFolder(dir: string): void {
  const manifest = readManifest(dir);
  for (const name of manifest?.files.keys() ?? []) if (statOrUndefined(join(dir, name), lstatSync)?.isFile()) unlinkSync(join(dir, name));
  const rest = readdirSync(dir);
  if (rest.length === 1 && rest[0] === MANIFEST && manifest) unlinkSync(join(dir, MANIFEST));
  if (readdirSync(dir).length === 0) rmdirSync(dir);
}

function statOrUndefined(path: string, stat: (path: string) => Stats): Stats | undefined {
  try {
    return stat(path);
  } catch {
    return undefined;
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
