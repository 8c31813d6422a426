import { InputError } from './inputError.ts';

/**
 * User text that becomes part of a file name (a stack's variant names name report files such as
 * `example-<variant>-rejected.md`, and explore's found scenarios): letters, digits and `_ . + = -`, so no
 * path separator, no `..`, no leading dot or dash, nothing a terminal or shell reads specially.
 */
const SAFE_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.+=-]*$/;
const MAX_NAME_CHARS = 100;

/** Why `name` cannot be (part of) a file name, or undefined when it can. */
export function fileNameProblem(name: string): string | undefined {
  if (name.length === 0 || name.length > MAX_NAME_CHARS) return `has ${name.length} characters; expected 1 to ${MAX_NAME_CHARS}`;
  if (!SAFE_NAME.test(name) || name.includes('..')) return 'is not a safe file name; expected letters, digits and _ . + = - (starting with a letter, digit or _, no "..")';
  return undefined;
}

/** Names that would make one file on a case-insensitive file system (`On`, `on`): the first such pair, or undefined. */
export function collidingNames(names: readonly string[]): [string, string] | undefined {
  const seen = new Map<string, string>();
  for (const name of names) {
    const other = seen.get(name.toLowerCase());
    if (other !== undefined) return [other, name];
    seen.set(name.toLowerCase(), name);
  }
  return undefined;
}

/** `name` unchanged when it is a safe file name; else bad input naming `what`. */
export function safeFileName(name: string, what: string): string {
  const problem = fileNameProblem(name);
  if (problem) throw new InputError(`${what} ${JSON.stringify(name.slice(0, 100))} ${problem}`);
  return name;
}
