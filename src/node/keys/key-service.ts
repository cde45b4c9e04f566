import { RenkeiError } from '../../core/errors.ts';
import type { IntelStore } from '../../storage/port.ts';
import type { ApiKeyRecord, NodeMetaStore } from '../../storage/node-meta/port.ts';
import type { NodeRole } from '../principal.ts';
import { NODE_ROLES } from '../../core/roles.ts';
import { generateApiKey, hashApiKey } from './api-key.ts';

export { NODE_ROLES } from '../../core/roles.ts';

/** A key listing without the hash (what the CLI and admins see). */
export type KeyInfo = Omit<ApiKeyRecord, 'keyHash'>;

export interface KeyService {
  /** Creates the organisation if needed and a key for it; the plain key is returned only here. */
  create(opts: { org: string; role: NodeRole; comment?: string }): Promise<{ key: string; info: KeyInfo }>;
  list(): Promise<KeyInfo[]>;
  revoke(id: number): Promise<void>;
}

const now = () => Math.floor(Date.now() / 1000);

function info(r: ApiKeyRecord): KeyInfo {
  const { keyHash: _omit, ...rest } = r;
  return rest;
}

/** Key management over the intel store (organisations) and the node meta store (hashed keys). */
export function createKeyService(store: IntelStore, meta: NodeMetaStore): KeyService {
  return {
    async create({ org, role, comment }) {
      if (!NODE_ROLES.includes(role)) throw new RenkeiError('validation_failed', `unknown role "${role}" (use ${NODE_ROLES.join(', ')})`);
      const name = org.trim();
      if (!name || name.length > 200) throw new RenkeiError('validation_failed', 'organisation name must be 1–200 characters');
      const o = await store.ensureOrg({ name });
      const key = generateApiKey();
      const rec = await meta.createKey({ orgId: o.id, orgName: o.name, role, keyHash: hashApiKey(key), last4: key.slice(-4), comment: comment ?? '' });
      await meta.appendAudit({ at: now(), keyId: null, orgName: o.name, action: 'keys.create', detail: { id: rec.id, role } });
      return { key, info: info(rec) };
    },
    async list() {
      return (await meta.listKeys()).map(info);
    },
    async revoke(id) {
      if (!(await meta.revokeKey(id, now()))) throw new RenkeiError('not_found', `no active key with id ${id}`);
      await meta.appendAudit({ at: now(), keyId: null, orgName: '', action: 'keys.revoke', detail: { id } });
    },
  };
}
