import { describe, expect, it } from 'vitest';
import { feedbackFieldError } from './feedback.ts';

describe('feedbackFieldError', () => {
  it('accepts what the Feedback page sends, of every kind', () => {
    for (const type of ['bug', 'feature', 'other']) expect(feedbackFieldError('user_feedback', { type, title: 'x', status: 'open', priority: 'medium' })).toBeNull();
    expect(feedbackFieldError('user_feedback', { description: 'more detail' })).toBeNull();
  });

  it('refuses an unknown kind and a device setting its own triage', () => {
    expect(feedbackFieldError('user_feedback', { type: 'rant' })).toMatch(/type must be one of bug, feature, other/);
    expect(feedbackFieldError('user_feedback', { type: null })).toMatch(/type/);
    for (const status of ['resolved', 'closed', 'in_progress', 'bogus', null]) expect(feedbackFieldError('user_feedback', { status })).toMatch(/status is set by an admin/);
    for (const priority of ['critical', 'high', 'low', null]) expect(feedbackFieldError('user_feedback', { priority })).toMatch(/priority is set by an admin/);
  });

  it('leaves other tables alone', () => {
    expect(feedbackFieldError('journal_entries', { status: 'resolved', type: 'rant' })).toBeNull();
  });
});
