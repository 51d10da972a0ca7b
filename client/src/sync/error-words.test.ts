import { describe, expect, it } from 'vitest';
import { rejectionNotices } from './error-words.ts';

const rej = (code: string, event_type = 'journal_entry') => ({ code, message: `server says ${code}`, event_type });

describe('telling the person what the server refused', () => {
  it('names each refusal when there are a few', () => {
    expect(rejectionNotices([rej('insufficient_coins', 'reward_purchase'), rej('focus_overlap', 'focus_complete')])).toEqual({
      lines: ['Purchase: Not enough coins — server says insufficient_coins', 'Focus session: Overlaps another focus session that was already counted — server says focus_overlap'],
      summary: false,
    });
    expect(rejectionNotices([])).toEqual({ lines: [], summary: false });
  });

  it('sums many up in one line, by reason, the most frequent first', () => {
    const many = [...Array.from({ length: 8 }, () => rej('daily_cap_reached')), ...Array.from({ length: 3 }, () => rej('already_rewarded')), rej('mystery_code')];
    expect(rejectionNotices(many)).toEqual({
      lines: ['12 items were not counted: 8 × Daily limit reached, 3 × Already rewarded, 1 × server says mystery_code'],
      summary: true,
    });
  });
});
