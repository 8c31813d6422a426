import { askproaiSystem } from './askproai/system.ts';
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
