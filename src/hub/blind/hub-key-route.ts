import type { FastifyInstance } from 'fastify';
import type { HubSigner } from './hub-signer.ts';

/** `GET /api/v1/federation/hub-key`: the public key node admins pin when they enrol the hub's `search` key. */
export function hubKeyRoute(app: FastifyInstance, signer: HubSigner): void {
  app.get('/api/v1/federation/hub-key', async () => ({ algorithm: 'Ed25519', publicKey: signer.publicKeyText }));
}
