/** The address-space store on the hub's SQL runner (SQLite and PostgreSQL, `?` placeholders). */
import { RenkeiError } from '../../core/errors.ts';
import type { SqlRunner } from '../hub/runner.ts';
import { migrateOn } from '../common/runner-migrate.ts';
import type { AddressSpaceStore, ClaimCheck, ClaimRow, ClaimViewer, NewClaim } from './port.ts';

const steps = (dialect: SqlRunner['dialect']): string[] => {
  const id = dialect === 'sqlite' ? 'INTEGER PRIMARY KEY AUTOINCREMENT' : 'BIGSERIAL PRIMARY KEY';
  return [
    `CREATE TABLE as_claims (
      id ${id}, member_id BIGINT NOT NULL, kind TEXT NOT NULL, value TEXT NOT NULL, state TEXT NOT NULL,
      check_json TEXT, note TEXT, created_by BIGINT NOT NULL, created_at BIGINT NOT NULL,
      decided_by BIGINT, decided_at BIGINT, UNIQUE (member_id, kind, value));
    CREATE INDEX as_claims_state_idx ON as_claims (state, decided_at);
    CREATE TABLE as_version (id INTEGER PRIMARY KEY, n BIGINT NOT NULL);
    INSERT INTO as_version (id, n) VALUES (1, 0);`,
  ];
};

interface Row {
  id: number | string;
  member_id: number | string;
  kind: string;
  value: string;
  state: string;
  check_json: string | null;
  note: string | null;
  created_by: number | string;
  created_at: number | string;
  decided_by: number | string | null;
  decided_at: number | string | null;
}

const COLS = 'id, member_id, kind, value, state, check_json, note, created_by, created_at, decided_by, decided_at';

function toClaim(r: Row): ClaimRow {
  return {
    id: Number(r.id),
    memberId: Number(r.member_id),
    kind: r.kind as ClaimRow['kind'],
    value: r.value,
    state: r.state as ClaimRow['state'],
    check: r.check_json ? (JSON.parse(r.check_json) as ClaimCheck) : null,
    note: r.note,
    createdBy: Number(r.created_by),
    createdAt: Number(r.created_at),
    decidedBy: r.decided_by === null ? null : Number(r.decided_by),
    decidedAt: r.decided_at === null ? null : Number(r.decided_at),
  };
}

function scope(viewer: ClaimViewer): { where: string; params: unknown[] } {
  return viewer.kind === 'hub-admin' ? { where: '1 = 1', params: [] } : { where: 'member_id = ?', params: [viewer.memberId] };
}

/** Creates the store and migrates its tables. */
export async function createSqlAddressSpaceStore(runner: SqlRunner): Promise<AddressSpaceStore> {
  await migrateOn(runner, 'address-space', steps(runner.dialect));
  const bump = (tx: SqlRunner) => tx.run('UPDATE as_version SET n = n + 1 WHERE id = 1');
  const byId = async (tx: SqlRunner, id: number): Promise<ClaimRow | null> => {
    const rows = await tx.all<Row>(`SELECT ${COLS} FROM as_claims WHERE id = ?`, [id]);
    return rows[0] ? toClaim(rows[0]) : null;
  };
  return {
    async addClaim(c: NewClaim) {
      return runner.transaction(async (tx) => {
        const dup = await tx.all('SELECT id FROM as_claims WHERE member_id = ? AND kind = ? AND value = ?', [c.memberId, c.kind, c.value]);
        if (dup.length > 0) throw new RenkeiError('conflict', `this member already claims ${c.value}`, { value: c.value });
        const rows = await tx.all<Row>(
          `INSERT INTO as_claims (member_id, kind, value, state, check_json, created_by, created_at) VALUES (?, ?, ?, 'pending', ?, ?, ?) RETURNING ${COLS}`,
          [c.memberId, c.kind, c.value, c.check ? JSON.stringify(c.check) : null, c.createdBy, c.at],
        );
        await bump(tx);
        return toClaim(rows[0]!);
      });
    },
    async listClaims(viewer) {
      const s = scope(viewer);
      return (await runner.all<Row>(`SELECT ${COLS} FROM as_claims WHERE ${s.where} ORDER BY id`, s.params)).map(toClaim);
    },
    async getClaim(id, viewer) {
      const s = scope(viewer);
      const rows = await runner.all<Row>(`SELECT ${COLS} FROM as_claims WHERE id = ? AND ${s.where}`, [id, ...s.params]);
      return rows[0] ? toClaim(rows[0]) : null;
    },
    async decide(id, state, by, at, note) {
      return runner.transaction(async (tx) => {
        const n = await tx.run('UPDATE as_claims SET state = ?, decided_by = ?, decided_at = ?, note = ? WHERE id = ?', [state, by, at, note, id]);
        if (n === 0) return null;
        await bump(tx);
        return byId(tx, id);
      });
    },
    async removeClaim(id) {
      return runner.transaction(async (tx) => {
        const n = await tx.run('DELETE FROM as_claims WHERE id = ?', [id]);
        if (n > 0) await bump(tx);
        return n > 0;
      });
    },
    async approvedPrefixes() {
      return (await runner.all<Row>(`SELECT ${COLS} FROM as_claims WHERE state = 'approved' AND kind = 'prefix' ORDER BY decided_at, id`)).map(toClaim);
    },
    async version() {
      const rows = await runner.all<{ n: number | string }>('SELECT n FROM as_version WHERE id = 1');
      return Number(rows[0]?.n ?? 0);
    },
  };
}
