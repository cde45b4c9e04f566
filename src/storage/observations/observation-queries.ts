/** Observations with their answers and comments; every read goes through `visibleSql`. */
import type { Observation, ObservationDraft } from '../../core/observations/model.ts';
import { RESPONSE_KINDS, tallyAnswers, type ResponseKind } from '../../core/observations/tally.ts';
import type { Tlp } from '../../core/sharing/tlp.ts';
import type { SqlRunner } from '../hub/runner.ts';
import type { ObservationComment, ObservationFilter, ObservationResponse, ResponseDraft, ResponsesView, StoreReader, StoreWriter } from './port.ts';
import { audienceOrgs, bit, flag, itemIndicators, marks, num, numOrNull, shownOrgIds, writeShareRows } from './rows.ts';
import { enqueueOutbox } from './outbox-queries.ts';
import { textSearchSql } from './text-search.ts';
import { audienceColumns, audienceOf, visibleAuthor, visibleSql } from './visibility.ts';

type ItemRow = {
  id: number; author_org_id: number; author_name: string; anonymous: number; title: string; body: string; language: string; category: string;
  five_w1h: string; favours: string; confidence: string; tlp: string; audience_kind: string; audience_group_id: number | null; created_at: number; updated_at: number;
};

const SELECT = 'SELECT t.*, o.name AS author_name FROM obs_items t JOIN hub_orgs o ON o.id = t.author_org_id';

/** Builds the observation queries on a runner. */
export function observationQueries(db: SqlRunner) {
  /** The ids among `ids` the reading user has read; null when the reader is an organisation, not a user. */
  const readIds = async (reader: StoreReader, ids: number[]): Promise<Set<number> | null> => {
    if (reader.userId === undefined) return null;
    if (ids.length === 0) return new Set();
    const rows = await db.all<{ observation_id: number }>(`SELECT observation_id FROM obs_reads WHERE user_id = ? AND observation_id IN (${marks(ids.length)})`, [reader.userId, ...ids]);
    return new Set(rows.map((r) => num(r.observation_id)));
  };
  const hydrate = async (reader: StoreReader, rows: ItemRow[]): Promise<Observation[]> => {
    const ids = rows.map((r) => num(r.id));
    const [orgs, inds, read] = await Promise.all([audienceOrgs(db, 'observation', ids), itemIndicators(db, 'observation', ids), readIds(reader, ids)]);
    return rows.map((r) => {
      const id = num(r.id);
      const authorOrgId = num(r.author_org_id);
      return {
        id,
        title: r.title,
        body: r.body,
        language: r.language as Observation['language'],
        category: r.category as Observation['category'],
        fiveW1H: JSON.parse(r.five_w1h) as Observation['fiveW1H'],
        indicators: inds.get(id) ?? [],
        favours: JSON.parse(r.favours) as Observation['favours'],
        confidence: r.confidence as Observation['confidence'],
        tlp: r.tlp as Tlp,
        audience: audienceOf(r, shownOrgIds(reader, authorOrgId, orgs.get(id) ?? [])),
        anonymous: flag(r.anonymous),
        author: visibleAuthor(reader, r),
        mine: authorOrgId === reader.orgId,
        createdAt: num(r.created_at),
        updatedAt: num(r.updated_at),
        ...(read ? { read: read.has(id) } : {}),
      };
    });
  };
  const visibleIdRow = async (reader: StoreReader, id: number): Promise<{ author_org_id: number } | null> => {
    const v = visibleSql('observation', reader);
    const rows = await db.all<{ author_org_id: number }>(`SELECT t.author_org_id FROM obs_items t WHERE t.id = ? AND ${v.sql}`, [id, ...v.params]);
    return rows[0] ?? null;
  };
  const writeDraft = async (tx: SqlRunner, id: number, d: ObservationDraft): Promise<void> => {
    await writeShareRows(tx, 'observation', id, d.audience.kind === 'orgs' ? d.audience.orgIds : [], d.indicators);
  };
  const draftParams = (d: ObservationDraft): unknown[] => {
    const a = audienceColumns(d.audience);
    return [bit(d.anonymous), d.title, d.body, d.language, d.category, JSON.stringify(d.fiveW1H), JSON.stringify(d.favours), d.confidence, d.tlp, a.kind, a.groupId];
  };

  return {
    async createObservation(author: StoreWriter, d: ObservationDraft, now: number): Promise<number> {
      return db.transaction(async (tx) => {
        const [row] = await tx.all<{ id: number }>(
          `INSERT INTO obs_items (author_org_id, author_user_id, anonymous, title, body, language, category, five_w1h, favours, confidence, tlp, audience_kind, audience_group_id, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
          [author.orgId, author.userId, ...draftParams(d), now, now],
        );
        const id = num(row!.id);
        await writeDraft(tx, id, d);
        await enqueueOutbox(tx, { key: `obs:${id}`, kind: 'observation', itemId: id, change: null, refId: null, actorUserId: author.userId, at: now });
        return id;
      });
    },
    async getObservation(reader: StoreReader, id: number): Promise<Observation | null> {
      const v = visibleSql('observation', reader);
      const rows = await db.all<ItemRow>(`${SELECT} WHERE t.id = ? AND ${v.sql}`, [id, ...v.params]);
      return (await hydrate(reader, rows))[0] ?? null;
    },
    async listObservations(reader: StoreReader, f: ObservationFilter): Promise<Observation[]> {
      const v = visibleSql('observation', reader);
      const where: string[] = [v.sql];
      const params: unknown[] = [...v.params];
      const add = (sql: string, ...p: unknown[]): void => {
        where.push(sql);
        params.push(...p);
      };
      if (f.category) add('t.category = ?', f.category);
      if (f.tlp) add('t.tlp = ?', f.tlp);
      if (f.since !== undefined) add('t.created_at >= ?', f.since);
      if (f.until !== undefined) add('t.created_at < ?', f.until);
      if (f.groupId !== undefined) add("t.audience_kind = 'group' AND t.audience_group_id = ?", f.groupId);
      if (f.indicator) add("EXISTS (SELECT 1 FROM share_indicators i WHERE i.kind = 'observation' AND i.item_id = t.id AND i.value = ?)", f.indicator);
      if (f.text) {
        const s = textSearchSql(db.dialect, f.text);
        if (s) add(s.sql, ...s.params);
      }
      if (f.unread && reader.userId !== undefined) add('NOT EXISTS (SELECT 1 FROM obs_reads rd WHERE rd.observation_id = t.id AND rd.user_id = ?)', reader.userId);
      if (f.unanswered) add('t.author_org_id <> ? AND NOT EXISTS (SELECT 1 FROM obs_responses r WHERE r.observation_id = t.id AND r.org_id = ?)', reader.orgId, reader.orgId);
      if (f.before !== undefined) add('t.id < ?', f.before);
      const rows = await db.all<ItemRow>(`${SELECT} WHERE ${where.join(' AND ')} ORDER BY t.id DESC LIMIT ?`, [...params, f.limit]);
      return hydrate(reader, rows);
    },
    async updateObservation(actor: StoreReader, id: number, d: ObservationDraft, now: number): Promise<boolean> {
      return db.transaction(async (tx) => {
        const n = await tx.run(
          `UPDATE obs_items SET anonymous = ?, title = ?, body = ?, language = ?, category = ?, five_w1h = ?, favours = ?, confidence = ?, tlp = ?, audience_kind = ?, audience_group_id = ?, updated_at = ?
           WHERE id = ? AND author_org_id = ?`,
          [...draftParams(d), now, id, actor.orgId],
        );
        if (n === 0) return false;
        await writeDraft(tx, id, d);
        return true;
      });
    },
    async deleteObservation(actor: StoreReader, id: number): Promise<boolean> {
      return db.transaction(async (tx) => {
        const n = await tx.run('DELETE FROM obs_items WHERE id = ? AND author_org_id = ?', [id, actor.orgId]);
        if (n === 0) return false;
        await writeShareRows(tx, 'observation', id, [], []);
        return true;
      });
    },

    async markRead(reader: StoreWriter, id: number, read: boolean, now: number): Promise<boolean> {
      if (!(await visibleIdRow(reader, id))) return false;
      await db.transaction(async (tx) => {
        await tx.run('DELETE FROM obs_reads WHERE user_id = ? AND observation_id = ?', [reader.userId, id]);
        if (read) await tx.run('INSERT INTO obs_reads (user_id, observation_id, at) VALUES (?, ?, ?)', [reader.userId, id, now]);
      });
      return true;
    },
    async respond(reader: StoreWriter, id: number, r: ResponseDraft, now: number): Promise<boolean> {
      if (!(await visibleIdRow(reader, id))) return false;
      return db.transaction(async (tx) => {
        await tx.run('DELETE FROM obs_responses WHERE observation_id = ? AND org_id = ?', [id, reader.orgId]);
        await tx.run(
          'INSERT INTO obs_responses (observation_id, org_id, user_id, kind, seen_at, scale, acted, use_as, note, anonymous, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
          [id, reader.orgId, reader.userId, r.kind, r.seenAt, r.scale, r.acted, r.use, r.note, bit(r.anonymous), now],
        );
        return true;
      });
    },
    async responses(reader: StoreReader, id: number, k: number): Promise<ResponsesView | null> {
      const item = await visibleIdRow(reader, id);
      if (!item) return null;
      const rows = await db.all<{ org_id: number; author_name: string; kind: string; seen_at: number | null; scale: string | null; acted: string | null; use_as: string | null; note: string; anonymous: number; at: number }>(
        'SELECT r.*, o.name AS author_name FROM obs_responses r JOIN hub_orgs o ON o.id = r.org_id WHERE r.observation_id = ? ORDER BY r.at, r.org_id',
        [id],
      );
      const sender = num(item.author_org_id) === reader.orgId;
      const toView = (r: (typeof rows)[number]): ObservationResponse => ({
        kind: r.kind as ResponseKind, seenAt: numOrNull(r.seen_at), scale: r.scale, acted: r.acted, use: r.use_as, note: r.note, anonymous: flag(r.anonymous),
        author: visibleAuthor(reader, { author_org_id: r.org_id, anonymous: r.anonymous, author_name: r.author_name }),
        mine: num(r.org_id) === reader.orgId, at: num(r.at),
      });
      // The sender sees every answer; others see their own and the tally once k organisations answered.
      const tally = tallyAnswers(RESPONSE_KINDS, rows.map((r) => r.kind as ResponseKind), sender ? 0 : k);
      return {
        responses: rows.filter((r) => sender || num(r.org_id) === reader.orgId).map(toView),
        released: tally.released,
        respondents: tally.respondents,
        counts: tally.counts,
        needed: k,
      };
    },
    async comment(reader: StoreWriter, id: number, c: { text: string; parentId: number | null; anonymous: boolean }, now: number): Promise<number | null> {
      if (!(await visibleIdRow(reader, id))) return null;
      if (c.parentId !== null) {
        const parent = await db.all('SELECT 1 FROM obs_comments WHERE id = ? AND observation_id = ?', [c.parentId, id]);
        if (parent.length === 0) return null;
      }
      const [row] = await db.all<{ id: number }>('INSERT INTO obs_comments (observation_id, parent_id, org_id, user_id, text, anonymous, at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id', [id, c.parentId, reader.orgId, reader.userId, c.text, bit(c.anonymous), now]);
      return num(row!.id);
    },
    async comments(reader: StoreReader, id: number): Promise<ObservationComment[] | null> {
      if (!(await visibleIdRow(reader, id))) return null;
      const rows = await db.all<{ id: number; parent_id: number | null; org_id: number; author_name: string; text: string; anonymous: number; at: number }>(
        'SELECT c.id, c.parent_id, c.org_id, o.name AS author_name, c.text, c.anonymous, c.at FROM obs_comments c JOIN hub_orgs o ON o.id = c.org_id WHERE c.observation_id = ? ORDER BY c.id',
        [id],
      );
      return rows.map((r) => ({
        id: num(r.id), parentId: numOrNull(r.parent_id), text: r.text,
        author: visibleAuthor(reader, { author_org_id: r.org_id, anonymous: r.anonymous, author_name: r.author_name }),
        mine: num(r.org_id) === reader.orgId, at: num(r.at),
      }));
    },
  };
}
