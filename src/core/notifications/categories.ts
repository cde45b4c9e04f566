/** What a report says a host did or is; the classification IntelMQ-style pipelines aggregate on. */
export const REPORT_CATEGORIES = ['malware-infection', 'botnet-cc', 'scanner', 'bruteforce', 'ddos-source', 'reflector', 'phishing', 'spam', 'ids-alert', 'other'] as const;
export type ReportCategory = (typeof REPORT_CATEGORIES)[number];

/** Start of the dedup window `time` falls in (windows are aligned to the epoch, e.g. UTC days). */
export function windowStart(time: number, windowMs: number): number {
  return Math.floor(time / windowMs) * windowMs;
}
