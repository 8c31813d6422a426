import { readFileSync } from 'node:fs';

/**
 * Bad input from a user: a malformed scenario, an unknown variant, an impossible time. The CLI prints
 * `message` alone (no stack) and exits 2. The message names the file and the line or field, and says
 * what was expected.
 */
export class InputError extends Error {
  override readonly name = 'InputError';
}

/** Reads a user's file; an unreadable one is bad input naming the file and what it should have been. */
export function readInputFile(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    throw new InputError(`${path}: cannot read the ${what}`);
  }
}
