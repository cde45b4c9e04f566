import { describe, expect, it } from 'vitest';
import { loadNodeConfig } from './config.ts';

describe('node config', () => {
  it('reads the environment and lets flags override it', () => {
    const c = loadNodeConfig({ RENKEI_DB: 'a.sqlite', RENKEI_PORT: '9000', RENKEI_HOST: '0.0.0.0' }, { port: 9100 });
    expect(c).toMatchObject({ db: 'a.sqlite', port: 9100, host: '0.0.0.0', bodyLimit: 32 * 1024 * 1024 });
    expect(loadNodeConfig({}).db).toBe('renkei-node.sqlite');
  });

  it('fails at start with one readable message listing every problem', () => {
    try {
      loadNodeConfig({ RENKEI_PORT: '70000', RENKEI_TLS_CERT: 'c.pem', RENKEI_LOG_LEVEL: 'loud' });
      expect.unreachable();
    } catch (e) {
      const err = e as { code: string; message: string };
      expect(err.code).toBe('config_invalid');
      expect(err.message).toMatch(/port/);
      expect(err.message).toMatch(/logLevel/);
    }
    expect(() => loadNodeConfig({ RENKEI_TLS_CERT: 'c.pem' })).toThrow(/TLS needs both a certificate and a key/);
  });

  it('reads the NATS dial-out settings, and refuses credentials without a URL', () => {
    const c = loadNodeConfig({ RENKEI_NATS_URL: 'nats://hub.example:4222', RENKEI_NATS_CREDS: '/etc/renkei/member.creds' }, { natsMember: 'sakura' });
    expect([c.natsUrl, c.natsCreds, c.natsMember]).toEqual(['nats://hub.example:4222', '/etc/renkei/member.creds', 'sakura']);
    expect(() => loadNodeConfig({ RENKEI_NATS_CREDS: 'm.creds' })).toThrow(/NATS credentials or member need a NATS URL/);
    expect(() => loadNodeConfig({ RENKEI_NATS_URL: 'nats://h', RENKEI_NATS_MEMBER: 'Bad.Token' })).toThrow(/natsMember/);
  });
});
