import { InputError, quote } from '../inputError.ts';
import { askproaiSystem } from './askproai/system.ts';
import { loadStackFile, parseStack } from './stack/loadStack.ts';
import { STACK_PROFILE, STACK_SUMMARY, stackSystem } from './stack/system.ts';
import type { SystemPlugin } from './systemPlugin.ts';

/**
 * Every system under test racesim can run, by name: the one place that imports a system's folder
 * (dependency-cruiser enforces it). Adding a system is one folder under sim/systems/ and one line here.
 */
export const systems: Readonly<Record<string, SystemPlugin>> = {
  askproai: askproaiSystem,
};

export const defaultSystem = askproaiSystem;

// The default system's names and types, for the modules that still type profiles and variants by them.
export { profileNames, variantNames, type ProfileName, type VariantName } from './askproai/catalog.ts';

/** Every system name users can pick (`--system`, `system:` in scenario files), with what it is. */
export const systemCatalog: readonly { readonly name: string; readonly summary: string; readonly needsStackFile: boolean }[] = [
  { name: askproaiSystem.name, summary: askproaiSystem.summary, needsStackFile: false },
  { name: 'stack', summary: STACK_SUMMARY, needsStackFile: true },
];
export const systemNames = systemCatalog.map((s) => s.name);

/** The stack system's one profile name (a stack file is its own version). */
export const stackProfile = STACK_PROFILE;

/** The plug-in for a system name; `stack` is built from its stack file (an InputError when missing or bad). */
export function systemFor(name: string, stackFile?: string): SystemPlugin {
  if (name === 'stack') {
    if (stackFile === undefined) throw new InputError('--stack: the stack system needs a stack file (--stack FILE, or stack: in the scenario)');
    return stackSystem(loadStackFile(stackFile), stackFile);
  }
  const system = systems[name];
  if (!system) throw new InputError(`--system: unknown system ${quote(name)}; expected one of ${systemNames.join(', ')}`);
  if (stackFile !== undefined) throw new InputError(`--stack: only the stack system reads a stack file, not ${quote(name)}`);
  return system;
}

/**
 * A system as plain data, to cross worker threads and shard files: its name, and for a stack the file's
 * path and the text it had when the command read it (workers never re-read a file that may have changed).
 */
export interface SystemRef {
  readonly name: string;
  readonly stack?: { readonly file: string; readonly text: string };
}

export const defaultSystemRef: SystemRef = { name: defaultSystem.name };

const pluginsByStack = new Map<string, SystemPlugin>();
/** By the reference object itself: every run of a job asks with the same one, so no key is built per run. */
const pluginsByRef = new WeakMap<SystemRef, SystemPlugin>();

/** The plug-in a reference stands for, built once per process (a stack is parsed from the text it carries). */
export function systemOfRef(ref: SystemRef): SystemPlugin {
  let plugin = pluginsByRef.get(ref);
  if (plugin) return plugin;
  if (!ref.stack) plugin = systemFor(ref.name);
  else {
    const key = `${ref.stack.file}\0${ref.stack.text}`;
    plugin = pluginsByStack.get(key);
    if (!plugin) pluginsByStack.set(key, (plugin = stackSystem(parseStack(ref.stack.text, ref.stack.file), ref.stack.file)));
  }
  pluginsByRef.set(ref, plugin);
  return plugin;
}
