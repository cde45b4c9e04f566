/**
 * Enrols a Renkei node as a hub member the way the two operators do it: the node admin creates a `search`
 * key for the hub and pins the hub's assertion key to it; the hub admin adds the member with that key as
 * its Renkei source. The demo world and the test network (`testkit/network.ts`) both build with it.
 */
import type { RenkeiNode } from '../../node/create-node.ts';
import type { HubContext } from '../context.ts';

/** Adds `member` (served by `node` at `url`) to the hub; returns the hub's member id. */
export async function enrolNode(hub: HubContext, hubPublicKey: string, node: RenkeiNode, member: { name: string; url: string }): Promise<number> {
  const k = await node.keys.create({ org: 'renkei-hub', role: 'search' });
  await node.blind.pinHub(k.info.id, hubPublicKey);
  const added = await hub.members.add(member.name);
  await hub.members.addSource(added.id, { kind: 'renkei', url: member.url, apiKey: k.key, verifyTls: true });
  return added.id;
}
