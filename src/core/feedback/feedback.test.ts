/** The pure feedback rules: MISP sighting types, comment bounds, the author label, member counting. */
import { describe, expect, it } from 'vitest';
import { aggregateFeedback, isEmptyAggregate } from './feedback-aggregate.ts';
import { ANONYMOUS_MEMBER, feedbackAuthor } from './feedback-author.ts';
import { feedbackCommentProblem, mispSightingSource, normaliseFeedbackComment, sightingSourceFor } from './feedback-comment.ts';
import { feedbackDigest } from './feedback-digest.ts';
import { feedbackKindOf, sightingTypeOf } from './feedback-kind.ts';

describe('feedback rules', () => {
  it('maps kinds to MISP sighting types and back', () => {
    expect([sightingTypeOf('seen'), sightingTypeOf('false_positive'), sightingTypeOf('expired')]).toEqual([0, 1, 2]);
    expect([feedbackKindOf(0), feedbackKindOf(1), feedbackKindOf(2)]).toEqual(['seen', 'false_positive', 'expired']);
  });

  it('bounds comments to one line of 200 characters (counted as characters, not UTF-16 units)', () => {
    expect(feedbackCommentProblem('社内プロキシで観測'.repeat(22).slice(0, 200))).toBeNull();
    expect(feedbackCommentProblem('x'.repeat(201))).toBe('too_long');
    expect(feedbackCommentProblem('🙂'.repeat(200))).toBeNull();
    expect(feedbackCommentProblem('a\nb')).toBe('control_characters');
    expect(normaliseFeedbackComment('  seen  ')).toBe('seen');
    expect(normaliseFeedbackComment(undefined)).toBe('');
  });

  it('names the organisation only when revealed, in sightings too', () => {
    expect(feedbackAuthor(true, 'Kaede CERT')).toBe('Kaede CERT');
    expect(feedbackAuthor(false, 'Kaede CERT')).toBe(ANONYMOUS_MEMBER);
    expect(sightingSourceFor('')).toBe('renkei');
    expect(sightingSourceFor('proxy')).toBe('renkei: proxy');
    expect(mispSightingSource('proxy', null)).toBe('renkei: proxy');
    expect(mispSightingSource('', 'Kaede CERT')).toBe('renkei (Kaede CERT)');
    expect([...mispSightingSource('x'.repeat(200), 'O'.repeat(200))].length).toBe(255);
  });

  it('counts members, not clicks', () => {
    const a = aggregateFeedback([
      { kind: 'seen', memberKey: '1' },
      { kind: 'seen', memberKey: '1' },
      { kind: 'seen', memberKey: '2' },
      { kind: 'false_positive', memberKey: '2' },
    ]);
    expect(a).toEqual({ seen: 2, falsePositive: 1, expired: 0 });
    expect(isEmptyAggregate(a)).toBe(false);
    expect(isEmptyAggregate(aggregateFeedback([]))).toBe(true);
  });

  it('digests every item field, so an assertion covers exactly the feedback sent', () => {
    const base = { searchId: 's', searcher: { name: 'A' }, items: [{ attributeUuid: 'u', kind: 'seen', reveal: true }] };
    const d = feedbackDigest(base);
    expect(feedbackDigest({ ...base, items: [{ ...base.items[0]!, reveal: false }] })).not.toBe(d);
    expect(feedbackDigest({ ...base, items: [{ ...base.items[0]!, comment: 'c' }] })).not.toBe(d);
    expect(feedbackDigest({ ...base, searcher: { name: 'B' } })).not.toBe(d);
    expect(feedbackDigest({ ...base })).toBe(d);
  });
});
