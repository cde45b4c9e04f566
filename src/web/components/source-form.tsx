/** Adds a source (Renkei node or MISP) to a member: URL, key and TLS options. */
import { useState, type FormEvent } from 'react';
import type { Member } from '../../contracts/hub-api.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { useSession } from '../lib/session.tsx';
import { ErrorMessage } from './error-message.tsx';

export function SourceForm({ members, onAdded }: { members: Member[]; onAdded: () => void }) {
  const { t } = useI18n();
  const { api } = useSession();
  const [memberId, setMemberId] = useState<number | ''>(members[0]?.id ?? '');
  const [kind, setKind] = useState<'renkei' | 'misp'>('renkei');
  const [url, setUrl] = useState('');
  const [apiKey, setApiKey] = useState('');
  const [verifyTls, setVerifyTls] = useState(true);
  const [caFile, setCaFile] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [added, setAdded] = useState<string | null>(null);
  const [requested, setRequested] = useState(false);
  const selected = memberId === '' ? members[0]?.id : memberId;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (selected === undefined) return;
    setBusy(true);
    setError(null);
    setAdded(null);
    try {
      const out: unknown = await api.addSource(selected, { kind, url: url.trim(), apiKey: apiKey.trim(), verifyTls, ...(caFile.trim() ? { caFile: caFile.trim() } : {}) });
      // A member admin's source is a request until a hub admin approves it.
      setRequested(typeof out === 'object' && out !== null && 'request' in out);
      setAdded(url.trim());
      setUrl('');
      setApiKey('');
      onAdded();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="panel form" onSubmit={(e) => void submit(e)} aria-labelledby="add-source-title">
      <h3 id="add-source-title">{t('sources.add')}</h3>
      <label>
        {t('members.member')}
        <select value={selected ?? ''} onChange={(e) => setMemberId(Number(e.target.value))} required>
          {members.map((m) => (
            <option key={m.id} value={m.id}>
              {m.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('sources.kind')}
        <select value={kind} onChange={(e) => setKind(e.target.value as 'renkei' | 'misp')}>
          <option value="renkei">{t('sources.kindRenkei')}</option>
          <option value="misp">{t('sources.kindMisp')}</option>
        </select>
      </label>
      <label>
        {t('sources.url')}
        <input type="url" required value={url} onChange={(e) => setUrl(e.target.value)} placeholder="https://misp.example.org" />
      </label>
      <label>
        {t('sources.apiKey')}
        <input type="password" required autoComplete="off" value={apiKey} onChange={(e) => setApiKey(e.target.value)} />
      </label>
      <label className="check">
        <input type="checkbox" checked={verifyTls} onChange={(e) => setVerifyTls(e.target.checked)} />
        {t('sources.verifyTls')}
      </label>
      <label>
        {t('sources.caFile')}
        <input type="text" value={caFile} onChange={(e) => setCaFile(e.target.value)} placeholder="/etc/renkei/ca.pem" />
      </label>
      <div className="toolbar">
        <button type="submit" className="primary" disabled={busy || selected === undefined}>
          {busy ? t('common.saving') : t('sources.addButton')}
        </button>
      </div>
      {added && (
        <p role="status" className="ok-text">
          {t(requested ? 'sources.requested' : 'sources.added', { url: added })}
        </p>
      )}
      {error !== null && <ErrorMessage error={error} />}
    </form>
  );
}
