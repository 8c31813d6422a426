import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { markdownCode, markdownCodeBlock, markdownText } from '../sim/escape/markdown.ts';
import { withoutUserinfo } from '../sim/escape/secrets.ts';
import { shellCommand, shellWord } from '../sim/escape/shell.ts';
import { terminalLines, terminalSafe } from '../sim/escape/terminal.ts';
import { xmlText } from '../sim/escape/xml.ts';
import { pasteIntoShell, xmlProblem } from './support/hostileOutput.ts';

/** Issue 20 items 6, 7, 8, 9: one escaper per sink, each checked on hostile and on arbitrary text. */

const HOSTILE = 'x\n\n## All checks passed ✓\n<img src=x onerror=alert(1)> \x1b[31m\x07\x00\x01\x08\x7f\x9b\u202e\u2066\ufffe\uffff\ud800|`';
/** Any string, lone surrogates and controls included. */
const anyText = fc.string({ unit: 'binary', maxLength: 40 });
/** Terminal-active characters: C0 (newline and tab apart for whole lines), DEL, C1, bidi controls. */
const TERMINAL_ACTIVE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

describe('terminal', () => {
  it('shows control characters and bidi overrides as escapes', () => {
    expect(terminalSafe('a\x1b[31mb\x07\x00\u202ec\n')).toBe('a\\x1b[31mb\\x07\\x00\\u202ec\\n');
    expect(terminalLines('line 1\nname \x1b]0;title\x07\tend\u0085')).toBe('line 1\nname \\x1b]0;title\\x07\tend\\u0085');
  });

  it('leaves no terminal-active character in any text, and a name on one line', () => {
    fc.assert(fc.property(anyText, (text) => !TERMINAL_ACTIVE.test(terminalLines(text)) && !/[\n\t]/.test(terminalSafe(text)) && !TERMINAL_ACTIVE.test(terminalSafe(text))));
  });
});

describe('Markdown', () => {
  it('a check name cannot start a line, a heading, HTML or a table cell', () => {
    const cell = markdownText(HOSTILE);
    expect(cell).not.toMatch(/[\n\r]|<[A-Za-z/!?]|(?<!\\)\||(?<!\\)`/);
    expect(`- ${cell}`.split('\n')).toHaveLength(1);
    expect(markdownText('## All checks passed ✓')).toBe('\\## All checks passed ✓');
    expect(markdownText('[click](https://evil)')).toBe('[click]\\(https://evil)');
    expect(markdownText('> quoted')).toBe('\\> quoted');
    expect(markdownText('~~struck~~ &lt;b&gt;')).toBe('\\~\\~struck\\~\\~ &amp;lt;b&amp;gt;');
    // racesim's own text stays as it reads: nothing in it can make markup
    for (const own of ['scenarios/x.yaml 0.00 % cal_slots_1', 'race < 0.1 %', '~100–200 keys cleared (~30 before)', 'A & B']) expect(markdownText(own)).toBe(own);
  });

  it('keeps any text on one line with no raw HTML or cell break', () => {
    const markup = /[\n\r]|<[A-Za-z/!?]|&(?!amp;|lt;)(?=#?\w+;)|(?<!\\)\|/;
    fc.assert(fc.property(anyText, (text) => !markup.test(markdownText(text)) && !TERMINAL_ACTIVE.test(markdownText(text))));
  });

  it('a code span or block cannot be closed from inside', () => {
    expect(markdownCode("racesim run 'a`b' --fix on")).toBe("``racesim run 'a`b' --fix on``");
    const block = markdownCodeBlock("racesim run 'x\n```\n## All checks passed'", 'sh');
    expect(block.split('\n')[0]).toBe('````sh');
    expect(block.split('\n').at(-1)).toBe('````');
  });
});

describe('XML 1.0', () => {
  it('a hostile check name gives a well-formed document that keeps what it can', () => {
    const doc = `<?xml version="1.0" encoding="UTF-8"?>\n<testsuite name="${xmlText(HOSTILE)}">${xmlText(HOSTILE)}</testsuite>\n`;
    expect(xmlProblem(doc)).toBeUndefined();
    expect(xmlText('\x1b\x01\x08\ufffe\uffff\ud800')).toBe('\\x1b\\x01\\x08\\ufffe\\uffff\\ud800');
    expect(xmlText('😀 <a & "b">')).toBe('😀 &lt;a &amp; &quot;b&quot;&gt;');
  });

  it('any text in an attribute and in content is well-formed', () => {
    fc.assert(fc.property(anyText, (text) => xmlProblem(`<a b="${xmlText(text)}">${xmlText(text)}</a>`) === undefined));
  });

  it('the checker itself refuses what is not well-formed', () => {
    for (const bad of ['<a>\x1b</a>', '<a b="<"/>', '<a>&b</a>', '<a><b></a>', '<a/><a/>', '<a>\ufffe</a>']) expect(xmlProblem(bad), bad).toBeDefined();
  });
});

describe('shell', () => {
  it('a file named a;touch PWNED-$(id -u);b.yaml is one argument and runs nothing else', () => {
    const file = 'a;touch PWNED-$(id -u);b.yaml';
    const line = shellCommand(['racesim', 'run', file, '--fix', 'on']);
    expect(line).toBe("racesim run 'a;touch PWNED-$(id -u);b.yaml' --fix on");
    expect(pasteIntoShell(line)).toEqual({ args: ['run', file, '--fix', 'on'], files: [] });
  });

  it('quotes only when needed', () => {
    expect(shellCommand(['racesim', 'run', 'scenarios/x.yaml', '--fix', 'off,on', '--ttl', 'layer1=45'])).toBe('racesim run scenarios/x.yaml --fix off,on --ttl layer1=45');
    expect(shellCommand(['racesim', 'run', 'my incident.yaml'])).toBe("racesim run 'my incident.yaml'");
    expect(shellWord("it's")).toBe("'it'\\''s'");
  });

  it('any argument reaches racesim unchanged', () => {
    // NUL cannot be an argument of any program; everything else can.
    const argument = fc.oneof(fc.string({ unit: 'binary-ascii', minLength: 1, maxLength: 12 }), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 6 })).filter((s) => !s.includes('\0'));
    fc.assert(
      fc.property(fc.array(argument, { minLength: 1, maxLength: 3 }), (args) => {
        expect(pasteIntoShell(shellCommand(['racesim', ...args]))).toEqual({ args, files: [] });
      }),
      { numRuns: 30 },
    );
  });
});

describe('secrets', () => {
  it('a URL is shown without user and password', () => {
    expect(withoutUserinfo('redis://:PASSWORD@host:6379/5')).toBe('redis://host:6379/5');
    expect(withoutUserinfo('rediss://user:p@ss@host/0')).toBe('rediss://host/0');
    expect(withoutUserinfo('not a url :PASSWORD@')).not.toContain('PASSWORD');
  });
});
