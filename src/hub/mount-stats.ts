/** Mounts the statistics plugin (`src/hub/stats/`) at `/api/v1/stats` on the hub's own database. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { StatsStore } from '../storage/stats/port.ts';
import type { HubPrincipal } from './auth/auth-service.ts';
import type { HubConfig } from './config.ts';
import { statsRoutes, type StatsAuditEntry } from './stats/stats-routes.ts';

/** Registers the statistics routes on the hub's stats store. */
export async function mountStats(app: FastifyInstance, stats: StatsStore, principal: (req: FastifyRequest) => Promise<HubPrincipal | null>, config: HubConfig, audit?: (e: StatsAuditEntry) => Promise<void>, asName?: (asn: number) => string | null): Promise<void> {
  await app.register(statsRoutes, {
    prefix: '/api/v1/stats',
    stats,
    minMembers: config.stats.minMembers,
    k: config.stats.minSources,
    quota: { rowsPerHour: config.stats.rowsPerHour, batchesPerMinute: config.stats.batchesPerMinute },
    ...(audit ? { audit } : {}),
    ...(asName ? { asName } : {}),
    resolvePrincipal: async (req: FastifyRequest) => {
      const p = await principal(req);
      return p ? { orgName: p.orgName, role: p.role, userId: p.userId } : null;
    },
  });
}
