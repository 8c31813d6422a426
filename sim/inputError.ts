import { readFileSync } from 'node:fs';
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

/** Reads a user's file as UTF-8; unreadable, too large or not UTF-8 is bad input naming the file. */
export function readInputFile(path: string, what: string, maxBytes: number = limits.inputFileBytes): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new InputError(`${clip(path)}: cannot read the ${what} (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})`);
  }
  if (bytes.length > maxBytes) throw new InputError(`${clip(path)}: the ${what} has ${bytes.length} bytes; expected at most ${maxBytes}`);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes); // also drops a byte-order mark
  } catch {
    const offset = firstInvalidUtf8Offset(bytes);
    throw new InputError(`${clip(path)}: the ${what} is not UTF-8 text (byte 0x${bytes[offset].toString(16).padStart(2, '0')} at byte offset ${offset})`);
  }
  return text;
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
