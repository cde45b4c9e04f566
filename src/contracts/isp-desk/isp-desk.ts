/** Wire schemas of the ISP desk routes (acknowledgements, host view, reporters' outcomes). */
import { z } from 'zod';
import { ACK_STATES } from '../../core/isp-desk/acks.ts';
import { REPORT_CATEGORIES } from '../../core/notifications/categories.ts';

/** The owning member acknowledges reports, by id or by the ticket of the notification that carried them. */
export const AckInput = z.object({
  reportIds: z.array(z.number().int().positive()).min(1).max(10_000).optional(),
  ticket: z.string().regex(/^RK-\d{6,}$/).optional(),
  state: z.enum(ACK_STATES),
  note: z.string().max(1000).nullable().default(null),
}).strict().refine((v) => (v.reportIds === undefined) !== (v.ticket === undefined), { message: 'give reportIds or ticket (one of them)' });

/** `GET /api/v1/isp/hosts`: the last `days` UTC days, optionally one registration, category or day. */
export const HostsQuery = z.object({
  days: z.coerce.number().int().min(1).max(90).default(14),
  prefix: z.string().min(1).max(64).optional(),
  category: z.enum(REPORT_CATEGORIES).optional(),
  /** A UTC date (YYYY-MM-DD) inside the window. */
  day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
  /** Hub admin only: whose view. */
  memberId: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(5000).default(500),
}).strict();
