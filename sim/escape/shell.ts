/**
 * Shell words for the replay and reproduce lines racesim prints and writes: pasted into a POSIX shell,
 * the line runs racesim with exactly these arguments and nothing else.
 */

/** Characters a word may hold and still mean itself unquoted in every POSIX shell. */
const PLAIN_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** One argument, in single quotes only when it needs them (`scenarios/x.yaml` stays as it is). */
export function shellWord(word: string): string {
  if (PLAIN_WORD.test(word)) return word;
  // Inside single quotes nothing is special but the quote itself: close, an escaped quote, reopen.
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** A command line from its arguments; empty arguments (an option not given) are left out. */
export function shellCommand(words: readonly (string | undefined | false)[]): string {
  return words.filter((w): w is string => typeof w === 'string' && w !== '').map(shellWord).join(' ');
}
