/** `renkei search --hub … --blind`: the blind protocol run here, through the hub. */
import { createFinalizePool } from '../../client/blind/finalize-pool.ts';
import { runBlindHubSearch, type BlindSearchResult } from '../../client/blind/hub-blind-search.ts';
import type { MatchKind } from '../../contracts/match-kinds.ts';
import { loadSodiumGroup } from '../../core/blind/group-sodium.ts';
import { createVoprf } from '../../core/blind/voprf.ts';
import { RenkeiError } from '../../core/errors.ts';
import { loadHistoryKey } from './blind-history-key.ts';

export async function blindHubResult(values: string[], o: { hub: string; key: string; kinds: MatchKind[]; members?: string[]; historyKey?: string }): Promise<BlindSearchResult> {
  const voprf = createVoprf(await loadSodiumGroup());
  // Started first: the workers load while the sets are fetched and the values blinded.
  const pool = createFinalizePool();
  try {
    return await runBlindHubSearch(voprf, values, {
      baseUrl: o.hub,
      apiKey: o.key,
      kinds: o.kinds,
      finalize: pool.finalize,
      ...(o.members ? { members: o.members } : {}),
      ...(o.historyKey ? { historyKey: loadHistoryKey(o.historyKey) } : {}),
    });
  } catch (e) {
    throw new RenkeiError('bad_request', `blind hub search failed: ${(e as Error).message}`);
  } finally {
    await pool.close();
  }
}
