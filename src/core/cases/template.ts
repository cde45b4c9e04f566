/**
 * The default case template: the four things an incident-operations talk asks responders to do first
 * in a web-threat incident. Every new case starts with them as tasks.
 */

export interface TemplateTask {
  key: string;
  title: { ja: string; en: string };
}

export const FIRST_STEP_TASKS: readonly TemplateTask[] = [
  { key: 'find_malicious_files', title: { ja: '不正なファイルを見つける', en: 'Find the malicious files' } },
  { key: 'understand_environment', title: { ja: '感染した環境を把握する', en: 'Understand the infected environment' } },
  { key: 'understand_damage', title: { ja: '被害を把握する', en: 'Understand the damage' } },
  { key: 'identify_cause_route', title: { ja: '原因と侵入経路を特定する', en: 'Identify the cause and route' } },
];
