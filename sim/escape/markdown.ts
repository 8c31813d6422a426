import { terminalLines, terminalSafe } from './terminal.ts';

/**
 * Markdown for report.md, cost.md and the gate summary (also appended to $GITHUB_STEP_SUMMARY): user text
 * (check, scenario, workload and file names) must read as text, so a name cannot start a heading, a
 * table row, a link or raw HTML.
 */

/**
 * Markdown characters that make markup anywhere in a line, each escaped only where it could: `~` unless
 * it opens nothing (before a digit, after a space or punctuation: "~100 keys"), `_` at a word's edge,
 * `](` of a link, `<` that starts a tag or autolink, `&` that starts a reference. racesim's own text
 * ("< 0.1 %", "~30 before") then reads as it always did.
 */
const INLINE = /[\\`*|]|~(?!\d)|(?<=[^\s\p{P}\p{S}])~|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])|\]\(/gu;
const HTML = /<(?=[A-Za-z/!?])|&(?=#?\w+;)/g;
/** What makes a block when it starts a line: heading, list item, rule, setext underline, block quote. */
const BLOCK_MARK = /^(\s*)([#=+-](?=[\s#=+-]|$)|>)/;
const ORDERED_ITEM = /^(\s*\d+)([.)])(?=\s|$)/;

/** Text for a line or a table cell: newlines become spaces, other controls visible escapes, markup escaped. */
export function markdownText(text: string): string {
  const oneLine = terminalSafe(text.replace(/\r\n|[\r\n]/g, ' '));
  return oneLine
    .replace(INLINE, (m) => (m === '](' ? ']\\(' : `\\${m}`))
    .replace(HTML, (c) => (c === '<' ? '&lt;' : '&amp;'))
    .replace(BLOCK_MARK, '$1\\$2')
    .replace(ORDERED_ITEM, '$1\\$2');
}

/** A code span: a fence longer than any run of backticks inside, every control character shown escaped. */
export function markdownCode(text: string): string {
  const visible = terminalSafe(text);
  const fence = '`'.repeat(longestBacktickRun(visible) + 1);
  const pad = visible.startsWith('`') || visible.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${visible}${pad}${fence}`;
}

/** A fenced code block (`info` e.g. "sh"): lines kept, the fence longer than any backtick run inside. */
export function markdownCodeBlock(text: string, info = ''): string {
  const visible = terminalLines(text);
  const fence = '`'.repeat(Math.max(3, longestBacktickRun(visible) + 1));
  return `${fence}${info}\n${visible}\n${fence}`;
}

const longestBacktickRun = (text: string) => Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
