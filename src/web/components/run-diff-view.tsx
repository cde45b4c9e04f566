/** A comparison of two runs of a list, hit by hit (member and attribute): new hits and hits gone. */
import type { HitChange, RunComparison } from '../../contracts/workbench.ts';
import { useI18n, useMessages } from '../i18n/i18n.tsx';
import { workbenchMessages } from './workbench-messages.ts';

/** Hits listed per side (the counts stay exact); past FIRST they fold under "more". */
const SHOWN = 500;
const FIRST = 10;

function Item({ c }: { c: HitChange }) {
  const m = useMessages(workbenchMessages);
  return (
    <li>
      <code>{c.value}</code> <span className="muted">({c.type}) {m('hitIn', { member: c.member, event: c.eventInfo })}</span>
    </li>
  );
}
const itemKey = (c: HitChange): string => `${c.type}:${c.value}:${c.member}:${c.attributeUuid}`;

function Changes({ label, list }: { label: string; list: HitChange[] }) {
  const m = useMessages(workbenchMessages);
  return (
    <div className="run-changes">
      <h4>{label}</h4>
      {list.length === 0 ? (
        <p className="muted">{m('none')}</p>
      ) : (
        <>
          <ul>
            {list.slice(0, FIRST).map((c) => (
              <Item key={itemKey(c)} c={c} />
            ))}
          </ul>
          {list.length > FIRST && (
            <details>
              <summary>{m('more', { n: Math.min(list.length, SHOWN) - FIRST })}</summary>
              <ul>
                {list.slice(FIRST, SHOWN).map((c) => (
                  <Item key={itemKey(c)} c={c} />
                ))}
              </ul>
            </details>
          )}
        </>
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
