/** Community questions: one answer per organisation, counts released from k, names only when chosen. */
import type { Question, QuestionDraft, QuestionSubject } from '../../core/observations/question.ts';
import type { Tlp } from '../../core/sharing/tlp.ts';
import type { SqlRunner } from '../hub/runner.ts';
import type { StoreReader, StoreWriter } from './port.ts';
import { audienceOrgs, bit, flag, marks, num, shownOrgIds, writeShareRows } from './rows.ts';
import { audienceColumns, audienceOf, visibleAuthor, visibleSql } from './visibility.ts';

type QRow = { id: number; author_org_id: number; author_name: string; anonymous: number; text: string; options: string; deadline: number; tlp: string; audience_kind: string; audience_group_id: number | null; created_at: number; subject_dimension: string | null; subject_key: string | null };
type ARow = { question_id: number; org_id: number; option_index: number; named: number; org_name: string };

/** Builds the question queries on a runner. */
export function questionQueries(db: SqlRunner) {
  const hydrate = async (reader: StoreReader, rows: QRow[], k: number): Promise<Question[]> => {
    const ids = rows.map((r) => num(r.id));
    const orgs = await audienceOrgs(db, 'question', ids);
    const answers = ids.length
      ? await db.all<ARow>(`SELECT a.question_id, a.org_id, a.option_index, a.named, o.name AS org_name FROM obs_question_answers a JOIN hub_orgs o ON o.id = a.org_id WHERE a.question_id IN (${marks(ids.length)}) ORDER BY o.name`, ids)
      : [];
    return rows.map((r) => {
      const id = num(r.id);
      const options = JSON.parse(r.options) as string[];
      const mine = answers.filter((a) => num(a.question_id) === id);
      const released = mine.length >= k;
      const counts = options.map((_, i) => mine.filter((a) => num(a.option_index) === i).length);
      const own = mine.find((a) => num(a.org_id) === reader.orgId);
      return {
        id,
        text: r.text,
        options,
        deadline: num(r.deadline),
        tlp: r.tlp as Tlp,
        audience: audienceOf(r, shownOrgIds(reader, num(r.author_org_id), orgs.get(id) ?? [])),
        anonymous: flag(r.anonymous),
        subject: r.subject_dimension && r.subject_key ? { dimension: r.subject_dimension as QuestionSubject['dimension'], key: r.subject_key } : null,
        author: visibleAuthor(reader, r),
        mine: num(r.author_org_id) === reader.orgId,
        createdAt: num(r.created_at),
        myAnswer: own ? num(own.option_index) : null,
        result: {
          released,
          respondents: released ? mine.length : null,
          counts: released ? counts : null,
          needed: k,
          named: released ? mine.filter((a) => flag(a.named)).map((a) => ({ org: a.org_name, option: num(a.option_index) })) : [],
        },
      };
    });
  };
  const select = (reader: StoreReader) => {
    const v = visibleSql('question', reader);
    return { sql: `SELECT t.*, o.name AS author_name FROM obs_questions t JOIN hub_orgs o ON o.id = t.author_org_id WHERE ${v.sql}`, params: v.params };
  };
  return {
    async createQuestion(author: StoreWriter, q: QuestionDraft, now: number): Promise<number> {
      const a = audienceColumns(q.audience);
      return db.transaction(async (tx) => {
        const [row] = await tx.all<{ id: number }>(
          `INSERT INTO obs_questions (author_org_id, author_user_id, anonymous, text, options, deadline, tlp, audience_kind, audience_group_id, created_at, subject_dimension, subject_key)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
          [author.orgId, author.userId, bit(q.anonymous), q.text, JSON.stringify(q.options), q.deadline, q.tlp, a.kind, a.groupId, now, q.subject?.dimension ?? null, q.subject?.key ?? null],
        );
        const id = num(row!.id);
        await writeShareRows(tx, 'question', id, q.audience.kind === 'orgs' ? q.audience.orgIds : [], []);
        return id;
      });
    },
    async getQuestion(reader: StoreReader, id: number, k: number): Promise<Question | null> {
      const s = select(reader);
      return (await hydrate(reader, await db.all<QRow>(`${s.sql} AND t.id = ?`, [...s.params, id]), k))[0] ?? null;
    },
    async listQuestions(reader: StoreReader, k: number, limit: number): Promise<Question[]> {
      const s = select(reader);
      return hydrate(reader, await db.all<QRow>(`${s.sql} ORDER BY t.id DESC LIMIT ?`, [...s.params, limit]), k);
    },
    async answerQuestion(reader: StoreWriter, id: number, option: number, named: boolean, now: number): Promise<'ok' | 'not_found' | 'closed' | 'bad_option'> {
      const s = select(reader);
      const [q] = await db.all<QRow>(`${s.sql} AND t.id = ?`, [...s.params, id]);
      if (!q) return 'not_found';
      if (now > num(q.deadline)) return 'closed';
      if (option >= (JSON.parse(q.options) as string[]).length) return 'bad_option';
      await db.transaction(async (tx) => {
        await tx.run('DELETE FROM obs_question_answers WHERE question_id = ? AND org_id = ?', [id, reader.orgId]);
        await tx.run('INSERT INTO obs_question_answers (question_id, org_id, option_index, named, at) VALUES (?, ?, ?, ?, ?)', [id, reader.orgId, option, bit(named), now]);
      });
      return 'ok';
    },
  };
}
