import { describe, expect, it } from 'vitest';
import { approvalOf, needsTerms, type SessionInfo } from './session.ts';

const user = (over: Partial<NonNullable<SessionInfo['user']>> = {}): NonNullable<SessionInfo['user']> => ({
  id: 'u1',
  email: 'a@example.com',
  name: 'A',
  role: 'user',
  approved: 1,
  denial_reason: null,
  tos_version: '2026-11-01',
  tos_accepted: 1,
  ...over,
});

describe('what the app asks of the signed-in person', () => {
  it('asks for the terms when the server’s version is newer or they were never accepted', () => {
    expect(needsTerms({ user: user(), tosVersion: '2026-11-01' })).toBe(false);
    expect(needsTerms({ user: user({ tos_version: '2025-01-01' }), tosVersion: '2026-11-01' })).toBe(true);
    expect(needsTerms({ user: user({ tos_version: null, tos_accepted: 0 }), tosVersion: '2026-11-01' })).toBe(true);
    expect(needsTerms({ user: null })).toBe(false);
    expect(needsTerms(undefined)).toBe(false);
  });

  it('tells pending, denied and approved accounts apart; admins are always approved', () => {
    expect(approvalOf({ user: user() })).toBe('approved');
    expect(approvalOf({ user: user({ approved: 0 }) })).toBe('pending');
    expect(approvalOf({ user: user({ approved: 0, denial_reason: 'spam' }) })).toBe('denied');
    expect(approvalOf({ user: user({ approved: 0, role: 'admin' }) })).toBe('approved');
    expect(approvalOf(null)).toBe('approved');
  });
});
