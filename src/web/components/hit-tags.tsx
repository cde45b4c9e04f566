/**
 * How a hit's tags read in its details, as MISP users expect: TLP as a coloured badge, galaxy clusters
 * (threat actor, malware family, …) apart from plain tags, and the event's threat level in words.
 */
import { defineMessages, useMessages } from '../i18n/i18n.tsx';

export const hitTagMessages = defineMessages({
  en: { tlp: 'TLP', galaxies: 'Galaxies', threatLevel: 'Threat level', 'level.1': 'High', 'level.2': 'Medium', 'level.3': 'Low', 'level.4': 'Undefined', eventId: 'Event UUID' },
  ja: { tlp: 'TLP', galaxies: 'ギャラクシー', threatLevel: '脅威レベル', 'level.1': '高', 'level.2': '中', 'level.3': '低', 'level.4': '未定義', eventId: 'イベント UUID' },
});

export interface SplitTags {
  tlp: string | null;
  galaxies: { galaxy: string; cluster: string }[];
  plain: string[];
}

const RANK = ['clear', 'white', 'green', 'amber', 'amber+strict', 'red'];

/** Splits tag names into the strictest TLP, galaxy clusters (`misp-galaxy:<galaxy>="<cluster>"`) and the rest. */
export function splitTags(names: readonly string[]): SplitTags {
  let tlp: string | null = null;
  const galaxies: SplitTags['galaxies'] = [];
  const plain: string[] = [];
  for (const name of new Set(names)) {
    const t = /^tlp:\s*"?([a-z+]+)"?$/i.exec(name);
    const g = /^misp-galaxy:([^=]+)="(.*)"$/.exec(name);
    if (t) {
      const level = t[1]!.toLowerCase() === 'white' ? 'clear' : t[1]!.toLowerCase();
      if (tlp === null || RANK.indexOf(level) > RANK.indexOf(tlp)) tlp = level;
    } else if (g) galaxies.push({ galaxy: g[1]!, cluster: g[2]! });
    else plain.push(name);
  }
  return { tlp, galaxies, plain };
}

export function TlpBadge({ level }: { level: string }) {
  return <span className={`badge tlp tlp-${level.replace('+', '-')}`}>TLP:{level.toUpperCase()}</span>;
}

/** The threat level's words (MISP: 1 high … 4 undefined). */
export function useThreatLevel(): (n: number) => string {
  const m = useMessages(hitTagMessages);
  return (n) => m(n >= 1 && n <= 4 ? (`level.${n}` as 'level.1') : 'level.4');
}
