import { InputError } from '../inputError.ts';
import { profileNames, variantNames, type ProfileName, type VariantName } from '../systems/askproai/catalog.ts';
import { storeKinds, type StoreKind } from '../stores/cacheStore.ts';

/** Parsers for the options several commands share; each bad value is an InputError naming the option. */

export function parseVariant(value: string, option = '--fix'): VariantName {
  if ((variantNames as readonly string[]).includes(value)) return value as VariantName;
  throw new InputError(`${option}: unknown variant "${value}"; expected one of ${variantNames.join(', ')} (racesim variants lists them)`);
}

export function parseVariantList(value: string, option = '--fix'): VariantName[] {
  return value.split(',').map((v) => parseVariant(v.trim(), option));
}

export function parseProfile(value: string | undefined, option = '--profile'): ProfileName | undefined {
  if (value === undefined) return undefined;
  if ((profileNames as readonly string[]).includes(value)) return value as ProfileName;
  throw new InputError(`${option}: unknown profile "${value}"; expected one of ${profileNames.join(', ')}`);
}

export function parseSeed(value: string, option = '--seed'): number {
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value))) {
    throw new InputError(`${option}: expected a non-negative integer, got "${value}"`);
  }
  return Number(value);
}

export function parseStore(value: string, option = '--store'): StoreKind {
  if ((storeKinds as readonly string[]).includes(value)) return value as StoreKind;
  throw new InputError(`${option}: unknown store "${value}"; expected one of ${storeKinds.join(', ')}`);
}
