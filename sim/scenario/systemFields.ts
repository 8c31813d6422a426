import { dirname, resolve } from 'node:path';
import { quote } from '../inputError.ts';
import { systemFor, systemNames, variantNames } from '../systems/registry.ts';
import type { YamlSource } from './yamlSource.ts';

/**
 * The system a scenario or workload file names (`system:`, and `stack:` relative to the file, which
 * implies `system: stack`) and the variant names it may use.
 */
export function resolveSystemFields(source: YamlSource, system: string | undefined, stack: string | undefined) {
  if (system !== undefined && !systemNames.includes(system)) {
    throw source.error(['system'], `unknown system ${quote(system)}; expected one of ${systemNames.join(', ')}`);
  }
  if (stack === undefined) {
    if (system === 'stack') throw source.error(['system'], 'the stack system needs a stack file: add stack: path/to/stack.yaml');
    return { system, stackFile: undefined, variants: variantNames as readonly string[] };
  }
  if (system !== undefined && system !== 'stack') throw source.error(['stack'], `only the stack system reads a stack file, not ${quote(system)}`);
  const stackFile = resolve(dirname(source.file), stack);
  return { system: 'stack', stackFile, variants: systemFor('stack', stackFile).variants.map((v) => v.name) };
}
