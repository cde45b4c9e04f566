/** The context of each hit of one value: event, tags, first/last seen, how it matched, warninglists, enrichment. */
import { useEffect, useRef } from 'react';
import type { ValueResult } from '../../contracts/hub-api.ts';
import type { MessageKey } from '../i18n/en.ts';
import { useI18n, useMessages } from '../i18n/i18n.tsx';
import { hitTagMessages, splitTags, TlpBadge, useThreatLevel } from './hit-tags.tsx';

/** Message keys of the match kinds (the labels ja.ts/en.ts already have). */
export const MATCH_KEYS: Record<string, MessageKey> = {
  exact: 'match.exact',
  composite: 'match.composite',
  cidr: 'match.cidr',
  subdomain: 'match.subdomain',
  'url-host': 'match.urlHost',
};

export function HitContextPanel({ row, onClose }: { row: ValueResult; onClose: () => void }) {
  const { t, formatDate } = useI18n();
  const m = useMessages(hitTagMessages);
  const threat = useThreatLevel();
  const e = row.enrichment;
  const ref = useRef<HTMLElement>(null);
  // Opened (or moved to another value): bring the panel into view and put focus in it; Esc closes it.
  useEffect(() => {
    ref.current?.scrollIntoView?.({ block: 'nearest' });
    ref.current?.focus({ preventScroll: true });
  }, [row.value, row.type]);
  useEffect(() => {
    const onKey = (ev: KeyboardEvent) => {
      if (ev.key === 'Escape') onClose();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [onClose]);
  return (
    <section ref={ref} tabIndex={-1} className="panel hit-context" aria-labelledby="hit-context-title">
      <div className="panel-head">
        <h3 id="hit-context-title">
          {t('context.title')}: <code>{row.value}</code> <span className="muted">({row.type})</span>
        </h3>
        <button type="button" onClick={onClose}>
          {t('common.close')}
        </button>
      </div>
      {e && (
        <p className="enrichment">
          {e.country && <span className="tag">{t('context.country', { country: e.country })}</span>}
          {e.asn !== null && <span className="tag">AS{e.asn} {e.asName ?? ''}</span>}
          {e.hosting && <span className="tag hosting">{e.hosting}</span>}
        </p>
      )}
      {row.details.length === 0 ? (
        <p className="muted">{t('context.noHits')}</p>
      ) : (
        <ul className="hits">
          {row.details.map((d, i) => (
            <li key={`${d.member}-${d.attribute.uuid}-${i}`} className="hit-card">
              <p>
                <strong>{d.member}</strong> · <span className="match">{t(MATCH_KEYS[d.match] ?? 'match.exact')}</span>
                {d.match !== 'exact' && (
                  <>
                    {' '}
                    → <code>{d.attribute.value}</code>
                  </>
                )}
              </p>
              <dl>
                <dt>{t('context.event')}</dt>
                <dd>
                  {d.event.info} <span className="muted">({d.event.date}, {d.event.orgc})</span>
                </dd>
                <dt>{t('context.attribute')}</dt>
                <dd>
                  {d.attribute.type} / {d.attribute.category}
                  {d.attribute.toIds ? ` · ${t('context.toIds')}` : ''}
                  {d.attribute.comment ? ` · ${d.attribute.comment}` : ''}
                </dd>
                <dt>{t('context.firstSeen')}</dt>
                <dd>{formatDate(d.attribute.firstSeen)}</dd>
                <dt>{t('context.lastSeen')}</dt>
                <dd>{formatDate(d.attribute.lastSeen ?? d.attribute.timestamp)}</dd>
                <dt>{m('threatLevel')}</dt>
                <dd>{threat(d.event.threatLevel)}</dd>
                <dt>{m('eventId')}</dt>
                <dd>
                  <code>{d.event.uuid}</code>
                </dd>
                {(() => {
                  const tags = splitTags([...d.event.tags, ...d.attribute.tags]);
                  return (
                    <>
                      <dt>{m('tlp')}</dt>
                      <dd>{tags.tlp ? <TlpBadge level={tags.tlp} /> : <span className="muted">—</span>}</dd>
                      {tags.galaxies.length > 0 && (
                        <>
                          <dt>{m('galaxies')}</dt>
                          <dd>
                            {tags.galaxies.map((g) => (
                              <span className="tag galaxy" key={`${g.galaxy}=${g.cluster}`}>
                                {g.galaxy}: {g.cluster}
                              </span>
                            ))}
                          </dd>
                        </>
                      )}
                      <dt>{t('context.tags')}</dt>
                      <dd>
                        {tags.plain.length === 0 ? (
                          <span className="muted">—</span>
                        ) : (
                          tags.plain.map((tag) => (
                            <span className="tag" key={tag}>
                              {tag}
                            </span>
                          ))
                        )}
                      </dd>
                    </>
                  );
                })()}
                {d.warninglists.length > 0 && (
                  <>
                    <dt>{t('context.warninglists')}</dt>
                    <dd>
                      {d.warninglists.map((w) => (
                        <span className="tag warn" key={w}>
                          ⚠ {w}
                        </span>
                      ))}
                    </dd>
                  </>
                )}
              </dl>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
