import { visibleEscape } from './terminal.ts';

/**
 * Text for XML 1.0 (the gate's JUnit), in element content or a double-quoted attribute. XML 1.0 allows
 * no C0 control but tab, newline and carriage return, no U+FFFE/U+FFFF and no lone surrogate, not even
 * as a character reference; those are written as visible escapes (`\x1b`, `\ufffe`) so the file stays
 * well-formed and still shows what the name held.
 */

/** Characters outside XML 1.0's Char production (a lone surrogate is one; a pair is a valid character). */
const NOT_XML_CHAR = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const MARKUP = /[&<>"'\t\n\r]/g;
const REFERENCES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;', '\t': '&#9;', '\n': '&#10;', '\r': '&#13;' };

/** `text` escaped for XML 1.0; tab and line breaks as character references, so an attribute keeps them. */
export const xmlText = (text: string): string => text.replace(NOT_XML_CHAR, visibleEscape).replace(MARKUP, (c) => REFERENCES[c]);
