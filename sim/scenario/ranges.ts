import { z } from 'zod';
import { limits } from '../limits.ts';

/** The schema of each kind of number a file holds, with its range from `limits`; every file schema builds on these. */
export const durationMs = z.number().int().min(0).max(limits.durationMs);
export const durationSeconds = z.number().min(0).max(limits.durationMs / 1000);
export const durationMinutes = z.number().int().positive().max(limits.durationMs / 60_000);
export const ratePerHour = z.number().min(0).max(limits.ratePerHour);
export const runs = z.number().int().min(1).max(limits.runs);
export const seed = z.number().int().min(0).max(limits.seed);
export const magnitude = z.number().min(0).max(limits.magnitude);
export const daysAhead = z.number().int().min(0).max(limits.daysAhead);
export const probability = z.number().min(0).max(1);
/** Integers that only name or count things (ids, indexes): exact, so safe integers. */
export const integer = z.number().int().min(-limits.id).max(limits.id);
export const count = z.number().int().min(0).max(limits.id);
