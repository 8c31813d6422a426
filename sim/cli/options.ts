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

export function parseRuns(value: string, option = '--runs'): number {
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new InputError(`${option}: expected a positive integer, got "${value}"`);
  return Number(value);
}

/** `--ttl layer1=45,layer2=300`: TTLs in seconds overriding the workload's. */
export function parseTtl(value: string | undefined, option = '--ttl'): { layer1?: number; layer2?: number } | undefined {
  if (value === undefined) return undefined;
  const ttl: { layer1?: number; layer2?: number } = {};
  for (const part of value.split(',')) {
    const m = /^(layer1|layer2)=(-?\d+)$/.exec(part.trim());
    if (!m) throw new InputError(`${option}: expected layer1=<seconds>,layer2=<seconds>, got "${part}"`);
    ttl[m[1] as 'layer1' | 'layer2'] = Number(m[2]);
  }
  return ttl;
}
