/** The form a member uses to share an observation: 5W1H essentials, two-of-three, TLP, audience, anonymity. */
import { useState, type FormEvent } from 'react';
import { OBSERVATION_CATEGORIES, SHARING_QUALITIES, type SharingQuality } from '../../../core/observations/model.ts';
import { TLP_LEVELS } from '../../../core/sharing/tlp.ts';
import { ErrorMessage } from '../../components/error-message.tsx';
import { useMessages } from '../../i18n/i18n.tsx';
import { useSession } from '../../lib/session.tsx';
import { obsMessages } from './messages.ts';
import type { TopicGroupView } from './types.ts';

export function ObservationForm({ groups, onPosted }: { groups: TopicGroupView[]; onPosted: () => void }) {
  const m = useMessages(obsMessages);
  const { api } = useSession();
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [category, setCategory] = useState<string>('scanning');
  const [tlp, setTlp] = useState<string>('green');
  const [audience, setAudience] = useState('community');
  const [favours, setFavours] = useState<SharingQuality[]>(['speed', 'accuracy']);
  const [confidence, setConfidence] = useState('medium');
  const [purpose, setPurpose] = useState('');
  const [use, setUse] = useState('awareness');
  const [indicators, setIndicators] = useState('');
  const [anonymous, setAnonymous] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [sent, setSent] = useState(false);
  const [local, setLocal] = useState<string | null>(null);

  const toggle = (q: SharingQuality): void => setFavours((f) => (f.includes(q) ? f.filter((x) => x !== q) : [...f, q]));
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setError(null);
    setSent(false);
    if (favours.length !== 2) return setLocal(m('post.pickTwo'));
    setLocal(null);
    try {
      await api.sendJson('POST', '/observations', {
        title, body, category, tlp, favours, confidence, anonymous,
        audience: audience === 'community' ? { kind: 'community' } : { kind: 'group', groupId: Number(audience) },
        fiveW1H: { purpose, use },
        indicators: indicators.split('\n').map((s) => s.trim()).filter(Boolean),
      });
      setSent(true);
      setTitle('');
      setBody('');
      setIndicators('');
      onPosted();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <form className="card" onSubmit={(e) => void submit(e)}>
      <h3>{m('post.title')}</h3>
      <label>{m('post.heading')} <input value={title} onChange={(e) => setTitle(e.target.value)} required maxLength={200} /></label>
      <label>{m('post.body')} <textarea value={body} onChange={(e) => setBody(e.target.value)} rows={4} /></label>
      <label>{m('post.category')}{' '}
        <select value={category} onChange={(e) => setCategory(e.target.value)}>
          {OBSERVATION_CATEGORIES.map((c) => <option key={c} value={c}>{m(`cat.${c}`)}</option>)}
        </select>
      </label>
      <label>{m('post.tlp')}{' '}
        <select value={tlp} onChange={(e) => setTlp(e.target.value)}>
          {TLP_LEVELS.map((l) => <option key={l} value={l}>{`TLP:${l.toUpperCase()}`}</option>)}
        </select>
      </label>
      <label>{m('post.audience')}{' '}
        <select value={audience} onChange={(e) => setAudience(e.target.value)}>
          <option value="community">{m('post.audienceCommunity')}</option>
          {groups.filter((g) => g.joined && g.active).map((g) => <option key={g.id} value={String(g.id)}>{m('post.audienceGroup', { name: g.name })}</option>)}
        </select>
      </label>
      <fieldset>
        <legend>{m('post.favours')}</legend>
        {SHARING_QUALITIES.map((q) => (
          <label key={q}><input type="checkbox" checked={favours.includes(q)} onChange={() => toggle(q)} /> {m(`q.${q}`)}</label>
        ))}
      </fieldset>
      <label>{m('post.confidence')}{' '}
        <select value={confidence} onChange={(e) => setConfidence(e.target.value)}>
          {(['low', 'medium', 'high'] as const).map((c) => <option key={c} value={c}>{m(`conf.${c}`)}</option>)}
        </select>
      </label>
      <label>{m('post.purpose')} <input value={purpose} onChange={(e) => setPurpose(e.target.value)} maxLength={500} /></label>
      <label>{m('post.use')}{' '}
        <select value={use} onChange={(e) => setUse(e.target.value)}>
          {(['block', 'watch', 'awareness'] as const).map((u) => <option key={u} value={u}>{m(`use.${u}`)}</option>)}
        </select>
      </label>
      <label>{m('post.indicators')} <textarea value={indicators} onChange={(e) => setIndicators(e.target.value)} rows={3} /></label>
      <label><input type="checkbox" checked={anonymous} onChange={(e) => setAnonymous(e.target.checked)} /> {m('post.anonymous')}</label>
      {local && <p role="alert">{local}</p>}
      {error !== null && <ErrorMessage error={error} />}
      {sent && <p role="status">{m('post.sent')}</p>}
      <button type="submit">{m('post.submit')}</button>
    </form>
  );
}
