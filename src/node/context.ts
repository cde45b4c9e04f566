import type { Logger } from 'pino';
import type { IntelStore } from '../storage/port.ts';
import type { NodeMetaStore } from '../storage/node-meta/port.ts';
import type { TaxiiStore } from '../storage/taxii/port.ts';
import type { Authenticate } from './auth.ts';
import type { NodeBlind } from './blind/node-blind.ts';
import type { NodeConfig } from './config.ts';
import type { KeyService } from './keys/key-service.ts';
import type { TagIds } from './misp/tag-ids.ts';
import type { WarninglistCheck } from './misp/warninglist-check.ts';

/**
 * Everything the node's services and routes need, built once by `createNodeContext` and knowing nothing
 * of HTTP: the CLI's data verbs use it without a server, `createNodeServer` mounts routes on it.
 */
export interface NodeContext {
  config: NodeConfig;
  log: Logger;
  store: IntelStore;
  meta: NodeMetaStore;
  taxii: TaxiiStore;
  keys: KeyService;
  /** Blind search and signed searcher assertions (`src/node/blind/`). */
  blind: NodeBlind;
  authenticate: Authenticate;
  /**
   * Drops the principals `authenticate` caches (2 s), so that a key revoked or a sharing-group membership
   * changed in this process takes effect on the next request (another process's change: within 2 s).
   */
  forgetPrincipals(): void;
  tagIds: TagIds;
  /** Warninglists loaded from `config.warninglistsDir` (empty when none). */
  warninglists: WarninglistCheck;
  /**
   * Records a write or search in the audit log (never fails the request). `source` is the request a
   * principal was remembered for (`node/principals.ts`); an unauthenticated source is logged without one.
   */
  audit(source: object, action: string, detail: Record<string, unknown>): Promise<void>;
  /** Writes buffered search audit entries now (they are otherwise written every 250 ms). */
  flushAudit(): Promise<void>;
  /** Flushes the audit log and closes the storage the context opened (not storage passed in). */
  close(): Promise<void>;
}
