import type { CodeVersion } from './codeVersion.ts';
import { casCheckCode } from './casCheck.ts';

/**
 * 4434a4976, on 484a16e68: the finder's Layer 2 key prints the branch with `%s` while the clear keeps
 * `%d`, and the finder refuses a null company or branch (AppointmentAlternativeFinder 4434a4976:452–461).
 */
export const branchAsStringCode: CodeVersion = { ...casCheckCode, name: 'branch-as-string', finderBranchFormat: '%s', finderTenantGuard: true };
