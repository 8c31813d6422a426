import { quote } from '../inputError.ts';

/** Farthest a suggestion may be from what was written: a typo or two, not a different word. */
const MAX_EDIT_DISTANCE = 2;

/** ` (did you mean "x"?)` for the closest candidate within MAX_EDIT_DISTANCE edits of `written`, else empty: the one place messages suggest names. */
export function didYouMean(written: string, candidates: readonly string[]): string {
  let best: { name: string; distance: number } | undefined;
  for (const name of candidates) {
    const distance = editDistance(written.toLowerCase(), name.toLowerCase());
    if (distance <= MAX_EDIT_DISTANCE && (!best || distance < best.distance)) best = { name, distance };
  }
  return best && best.name !== written ? ` (did you mean ${quote(best.name)}?)` : '';
}

/** Levenshtein distance, one row at a time; names are short, and input is cut to 256 characters before it gets here. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row.push(Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1)));
    previous = row;
  }
  return previous[b.length];
}
