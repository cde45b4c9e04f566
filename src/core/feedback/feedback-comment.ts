/**
 * The optional comment on feedback. It ends up in a MISP sighting's `source` (255 characters there,
 * with a prefix), so it is short, one line, and free of control characters.
 */
export const MAX_FEEDBACK_COMMENT = 200;

/** Why a comment is refused (a stable code the UI translates), or null when it is acceptable. */
export function feedbackCommentProblem(comment: string): 'too_long' | 'control_characters' | null {
  if ([...comment].length > MAX_FEEDBACK_COMMENT) return 'too_long';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(comment)) return 'control_characters';
  return null;
}

/** The comment as stored: trimmed, empty meaning none. */
export function normaliseFeedbackComment(comment: string | undefined): string {
  return (comment ?? '').trim();
}

/** The MISP sighting `source` for feedback relayed by Renkei (≤ 255 characters). */
export function sightingSourceFor(comment: string): string {
  return comment === '' ? 'renkei' : `renkei: ${comment}`;
}

/**
 * The `source` of a sighting the hub adds to a MISP source, where the sighting's organisation is the hub
 * key's: a revealed author is named in it (anonymous feedback names nobody), cut to MISP's 255 characters.
 */
export function mispSightingSource(comment: string, author: string | null): string {
  const head = author === null ? 'renkei' : `renkei (${author})`;
  return [...(comment === '' ? head : `${head}: ${comment}`)].slice(0, 255).join('');
}
