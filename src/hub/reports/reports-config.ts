/** The report builder's settings (part of `HubConfig`): issuer, licence, public k, damage example, Chromium. */
import { z } from 'zod';
import { PUBLIC_MIN_MEMBERS } from '../../core/disclosure/params.ts';

/** Example inputs of the business-impact section: the operator's typical member, never a real one. */
const DamageExample = z.strictObject({
  annualRevenueYen: z.coerce.number().int().positive(),
  businessDays: z.coerce.number().int().min(1).max(366),
  downtimeHours: z.coerce.number().positive(),
  impactPercent: z.coerce.number().positive().max(100),
});

export const ReportsConfig = z
  .object({
    /** The community's name in titles and citation lines. */
    issuer: z.string().min(1).max(100).default('Renkei'),
    licence: z.object({ ja: z.string().min(1), en: z.string().min(1) }).default({ ja: 'CC BY 4.0（出典を明記して引用・転載可）', en: 'CC BY 4.0 (quote and reuse with attribution)' }),
    /** k for public (TLP:CLEAR) reports: at least 5; members-only reports keep `stats.minMembers`. */
    publicMinMembers: z.coerce.number().int().min(PUBLIC_MIN_MEMBERS).max(1000).default(PUBLIC_MIN_MEMBERS),
    damageExample: DamageExample.nullable().default({ annualRevenueYen: 30_000_000_000, businessDays: 240, downtimeHours: 72, impactPercent: 20 }),
    /** Chromium for PDF (`RENKEI_CHROMIUM`); PDF answers `renderer_unavailable` when it is missing. */
    chromium: z.string().min(1).default('/usr/bin/chromium'),
    /** `Cache-Control: public, max-age` of public (TLP:CLEAR) report answers. */
    publicMaxAgeSeconds: z.coerce.number().int().min(0).max(31_536_000).default(3600),
  })
  .default({
    issuer: 'Renkei',
    licence: { ja: 'CC BY 4.0（出典を明記して引用・転載可）', en: 'CC BY 4.0 (quote and reuse with attribution)' },
    publicMinMembers: PUBLIC_MIN_MEMBERS,
    damageExample: { annualRevenueYen: 30_000_000_000, businessDays: 240, downtimeHours: 72, impactPercent: 20 },
    chromium: '/usr/bin/chromium',
    publicMaxAgeSeconds: 3600,
  });
export type ReportsConfig = z.infer<typeof ReportsConfig>;

/** `RENKEI_CHROMIUM`, `RENKEI_HUB_REPORT_ISSUER`, `RENKEI_HUB_REPORT_PUBLIC_K` → the `reports` block (undefined: defaults). */
export function reportsConfigFromEnv(env: NodeJS.ProcessEnv): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {
    ...(env.RENKEI_CHROMIUM ? { chromium: env.RENKEI_CHROMIUM } : {}),
    ...(env.RENKEI_HUB_REPORT_ISSUER ? { issuer: env.RENKEI_HUB_REPORT_ISSUER } : {}),
    ...(env.RENKEI_HUB_REPORT_PUBLIC_K ? { publicMinMembers: env.RENKEI_HUB_REPORT_PUBLIC_K } : {}),
  };
  return Object.keys(out).length > 0 ? out : undefined;
}
