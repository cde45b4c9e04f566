/**
 * The community alert level (after SANS ISC's InfoCON): green, yellow, orange, red, with written
 * criteria. The hub operator sets it; `suggestAlertLevel` proposes one from the week's deviations of
 * community figures against their baseline and the incident rooms still open, with its reasons.
 */
import type { Level } from '../stats/baseline.ts';
import type { Bilingual } from './model.ts';

export const ALERT_LEVELS = ['green', 'yellow', 'orange', 'red'] as const;
export type AlertLevel = (typeof ALERT_LEVELS)[number];

/** What each level means (published with the level). */
export const ALERT_CRITERIA: Record<AlertLevel, Bilingual> = {
  green: { ja: '平常：特段の脅威は観測されていません。', en: 'Normal: no significant threat is being tracked.' },
  yellow: {
    ja: '注意：重要な新しい脅威を追跡中です（基準値を大きく上回る活動、または深刻度「高」のインシデントルームが開設中）。',
    en: 'Watch: a significant new threat is being tracked (activity far above its baseline, or a high-severity incident room open).',
  },
  orange: {
    ja: '警戒：会員に大きな影響が差し迫っているか発生中です（深刻度「緊急」のルームが開設中、または「高」のルームと大規模な活動が同時に発生）。',
    en: 'Alert: a major disruption of members is imminent or in progress (a critical incident room open, or a high-severity room together with large-scale activity).',
  },
  red: {
    ja: '重大：広範囲の会員で業務停止が発生しています（深刻度「緊急」のルームが複数開設中、または「緊急」のルームと大規模な活動が同時に発生）。',
    en: 'Severe: operations are lost across many members (several critical incident rooms open, or a critical room together with large-scale activity).',
  },
};

/** One figure's deviation this week (`subject` names it: `port 23/TCP`). */
export interface AlertDeviation {
  subject: string;
  level: Level;
  ratio: number | null;
}

export interface AlertInputs {
  deviations: readonly AlertDeviation[];
  /** Open (or monitoring) community rooms by severity. */
  openRooms: Partial<Record<'low' | 'medium' | 'high' | 'critical', number>>;
}

export interface AlertSuggestion {
  level: AlertLevel;
  reasons: Bilingual[];
}

/** The level the criteria give for the inputs, with one reason per fact that raised it. */
export function suggestAlertLevel(i: AlertInputs): AlertSuggestion {
  const large = i.deviations.filter((d) => d.level === 'large' || d.level === 'new');
  const critical = i.openRooms.critical ?? 0;
  const high = i.openRooms.high ?? 0;
  const reasons: Bilingual[] = [];
  for (const d of large) reasons.push({ ja: `${d.subject}：基準値を大きく上回る活動${d.ratio === null ? '（新規）' : `（中央値の${d.ratio.toFixed(1)}倍）`}`, en: `${d.subject}: activity far above its baseline${d.ratio === null ? ' (new)' : ` (${d.ratio.toFixed(1)}× the median)`}` });
  if (critical > 0) reasons.push({ ja: `深刻度「緊急」のインシデントルーム${critical}件が開設中`, en: `${critical} critical incident room${critical === 1 ? '' : 's'} open` });
  if (high > 0) reasons.push({ ja: `深刻度「高」のインシデントルーム${high}件が開設中`, en: `${high} high-severity incident room${high === 1 ? '' : 's'} open` });
  let level: AlertLevel = 'green';
  if (critical >= 2 || (critical >= 1 && large.length > 0)) level = 'red';
  else if (critical >= 1 || (high >= 1 && large.length > 0)) level = 'orange';
  else if (high >= 1 || large.length > 0) level = 'yellow';
  return { level, reasons };
}
