/**
 * Topic groups: the groups the organisation belongs to or owns (all of them for a hub admin), a form to
 * form one, the owner's requests to add organisations and the hub admin's approval of pending ones.
 */
import { useState, type FormEvent } from 'react';
import { GROUP_ACTIVE_MEMBERS } from '../../../core/observations/groups.ts';
import { ErrorMessage, Loading } from '../../components/error-message.tsx';
import { useMessages } from '../../i18n/i18n.tsx';
import { useAsync } from '../../lib/use-async.ts';
import { useSession } from '../../lib/session.tsx';
import { groupsMessages } from './groups-messages.ts';

interface Group {
  id: number;
  name: string;
  memberCount: number;
  active: boolean;
  joined: boolean;
  owned: boolean;
  pending: Array<{ orgId: number; name: string }>;
}
interface Org {
  id: number;
  name: string;
}

export function GroupsPage() {
  const m = useMessages(groupsMessages);
  const { api, me } = useSession();
  const data = useAsync(() => api.getJson<{ groups: Group[]; orgs: Org[] }>('/topic-groups'), [api]);
  const [name, setName] = useState('');
  const [invite, setInvite] = useState<number[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [note, setNote] = useState<string | null>(null);
  const hubAdmin = me?.user.role === 'hub-admin';
  const others = (data.data?.orgs ?? []).filter((o) => o.name !== me?.user.org);
  const act = async (fn: () => Promise<unknown>, done?: string): Promise<void> => {
    setError(null);
    setNote(null);
    try {
      await fn();
      if (done) setNote(done);
      data.reload();
    } catch (e) {
      setError(e);
    }
  };
  const create = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    await act(() => api.sendJson('POST', '/topic-groups', { name, orgIds: invite }), hubAdmin ? undefined : m('requested'));
    setName('');
    setInvite([]);
  };
  return (
    <div className="page">
      <h2>{m('title')}</h2>
      <p className="muted">{m('intro', { n: GROUP_ACTIVE_MEMBERS })}</p>
      {data.loading && !data.data && <Loading />}
      {data.error !== null && <ErrorMessage error={data.error} onRetry={data.reload} />}
      {error !== null && <ErrorMessage error={error} />}
      {note && <p role="status">{note}</p>}
      {data.data && data.data.groups.length === 0 && <p>{m('empty')}</p>}
      <ul className="groups">
        {data.data?.groups.map((g) => (
          <li key={g.id}>
            <section className="card" aria-label={g.name}>
              <h3>{g.name}</h3>
              <p>
                {m('members', { n: g.memberCount })} · {g.active ? m('active') : m('inactive', { n: GROUP_ACTIVE_MEMBERS })}
                {g.owned && <> · {m('owned')}</>}
                {g.joined && !g.owned && <> · {m('joined')}</>}
              </p>
              {g.pending.length > 0 && (
                <>
                  <h4>{m('pending')}</h4>
                  <ul>
                    {g.pending.map((p) => (
                      <li key={p.orgId}>
                        {p.name}
                        {hubAdmin && (
                          <>
                            {' '}<button type="button" onClick={() => void act(() => api.sendJson('POST', `/topic-groups/${g.id}/requests/${p.orgId}`, { approve: true }))}>{m('approve', { org: p.name })}</button>
                            {' '}<button type="button" onClick={() => void act(() => api.sendJson('POST', `/topic-groups/${g.id}/requests/${p.orgId}`, { approve: false }))}>{m('reject', { org: p.name })}</button>
                          </>
                        )}
                      </li>
                    ))}
                  </ul>
                </>
              )}
              {(g.owned || hubAdmin) && <AddOrg group={g} orgs={others} onAdd={(orgId) => void act(() => api.sendJson('POST', `/topic-groups/${g.id}/members`, { orgId }), hubAdmin ? undefined : m('requested'))} />}
            </section>
          </li>
        ))}
      </ul>
      <form className="card" onSubmit={(e) => void create(e)}>
        <h3>{m('create')}</h3>
        <label>{m('name')} <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={100} /></label>
        <fieldset>
          <legend>{m('invite')}</legend>
          {others.map((o) => (
            <label key={o.id}>
              <input type="checkbox" checked={invite.includes(o.id)} onChange={(e) => setInvite((l) => (e.target.checked ? [...l, o.id] : l.filter((x) => x !== o.id)))} /> {o.name}
            </label>
          ))}
        </fieldset>
        <button type="submit">{m('submit')}</button>
      </form>
    </div>
  );
}

function AddOrg({ group, orgs, onAdd }: { group: Group; orgs: Org[]; onAdd: (orgId: number) => void }) {
  const m = useMessages(groupsMessages);
  const [orgId, setOrgId] = useState('');
  const pending = new Set(group.pending.map((p) => p.orgId));
  return (
    <p>
      <label>{m('addOrg')}{' '}
        <select value={orgId} onChange={(e) => setOrgId(e.target.value)}>
          <option value="" />
          {orgs.filter((o) => !pending.has(o.id)).map((o) => <option key={o.id} value={o.id}>{o.name}</option>)}
        </select>
      </label>{' '}
      <button type="button" disabled={!orgId} onClick={() => onAdd(Number(orgId))}>{m('add')}</button>
    </p>
  );
}
