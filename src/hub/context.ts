/** Everything the hub's services and routes need, built once by `createHubContext` (no HTTP in it). */
import type { HubStore } from '../storage/hub/port.ts';
import type { HubStorage } from '../storage/open-hub-storage.ts';
import type { AccountService } from './admin/account-service.ts';
import type { AuthService } from './auth/auth-service.ts';
import type { SecretBox } from './auth/crypto.ts';
import type { HubSigner } from './blind/hub-signer.ts';
import type { AddressSpaceService } from './address-space/address-space-service.ts';
import type { HubConfig } from './config.ts';
import type { CaseService } from './cases/case-service.ts';
import type { NotificationService } from './notifications/notification-service.ts';
import type { IspDeskService } from './isp-desk/isp-desk-service.ts';
import type { ReportsSlice } from './reports/create-reports.ts';
import type { Enricher } from './enrich/enricher.ts';
import type { MemberService } from './members/member-service.ts';
import type { ObservationsService } from './observations/observations-service.ts';
import type { HistoryRetention } from './search/history-retention.ts';
import type { SearchService } from './search/search-service.ts';
import type { SourceRegistry } from './sources/source-registry.ts';
import type { NatsLink } from './sources/nats-link.ts';
import type { HubBus } from './bus/hub-bus.ts';

export interface HubContext {
  config: HubConfig;
  /** Every store, opened once; feature slices take their port from here. */
  storage: HubStorage;
  /** The hub store (same as `storage.hub`). */
  store: HubStore;
  auth: AuthService;
  /** Users, API keys and the audit log as admins manage them. */
  accounts: AccountService;
  members: MemberService;
  /** A member's incident cases. */
  cases: CaseService;
  search: SearchService;
  /** Observations, community questions, incident rooms. */
  observations: ObservationsService;
  /** Purges search results past `historyDays` (hourly while listening). */
  retention: HistoryRetention;
  registry: SourceRegistry;
  /** The hub's NATS connection, opened on first use (`config.nats`). */
  nats: NatsLink;
  /** Live change signals, across hub processes when NATS is configured. */
  bus: HubBus;
  enricher: Enricher | null;
  now: () => number;
  /** Seals member source credentials at rest. */
  box: SecretBox;
  /** Signs searcher assertions sent to nodes. */
  signer: HubSigner;
  /** Registered address space (claims, checks, approvals, longest-prefix owner lookup). */
  addressSpace: AddressSpaceService;
  /** Abuse notifications routed to the owners of addresses. */
  notifications: NotificationService;
  /** The ISP's acknowledgements and host view; reporters' outcomes. */
  ispDesk: IspDeskService;
  /** Executive threat reports: builder, published versions, PDF renderer. */
  reports: ReportsSlice;
  /** Lets running searches finish, then closes the storage. */
  close(): Promise<void>;
}
