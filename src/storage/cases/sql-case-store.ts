/**
 * The cases store on the hub's SQL runner (SQLite and PostgreSQL alike). Child rows are written with
 * `INSERT … SELECT … FROM cases WHERE id = ? AND org_id = ?`, so a write aimed at another org's case
 * inserts nothing; every read filters on `org_id` itself.
 */
import type { CaseTask, TimelineEvent } from '../../core/cases/case-model.ts';
import type { SoapContent, SoapNote, SoapRevision } from '../../core/cases/soap.ts';
import type { CaseHost } from '../../core/cases/triage.ts';
import type { TriageCounts } from '../../core/damage/impact.ts';
import { migrateOn } from '../common/runner-migrate.ts';
import type { SqlRunner } from '../hub/runner.ts';
import type { CasePatch, CaseStore, HostKey, HostPageQuery, NewTask, OrgDamageSettings, StoredAttachment, TaskPatch } from './port.ts';
import { caseFromRow, eventFromRow, hostFromRow, tagChangeFromRow, taskFromRow } from './rows.ts';
import { casesSteps, HOST_PLACE_SQL, HOST_RANK_SQL } from './schema.ts';

type Row = Record<string, unknown>;
const OWNED = 'FROM cases WHERE id = ? AND org_id = ?';
/** Rows per multi-row INSERT (6 params each; well under both engines' parameter limits). */
const HOST_BATCH = 500;
/** Ids per `IN (…)` list. */
const ID_BATCH = 500;

/** `LIKE` pattern for a case-insensitive substring, with the wildcards of the text escaped. */
const likeSubstring = (text: string): string => `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
const TEXT_SQL = "(LOWER(name) LIKE ? ESCAPE '\\' OR LOWER(COALESCE(address, '')) LIKE ? ESCAPE '\\')";

const emptyCounts = (): TriageCounts => ({ black: 0, red: 0, yellow: 0, green: 0, untriaged: 0 });

/** The page query: filter, keyset and order on the columns of the matching index. */
function hostPageSql(orgId: number, caseId: number, q: HostPageQuery): { sql: string; params: unknown[] } {
  const where = ['org_id = ?', 'case_id = ?'];
  const params: unknown[] = [orgId, caseId];
  if (q.tag) (where.push('tag = ?'), params.push(q.tag));
  if (q.text) (where.push(TEXT_SQL), params.push(likeSubstring(q.text), likeSubstring(q.text)));
  let order: string;
  if (q.order === 'repair') {
    // Literal, so the partial index (WHERE tag <> 'untriaged') applies.
    where.push("tag <> 'untriaged'");
    order = `${HOST_PLACE_SQL}, ${HOST_RANK_SQL}, name, id`;
    if (q.after?.order === 'repair') (where.push(`(${order}) > (?, ?, ?, ?)`), params.push(q.after.place, q.after.rank, q.after.name, q.after.id));
  } else {
    order = 'name, id';
    if (q.after?.order === 'name') (where.push('(name, id) > (?, ?)'), params.push(q.after.name, q.after.id));
  }
  const cols = q.order === 'repair' ? `*, ${HOST_PLACE_SQL} AS k_place, ${HOST_RANK_SQL} AS k_rank` : '*';
  // One row past the page says whether there is a next page without a COUNT.
  params.push(q.limit + 1);
  return { sql: `SELECT ${cols} FROM case_hosts WHERE ${where.join(' AND ')} ORDER BY ${order} LIMIT ?`, params };
}

const CASE_COLUMNS: Record<keyof CasePatch, [string, (v: unknown) => unknown]> = {
  title: ['title', (v) => v],
  description: ['description', (v) => v],
  severity: ['severity', (v) => v],
  tlp: ['tlp', (v) => v],
  pap: ['pap', (v) => v],
  ownerUserId: ['owner_user_id', (v) => v],
  state: ['state', (v) => v],
  outcome: ['outcome', (v) => v],
  closedAt: ['closed_at', (v) => v],
  damage: ['damage_json', (v) => JSON.stringify(v)],
  linkedRoomIds: ['rooms_json', (v) => JSON.stringify(v)],
  linkedObservationIds: ['observations_json', (v) => JSON.stringify(v)],
  malwareFamilies: ['malware_json', (v) => JSON.stringify(v)],
};

/** Builds the cases store on `runner`. */
export function createSqlCaseStore(runner: SqlRunner): CaseStore {
  const touch = (db: SqlRunner, orgId: number, caseId: number, now: number) => db.run('UPDATE cases SET updated_at = ? WHERE id = ? AND org_id = ?', [now, caseId, orgId]);
  const owns = async (db: SqlRunner, orgId: number, caseId: number): Promise<boolean> => (await db.all('SELECT id FROM cases WHERE id = ? AND org_id = ?', [caseId, orgId])).length > 0;

  const insertTasks = async (db: SqlRunner, orgId: number, caseId: number, tasks: readonly NewTask[], now: number): Promise<CaseTask[]> => {
    const out: CaseTask[] = [];
    for (const t of tasks) {
      const rows = await db.all(
        `INSERT INTO case_tasks (org_id, case_id, title, owner_user_id, due_at, state, template_key, from_note_id, created_at, updated_at)
         SELECT org_id, id, ?, ?, ?, 'open', ?, ?, ?, ? ${OWNED} RETURNING *`,
        [t.title, t.ownerUserId, t.dueAt, t.templateKey, t.fromNoteId, now, now, caseId, orgId],
      );
      out.push(...rows.map(taskFromRow));
    }
    return out;
  };

  const getNote = async (db: SqlRunner, orgId: number, caseId: number, noteId: number): Promise<SoapNote | null> => {
    const rows = await db.all('SELECT * FROM case_note_revisions WHERE org_id = ? AND case_id = ? AND note_id = ? ORDER BY revision', [orgId, caseId, noteId]);
    return rows.length === 0 ? null : { id: noteId, caseId, revisions: rows.map(revisionFromRow) };
  };

  const insertRevision = async (db: SqlRunner, orgId: number, caseId: number, noteId: number, revision: number, content: SoapContent, author: { userId: number; login: string }, files: readonly StoredAttachment[], now: number): Promise<void> => {
    for (const f of files) {
      await db.run(
        `INSERT INTO case_attachments (org_id, case_id, sha256, name, size, content_b64) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (org_id, case_id, sha256) DO NOTHING`,
        [orgId, caseId, f.sha256, f.name, f.size, f.contentBase64],
      );
    }
    const meta = files.map((f) => ({ name: f.name, sha256: f.sha256, size: f.size }));
    await db.run(
      `INSERT INTO case_note_revisions (note_id, revision, org_id, case_id, subjective, objective, assessment, plan_json, attachments_json, author_user_id, author_login, at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [noteId, revision, orgId, caseId, content.subjective, content.objective, content.assessment, JSON.stringify(content.plan), JSON.stringify(meta), author.userId, author.login, now],
    );
  };

  return {
    migrate: () => migrateOn(runner, 'cases', casesSteps(runner.dialect)),

    createCase: (orgId, c, tasks, now) =>
      runner.transaction(async (tx) => {
        const [row] = await tx.all(
          `INSERT INTO cases (org_id, title, description, state, outcome, severity, tlp, pap, owner_user_id, created_by, created_at, updated_at, closed_at, damage_json, rooms_json, observations_json, malware_json)
           VALUES (?, ?, ?, 'new', NULL, ?, ?, ?, ?, ?, ?, ?, NULL, ?, '[]', '[]', '[]') RETURNING *`,
          [orgId, c.title, c.description, c.severity, c.tlp, c.pap, c.ownerUserId, c.createdBy, now, now, JSON.stringify(c.damage)],
        );
        const rec = caseFromRow(row!);
        await insertTasks(tx, orgId, rec.id, tasks, now);
        return rec;
      }),

    async getCase(orgId, caseId) {
      const [r] = await runner.all('SELECT * FROM cases WHERE id = ? AND org_id = ?', [caseId, orgId]);
      return r ? caseFromRow(r) : null;
    },

    async listCases(orgId, filter) {
      const rows = filter.state
        ? await runner.all('SELECT * FROM cases WHERE org_id = ? AND state = ? ORDER BY updated_at DESC, id DESC', [orgId, filter.state])
        : await runner.all('SELECT * FROM cases WHERE org_id = ? ORDER BY updated_at DESC, id DESC', [orgId]);
      return rows.map(caseFromRow);
    },

    async updateCase(orgId, caseId, patch, now) {
      const sets: string[] = ['updated_at = ?'];
      const params: unknown[] = [now];
      for (const [k, v] of Object.entries(patch) as Array<[keyof CasePatch, unknown]>) {
        if (v === undefined) continue;
        const [col, enc] = CASE_COLUMNS[k];
        sets.push(`${col} = ?`);
        params.push(enc(v));
      }
      const [r] = await runner.all(`UPDATE cases SET ${sets.join(', ')} WHERE id = ? AND org_id = ? RETURNING *`, [...params, caseId, orgId]);
      return r ? caseFromRow(r) : null;
    },

    async listTasks(orgId, caseId) {
      return (await runner.all('SELECT * FROM case_tasks WHERE org_id = ? AND case_id = ? ORDER BY id', [orgId, caseId])).map(taskFromRow);
    },

    addTasks: (orgId, caseId, tasks, now) =>
      runner.transaction(async (tx) => {
        if (!(await owns(tx, orgId, caseId))) return null;
        const out = await insertTasks(tx, orgId, caseId, tasks, now);
        await touch(tx, orgId, caseId, now);
        return out;
      }),

    updateTask: (orgId, caseId, taskId, patch: TaskPatch, now) =>
      runner.transaction(async (tx) => {
        const cols: Record<keyof TaskPatch, string> = { title: 'title', ownerUserId: 'owner_user_id', dueAt: 'due_at', state: 'state' };
        const sets = ['updated_at = ?'];
        const params: unknown[] = [now];
        for (const [k, v] of Object.entries(patch) as Array<[keyof TaskPatch, unknown]>) {
          if (v === undefined) continue;
          sets.push(`${cols[k]} = ?`);
          params.push(v);
        }
        const [r] = await tx.all(`UPDATE case_tasks SET ${sets.join(', ')} WHERE id = ? AND case_id = ? AND org_id = ? RETURNING *`, [...params, taskId, caseId, orgId]);
        if (!r) return null;
        await touch(tx, orgId, caseId, now);
        return taskFromRow(r);
      }),

    async listTimeline(orgId, caseId) {
      return (await runner.all('SELECT * FROM case_timeline WHERE org_id = ? AND case_id = ? ORDER BY occurred_at_ms, id', [orgId, caseId])).map(eventFromRow);
    },

    addTimelineEvent: (orgId, caseId, e, now) =>
      runner.transaction(async (tx): Promise<TimelineEvent | null> => {
        const [r] = await tx.all(
          `INSERT INTO case_timeline (org_id, case_id, occurred_at, occurred_at_ms, what, source, outage, host_ids_json, indicators_json, created_by, created_at)
           SELECT org_id, id, ?, ?, ?, ?, ?, ?, ?, ?, ? ${OWNED} RETURNING *`,
          [e.occurredAt, e.occurredAtMs, e.what, e.source, e.outage, JSON.stringify(e.hostIds), JSON.stringify(e.indicators), e.createdBy, now, caseId, orgId],
        );
        if (!r) return null;
        await touch(tx, orgId, caseId, now);
        return eventFromRow(r);
      }),

    async listHosts(orgId, caseId, filter) {
      const rows = filter.tag
        ? await runner.all('SELECT * FROM case_hosts WHERE org_id = ? AND case_id = ? AND tag = ? ORDER BY name, id', [orgId, caseId, filter.tag])
        : await runner.all('SELECT * FROM case_hosts WHERE org_id = ? AND case_id = ? ORDER BY name, id', [orgId, caseId]);
      return rows.map(hostFromRow);
    },

    async pageHosts(orgId, caseId, q) {
      const { sql, params } = hostPageSql(orgId, caseId, q);
      const rows = await runner.all(sql, params);
      const more = rows.length > q.limit;
      const page = more ? rows.slice(0, q.limit) : rows;
      const last = page.at(-1);
      let next: HostKey | null = null;
      if (more && last) {
        next = q.order === 'repair'
          ? { order: 'repair', place: Number(last.k_place), rank: Number(last.k_rank), name: String(last.name), id: Number(last.id) }
          : { order: 'name', name: String(last.name), id: Number(last.id) };
      }
      return { hosts: page.map(hostFromRow), next };
    },

    async countHosts(orgId, caseId, filter) {
      const text = filter?.text;
      const rows = await runner.all<{ tag: string; n: unknown }>(
        `SELECT tag, COUNT(*) AS n FROM case_hosts WHERE org_id = ? AND case_id = ?${text ? ` AND ${TEXT_SQL}` : ''} GROUP BY tag`,
        text ? [orgId, caseId, likeSubstring(text), likeSubstring(text)] : [orgId, caseId],
      );
      const c = emptyCounts();
      for (const r of rows) if (r.tag in c) c[r.tag as keyof TriageCounts] = Number(r.n);
      return c;
    },

    async countHostsByCase(orgId) {
      const rows = await runner.all<{ case_id: unknown; tag: string; n: unknown }>('SELECT case_id, tag, COUNT(*) AS n FROM case_hosts WHERE org_id = ? GROUP BY case_id, tag', [orgId]);
      const out = new Map<number, TriageCounts>();
      for (const r of rows) {
        const id = Number(r.case_id);
        let c = out.get(id);
        if (!c) out.set(id, (c = emptyCounts()));
        if (r.tag in c) c[r.tag as keyof TriageCounts] = Number(r.n);
      }
      return out;
    },

    async existingHostIds(orgId, caseId, hostIds) {
      const found: number[] = [];
      for (let i = 0; i < hostIds.length; i += ID_BATCH) {
        const ids = hostIds.slice(i, i + ID_BATCH);
        const rows = await runner.all<{ id: unknown }>(`SELECT id FROM case_hosts WHERE org_id = ? AND case_id = ? AND id IN (${ids.map(() => '?').join(', ')})`, [orgId, caseId, ...ids]);
        found.push(...rows.map((r) => Number(r.id)));
      }
      return found.sort((a, b) => a - b);
    },

    addHosts: (orgId, caseId, hosts, by, reason, now) =>
      runner.transaction(async (tx) => {
        if (!(await owns(tx, orgId, caseId))) return null;
        const ids: number[] = [];
        for (let i = 0; i < hosts.length; i += HOST_BATCH) {
          const batch = hosts.slice(i, i + HOST_BATCH);
          const rows = await tx.all<{ id: unknown }>(
            `INSERT INTO case_hosts (org_id, case_id, name, address, os, owner, tag, priority, updated_at) VALUES ${batch.map(() => '(?, ?, ?, ?, ?, ?, ?, NULL, ?)').join(', ')} RETURNING id`,
            batch.flatMap((h) => [orgId, caseId, h.name, h.address, h.os, h.owner, h.tag, now]),
          );
          // RETURNING order is unspecified; ids are allocated in VALUES order, so ascending ids match the batch.
          const batchIds = rows.map((r) => Number(r.id)).sort((a, b) => a - b);
          ids.push(...batchIds);
          const tagged = batch.map((h, j) => [h, batchIds[j]!] as const).filter(([h]) => h.tag !== 'untriaged');
          if (tagged.length > 0) {
            await tx.run(
              `INSERT INTO case_host_tags (org_id, case_id, host_id, from_tag, to_tag, reason, by_user_id, at) VALUES ${tagged.map(() => '(?, ?, ?, NULL, ?, ?, ?, ?)').join(', ')}`,
              tagged.flatMap(([h, id]) => [orgId, caseId, id, h.tag, reason, by, now]),
            );
          }
        }
        await touch(tx, orgId, caseId, now);
        return ids;
      }),

    setHostTag: (orgId, caseId, hostId, tag, reason, by, now) =>
      runner.transaction(async (tx): Promise<CaseHost | null> => {
        const [old] = await tx.all<{ tag: string }>('SELECT tag FROM case_hosts WHERE id = ? AND case_id = ? AND org_id = ?', [hostId, caseId, orgId]);
        if (!old) return null;
        const [r] = await tx.all('UPDATE case_hosts SET tag = ?, updated_at = ? WHERE id = ? AND case_id = ? AND org_id = ? RETURNING *', [tag, now, hostId, caseId, orgId]);
        await tx.run('INSERT INTO case_host_tags (org_id, case_id, host_id, from_tag, to_tag, reason, by_user_id, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)', [orgId, caseId, hostId, old.tag, tag, reason, by, now]);
        await touch(tx, orgId, caseId, now);
        return hostFromRow(r!);
      }),

    setHostTags: (orgId, caseId, hostIds, tag, reason, by, now) =>
      runner.transaction(async (tx) => {
        const found: number[] = [];
        const unique = [...new Set(hostIds)];
        for (let i = 0; i < unique.length; i += ID_BATCH) {
          const ids = unique.slice(i, i + ID_BATCH);
          const marks = ids.map(() => '?').join(', ');
          const old = await tx.all<{ id: unknown; tag: string }>(`SELECT id, tag FROM case_hosts WHERE org_id = ? AND case_id = ? AND id IN (${marks})`, [orgId, caseId, ...ids]);
          found.push(...old.map((r) => Number(r.id)));
          const changed = old.filter((r) => r.tag !== tag);
          if (changed.length === 0) continue;
          const cm = changed.map(() => '?').join(', ');
          await tx.run(`UPDATE case_hosts SET tag = ?, updated_at = ? WHERE org_id = ? AND case_id = ? AND id IN (${cm})`, [tag, now, orgId, caseId, ...changed.map((r) => Number(r.id))]);
          await tx.run(
            `INSERT INTO case_host_tags (org_id, case_id, host_id, from_tag, to_tag, reason, by_user_id, at) VALUES ${changed.map(() => '(?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
            changed.flatMap((r) => [orgId, caseId, Number(r.id), r.tag, tag, reason, by, now]),
          );
        }
        if (found.length > 0) await touch(tx, orgId, caseId, now);
        return found.sort((a, b) => a - b);
      }),

    async setHostPriority(orgId, caseId, hostId, priority, now) {
      const [r] = await runner.all('UPDATE case_hosts SET priority = ?, updated_at = ? WHERE id = ? AND case_id = ? AND org_id = ? RETURNING *', [priority, now, hostId, caseId, orgId]);
      return r ? hostFromRow(r) : null;
    },

    async hostHistory(orgId, caseId, hostId) {
      return (await runner.all('SELECT * FROM case_host_tags WHERE org_id = ? AND case_id = ? AND host_id = ? ORDER BY at, id', [orgId, caseId, hostId])).map(tagChangeFromRow);
    },

    async listNotes(orgId, caseId) {
      const rows = await runner.all('SELECT * FROM case_note_revisions WHERE org_id = ? AND case_id = ? ORDER BY note_id, revision', [orgId, caseId]);
      const notes = new Map<number, SoapNote>();
      for (const r of rows) {
        const id = Number(r.note_id);
        let n = notes.get(id);
        if (!n) notes.set(id, (n = { id, caseId, revisions: [] }));
        n.revisions.push(revisionFromRow(r));
      }
      return [...notes.values()];
    },

    addNote: (orgId, caseId, content, author, files, now) =>
      runner.transaction(async (tx) => {
        const [r] = await tx.all<{ id: unknown }>(`INSERT INTO case_notes (org_id, case_id, created_at) SELECT org_id, id, ? ${OWNED} RETURNING id`, [now, caseId, orgId]);
        if (!r) return null;
        const noteId = Number(r.id);
        await insertRevision(tx, orgId, caseId, noteId, 1, content, author, files, now);
        await touch(tx, orgId, caseId, now);
        return getNote(tx, orgId, caseId, noteId);
      }),

    reviseNote: (orgId, caseId, noteId, content, author, files, now) =>
      runner.transaction(async (tx) => {
        const [r] = await tx.all<{ rev: unknown }>('SELECT MAX(revision) AS rev FROM case_note_revisions WHERE org_id = ? AND case_id = ? AND note_id = ?', [orgId, caseId, noteId]);
        if (r?.rev === null || r?.rev === undefined) return null;
        await insertRevision(tx, orgId, caseId, noteId, Number(r.rev) + 1, content, author, files, now);
        await touch(tx, orgId, caseId, now);
        return getNote(tx, orgId, caseId, noteId);
      }),

    async getOrgSettings(orgId) {
      const [r] = await runner.all<{ settings_json: string }>('SELECT settings_json FROM case_org_settings WHERE org_id = ?', [orgId]);
      return r ? (JSON.parse(r.settings_json) as OrgDamageSettings) : null;
    },

    async setOrgSettings(orgId, s, by, now) {
      const json = JSON.stringify({ annualRevenueYen: s.annualRevenueYen, businessDays: s.businessDays, hoursPerDay: s.hoursPerDay });
      await runner.run(
        `INSERT INTO case_org_settings (org_id, settings_json, updated_by, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (org_id) DO UPDATE SET settings_json = excluded.settings_json, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
        [orgId, json, by, now],
      );
    },

    async getAttachment(orgId, caseId, sha256) {
      const [r] = await runner.all('SELECT * FROM case_attachments WHERE org_id = ? AND case_id = ? AND sha256 = ?', [orgId, caseId, sha256]);
      return r ? { name: String(r.name), sha256: String(r.sha256), size: Number(r.size), contentBase64: String(r.content_b64) } : null;
    },
  };
}

function revisionFromRow(r: Row): SoapRevision {
  return {
    revision: Number(r.revision),
    authorUserId: Number(r.author_user_id),
    authorLogin: String(r.author_login),
    at: Number(r.at),
    subjective: String(r.subjective),
    objective: String(r.objective),
    assessment: String(r.assessment),
    plan: JSON.parse(String(r.plan_json)) as string[],
    attachments: JSON.parse(String(r.attachments_json)) as SoapRevision['attachments'],
  };
}
