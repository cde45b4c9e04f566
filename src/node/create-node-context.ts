/**
 * The node's context: config → storage (one `openNodeStorage` call) → services. No HTTP here; see
 * `node-server.ts` for the routes and `create-node.ts` for both together.
 */
import { pino, type Logger } from 'pino';
import { openNodeStorage, type NodeStorage } from '../storage/open-node-storage.ts';
import { AuditBuffer } from './audit-buffer.ts';
import { createNodeBlind } from './blind/node-blind.ts';
import { createAuthenticator } from './auth.ts';
import type { NodeConfig } from './config.ts';
import type { NodeContext } from './context.ts';
import { createKeyService } from './keys/key-service.ts';
import { loadWarninglistCheck } from './misp/load-warninglists.ts';
import { TagIds } from './misp/tag-ids.ts';
import { NO_WARNINGLISTS } from './misp/warninglist-check.ts';
import { principalFor } from './principals.ts';

export interface NodeContextOverrides {
  /** Storage the caller opened (tests, the demo); the context then leaves it open on `close()`. */
  storage?: NodeStorage;
  log?: Logger;
}

/** Builds the node's context; `config.db` is opened here unless `overrides.storage` is given. */
export async function createNodeContext(config: NodeConfig, overrides: NodeContextOverrides = {}): Promise<NodeContext> {
  const storage = overrides.storage ?? (await openNodeStorage(config.db));
  const ownsStorage = !overrides.storage;
  try {
    const log = overrides.log ?? pino({ level: config.logLevel });
    const { intel: store, meta, taxii } = storage;
    const auditBuffer = new AuditBuffer(meta, (err) => log.error({ err }, 'audit log write failed'));
    const warninglists = config.warninglistsDir
      ? await loadWarninglistCheck(config.warninglistsDir, (file, reason) => log.warn({ file, reason }, 'warninglist skipped'))
      : NO_WARNINGLISTS;
    const authenticate = createAuthenticator(store, meta);
    const keyService = createKeyService(store, meta);
    return {
      config,
      log,
      store,
      meta,
      taxii,
      keys: {
        ...keyService,
        async revoke(id) {
          await keyService.revoke(id);
          authenticate.invalidate();
        },
      },
      blind: createNodeBlind(storage.blind, { store, meta, config, warninglists: () => warninglists }),
      authenticate,
      forgetPrincipals: () => authenticate.invalidate(),
      tagIds: new TagIds(),
      warninglists,
      async audit(source, action, detail) {
        const p = principalFor(source);
        const entry = { at: Math.floor(Date.now() / 1000), keyId: p?.keyId ?? null, orgName: p?.orgName ?? '', action, detail };
        // Searches are buffered (a busy client should not pay a commit per request); writes are durable.
        await auditBuffer.add(entry, !action.endsWith('restSearch') && action !== 'federation.search');
      },
      flushAudit: () => auditBuffer.flush(),
      async close() {
        await auditBuffer.close();
        if (ownsStorage) await storage.close();
      },
    };
  } catch (e) {
    if (ownsStorage) await storage.close();
    throw e;
  }
}
