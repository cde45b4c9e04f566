import { describe, expect, it } from 'vitest';
import { hubConfigFromEnv } from './config.ts';

describe('hub configuration', () => {
  it('reads the statistics member threshold from RENKEI_HUB_STATS_MIN_MEMBERS (default 3)', () => {
    expect(hubConfigFromEnv({}).stats.minMembers).toBe(3);
    expect(hubConfigFromEnv({ RENKEI_HUB_STATS_MIN_MEMBERS: '5' }).stats.minMembers).toBe(5);
    expect(hubConfigFromEnv({ RENKEI_HUB_STATS_MIN_MEMBERS: '5' }, { stats: { minMembers: 4 } }).stats.minMembers).toBe(4);
  });

  it('reads the agents’ minimum distinct sources from RENKEI_HUB_STATS_MIN_SOURCES (default 3) next to the member threshold', () => {
    expect(hubConfigFromEnv({}).stats.minSources).toBe(3);
    const both = hubConfigFromEnv({ RENKEI_HUB_STATS_MIN_SOURCES: '10', RENKEI_HUB_STATS_MIN_MEMBERS: '4' }).stats;
    expect(both).toEqual({ minSources: 10, minMembers: 4, rowsPerHour: 1_000_000, batchesPerMinute: 120 });
    expect(() => hubConfigFromEnv({ RENKEI_HUB_STATS_MIN_SOURCES: '0' })).toThrow(expect.objectContaining({ code: 'config_invalid' }));
  });

  it('reads the per-member stats ingest quotas from RENKEI_HUB_STATS_ROWS_PER_HOUR and _BATCHES_PER_MINUTE', () => {
    expect(hubConfigFromEnv({ RENKEI_HUB_STATS_ROWS_PER_HOUR: '5000', RENKEI_HUB_STATS_BATCHES_PER_MINUTE: '7' }).stats).toMatchObject({ rowsPerHour: 5000, batchesPerMinute: 7, minMembers: 3 });
    expect(() => hubConfigFromEnv({ RENKEI_HUB_STATS_BATCHES_PER_MINUTE: '0' })).toThrow(expect.objectContaining({ code: 'config_invalid', message: expect.stringContaining('stats.batchesPerMinute') }));
  });

  it('reads the per-address sign-in budget from RENKEI_HUB_SIGNINS_PER_MINUTE (default 60)', () => {
    expect(hubConfigFromEnv({}).auth.signInsPerMinute).toBe(60);
    expect(hubConfigFromEnv({ RENKEI_HUB_SIGNINS_PER_MINUTE: '10' }).auth).toMatchObject({ signInsPerMinute: 10, maxFailedLogins: 5 });
  });

  it('refuses a threshold that is not a whole number of at least 1', () => {
    for (const bad of ['0', '-2', '2.5', 'three']) {
      expect(() => hubConfigFromEnv({ RENKEI_HUB_STATS_MIN_MEMBERS: bad })).toThrow(expect.objectContaining({ code: 'config_invalid', message: expect.stringContaining('stats.minMembers') }));
    }
  });
});
