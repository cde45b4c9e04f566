import type { FastifyRequest } from 'fastify';
import type { IntelStore } from '../storage/port.ts';
import type { NodeMetaStore } from '../storage/node-meta/port.ts';
import type { Authenticate } from './auth.ts';
import type { NodeBlind } from './blind/node-blind.ts';
import type { NodeConfig } from './config.ts';
import type { KeyService } from './keys/key-service.ts';
import type { TagIds } from './misp/tag-ids.ts';
import type { WarninglistCheck } from './misp/warninglist-check.ts';

/** Everything a route needs, built once by `createNode`. */
export interface NodeContext {
  config: NodeConfig;
  store: IntelStore;
  meta: NodeMetaStore;
  keys: KeyService;
  /** Blind search and signed searcher assertions (`src/node/blind/`). */
  blind: NodeBlind;
  authenticate: Authenticate;
  tagIds: TagIds;
  /** Warninglists loaded from `config.warninglistsDir` (empty when none). */
  warninglists: WarninglistCheck;
  /** Records a write or search in the audit log (never fails the request). */
  audit(req: FastifyRequest, action: string, detail: Record<string, unknown>): Promise<void>;
}
