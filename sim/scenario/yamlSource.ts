import { isMap, isScalar, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { clip, InputError, quote } from '../inputError.ts';
import { limits } from '../limits.ts';
import { didYouMean } from './didYouMean.ts';

export type FieldPath = readonly (string | number)[];

/**
 * A YAML file parsed with its positions kept, so every complaint about a value can name the file and
 * line it came from. Shared by scenario, workload and gate files.
 */
export class YamlSource {
  private constructor(
    readonly file: string,
    readonly value: unknown,
    private readonly document: Document,
    private readonly lines: LineCounter,
  ) {}

  static parse(text: string, file: string): YamlSource {
    const lines = new LineCounter();
    const document = parseDocument(text, { lineCounter: lines });
    const syntax = document.errors[0];
    if (syntax) {
      const line = syntax.linePos?.[0]?.line;
      // The yaml library reads nesting recursively and reports running out of stack as a syntax error.
      const tooDeep = /Maximum call stack size exceeded/.test(syntax.message);
      const message = tooDeep ? `nested too deep to read; expected at most ${limits.yamlDepth} levels of mappings and lists` : syntax.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
      throw new InputError(`${clip(file)}${line ? `:${line}` : ''}: YAML ${tooDeep ? '' : 'syntax error: '}${clip(message)}`);
    }
    let value: unknown;
    try {
      value = document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (error) {
      // The yaml library refuses aliases to no anchor, and expansions that would grow without bound ("billion laughs").
      throw new InputError(`${clip(file)}: YAML aliases cannot be expanded: ${clip((error as Error).message)}`);
    }
    const source = new YamlSource(file, value, document, lines);
    // Every racesim YAML file is a mapping of fields; anything else is not the file expected, and its text stays out of the message.
    if (typeof value !== 'object' || value === null || Array.isArray(value) || value instanceof Uint8Array) throw source.error([], `expected a YAML mapping of fields, got ${shapeOf(value)}`);
    source.checkSizes(value, [], 0);
    return source;
  }

  /** Every string within its length limit (`description` 64 KiB, any other 256 characters), nesting within `limits.yamlDepth`. */
  private checkSizes(value: unknown, path: FieldPath, depth: number): void {
    if (typeof value === 'string') {
      const max = path[path.length - 1] === 'description' ? limits.descriptionChars : limits.stringChars;
      if (value.length > max) throw this.error(path, `expected at most ${max} characters, got ${value.length}: ${quote(value)}`);
      return;
    }
    if (value instanceof Uint8Array) throw this.error(path, 'binary data (!!binary); expected text, a number or a mapping');
    if (typeof value !== 'object' || value === null) return;
    if (depth >= limits.yamlDepth) throw this.error(path, `nested more than ${limits.yamlDepth} levels deep`);
    for (const [key, item] of Object.entries(value)) {
      if (key.length > limits.stringChars) throw this.error(path, `a field name has ${key.length} characters; expected at most ${limits.stringChars}: ${quote(key)}`);
      this.checkSizes(item, [...path, Array.isArray(value) ? Number(key) : key], depth + 1);
    }
  }

  /**
   * The entries of the mapping at `path` as the file has them, each validated by `schema`. Unlike a zod
   * record it keeps every name a user can give, `__proto__` too, in a Map (no prototype to collide with).
   */
  entriesAt<S extends z.ZodType>(path: FieldPath, schema: S): Map<string, z.output<S>> {
    let node: unknown = this.value;
    for (const step of path) node = node !== null && typeof node === 'object' && Object.hasOwn(node, step) ? (node as Record<string | number, unknown>)[step] : undefined;
    const entries = new Map<string, z.output<S>>();
    if (node === undefined || node === null) return entries;
    if (typeof node !== 'object' || Array.isArray(node)) throw this.error(path, `expected a mapping, got ${shapeOf(node)}`);
    for (const [key, item] of Object.entries(node)) entries.set(key, this.parseWith(schema, item, [...path, key]));
    return entries;
  }

  /** The 1-based line of the field at `path` (its key, for a mapping entry), or of its nearest ancestor that exists. */
  lineOf(path: FieldPath): number | undefined {
    for (let depth = path.length; depth >= 0; depth--) {
      const node = depth > 0 ? this.keyNode(path.slice(0, depth)) ?? this.document.getIn(path.slice(0, depth), true) : this.document.contents;
      const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
      if (range) return this.lines.linePos(range[0]).line;
    }
    return undefined;
  }

  /** The key node of a mapping entry, so a field is reported on the line that names it. */
  private keyNode(path: FieldPath): unknown {
    const parent = path.length > 1 ? this.document.getIn(path.slice(0, -1), true) : this.document.contents;
    const last = path[path.length - 1];
    if (!isMap(parent)) return undefined;
    return parent.items.find((pair) => isScalar(pair.key) && pair.key.value === last)?.key;
  }

  /** An InputError for the value at `path`: `file:line: dotted.path: message`. */
  error(path: FieldPath, message: string): InputError {
    const line = this.lineOf(path);
    const field = path.length ? `${path.join('.')}: ` : '';
    return new InputError(`${clip(this.file)}${line ? `:${line}` : ''}: ${clip(field)}${message}`);
  }

  /** Validates the whole document (or the value at `path`) with a zod schema; the first problem becomes an InputError. */
  parseWith<S extends z.ZodType>(schema: S, value: unknown = this.value, path: FieldPath = []): z.output<S> {
    const result = schema.safeParse(value, { reportInput: true });
    if (result.success) return result.data;
    // A misspelt key also leaves its field missing: say it is unknown (with the near name), not that the field is required.
    const { issues } = result.error;
    const issue = issues.find((i) => i.code === 'unrecognized_keys') ?? issues[0];
    const at = [...path, ...(issue.path as (string | number)[])];
    if (issue.code === 'unrecognized_keys') {
      const allowed = allowedKeys(schema, issue.path as FieldPath);
      throw this.error([...at, issue.keys[0]], `unknown field${allowed ? `${didYouMean(issue.keys[0], allowed)}; expected one of ${allowed.join(', ')}` : ''}`);
    }
    throw this.error(at, describeIssue(issue));
  }
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const input = (issue as { input?: unknown }).input;
  const got = input === undefined ? '' : `, got ${quote(input)}`;
  switch (issue.code) {
    case 'invalid_type':
      if (input === undefined) return `required; expected ${issue.expected}`;
      return `expected ${issue.expected}${got}${issue.expected === 'number' ? percentHint(input) : ''}`;
    case 'invalid_value':
      return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}${got}${typeof input === 'string' ? didYouMean(input, issue.values.map(String)) : ''}`;
    case 'invalid_union':
      return `${quote(input)} is not any of the allowed forms`;
    case 'too_small':
      if (issue.origin === 'array') return `expected at least ${issue.minimum} item(s)`;
      return `expected ${issue.inclusive === false ? 'more than' : 'at least'} ${issue.minimum}${got}`;
    case 'too_big':
      if (issue.origin === 'array') return `expected at most ${issue.maximum} item(s)`;
      return `expected ${issue.inclusive === false ? 'less than' : 'at most'} ${issue.maximum}${got}`;
    default:
      return issue.message;
  }
}

/** What a value is, without its content: for a file that is not what was expected (a secret's text must not reach a message). */
function shapeOf(value: unknown): string {
  if (value === null || value === undefined) return 'nothing (an empty document)';
  if (typeof value === 'string') return `a text of ${value.length} characters`;
  if (Array.isArray(value)) return 'a list';
  if (value instanceof Uint8Array) return 'binary data (!!binary)';
  return typeof value === 'object' ? 'a mapping' : `a ${typeof value}`;
}

/** A rate written as a percentage ("1%") where a fraction is expected: say the fraction to write. */
function percentHint(input: unknown): string {
  const m = typeof input === 'string' ? /^\s*(\d{1,6}(?:\.\d{1,9})?)\s*%\s*$/.exec(input) : null;
  return m ? `; write ${Number((Number(m[1]) / 100).toPrecision(12))}` : '';
}

/** Aliases (weighted by what they expand to) a file may use; enough for any hand-written file. */
const MAX_ALIAS_COUNT = 100;

/** The field names an object schema at `path` accepts, for "unknown field" messages. */
function allowedKeys(schema: z.ZodType, path: FieldPath): string[] | undefined {
  let node: any = schema;
  const unwrap = () => {
    while (node?._zod?.def?.innerType) node = node._zod.def.innerType;
  };
  unwrap();
  for (const step of path) {
    const def = node?._zod?.def;
    if (def?.type === 'object') node = def.shape[step];
    else if (def?.type === 'array') node = def.element;
    else if (def?.type === 'record') node = def.valueType;
    else return undefined;
    unwrap();
  }
  const def = node?._zod?.def;
  return def?.type === 'object' ? Object.keys(def.shape) : undefined;
}
