/**
 * Text for a terminal: user text (names, file names, messages quoting a file) must not move the cursor,
 * recolour, retitle or reorder what racesim prints. Control characters and bidirectional overrides are
 * shown as visible escapes instead.
 *
 * C0 controls (never raw inside JSON) show as `\x1b`; DEL, C1 controls and bidi controls show as
 * `\u007f`, `\u009b`, `\u202e`, which is also a valid JSON string escape, so printed JSON stays JSON.
 */

/** C0 controls (newline and tab too), DEL, C1 controls, and the bidi marks, embeddings, overrides and isolates. */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
/** The same without newline and tab, for whole lines of output. */
const UNSAFE_KEEPING_LINES = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** One character as a visible escape: `\n`, `\r`, `\t`; `\x1b` for the other C0 controls; `\u202e` for the rest. */
export function visibleEscape(c: string): string {
  const code = c.codePointAt(0)!;
  if (NAMED[c]) return NAMED[c];
  return code < 0x20 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** A name or other one-line user text for the terminal: every control character (newline too) shown escaped. */
export const terminalSafe = (text: string): string => text.replace(UNSAFE, visibleEscape);

/** Printed output for the terminal: lines and tabs kept, every other control character shown escaped. */
export const terminalLines = (text: string): string => text.replace(UNSAFE_KEEPING_LINES, visibleEscape);
