import type { CodeVersion } from './codeVersion.ts';
import { branchAsStringCode } from './branchAsString.ts';

/** 3a6012b85 (2026-01-05), taken alone on 57b4aa6f6: the per-call keys carry the call's company. */
export const tenantCallKeysCode: CodeVersion = { ...branchAsStringCode, name: 'tenant-call-keys', tenantCallKeys: true };
