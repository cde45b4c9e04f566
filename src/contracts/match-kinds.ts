/** Match kinds on the wire are the core's (see `core/matching/lookup-types.ts`). */
export { MATCH_KINDS, type MatchKind } from '../core/matching/lookup-types.ts';
