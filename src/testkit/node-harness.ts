/**
 * An in-process Renkei node on a real store (SQLite temp file or a PostgreSQL schema), listening on
 * 127.0.0.1 with an ephemeral port: for node API tests and the hub's in-process network.
 */
import { createNode, type RenkeiNode } from '../node/create-node.ts';
import { parseNodeConfig, type NodeConfigInput } from '../node/config.ts';
import type { NodeRole } from '../node/principal.ts';
import type { Organisation, IntelStore } from '../storage/port.ts';
import { createTestStore } from './store-factory.ts';

export interface TestNode {
  url: string;
  store: IntelStore;
  node: RenkeiNode;
  /** The SQLite file of the node's store (another process may open it: a replica of the same node). */
  dbFile: string | null;
  /** The organisation that runs this node (created at start). */
  ownerOrg: Organisation;
  /** Creates an organisation if needed and returns a new 40-character API key for it. */
  createKey(org: string, role: NodeRole): Promise<string>;
  close(): Promise<void>;
}

/** Starts a node on a fresh store; `config` overrides node settings (rate limits, body limit…). */
export async function startTestNode(
  opts: { db?: 'sqlite' | 'postgres'; orgName?: string; config?: Partial<NodeConfigInput> } = {},
): Promise<TestNode> {
  const opened = await createTestStore(opts.db ?? 'sqlite');
  try {
    const config = parseNodeConfig({ db: 'test', host: '127.0.0.1', port: 0, logLevel: 'silent', ...opts.config });
    const node = await createNode(config, { opened });
    const url = await node.listen();
    const ownerOrg = await opened.store.ensureOrg({ name: opts.orgName ?? 'NodeOwner' });
    return {
      url,
      dbFile: opened.kind === 'sqlite' ? opened.db.name : null,
      store: opened.store,
      node,
      ownerOrg,
      createKey: async (org, role) => (await node.keys.create({ org, role })).key,
      async close() {
        await node.close();
        await opened.cleanup();
      },
    };
  } catch (e) {
    await opened.cleanup();
    throw e;
  }
}
