/** Mounts the statistics plugin (`src/hub/stats/`) at `/api/v1/stats` on the hub's own database. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { openStatsStore } from '../storage/stats/open-stats-store.ts';
import type { StatsStore } from '../storage/stats/port.ts';
import type { HubPrincipal } from './auth/auth-service.ts';
import type { HubConfig } from './config.ts';
import { statsRoutes, type StatsAuditEntry } from './stats/stats-routes.ts';

/** Opens the stats store next to the hub's tables and registers the routes; returns the store to close. */
export async function mountStats(app: FastifyInstance, principal: (req: FastifyRequest) => Promise<HubPrincipal | null>, config: HubConfig, audit?: (e: StatsAuditEntry) => Promise<void>): Promise<StatsStore> {
  const isPg = /^postgres(ql)?:\/\//.test(config.db);
  const stats = await openStatsStore(isPg ? { postgresUrl: config.db, ...(config.pgSchema ? { schema: config.pgSchema } : {}) } : { sqlitePath: config.db });
  await app.register(statsRoutes, {
    prefix: '/api/v1/stats',
    stats,
    minMembers: config.stats.minMembers,
    k: config.stats.minSources,
    quota: { rowsPerHour: config.stats.rowsPerHour, batchesPerMinute: config.stats.batchesPerMinute },
    ...(audit ? { audit } : {}),
    resolvePrincipal: async (req: FastifyRequest) => {
      const p = await principal(req);
      return p ? { orgName: p.orgName, role: p.role, userId: p.userId } : null;
    },
  });
  return stats;
}
