import type { CodeVersion } from './codeVersion.ts';
import { datesOnlyCode } from './datesOnly.ts';

/** 4434a4976, on e06c5837e: the finder's Layer 2 key prints the branch with `%s` while the clear keeps `%d`. */
export const branchAsStringCode: CodeVersion = { ...datesOnlyCode, name: 'branch-as-string', finderBranchFormat: '%s' };
