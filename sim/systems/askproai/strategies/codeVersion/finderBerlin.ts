import type { CodeVersion } from './codeVersion.ts';
import { branchAsStringCode } from './branchAsString.ts';

/** 5c2cf134c (2025-12-14), taken alone on 57b4aa6f6: the finder speaks each slot in Europe/Berlin. */
export const finderBerlinCode: CodeVersion = { ...branchAsStringCode, name: 'finder-berlin', finderSpeaksLocal: true };
