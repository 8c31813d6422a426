import type { CodeVersion } from './codeVersion.ts';
import { phaseAPlusCode } from './phaseAPlus.ts';

/**
 * The code before the fix (0b36c48c8): `features.skip_alternatives_for_voice` does not exist yet, so
 * the function-call `check_availability` takes its fallback (true) and offers no alternatives.
 */
export const beforeFixCode: CodeVersion = { ...phaseAPlusCode, name: 'before-fix', skipAlternativesForVoice: true };
