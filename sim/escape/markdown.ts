import { terminalLines, terminalSafe } from './terminal.ts';

/**
 * Markdown for report.md, cost.md and the gate summary (also appended to $GITHUB_STEP_SUMMARY): user text
 * (check, scenario, workload and file names) must read as text, so a name cannot start a heading, a
 * table row, a link or raw HTML.
 */

/** Markdown characters that make markup anywhere in a line. */
const INLINE = /[\\`*~|]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])|\]\(/g;
/** What makes a block (heading, list, rule, setext underline) when it starts a line; `>` is escaped as HTML. */
const BLOCK_MARK = /^(\s*)([#=+-])(?=[\s#=+-]|$)/;
const ORDERED_ITEM = /^(\s*\d+)([.)])(?=\s|$)/;
const HTML = /[&<>]/g;
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/** Text for a line or a table cell: newlines become spaces, other controls visible escapes, markup escaped. */
export function markdownText(text: string): string {
  const oneLine = terminalSafe(text.replace(/\r\n|[\r\n]/g, ' '));
  return oneLine
    .replace(INLINE, (m) => (m === '](' ? ']\\(' : `\\${m}`))
    .replace(HTML, (c) => ENTITIES[c])
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
