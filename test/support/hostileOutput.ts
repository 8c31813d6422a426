import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Every spawned process is killed after this long: a hang fails the test instead of stalling the suite. */
export const KILL_AFTER_MS = 20_000;

const root = new URL('../..', import.meta.url).pathname;

/** Runs the built CLI (bin/racesim.js) in `cwd`; killed after 20 s. */
export function racesim(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, [join(root, 'bin/racesim.js'), ...args], { cwd, env: { ...process.env, ...env }, encoding: 'utf8', timeout: KILL_AFTER_MS, killSignal: 'SIGKILL' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * Pastes `line` into `sh -c` in a fresh folder, with a stand-in `racesim` first on PATH that prints its
 * arguments: returns the arguments racesim would get, and the files the line left in the folder.
 */
export function pasteIntoShell(line: string): { args: string[]; files: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'racesim-paste-'));
  const bin = join(dir, '.bin');
  mkdirSync(bin);
  writeFileSync(join(bin, 'racesim'), '#!/bin/sh\nfor a in "$@"; do printf \'%s\\0\' "$a"; done\n');
  chmodSync(join(bin, 'racesim'), 0o755);
  const r = spawnSync('sh', ['-c', line], { cwd: dir, env: { ...process.env, PATH: `${bin}:${process.env.PATH}` }, encoding: 'utf8', timeout: KILL_AFTER_MS, killSignal: 'SIGKILL' });
  if (r.status !== 0) throw new Error(`sh -c exited ${r.status}: ${r.stderr}`);
  return { args: r.stdout.split('\0').slice(0, -1), files: readdirSync(dir).filter((f) => f !== '.bin') };
}

/** Characters XML 1.0 allows (its Char production). */
const XML_CHARS = /^[\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]*$/u;
const NAME = '[A-Za-z_][\\w.-]*';
const REFERENCE = '&(?:amp|lt|gt|quot|apos|#\\d+|#x[0-9a-fA-F]+);';
const TEXT = new RegExp(`^(?:[^<&]|${REFERENCE})*$`);
const ATTRIBUTE = new RegExp(`\\s+(${NAME})="((?:[^<&"]|${REFERENCE})*)"`, 'y');

/**
 * Whether `xml` is a well-formed XML 1.0 document of elements, attributes and text (what JUnit files
 * hold): allowed characters only, text and attribute values with `<` and `&` only as references, tags
 * balanced, one root. Returns the first problem, or undefined.
 */
export function xmlProblem(xml: string): string | undefined {
  if (!XML_CHARS.test(xml)) return 'a character XML 1.0 does not allow';
  const body = xml.replace(/^<\?xml[^?]*\?>\s*/, '');
  const open: string[] = [];
  let roots = 0;
  let at = 0;
  while (at < body.length) {
    const lt = body.indexOf('<', at);
    const text = body.slice(at, lt === -1 ? body.length : lt);
    if (!TEXT.test(text)) return `bad text ${JSON.stringify(text.slice(0, 40))}`;
    if (open.length === 0 && text.trim()) return 'text outside the root';
    if (lt === -1) break;
    const end = /^<\/([A-Za-z_][\w.-]*)\s*>/.exec(body.slice(lt));
    if (end) {
      if (open.pop() !== end[1]) return `</${end[1]}> closes nothing open`;
      at = lt + end[0].length;
      continue;
    }
    const start = new RegExp(`<(${NAME})`, 'y');
    start.lastIndex = lt;
    const name = start.exec(body);
    if (!name) return `bad markup at ${lt}`;
    let i = start.lastIndex;
    const seen = new Set<string>();
    for (ATTRIBUTE.lastIndex = i; ; ATTRIBUTE.lastIndex = i) {
      const attribute = ATTRIBUTE.exec(body);
      if (!attribute) break;
      if (seen.has(attribute[1])) return `attribute ${attribute[1]} twice`;
      seen.add(attribute[1]);
      i = ATTRIBUTE.lastIndex;
    }
    const close = /^\s*(\/?)>/.exec(body.slice(i));
    if (!close) return `bad start tag <${name[1]} at ${lt}`;
    if (open.length === 0) roots++;
    if (!close[1]) open.push(name[1]);
    at = i + close[0].length;
  }
  if (open.length) return `<${open.at(-1)}> not closed`;
  return roots === 1 ? undefined : `${roots} root elements`;
}
