/**
 * The names a user can pick for the AskProAI booking app: profiles (which version of the app) and
 * variants (which cache invalidation). The behaviour behind each name lives in profiles.ts and variants.ts.
 */
export const profileNames = ['seed', 'askproai-34a0115'] as const;
export type ProfileName = (typeof profileNames)[number];

export const variantNames = [
  'off',
  'on',
  'none',
  'l1-300-coalesce',
  'async-smart-clear',
  'l2-60',
  'l2-30',
  'versioned-keys',
  'leases',
  'recheck',
  'reserve',
] as const;
export type VariantName = (typeof variantNames)[number];
