import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { limits } from './limits.ts';
import { terminalSafe } from './escape/terminal.ts';

/**
 * Bad input from a user: a malformed scenario, an unknown variant, an impossible time. The CLI prints
 * `message` alone (no stack) and exits 2. The message names the file and the line or field, and says
 * what was expected.
 */
export class InputError extends Error {
  override readonly name = 'InputError';
}

/** The most characters of a user's input any message repeats: a binary file or a wrong path must not flood the terminal. */
const MAX_QUOTED_CHARS = 80;

/** Input text as a message shows it, cut to MAX_QUOTED_CHARS (and the cut said), control characters escaped; the one place messages shorten input. */
export function clip(text: string): string {
  if (text.length <= MAX_QUOTED_CHARS) return terminalSafe(text);
  return `${terminalSafe(text.slice(0, MAX_QUOTED_CHARS))}… (${text.length} characters)`;
}

/** A user's value quoted for a message: strings in double quotes, cut by `clip`; other values as they print. */
export function quote(value: unknown): string {
  if (typeof value === 'string') {
    // JSON escapes C0 controls; terminalSafe the rest (DEL, C1, bidi overrides).
    return value.length <= MAX_QUOTED_CHARS ? terminalSafe(JSON.stringify(value)) : `${terminalSafe(JSON.stringify(value.slice(0, MAX_QUOTED_CHARS)))}… (${value.length} characters)`;
  }
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return clip(String(value));
}

/** The files this command has read, by device and inode: an output must never replace one of them. */
const inputsRead = new Map<string, InputRead>();

export interface InputRead {
  readonly path: string;
  /** What the command read it as: "scenario file", "workload file", … */
  readonly what: string;
}

const identityOf = (stats: Stats) => `${stats.dev}:${stats.ino}`;

/** The input this command read at `stats`'s device and inode, or undefined. */
export const inputAt = (stats: Stats): InputRead | undefined => inputsRead.get(identityOf(stats));

/** A new command reads its own inputs (tests run several commands in one process). */
export const forgetInputs = (): void => inputsRead.clear();

/** Reads a user's file as UTF-8 through `readRegularFile`; not UTF-8, or holding a NUL byte, is bad input naming the file. */
export function readInputFile(path: string, what: string, maxBytes: number = limits.inputFileBytes): string {
  const bytes = readRegularFile(path, what, maxBytes);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes); // also drops a byte-order mark
  } catch {
    const offset = firstInvalidUtf8Offset(bytes);
    throw new InputError(`${clip(path)}: the ${what} is not UTF-8 text (byte 0x${bytes[offset].toString(16).padStart(2, '0')} at byte offset ${offset})`);
  }
  // A NUL byte is in no text racesim reads; /proc/self/environ has them, and its content stays out of messages.
  const nul = bytes.indexOf(0);
  if (nul !== -1) throw new InputError(`${clip(path)}: the ${what} holds a NUL byte at byte offset ${nul}; expected a text file`);
  return text;
}

/**
 * The one way racesim reads a file: opened without blocking (a FIFO with no writer would wait forever),
 * checked to be a regular file by `fstat` of the open descriptor (no race with a rename), its size
 * checked, then read in chunks that stop past `maxBytes` (a /proc file says size 0 and may be longer).
 * `remember` (default) records the file as an input of this command, so no output replaces it.
 */
export function readRegularFile(path: string, what: string, maxBytes: number, remember = true): Buffer {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch (error) {
    throw new InputError(`${clip(path)}: cannot read the ${what} (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})`);
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) throw new InputError(`${clip(path)}: is ${fileKind(stats)}; expected the ${what} as a regular file`);
    const tooLarge = (size: string) => new InputError(`${clip(path)}: the ${what} has ${size} bytes; expected at most ${maxBytes}`);
    if (stats.size > maxBytes) throw tooLarge(String(stats.size));
    const bytes = readAtMost(fd, maxBytes + 1, path, what);
    if (bytes.length > maxBytes) throw tooLarge(`more than ${maxBytes}`);
    if (remember) inputsRead.set(identityOf(stats), { path, what });
    return bytes;
  } finally {
    closeSync(fd);
  }
}

/** Up to `limit` bytes of an open file, read in chunks so an unknown length never allocates more than it holds. */
function readAtMost(fd: number, limit: number, path: string, what: string): Buffer {
  const chunks: Buffer[] = [];
  let total = 0;
  while (total < limit) {
    const chunk = Buffer.allocUnsafe(Math.min(READ_CHUNK_BYTES, limit - total));
    let read: number;
    try {
      read = readSync(fd, chunk, 0, chunk.length, null);
    } catch (error) {
      throw new InputError(`${clip(path)}: cannot read the ${what} (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})`);
    }
    if (read === 0) break;
    chunks.push(chunk.subarray(0, read));
    total += read;
  }
  return Buffer.concat(chunks, total);
}

const READ_CHUNK_BYTES = 1 << 20;

/** What a path that is not a regular file is, for messages: "a folder", "a FIFO (named pipe)", … */
export function fileKind(stats: Stats): string {
  if (stats.isDirectory()) return 'a folder';
  if (stats.isFIFO()) return 'a FIFO (named pipe)';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  return stats.isFile() ? 'a regular file' : 'not a regular file';
}

/** Decoding replaces invalid UTF-8 by U+FFFD; the first U+FFFD whose bytes are not EF BF BD is where the file stops being UTF-8. */
function firstInvalidUtf8Offset(bytes: Buffer): number {
  const text = bytes.toString('utf8');
  let charIndex = 0;
  let byteOffset = 0;
  for (let i = text.indexOf('\uFFFD'); i !== -1; i = text.indexOf('\uFFFD', i + 1)) {
    byteOffset += Buffer.byteLength(text.slice(charIndex, i));
    if (!(bytes[byteOffset] === 0xef && bytes[byteOffset + 1] === 0xbf && bytes[byteOffset + 2] === 0xbd)) return byteOffset;
    charIndex = i + 1;
    byteOffset += 3;
  }
  return bytes.length - 1; // a sequence cut off at the end of the file
}
