/**
 * The hub's context: config → store → services, knowing nothing of HTTP. `createHub` mounts the routes on
 * it; the CLI's management verbs (`hub members add`, `hub users add`, `hub keys create`) use it alone.
 */
import { createIpInfo, type IpInfoService } from '../geo/ip-info.ts';
import { createAddressSpaceService } from './address-space/address-space-service.ts';
import { createDelivery } from './notifications/delivery.ts';
import { createNotificationService, FOLD_DEFAULTS } from './notifications/notification-service.ts';
import { createIspDeskService } from './isp-desk/isp-desk-service.ts';
import type { HubStore } from '../storage/hub/port.ts';
import { openHubStorage } from '../storage/open-hub-storage.ts';
import { createAccountService } from './admin/account-service.ts';
import { createAuthService } from './auth/auth-service.ts';
import { secretBox } from './auth/crypto.ts';
import { defaultKeyFile, loadSealKey } from './auth/seal-key.ts';
import { loadHubSigner } from './blind/hub-signer.ts';
import { createCaseService } from './cases/case-service.ts';
import type { HubConfig } from './config.ts';
import type { HubContext } from './context.ts';
import { createEnricher, type Enricher } from './enrich/enricher.ts';
import { createMemberService } from './members/member-service.ts';
import { createObservationsService } from './observations/observations-service.ts';
import { createReports } from './reports/create-reports.ts';
import { createObservationNotifier } from './observations/observation-notifier.ts';
import { questionBaseline } from './observations/question-baseline.ts';
import { StatsService } from './stats/stats-service.ts';
import { createIndicatorRouting } from './observations/observation-routing.ts';
import { historyRetention } from './search/history-retention.ts';
import { createSearchService } from './search/search-service.ts';
import { createSourceRegistry } from './sources/source-registry.ts';
import { natsLink } from './sources/nats-link.ts';
import { localBus } from './bus/hub-bus.ts';
import { natsBus } from './bus/nats-bus.ts';

export interface HubOverrides {
  /** Use this store instead of opening `config.db` (the hub then closes it on close()). */
  store?: HubStore;
  /** IP data for enrichment; null disables ASN/country (hosting ranges still apply). */
  ipInfo?: IpInfoService | null;
  enricher?: Enricher | null;
}

/** Builds the hub's stores and services from a parsed config. */
export async function createHubContext(config: HubConfig, overrides: HubOverrides = {}): Promise<HubContext> {
  const storage = await openHubStorage(config.db, { ...(config.pgSchema ? { schema: config.pgSchema } : {}), ...(overrides.store ? { hub: overrides.store } : {}) });
  const store = storage.hub;
  try {
    const secret = await loadSealKey({ secret: config.secret, keyFile: config.keyFile ?? defaultKeyFile(config.db), store });
    const box = secretBox(secret);
    const signer = await loadHubSigner(store);
    const now = (): number => Date.now();
    const nats = natsLink(config.nats);
    const bus = config.nats.url && config.nats.bus ? natsBus(() => nats.connection()) : localBus();
    const registry = createSourceRegistry(box, {
      perSourceConcurrency: config.search.perSourceConcurrency,
      renkeiBatchSize: config.search.renkeiBatchSize,
      maxAnswerBytes: config.search.maxAnswerBytes,
      signer,
      nats: { link: nats, timeoutMs: config.nats.requestTimeoutMs, batchSize: config.nats.batchSize },
    });
    const enricher =
      overrides.enricher !== undefined
        ? overrides.enricher
        : config.enrichment.enabled
          ? await createEnricher({ rangeDirs: config.enrichment.rangeDirs, ...(overrides.ipInfo !== undefined ? { ipInfo: overrides.ipInfo } : {}) })
          : null;
    const search = createSearchService({ store, registry, enricher, config: config.search, now, instance: config.instance });
    // The IP-to-ASN data is loaded on the first prefix claim (≈1 s), not at start.
    const asnLookup = async () => {
      const info = overrides.ipInfo === undefined ? await createIpInfo() : overrides.ipInfo;
      return info ? (ip: string) => info.lookup(ip).asn : null;
    };
    const addressSpace = createAddressSpaceService({ store: storage.addressSpace, hub: store, asnLookup, now });
    const n = config.notifications;
    const delivery = createDelivery(n.smtpHost ? { host: n.smtpHost, port: n.smtpPort, secure: n.smtpSecure, user: n.smtpUser, pass: n.smtpPass, from: n.from } : null, { timeoutMs: n.timeoutMs, now });
    const reports = createReports({ storage, config, secret, asName: enricher ? (asn) => enricher.asName(asn) : undefined, now });
    const notifications = createNotificationService({ store: storage.notifications, hub: store, addressSpace, deliver: delivery.deliver, settings: { windowMs: n.windowMs, maxAttempts: n.maxAttempts, backoffMs: n.backoffMs, hubName: 'renkei-hub', ...FOLD_DEFAULTS }, now });
    const observations = createObservationsService({ store: storage.observations, audit: (e) => store.audit(e), now, minMembers: config.observations.minMembers, bus, notify: createObservationNotifier({ store: storage.observations, hub: store, notifications, now, route: createIndicatorRouting({ store: storage.observations, hub: store, addressSpace, notifications, now }) }),
      baseline: questionBaseline(new StatsService(storage.stats, { minMembers: config.stats.minMembers, minSources: config.stats.minSources })),
    });
    const auth = createAuthService(store, config.auth, now, storage.admin);
    return {
      config,
      storage,
      store,
      auth,
      accounts: createAccountService({ store, admin: storage.admin, auth, now }),
      registry,
      nats,
      enricher,
      now,
      box,
      signer,
      members: createMemberService({ store, edits: storage.admin, registry, box, checkTimeoutMs: config.search.checkTimeoutMs, allowPrivateSources: config.allowPrivateSources, now }),
      cases: createCaseService({
        store: storage.cases,
        userOrg: async (id) => {
          const u = await store.getUser(id);
          return u ? { orgId: u.orgId, login: u.login } : null;
        },
        audit: (e) => store.audit({ at: now(), ...e }),
        now,
        limits: config.cases,
        rooms: observations,
      }),
      retention: historyRetention(store, config.historyDays, now),
      search,
      bus,
      observations,
      addressSpace,
      notifications,
      ispDesk: createIspDeskService({ store: storage.ispDesk, hub: store, addressSpace, notifications, now }),
      reports,
      async close() {
        await search.drain();
        await reports.close();
        delivery.close();
        await bus.close();
        await nats.close();
        await storage.close();
      },
    };
  } catch (e) {
    await storage.close();
    throw e;
  }
}
