/** Everything a hub route needs, built once by `createHub`. */
import type { HubStore } from '../storage/hub/port.ts';
import type { AuthService } from './auth/auth-service.ts';
import type { HubConfig } from './config.ts';
import type { Enricher } from './enrich/enricher.ts';
import type { MemberService } from './members/member-service.ts';
import type { SearchService } from './search/search-service.ts';
import type { SourceRegistry } from './sources/source-registry.ts';

export interface HubContext {
  config: HubConfig;
  store: HubStore;
  auth: AuthService;
  members: MemberService;
  search: SearchService;
  registry: SourceRegistry;
  enricher: Enricher | null;
  now: () => number;
}
