import { InputError, quote } from '../inputError.ts';
import type { Checker } from './checker.ts';

/** A named property of one judged run, with the whole-number argument some take (`no-stale-after 1000`). */
export interface PropertyDefinition {
  readonly name: string;
  /** The argument's name, e.g. `ms`, for properties that take one. */
  readonly argument?: string;
  readonly summary: string;
  make(argument: number | undefined): Checker;
}

/** Every property by name, in registration order (the order help and errors list them). */
const definitions = new Map<string, PropertyDefinition>();

/** Each property file registers itself by name (FoundationDB's workload factories); properties.ts loads them all. */
export function registerProperty(definition: PropertyDefinition): void {
  if (definitions.has(definition.name)) throw new Error(`property ${definition.name} registered twice`);
  definitions.set(definition.name, definition);
}

export const propertyDefinitions = (): readonly PropertyDefinition[] => [...definitions.values()];

/** What is wrong with a property as written (`name` or `name argument`), or null when it names one. */
export function propertyProblem(spec: string): string | null {
  const [name, argument, ...rest] = spec.trim().split(/\s+/);
  const definition = definitions.get(name);
  if (!definition) return `unknown property ${quote(name)}; expected one of ${[...definitions.keys()].join(', ')}`;
  if (definition.argument && (argument === undefined || !/^\d{1,9}$/.test(argument))) {
    return `${name} takes a whole number <${definition.argument}> up to 999999999, e.g. "${name} 1000"`;
  }
  if ((!definition.argument && argument !== undefined) || rest.length) return `unexpected ${quote(spec.trim())}`;
  return null;
}

/** The checker of one property as written; `where` names the option or field in the error. */
export function parseProperty(spec: string, where: string): Checker {
  const problem = propertyProblem(spec);
  if (problem) throw new InputError(`${where}: ${problem}`);
  const [name, argument] = spec.trim().split(/\s+/);
  return definitions.get(name)!.make(argument === undefined ? undefined : Number(argument));
}

/** Parses `--property`: a comma list of names, each with its argument after a space (`no-stale-after 1000`). */
export function parseProperties(text: string, option = '--property'): Checker[] {
  return text.split(',').map((part) => parseProperty(part, option));
}
