import type { CodeVersion } from './codeVersion.ts';

/** The code at the fix commit (34a011586): any range accepted, `%d` branches, the voice flag defaults to false. */
export const phaseAPlusCode: CodeVersion = {
  name: 'phase-a-plus',
  layer1RangeProblem: () => null,
  finderBranchFormat: '%d',
  skipAlternativesForVoice: false,
  functionCallCheck: 'layer1-hourly',
  finderTenantGuard: false,
  bookingFlow: 'day-recheck',
  asyncCalcomSync: false,
  finderSpeaksLocal: false,
  tenantCallKeys: false,
  slotLocking: false,
};
