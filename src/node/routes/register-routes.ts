import type { FastifyInstance } from 'fastify';
import type { NodeContext } from '../context.ts';
import { registerFederationHits } from './federation/hits.ts';
import { registerFederationSearch } from './federation/search.ts';
import { registerAttributesRestSearch } from './misp/attributes-rest-search.ts';
import { registerAttributesWrite } from './misp/attributes-write.ts';
import { registerEventsAdd } from './misp/events-add.ts';
import { registerEventsDelete, registerEventsEdit } from './misp/events-edit.ts';
import { registerSharingGroups } from './misp/sharing-groups.ts';
import { registerEventsIndex } from './misp/events-index.ts';
import { registerEventsRestSearch } from './misp/events-rest-search.ts';
import { registerEventsView } from './misp/events-view.ts';
import { registerEventsPublish } from './misp/events-publish.ts';
import { registerAttributesView } from './misp/attributes-view.ts';
import { registerTagsAttach } from './misp/tags-attach.ts';
import { registerTagsRemove } from './misp/tags-remove.ts';
import { registerSightingsAdd } from './misp/sightings-add.ts';
import { registerDescribeTypes } from './system/describe-types.ts';
import { registerGetVersion } from './system/get-version.ts';
import { registerHealth } from './system/health.ts';
import { registerUsersViewMe } from './system/users-view-me.ts';
import { mountTaxii } from './mount-taxii.ts';
import { registerBlindRoutes } from '../blind/blind-routes.ts';

/** Every node route, one file each. */
export async function registerRoutes(app: FastifyInstance, ctx: NodeContext): Promise<void> {
  registerHealth(app, ctx);
  registerGetVersion(app, ctx);
  registerUsersViewMe(app, ctx);
  registerDescribeTypes(app, ctx);
  registerAttributesRestSearch(app, ctx);
  registerEventsRestSearch(app, ctx);
  registerEventsView(app, ctx);
  registerEventsIndex(app, ctx);
  registerEventsAdd(app, ctx);
  registerEventsEdit(app, ctx);
  registerEventsDelete(app, ctx);
  registerAttributesWrite(app, ctx);
  registerSharingGroups(app, ctx);
  registerEventsPublish(app, ctx);
  registerAttributesView(app, ctx);
  registerTagsAttach(app, ctx);
  registerTagsRemove(app, ctx);
  registerSightingsAdd(app, ctx);
  registerFederationSearch(app, ctx);
  registerFederationHits(app, ctx);
  registerBlindRoutes(app, ctx);
  await mountTaxii(app, ctx);
}
