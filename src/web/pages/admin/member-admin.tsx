/**
 * The hub operator's edits on the members page: rename or remove a member, edit (checked before it is
 * stored) or remove a source. A member admin removes its own member's sources only; analysts get none.
 */
import { useMemo, useState, type FormEvent } from 'react';
import type { Member, Source } from '../../../contracts/hub-api.ts';
import { useI18n, useMessages } from '../../i18n/i18n.tsx';
import { useSession } from '../../lib/session.tsx';
import { adminApi } from './admin-api.ts';
import { AdminError } from './admin-error.tsx';
import { adminMessages } from './messages.ts';

/** A button that asks once more before it acts (no modal dialog to trap focus). */
function ConfirmButton({ label, confirm, onConfirm }: { label: string; confirm: string; onConfirm: () => void }) {
  const [armed, setArmed] = useState(false);
  return (
    <>
      <button type="button" className={armed ? 'danger' : undefined} onClick={() => (armed ? (setArmed(false), onConfirm()) : setArmed(true))} onBlur={() => setArmed(false)}>
        {label}
      </button>
      {armed && (
        <span role="status" className="warning">
          {confirm}
        </span>
      )}
    </>
  );
}

function useAction(onDone: () => void) {
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const run = async (fn: () => Promise<string | null>) => {
    setError(null);
    setStatus(null);
    try {
      setStatus(await fn());
      onDone();
    } catch (e) {
      setError(e);
    }
  };
  const view = (
    <>
      {status && (
        <p role="status" className="ok-text">
          {status}
        </p>
      )}
      {error !== null && <AdminError error={error} />}
    </>
  );
  return { run, view };
}

/** Rename and remove, for a hub admin. */
export function MemberControls({ member, onChanged }: { member: Member; onChanged: () => void }) {
  const m = useMessages(adminMessages);
  const { api } = useSession();
  const admin = useMemo(() => adminApi(api), [api]);
  const [name, setName] = useState(member.name);
  const [open, setOpen] = useState(false);
  const { run, view } = useAction(onChanged);
  const rename = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const renamed = await admin.renameMember(member.id, name.trim());
      setOpen(false);
      return m('members.renamed', { name: renamed.name });
    });
  };
  return (
    <div className="member-controls">
      <details open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
        <summary>{m('members.rename')}</summary>
        <form className="form inline" onSubmit={rename} aria-label={`${m('members.rename')}: ${member.name}`}>
          <label>
            {m('members.renameTo', { name: member.name })}
            <input required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} />
          </label>
          <button type="submit" disabled={!name.trim() || name.trim() === member.name}>
            {m('members.save')}
          </button>
        </form>
      </details>
      <div className="toolbar">
        <ConfirmButton label={m('members.remove')} confirm={m('members.confirmRemove', { name: member.name })} onConfirm={() => void run(async () => (await admin.removeMember(member.id), m('members.removed', { name: member.name })))} />
      </div>
      {view}
    </div>
  );
}

/** Edit (hub admin) and remove (hub admin, the member's admin) one source. */
export function SourceControls({ source, canEdit, onChanged }: { source: Source; canEdit: boolean; onChanged: () => void }) {
  const { t } = useI18n();
  const m = useMessages(adminMessages);
  const { api } = useSession();
  const admin = useMemo(() => adminApi(api), [api]);
  const [url, setUrl] = useState(source.url);
  const [verifyTls, setVerifyTls] = useState(source.verifyTls);
  const [apiKey, setApiKey] = useState('');
  const { run, view } = useAction(onChanged);
  const save = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      await admin.editSource(source.id, { url: url.trim(), verifyTls, ...(apiKey ? { apiKey } : {}) });
      setApiKey('');
      return m('sources.saved');
    });
  };
  return (
    <div className="source-controls">
      {canEdit && (
        <details>
          <summary>{m('sources.edit')}</summary>
          <form className="form" onSubmit={save} aria-label={m('sources.editTitle', { url: source.url })}>
            <label>
              {t('sources.url')}
              <input type="url" required maxLength={2048} value={url} onChange={(e) => setUrl(e.target.value)} />
            </label>
            <label>
              {m('sources.newKey')}
              <input type="password" autoComplete="off" maxLength={1024} value={apiKey} onChange={(e) => setApiKey(e.target.value)} />
            </label>
            <label className="check">
              <input type="checkbox" checked={verifyTls} onChange={(e) => setVerifyTls(e.target.checked)} /> {t('sources.verifyTls')}
            </label>
            <div className="toolbar">
              <button type="submit" className="primary">
                {m('sources.saveEdit')}
              </button>
            </div>
          </form>
        </details>
      )}
      <div className="toolbar">
        <ConfirmButton label={m('sources.remove')} confirm={m('sources.confirmRemove')} onConfirm={() => void run(async () => (await api.deleteSource(source.id), null))} />
      </div>
      {view}
    </div>
  );
}
