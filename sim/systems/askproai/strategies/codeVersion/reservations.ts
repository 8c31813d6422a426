import type { CodeVersion } from './codeVersion.ts';
import { branchAsStringCode } from './branchAsString.ts';

/**
 * ef7b6a35d (2025-11-24), taken alone on 57b4aa6f6: the check's pending-sync query (pendingSyncCheck.ts).
 * Its Phase 2 (a Redis lock check before booking, ef7b6a35d:2332–2371) runs only with
 * `FEATURE_SLOT_LOCKING` (config/features.php ef7b6a35d:438, default false) and a `lock_key` from
 * a7efdc503's locks, so it is inert here; Phase 3 is monitoring.
 */
export const reservationsCode: CodeVersion = { ...branchAsStringCode, name: 'reservations', pendingSyncQuery: 'unknown-column' };
