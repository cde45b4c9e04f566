/** Members and their sources: onboarding, checking a source before it is stored, health. */
import type { z } from 'zod';
import { RenkeiError, type ErrorCode } from '../../core/errors.ts';
import { SourceInput, type Member, type Source, type SourceCheck, type SourceRequest } from '../../contracts/hub-api.ts';
import type { IdentityStore, MemberRow, MemberStore, Transactional, SourceRequestRow, SourceRow } from '../../storage/hub/port.ts';
import type { AdminStore } from '../../storage/admin/port.ts';
import type { SourcePatch } from '../../contracts/admin.ts';
import { isPrivateTarget, WITHHELD_CHECK_MESSAGE } from '../sources/private-target.ts';
import type { SecretBox } from '../auth/crypto.ts';
import type { SourceRegistry } from '../sources/source-registry.ts';

export interface MemberService {
  /**
   * Adds a member, with its first source when given: the source is checked first, then organisation,
   * member and source are stored in one transaction, so a failed check or write leaves nothing behind.
   */
  add(name: string, orgUuid?: string, source?: { input: z.infer<typeof SourceInput>; skipCheck?: boolean }): Promise<Member>;
  /**
   * Every member; a `viewer` other than a hub admin sees sources (URLs, errors) of its own member only,
   * other members by name (no caller gets another member's node URL). Without a viewer: the operator (CLI).
   */
  list(viewer?: { role: string; orgId: number }): Promise<Member[]>;
  get(idOrName: number | string): Promise<Member | null>;
  remove(id: number): Promise<void>;
  /** Renames a member and its organisation (the name users and searches show). */
  rename(id: number, name: string): Promise<Member>;
  /** Changes a source's URL, TLS check or key (kept when omitted); checked first, like a new source. */
  updateSource(id: number, patch: SourcePatch): Promise<Source>;
  /** Checks then stores a source; throws source_* errors describing what is wrong. */
  addSource(memberId: number, input: z.infer<typeof SourceInput>, opts?: { skipCheck?: boolean }): Promise<Source>;
  removeSource(id: number): Promise<void>;
  testSource(id: number): Promise<SourceCheck>;
  /** A member admin asks for a source; nothing is contacted until a hub admin approves. */
  requestSource(memberId: number, input: z.infer<typeof SourceInput>, by: number): Promise<SourceRequest>;
  listRequests(memberId?: number): Promise<SourceRequest[]>;
  /** Checks the requested source and stores it (one transaction with the decision). */
  approveRequest(id: number, by: number): Promise<{ request: SourceRequest; source: Source }>;
  rejectRequest(id: number, by: number, note: string | null): Promise<SourceRequest>;
}

/** The wire view of a source request: never its credential. */
export function publicRequest(r: SourceRequestRow): SourceRequest {
  return { id: r.id, memberId: r.memberId, kind: r.kind, url: r.url, verifyTls: r.verifyTls, requestedAt: r.requestedAt, state: r.state, decidedAt: r.decidedAt, sourceId: r.sourceId, note: r.note };
}

/** The wire view of a source row: never its credential. */
export function publicSource(s: SourceRow): Source {
  return { id: s.id, memberId: s.memberId, kind: s.kind, url: s.url, verifyTls: s.verifyTls, status: s.status, lastError: s.lastError, lastErrorCode: s.lastError === null ? null : checkCode(s.lastError), lastLatencyMs: s.lastLatencyMs };
}

/** The stable code of a failed check's message (the withheld message says nothing more than "error"). */
function checkCode(message: string): ErrorCode {
  return message === WITHHELD_CHECK_MESSAGE ? 'source_error' : codeOf(message);
}

function codeOf(message: string): ErrorCode {
  if (/bad key/i.test(message)) return 'source_bad_key';
  if (/not MISP|garbage|not a Renkei/i.test(message)) return 'source_not_misp';
  if (/unreachable|timeout|dropped/i.test(message)) return 'source_unreachable';
  return 'source_error';
}

/** Builds the member service. */
export function createMemberService(deps: {
  store: MemberStore & Pick<IdentityStore, 'getOrg'> & Transactional<MemberStore & Pick<IdentityStore, 'ensureOrg'>>;
  /** Renames and source edits (the admin store). */
  edits?: Pick<AdminStore, 'renameMember' | 'updateSource'>;
  registry: SourceRegistry;
  box: SecretBox;
  checkTimeoutMs: number;
  allowPrivateSources?: boolean;
  now?: () => number;
}): MemberService {
  const { store } = deps;
  const now = deps.now ?? Date.now;
  const view = async (m: MemberRow): Promise<Member> => ({ id: m.id, name: m.name, orgUuid: m.orgUuid, sources: (await store.listSources(m.id)).map(publicSource) });
  /** A failed check on a private/loopback target says nothing more than that it failed (no port scanning). */
  const withheld = async (url: string, check: SourceCheck): Promise<SourceCheck> =>
    check.ok || deps.allowPrivateSources || !(await isPrivateTarget(url)) ? check : { ok: false, latencyMs: null, message: WITHHELD_CHECK_MESSAGE, version: null };
  // Every path (HTTP, CLI, demo) goes through the service: a source key that cannot work later is refused now.
  const validSource = (input: z.infer<typeof SourceInput>): z.infer<typeof SourceInput> => {
    const valid = SourceInput.safeParse(input);
    if (valid.success) return valid.data;
    throw new RenkeiError('validation_failed', `invalid source: ${valid.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
  };
  const checkOrThrow = async (input: z.infer<typeof SourceInput>, memberName: string): Promise<SourceCheck> => {
    const c = deps.registry.fresh(input.kind, { url: input.url, apiKey: input.apiKey, verifyTls: input.verifyTls, caFile: input.caFile ?? null }, memberName);
    const check = await withheld(input.url, await c.check(AbortSignal.timeout(deps.checkTimeoutMs)));
    if (!check.ok) throw new RenkeiError(checkCode(check.message), `source check failed: ${check.message}`, { check: { ...check, code: checkCode(check.message) } });
    return check;
  };
  const edits = (): Pick<AdminStore, 'renameMember' | 'updateSource'> => {
    if (!deps.edits) throw new RenkeiError('unavailable', 'member edits need the admin store');
    return deps.edits;
  };
  const storeSource = async (tx: MemberStore, memberId: number, input: z.infer<typeof SourceInput>, checked: boolean): Promise<SourceRow> => {
    const row = await tx.addSource({ memberId, kind: input.kind, url: input.url, secret: deps.box.seal(input.apiKey), verifyTls: input.verifyTls, caFile: input.caFile ?? null });
    if (checked) await tx.setSourceStatus(row.id, 'ok', null, null, now());
    return (await tx.getSource(row.id)) ?? row;
  };
  const svc: MemberService = {
    async add(name, orgUuid, source) {
      if (await store.getMember(name)) throw new RenkeiError('conflict', `member ${name} exists`);
      if (source) source = { ...source, input: validSource(source.input) };
      if (source && !source.skipCheck) await checkOrThrow(source.input, name);
      const m = await store.transaction(async (tx) => {
        const org = await tx.ensureOrg(name, orgUuid);
        const member = await tx.createMember(org.id, name);
        if (source) await storeSource(tx, member.id, source.input, !source.skipCheck);
        return member;
      });
      return view(m);
    },
    async list(viewer) {
      const rows = await store.listMembers();
      const full = (m: MemberRow): boolean => !viewer || viewer.role === 'hub-admin' || m.orgId === viewer.orgId;
      return Promise.all(rows.map((m) => (full(m) ? view(m) : { id: m.id, name: m.name, orgUuid: m.orgUuid, sources: [] })));
    },
    async get(idOrName) {
      const m = await store.getMember(idOrName);
      return m ? view(m) : null;
    },
    async remove(id) {
      if (!(await store.deleteMember(id))) throw new RenkeiError('not_found', `no member ${id}`);
    },
    async rename(id, name) {
      const clash = (await store.getMember(name)) ?? (await store.getOrg(name));
      const current = await store.getMember(id);
      if (!current) throw new RenkeiError('not_found', `no member ${id}`);
      if (clash && !(current.name === name)) throw new RenkeiError('conflict', `member or organisation ${name} exists`);
      await edits().renameMember(id, name);
      // Connectors name the member in what they send (the searcher assertion): build them afresh.
      for (const s of await store.listSources(id)) deps.registry.forget(s.id);
      return view((await store.getMember(id))!);
    },
    async updateSource(id, patch) {
      const s = await store.getSource(id);
      if (!s) throw new RenkeiError('not_found', `no source ${id}`);
      const member = (await store.getMember(s.memberId))!;
      const input = validSource({ kind: s.kind, url: patch.url, apiKey: patch.apiKey ?? deps.box.open(s.secret), verifyTls: patch.verifyTls, ...(s.caFile ? { caFile: s.caFile } : {}) });
      const check = await checkOrThrow(input, member.name);
      await edits().updateSource(id, { url: input.url, verifyTls: input.verifyTls, secret: patch.apiKey === undefined ? null : deps.box.seal(patch.apiKey), latencyMs: check.latencyMs, at: now() });
      deps.registry.forget(id);
      return publicSource((await store.getSource(id))!);
    },
    async addSource(memberId, input, opts = {}) {
      input = validSource(input);
      const member = await store.getMember(memberId);
      if (!member) throw new RenkeiError('not_found', `no member ${memberId}`);
      if (!opts.skipCheck) await checkOrThrow(input, member.name);
      return publicSource(await store.transaction((tx) => storeSource(tx, memberId, input, !opts.skipCheck)));
    },
    async removeSource(id) {
      if (!(await store.deleteSource(id))) throw new RenkeiError('not_found', `no source ${id}`);
      deps.registry.forget(id);
    },
    async testSource(id) {
      const s = await store.getSource(id);
      if (!s) throw new RenkeiError('not_found', `no source ${id}`);
      const m = (await store.getMember(s.memberId))!;
      const check = await withheld(s.url, await deps.registry.connector(s, m).check(AbortSignal.timeout(deps.checkTimeoutMs)));
      await store.setSourceStatus(id, check.ok ? 'ok' : 'error', check.ok ? null : check.message, check.latencyMs, now());
      return { ...check, code: check.ok ? 'source_ok' : checkCode(check.message) };
    },
    async requestSource(memberId, input, by) {
      if (!(await store.getMember(memberId))) throw new RenkeiError('not_found', `no member ${memberId}`);
      input = validSource(input);
      const row = await store.addSourceRequest({ memberId, kind: input.kind, url: input.url, secret: deps.box.seal(input.apiKey), verifyTls: input.verifyTls, requestedBy: by, requestedAt: now() });
      return publicRequest(row);
    },
    async listRequests(memberId) {
      return (await store.listSourceRequests(memberId)).map(publicRequest);
    },
    async approveRequest(id, by) {
      const r = await store.getSourceRequest(id);
      if (!r) throw new RenkeiError('not_found', `no source request ${id}`);
      if (r.state !== 'pending') throw new RenkeiError('conflict', `source request ${id} is already ${r.state}`);
      const member = (await store.getMember(r.memberId))!;
      const input = { kind: r.kind, url: r.url, apiKey: deps.box.open(r.secret), verifyTls: r.verifyTls };
      await checkOrThrow(input, member.name);
      const { row, source } = await store.transaction(async (tx) => {
        const source = await storeSource(tx, r.memberId, input, true);
        if (!(await tx.decideSourceRequest(id, { state: 'approved', by, at: now(), sourceId: source.id, note: null }))) throw new RenkeiError('conflict', `source request ${id} was decided meanwhile`);
        return { row: (await tx.getSourceRequest(id))!, source };
      });
      return { request: publicRequest(row), source: publicSource(source) };
    },
    async rejectRequest(id, by, note) {
      if (!(await store.decideSourceRequest(id, { state: 'rejected', by, at: now(), sourceId: null, note }))) {
        const r = await store.getSourceRequest(id);
        throw r ? new RenkeiError('conflict', `source request ${id} is already ${r.state}`) : new RenkeiError('not_found', `no source request ${id}`);
      }
      return publicRequest((await store.getSourceRequest(id))!);
    },
  };
  return svc;
}
