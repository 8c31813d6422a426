/**
 * Bad input from a user: a malformed scenario, an unknown variant, an impossible time. The CLI prints
 * `message` alone (no stack) and exits 2. The message names the file and the line or field, and says
 * what was expected.
 */
export class InputError extends Error {
  override readonly name = 'InputError';
}
