import type { CodeVersion } from './codeVersion.ts';
import { branchAsStringCode } from './branchAsString.ts';

/** 57b4aa6f6 run with `ASYNC_CALCOM_SYNC=true`: the booking answers "gebucht" and a queued job books at Cal.com. */
export const asyncSyncCode: CodeVersion = { ...branchAsStringCode, name: 'async-calcom-sync', asyncCalcomSync: true };
