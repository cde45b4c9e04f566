/**
 * The community alert level: set by hub admins with a written reason (a dated change log, public), and
 * suggested from the last complete week's community figures against the four weeks before (the same
 * statistics source as the reports, only rows that enough members reported) and the open incident rooms.
 */
import { ALERT_CRITERIA, ALERT_LEVELS, suggestAlertLevel, type AlertDeviation, type AlertLevel, type AlertSuggestion } from '../../core/reports/alert-level.ts';
import type { Contributions } from '../../core/disclosure/protect-report.ts';
import type { Bilingual } from '../../core/reports/model.ts';
import { earlierPeriods, resolvePeriod } from '../../core/reports/period.ts';
import type { ReportSectionSource } from '../../core/reports/section-source.ts';
import { RenkeiError } from '../../core/errors.ts';
import { deviation } from '../../core/stats/baseline.ts';
import type { ReportStore } from '../../storage/reports/port.ts';
import type { ReportActor } from './report-view.ts';

const DAY = 86_400;
const PREFIX: Record<string, string> = { 'top-ports': 'port ', 'top-signatures': 'signature ', 'top-countries': 'source ', 'top-asns': 'source ' };

export interface AlertLevelView {
  level: AlertLevel;
  since: number | null;
  reason: string | null;
  criteria: Record<AlertLevel, Bilingual>;
  history: Array<{ level: AlertLevel; reason: string; setAt: number }>;
}

export interface AlertLevelDeps {
  store: ReportStore;
  statistics: ReportSectionSource;
  audit: (e: { actorUserId: number | null; actorOrg: string | null; action: string; count: number | null; detail: string | null }) => Promise<void>;
  now: () => number;
}

const sum = (c: Contributions): number => [...(c instanceof Map ? c.values() : Object.values(c))].reduce((a: number, b: number) => a + b, 0);

/** The Monday starting the last complete ISO week before `nowMs`. */
function lastWeekStart(nowMs: number): string {
  const d = new Date(nowMs);
  const monday = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return new Date(monday - 7 * DAY * 1000).toISOString().slice(0, 10);
}

/** Builds the alert-level service. */
export function createAlertLevelService(d: AlertLevelDeps) {
  const admin = (actor: ReportActor): NonNullable<ReportActor> => {
    if (!actor) throw new RenkeiError('unauthenticated', 'sign in or send an API key');
    if (actor.role !== 'hub-admin') throw new RenkeiError('forbidden', 'the alert level is set by hub admins');
    return actor;
  };
  return {
    /** The level in force and its change log (public: no user ids). */
    async current(): Promise<AlertLevelView> {
      const log = await d.store.alertLevels(100);
      const top = log[0];
      return { level: top?.level ?? 'green', since: top?.setAt ?? null, reason: top?.reason ?? null, criteria: ALERT_CRITERIA, history: log.map((r) => ({ level: r.level, reason: r.reason, setAt: r.setAt })) };
    },

    async set(actor: ReportActor, level: AlertLevel, reason: string): Promise<AlertLevelView> {
      const who = admin(actor);
      if (!ALERT_LEVELS.includes(level)) throw new RenkeiError('validation_failed', `unknown alert level ${String(level)}`);
      const row = await d.store.setAlertLevel({ level, reason, setBy: who.userId, setAt: d.now() });
      await d.audit({ actorUserId: who.userId, actorOrg: who.orgName, action: 'report-alert-level-set', count: null, detail: `alert level ${row.level}` });
      return this.current();
    },

    /** What the criteria give for the last complete week and the rooms open now. */
    async suggest(actor: ReportActor): Promise<AlertSuggestion & { week: string }> {
      admin(actor);
      const period = resolvePeriod({ kind: 'week', start: lastWeekStart(d.now()) });
      const section = await d.statistics.build({ period, history: earlierPeriods(period, 4), audience: 'members' });
      const deviations: AlertDeviation[] = [];
      for (const t of section?.tables ?? []) {
        for (const r of t.rows) {
          if (r.key === 'other' || !r.history || r.history.length < 2) continue;
          const dv = deviation(sum(r.contributions), r.history.map(sum));
          deviations.push({ subject: `${PREFIX[t.id] ?? ''}${r.label.en}`, level: dv.level, ratio: dv.ratio });
        }
      }
      const rooms = await d.store.openRooms(d.now(), ['clear', 'green']);
      const openRooms = Object.fromEntries(rooms.map((r) => [r.severity, r.n]));
      return { week: period.code, ...suggestAlertLevel({ deviations, openRooms }) };
    },
  };
}

export type AlertLevelService = ReturnType<typeof createAlertLevelService>;
