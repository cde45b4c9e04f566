import type { FastifyInstance } from 'fastify';
import type { NodeContext } from '../../context.ts';
import { ANY_ROLE, principalOf, requireRole } from '../../http/guard.ts';

/** The MISP version this node's API follows (what PyMISP checks against). */
export const MISP_API_VERSION = '2.5.1';

/** `GET /servers/getVersion` (PyMISP calls it first). */
export function registerGetVersion(app: FastifyInstance, ctx: NodeContext): void {
  app.get('/servers/getVersion', { preHandler: requireRole(ctx.authenticate, ANY_ROLE) }, async (req) => {
    const p = principalOf(req);
    return {
      version: MISP_API_VERSION,
      pymisp_recommended_version: MISP_API_VERSION,
      perm_sync: false,
      perm_sighting: p.role !== 'search',
      perm_galaxy_editor: false,
      perm_analyst_data: false,
      uuid: ctx.config.uuid ?? '-',
      request_encoding: [],
      filter_sightings: true,
    };
  });
}
