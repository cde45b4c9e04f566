/** Everything a hub route needs, built once by `createHub`. */
import type { HubStore } from '../storage/hub/port.ts';
import type { AuthService } from './auth/auth-service.ts';
import type { HubConfig } from './config.ts';
import type { Enricher } from './enrich/enricher.ts';
import type { MemberService } from './members/member-service.ts';
import type { HistoryRetention } from './search/history-retention.ts';
import type { SearchService } from './search/search-service.ts';
import type { SourceRegistry } from './sources/source-registry.ts';

export interface HubContext {
  config: HubConfig;
  store: HubStore;
  auth: AuthService;
  members: MemberService;
  search: SearchService;
  /** Purges search results past `historyDays` (hourly while listening). */
  retention: HistoryRetention;
  registry: SourceRegistry;
  enricher: Enricher | null;
  now: () => number;
}
