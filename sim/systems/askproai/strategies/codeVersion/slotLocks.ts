import type { CodeVersion } from './codeVersion.ts';
import { branchAsStringCode } from './branchAsString.ts';

/** a7efdc503 (2025-11-23), taken alone on 57b4aa6f6, run with FEATURE_SLOT_LOCKING=true: the check takes a 5-minute slot lock. */
export const slotLocksCode: CodeVersion = { ...branchAsStringCode, name: 'slot-locks', slotLocking: true };
