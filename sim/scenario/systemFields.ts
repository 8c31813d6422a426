import { dirname, resolve } from 'node:path';
import { quote } from '../inputError.ts';
import { defaultSystem, systemFor, systemNames } from '../systems/registry.ts';
import type { SystemPlugin } from '../systems/systemPlugin.ts';
import { defaultWorld } from '../worldConfig.ts';
import type { YamlSource } from './yamlSource.ts';

/** The names a file may use of its system: its variants, and its cache layers (`servedBy`, `staleLayer`). */
export interface SystemNames {
  readonly variants: readonly string[];
  readonly layers: readonly string[];
}

function namesOf(plugin: SystemPlugin): SystemNames {
  const variants = plugin.variants.map((v) => v.name);
  // A layer's name does not depend on the world or variant, only its TTL does.
  return { variants, layers: plugin.layers(defaultWorld, variants[0]).map((l) => l.name) };
}

/**
 * The system a scenario or workload file names (`system:`, and `stack:` relative to the file, which
 * implies `system: stack`) and the variant and layer names it may use; `given` is the system when it
 * comes with the file (a saved run's stack), so the file's `stack:` is not read.
 */
export function resolveSystemFields(source: YamlSource, system: string | undefined, stack: string | undefined, given?: SystemPlugin) {
  if (system !== undefined && !systemNames.includes(system)) {
    throw source.error(['system'], `unknown system ${quote(system)}; expected one of ${systemNames.join(', ')}`);
  }
  if (stack === undefined) {
    if (system === 'stack') throw source.error(['system'], 'the stack system needs a stack file: add stack: path/to/stack.yaml');
    return { system, stackFile: undefined, ...namesOf(system === undefined ? defaultSystem : systemFor(system)) };
  }
  if (system !== undefined && system !== 'stack') throw source.error(['stack'], `only the stack system reads a stack file, not ${quote(system)}`);
  const stackFile = resolve(dirname(source.file), stack);
  return { system: 'stack', stackFile, ...namesOf(given ?? systemFor('stack', stackFile)) };
}
