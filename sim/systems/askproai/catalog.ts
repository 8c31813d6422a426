/**
 * The names a user can pick for the AskProAI booking app: profiles (which version of the app) and
 * variants (which caching and invalidation). Each list lives beside the behaviour it names, in
 * profiles.ts and variants.ts.
 */
export { profileNames, type ProfileName } from './profiles.ts';
export { variantNames, type VariantName } from './variants.ts';
