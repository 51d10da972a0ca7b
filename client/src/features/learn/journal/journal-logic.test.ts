import { describe, expect, it } from 'vitest';
import { isBlank, journalIdFor, moodSeries, preview, searchEntries } from './journal-logic.ts';

describe('journal entries', () => {
  it('gives two devices of one person the same id for a day, and different people different ids', () => {
    expect(journalIdFor('u1', '2026-03-01')).toBe(journalIdFor('u1', '2026-03-01'));
    expect(journalIdFor('u1', '2026-03-01')).not.toBe(journalIdFor('u2', '2026-03-01'));
    expect(journalIdFor('u1', '2026-03-01')).not.toBe(journalIdFor('u1', '2026-03-02'));
    // Signed out: random, so it never collides with someone else's signed-out entry.
    expect(journalIdFor(null, '2026-03-01')).not.toBe(journalIdFor(null, '2026-03-01'));
    expect(journalIdFor('0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b', '2026-03-01').length).toBeLessThanOrEqual(64);
  });

  it('treats a blanked entry as no entry', () => {
    expect(isBlank({ content: '  ', mood: null })).toBe(true);
    expect(isBlank({ content: '', mood: 3 })).toBe(false);
    expect(isBlank(undefined)).toBe(true);
  });

  const entries = [
    { id: 'a', date: '2026-03-01', content: 'Rainy walk with the dog', mood: 2 },
    { id: 'b', date: '2026-03-03', content: 'Sunny day, long WALK', mood: 5 },
    { id: 'c', date: '2026-03-02', content: '', mood: null },
  ];

  it('searches by every word regardless of case, newest first, skipping blank entries', () => {
    expect(searchEntries(entries, 'walk').map((e) => e.id)).toEqual(['b', 'a']);
    expect(searchEntries(entries, 'walk dog').map((e) => e.id)).toEqual(['a']);
    expect(searchEntries(entries, '').map((e) => e.id)).toEqual(['b', 'a']);
  });

  it('charts mood day by day up to today, with gaps where there is no mood', () => {
    const s = moodSeries(entries, '2026-03-04', 3);
    expect(s.values).toEqual([2, null, 5, null]);
    expect(s.x[1] - s.x[0]).toBe(86400);
    expect(moodSeries(entries, '2026-03-04', 30).values).toHaveLength(30);
    expect(moodSeries([], '2026-03-04').x).toEqual([]);
  });

  it('previews markdown as plain text', () => {
    expect(preview('# Title\n**bold** and [link](http://x)')).toBe('Title bold and link http://x');
  });
});
