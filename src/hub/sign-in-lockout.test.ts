/**
 * Sign-in lockout counts atomically (SQLite and PostgreSQL, real HTTP): 20 parallel wrong passwords lock
 * the account, a correct password inside a burst of 25 wrong ones does not get in, and a locked login
 * answers exactly like a locked unknown login, saying when to try again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNetwork, TEST_PASSWORD, type TestNetwork } from '../testkit/network.ts';

const MAX = 5;

for (const db of ['sqlite', 'postgres'] as const) {
  describe(`sign-in lockout (${db})`, () => {
    let net: TestNetwork;
    beforeAll(async () => {
      net = await startNetwork({
        db,
        members: [{ name: 'Aoba CSIRT' }, { name: 'Kinu SOC' }, { name: 'Sakura ISAC' }],
        hubConfig: { auth: { maxFailedLogins: MAX, lockoutMs: 600_000, sessionTtlMs: 3_600_000, cookieSecure: true, signInsPerMinute: 10_000 }, enrichment: { enabled: false, rangeDirs: [] } },
      });
    });
    afterAll(async () => {
      await net?.close();
    });
    const signIn = (login: string, password: string) =>
      fetch(`${net.hub.url}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login, password }) });

    it('locks after 20 parallel wrong passwords', async () => {
      const login = net.users['Aoba CSIRT']!.analyst.login;
      const answers = await Promise.all(Array.from({ length: 20 }, () => signIn(login, 'wrong-password')));
      expect(answers.every((a) => a.status === 401 || a.status === 429)).toBe(true);
      expect(answers.filter((a) => a.status === 401).length).toBeLessThanOrEqual(MAX);
      expect((await signIn(login, TEST_PASSWORD)).status).toBe(429);
      expect((await net.hub.hub.ctx.store.getUser(login))!.lockedUntil).toBeGreaterThan(Date.now());
    });

    it('refuses a correct password sent inside a burst of 25 wrong ones', async () => {
      const login = net.users['Kinu SOC']!.analyst.login;
      const burst = Array.from({ length: 26 }, (_, i) => (i === 13 ? TEST_PASSWORD : 'wrong-password'));
      const answers = await Promise.all(burst.map((pw) => signIn(login, pw)));
      expect(answers[13]!.status).not.toBe(200);
      expect(answers.some((a) => a.status === 200)).toBe(false);
      expect((await signIn(login, TEST_PASSWORD)).status).toBe(429);
    });

    it('answers a locked login exactly like a locked unknown one, with when to retry', async () => {
      const known = net.users['Sakura ISAC']!.analyst.login;
      const unknown = 'nobody-at-all';
      const seq = async (login: string) => {
        const out: { status: number; body: unknown; retryAfter: string | null }[] = [];
        for (let i = 0; i < MAX + 2; i++) {
          const r = await signIn(login, 'wrong-password');
          const body = JSON.stringify(await r.json()).replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, 'TIME').replace(/"retryAt":\d+/g, '"retryAt":"N"');
          out.push({ status: r.status, body, retryAfter: r.headers.get('retry-after') === null ? null : 'set' });
        }
        return out;
      };
      const a = await seq(known);
      const b = await seq(unknown);
      expect(a).toEqual(b);
      expect(a.map((x) => x.status)).toEqual([...Array(MAX).fill(401), 429, 429]);
      const last = JSON.parse(a.at(-1)!.body as string) as { error: { code: string; message: string; details: { retryAt: string } } };
      expect(last.error).toEqual({ code: 'sign_in_locked', message: 'too many failed sign-ins for this login; try again after TIME', details: { retryAt: 'N' } });
      expect(a.at(-1)!.retryAfter).toBe('set');
      const r = await signIn(known, 'wrong-password');
      expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(500);
    });
  });
}
