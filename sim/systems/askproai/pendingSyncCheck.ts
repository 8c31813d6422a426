import type { AppContext } from './appContext.ts';

/**
 * ef7b6a35d's "Phase 1" (RetellFunctionCallHandler ef7b6a35d:1595–1645): once Cal.com said "available",
 * the function-call check asks the app's `appointments` for an overlapping row whose sync is `pending`
 * or `failed`. The query names a column `sync_status` (1601) that `appointments` does not have (its
 * column is `calcom_sync_status`, migration 2025_10_11_000000_add_calcom_sync_tracking_to_appointments:24;
 * fd25bd785 renames it in the query), so it raises a QueryException, which the handler's outer catch
 * (1773) answers "Fehler beim Prüfen der Verfügbarkeit". What the check wrote before it (the
 * `last_availability_check` and `booking_validation` keys, 1499–1512) stays.
 * Returns the check's answer: `free` unchanged, or null (an error) when the query runs and raises.
 */
export function afterPendingSyncCheck(ctx: AppContext, free: boolean | null): boolean | null {
  if (!free || ctx.variant.code.pendingSyncQuery !== 'unknown-column') return free;
  if (ctx.tracing) ctx.note("pending-sync check: Unknown column 'sync_status' in appointments (QueryException, caught): error answer");
  return null;
}
