/** "a member" for anonymous items (unless this reader may know), else the organisation's name. */
import { useMessages } from '../../i18n/i18n.tsx';
import { obsMessages } from './messages.ts';
import type { VisibleAuthor } from './types.ts';

export function AuthorLabel({ author, mine }: { author: VisibleAuthor; mine: boolean }) {
  const m = useMessages(obsMessages);
  return (
    <span className="author">
      {author.org ? author.org.name : m('author.anonymous')}
      {mine ? ` ${m('author.mine')}` : ''}
    </span>
  );
}
