/** Wire schemas for observations, community questions and incident rooms (hub API `/api/v1/observations`, `/questions`, `/rooms`). */
import { z } from 'zod';
import { MAX_ITEM_INDICATORS } from '../../core/observations/indicators.ts';
import { MAX_BODY_CHARS } from '../../core/observations/markdown-safety.ts';
import { CONFIDENCE_LEVELS, INTENDED_USES, ITEM_LANGUAGES, OBSERVATION_CATEGORIES, SHARING_QUALITIES } from '../../core/observations/model.ts';
import { MEMBER_STATUSES, ROOM_SEVERITIES, ROOM_STATES } from '../../core/observations/room.ts';
import { RESPONSE_KINDS } from '../../core/observations/tally.ts';
import { TLP_LEVELS, type Tlp } from '../../core/sharing/tlp.ts';

export const TlpInput = z.enum(TLP_LEVELS as [Tlp, ...Tlp[]]);

export const AudienceInput = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('community') }).strict(),
  z.object({ kind: z.literal('group'), groupId: z.number().int().positive() }).strict(),
  z.object({ kind: z.literal('orgs'), orgIds: z.array(z.number().int().positive()).min(1).max(200) }).strict(),
]);

const shortText = (max: number) => z.string().trim().max(max);

export const FiveW1HInput = z
  .object({
    purpose: shortText(500).default(''),
    observedFrom: z.number().int().nonnegative().nullable().default(null),
    observedTo: z.number().int().nonnegative().nullable().default(null),
    timeZone: z.string().min(1).max(64).refine((tz) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, 'unknown time zone').default('Asia/Tokyo'),
    ports: z.array(z.number().int().min(0).max(65535)).max(100).default([]),
    signatureIds: z.array(z.string().trim().min(1).max(100)).max(100).default([]),
    sector: shortText(200).default(''),
    region: shortText(200).default(''),
    networkScope: shortText(200).default(''),
    detection: shortText(500).default(''),
    use: z.enum(INTENDED_USES).default('awareness'),
  })
  .strict()
  .refine((w) => w.observedFrom === null || w.observedTo === null || w.observedFrom <= w.observedTo, { message: 'observedFrom is after observedTo', path: ['observedTo'] });

export const ObservationInput = z
  .object({
    title: z.string().trim().min(1).max(200),
    body: z.string().max(MAX_BODY_CHARS).default(''),
    language: z.enum(ITEM_LANGUAGES).default('ja'),
    category: z.enum(OBSERVATION_CATEGORIES),
    fiveW1H: FiveW1HInput.default({ purpose: '', observedFrom: null, observedTo: null, timeZone: 'Asia/Tokyo', ports: [], signatureIds: [], sector: '', region: '', networkScope: '', detection: '', use: 'awareness' }),
    /** Raw strings; the hub normalises them (defanged forms accepted). */
    indicators: z.array(z.string().max(4096)).max(MAX_ITEM_INDICATORS).default([]),
    favours: z.tuple([z.enum(SHARING_QUALITIES), z.enum(SHARING_QUALITIES)]).refine(([a, b]) => a !== b, 'pick two different qualities'),
    confidence: z.enum(CONFIDENCE_LEVELS).default('medium'),
    tlp: TlpInput,
    audience: AudienceInput,
    anonymous: z.boolean().default(false),
  })
  .strict();
export type ObservationInput = z.infer<typeof ObservationInput>;

/** An edit replaces the whole draft (the author's organisation only). */
export const ObservationEdit = ObservationInput;

export const ObservationListQuery = z
  .object({
    category: z.enum(OBSERVATION_CATEGORIES).optional(),
    tlp: TlpInput.optional(),
    since: z.coerce.number().int().nonnegative().optional(),
    until: z.coerce.number().int().nonnegative().optional(),
    groupId: z.coerce.number().int().positive().optional(),
    /** A value as typed; it is normalised before lookup. */
    indicator: z.string().min(1).max(4096).optional(),
    text: z.string().min(1).max(200).optional(),
    /** Only items the reader's organisation has not answered yet. */
    unanswered: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
    /** Only items the reading user has not marked read. */
    unread: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
    before: z.coerce.number().int().positive().optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();

export const ResponseInput = z
  .object({
    kind: z.enum(RESPONSE_KINDS),
    /** When it was seen here (epoch ms), for `seen`. */
    seenAt: z.number().int().nonnegative().nullable().default(null),
    /** Rough scale as a bucket, never addresses. */
    scale: z.enum(['1-10', '11-100', '101-1000', '1000+']).nullable().default(null),
    acted: z.enum(['blocked', 'monitoring', 'patched', 'other']).nullable().default(null),
    use: z.enum(INTENDED_USES).nullable().default(null),
    note: shortText(1000).default(''),
    anonymous: z.boolean().default(false),
  })
  .strict()
  .refine((r) => r.kind === 'acted' || r.acted === null, { message: 'acted is only for kind "acted"', path: ['acted'] })
  .refine((r) => r.kind !== 'acted' || r.acted !== null, { message: 'say how you acted', path: ['acted'] });

export const ReadInput = z.object({ read: z.boolean() }).strict();

export const CommentInput = z
  .object({ text: z.string().trim().min(1).max(4000), parentId: z.number().int().positive().nullable().default(null), anonymous: z.boolean().default(false) })
  .strict();

export const QuestionInput = z
  .object({
    text: z.string().trim().min(1).max(500),
    options: z.array(z.string().trim().min(1).max(100)).min(2).max(6).refine((o) => new Set(o).size === o.length, 'options must differ'),
    deadline: z.number().int().positive(),
    tlp: TlpInput,
    audience: AudienceInput,
    anonymous: z.boolean().default(false),
    /** A country, port or signature the community statistics may cover. */
    subject: z.object({ dimension: z.enum(['country', 'port', 'signature']), key: z.string().trim().min(1).max(20) }).strict().nullable().default(null),
  })
  .strict();

export const QuestionAnswerInput = z.object({ option: z.number().int().min(0).max(5), named: z.boolean().default(false) }).strict();

export const RoomInput = z
  .object({
    title: z.string().trim().min(1).max(200),
    description: z.string().max(MAX_BODY_CHARS).default(''),
    tlp: TlpInput,
    audience: AudienceInput,
    severity: z.enum(ROOM_SEVERITIES).default('medium'),
    anonymous: z.boolean().default(false),
  })
  .strict();

export const RoomStateInput = z.object({ state: z.enum(ROOM_STATES) }).strict();

export const StatusInput = z.object({ status: z.enum(MEMBER_STATUSES), note: shortText(500).default(''), anonymous: z.boolean().default(false) }).strict();

export const TimelinePostInput = z
  .object({ text: z.string().trim().min(1).max(4000), indicators: z.array(z.string().max(4096)).max(MAX_ITEM_INDICATORS).default([]), anonymous: z.boolean().default(false) })
  .strict();

export const TopicGroupInput = z.object({ name: z.string().trim().min(1).max(100), orgIds: z.array(z.number().int().positive()).max(500).default([]) }).strict();

export const RoomExportQuery = z.object({ format: z.enum(['markdown', 'misp', 'stix']).default('markdown'), lang: z.enum(['ja', 'en']).default('ja') }).strict();

export const SubscriptionInput = z
  .object({ scope: z.discriminatedUnion('kind', [z.object({ kind: z.literal('observations') }).strict(), z.object({ kind: z.literal('room'), roomId: z.number().int().positive() }).strict()]), email: z.boolean().default(false), webhook: z.boolean().default(false) })
  .strict();

export const NotificationsSeenInput = z.object({ upToId: z.number().int().nonnegative() }).strict();

export const GroupMemberInput = z.object({ orgId: z.number().int().positive() }).strict();

export const GroupDecisionInput = z.object({ approve: z.boolean() }).strict();

export const ObservationExportQuery = z.object({ format: z.enum(['misp', 'stix']).default('misp'), lang: z.enum(['ja', 'en']).default('ja') }).strict();
