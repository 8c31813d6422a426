import { addLocal, type LocalTime } from '../../core/zonedTime.ts';
import type { Service, WorldConfig } from '../../worldConfig.ts';
import type { ForgetRule, StackDefinition, StackLayer } from './stackDefinition.ts';
import { daySpan, entryKey, hourSpan, slotSpan, teamPart, tenantPart, type Span } from './stackKeys.ts';

/** What an invalidation knows: the event type, the booking's service (null for a webhook), and the app's today. */
export interface InvalidationContext {
  readonly eventType: number;
  readonly service: Service | null;
  /** Start of today in the app's time zone (Laravel's `Carbon::today()`). */
  readonly today: LocalTime;
  readonly world: WorldConfig;
}

/** Every key the rules forget, rule by rule, tenant by tenant, day by day, hour by hour. */
export function forgetKeys(definition: StackDefinition, rules: readonly ForgetRule[], ctx: InvalidationContext): string[] {
  return rules.flatMap((rule) => {
    const layer = definition.layers[rule.layer];
    const spans = Array.from({ length: rule.days }, (_, d) => spansOfDay(layer, rule, addLocal(ctx.today, d), ctx.world.slotMinutes)).flat();
    return tenantsOf(layer, rule, ctx).flatMap((tenant) => spans.map((span) => entryKey(layer, tenant, ctx.eventType, span)));
  });
}

/**
 * The tenants a rule reaches: the booking's own, or every one using the event type. Every team drops
 * team 0 (PHP falsy ids), so only that service's own booking clears a team-less entry; services repeat
 * when two share a key, forgetting it twice, as the PHP loop does.
 */
function tenantsOf(layer: StackLayer, rule: ForgetRule, ctx: InvalidationContext): string[] {
  if (layer.tenant === 'none') return ['all'];
  if (rule.tenants === 'booking' && ctx.service) return [tenantPart(layer.tenant, ctx.service)];
  const services = ctx.world.services.filter((s) => s.eventType === ctx.eventType);
  if (layer.tenant === 'service') return services.map((s) => tenantPart('service', s));
  return [...new Set(services.map((s) => s.team).filter((team) => !!team))].map(teamPart);
}

/** A layer's keys on one day: the day itself, or its hours (all 24 unless the rule names some), or its slots in those hours. */
function spansOfDay(layer: StackLayer, rule: ForgetRule, day: LocalTime, slotMinutes: number): Span[] {
  if (layer.key === 'day') return [daySpan(day)];
  const { from, to } = rule.hours ?? { from: 0, to: 23 };
  const hours = Array.from({ length: to - from + 1 }, (_, i) => ({ ...day, hour: from + i }));
  if (layer.key !== 'slot') return hours.map(hourSpan);
  const perHour = Math.max(1, Math.floor(60 / slotMinutes));
  return hours.flatMap((hour) => Array.from({ length: perHour }, (_, i) => slotSpan({ ...hour, minute: i * slotMinutes })));
}
