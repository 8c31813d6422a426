import { isMap, isScalar, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { InputError } from '../inputError.ts';

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
      const message = syntax.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
      throw new InputError(`${file}${line ? `:${line}` : ''}: YAML syntax error: ${message}`);
    }
    return new YamlSource(file, document.toJS(), document, lines);
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
    return new InputError(`${this.file}${line ? `:${line}` : ''}: ${field}${message}`);
  }

  /** Validates the whole document (or the value at `path`) with a zod schema; the first problem becomes an InputError. */
  parseWith<S extends z.ZodType>(schema: S, value: unknown = this.value, path: FieldPath = []): z.output<S> {
    const result = schema.safeParse(value, { reportInput: true });
    if (result.success) return result.data;
    const issue = result.error.issues[0];
    const at = [...path, ...(issue.path as (string | number)[])];
    if (issue.code === 'unrecognized_keys') {
      const allowed = allowedKeys(schema, issue.path as FieldPath);
      throw this.error([...at, issue.keys[0]], `unknown field${allowed ? `; expected one of ${allowed.join(', ')}` : ''}`);
    }
    throw this.error(at, describeIssue(issue));
  }
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const input = (issue as { input?: unknown }).input;
  switch (issue.code) {
    case 'invalid_type':
      return input === undefined ? `required; expected ${issue.expected}` : `expected ${issue.expected}, got ${show(input)}`;
    case 'invalid_value':
      return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, got ${show(input)}`;
    case 'invalid_union':
      return `${show(input)} is not any of the allowed forms`;
    case 'too_small':
      return issue.origin === 'array' ? `expected at least ${issue.minimum} item(s)` : `expected at least ${issue.minimum}, got ${show(input)}`;
    case 'too_big':
      return `expected at most ${issue.maximum}, got ${show(input)}`;
    default:
      return issue.message;
  }
}

const show = (value: unknown) => (typeof value === 'string' ? JSON.stringify(value) : value === null ? 'null' : Array.isArray(value) ? 'a list' : typeof value === 'object' ? 'a mapping' : String(value));

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
