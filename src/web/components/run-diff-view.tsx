/** A comparison of two runs of a list, hit by hit (member and attribute): new hits and hits gone. */
import type { HitChange, RunComparison } from '../../contracts/workbench.ts';
import { useI18n, useMessages } from '../i18n/i18n.tsx';
import { workbenchMessages } from './workbench-messages.ts';

/** Hits listed per side (the counts stay exact). */
const SHOWN = 500;

function Changes({ label, list }: { label: string; list: HitChange[] }) {
  const m = useMessages(workbenchMessages);
  return (
    <div className="run-changes">
      <h4>{label}</h4>
      {list.length === 0 ? (
        <p className="muted">{m('none')}</p>
      ) : (
        <ul>
          {list.slice(0, SHOWN).map((c) => (
            <li key={`${c.type}:${c.value}:${c.member}:${c.attributeUuid}`}>
              <code>{c.value}</code> <span className="muted">({c.type}) {m('hitIn', { member: c.member, event: c.eventInfo })}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function RunDiffView({ diff }: { diff: RunComparison }) {
  const m = useMessages(workbenchMessages);
  const { formatDate } = useI18n();
  return (
    <div data-testid="run-compare">
      <p>
        {m('previous')} <a href={`#/search/${encodeURIComponent(diff.earlier.id)}`}>{formatDate(diff.earlier.createdAt)}</a> → <a href={`#/search/${encodeURIComponent(diff.later.id)}`}>{formatDate(diff.later.createdAt)}</a>
      </p>
      <Changes label={m('newHits', { n: diff.newHits.length })} list={diff.newHits} />
      <Changes label={m('goneHits', { n: diff.goneHits.length })} list={diff.goneHits} />
      <p className="muted">{m('kept', { n: diff.kept })}</p>
      {diff.skippedMembers.length > 0 && <p className="muted">{m('skipped', { members: diff.skippedMembers.join(', ') })}</p>}
      {(diff.onlyEarlier > 0 || diff.onlyLater > 0) && <p className="muted">{m('onlyOne', { earlier: diff.onlyEarlier, later: diff.onlyLater })}</p>}
    </div>
  );
}
