/**
 * The damage estimate of a case: revenue and days from the case's settings, downtime from the timeline's
 * outage marks unless overridden, impact from the triaged hosts unless overridden.
 */
import { downtimeMs, type Outage } from '../damage/downtime.ts';
import { estimateDamage, type DamageEstimate, type DamageInputs } from '../damage/estimate.ts';
import type { TriageCounts } from '../damage/impact.ts';
import type { CaseDamageSettings, TimelineEvent } from './case-model.ts';

/** Pairs outage marks in time order: a start opens an outage (if none is open), an end closes it. */
export function outagesFromTimeline(events: ReadonlyArray<Pick<TimelineEvent, 'occurredAtMs' | 'outage'>>): Outage[] {
  const marks = events.filter((e) => e.outage !== null).slice().sort((a, b) => a.occurredAtMs - b.occurredAtMs);
  const out: Outage[] = [];
  let open: number | null = null;
  for (const m of marks) {
    if (m.outage === 'start' && open === null) open = m.occurredAtMs;
    else if (m.outage === 'end' && open !== null) {
      out.push({ start: open, end: m.occurredAtMs });
      open = null;
    }
  }
  if (open !== null) out.push({ start: open, end: null });
  return out;
}

/** The estimate's inputs for a case at `now`. */
export function caseDamageInputs(settings: CaseDamageSettings, counts: TriageCounts, timeline: ReadonlyArray<Pick<TimelineEvent, 'occurredAtMs' | 'outage'>>, now: number): DamageInputs {
  const outages = outagesFromTimeline(timeline);
  const downtime =
    settings.downtimeHoursOverride !== null ? { hours: settings.downtimeHoursOverride } : outages.length > 0 ? { ms: downtimeMs(outages, now) } : null;
  const o = settings.impactOverride;
  const impact = o === null ? { source: 'triage' as const, counts } : 'percent' in o ? { source: 'manual_percent' as const, percent: o.percent } : { source: 'manual' as const, affected: o.affected, total: o.total };
  return {
    annualRevenueYen: settings.annualRevenueYen === null ? null : BigInt(settings.annualRevenueYen),
    businessDays: settings.businessDays,
    hoursPerDay: settings.hoursPerDay,
    downtime,
    impact,
  };
}

/** The case's estimate at `now`. */
export function estimateCaseDamage(settings: CaseDamageSettings, counts: TriageCounts, timeline: ReadonlyArray<Pick<TimelineEvent, 'occurredAtMs' | 'outage'>>, now: number): DamageEstimate {
  return estimateDamage(caseDamageInputs(settings, counts, timeline, now));
}
