import { describe, expect, it } from 'vitest';
import { openIgnitionDb, type LocalEvent } from '../../db/db.ts';
import { newId, todayLocal } from '../../sync/outbox.ts';
import { addDays } from '@ignition/shared/dates.ts';
import { loadHistory, loadWins } from './progress-data.ts';

function event(event_type: string, daysAgo: number, extra: Partial<LocalEvent> = {}): LocalEvent {
  const local_date = addDays(todayLocal(), -daysAgo);
  return { id: newId(), event_type, entity_id: newId(), metadata: {}, created_at: `${local_date}T12:00:00.000Z`, local_date, xp_earned: 10, coins_earned: 5, sync_status: 'accepted', ...extra };
}

describe('the Progress page’s history', () => {
  it('charts the past year but totals the whole history (cards: every rating stored), leaving rejected events out of both', async () => {
    const db = openIgnitionDb(`progress-${newId()}`);
    const old = event('workout_complete', 800);
    const recent = event('workout_complete', 10);
    await db.activity_events.bulkPut([
      old,
      recent,
      event('workout_complete', 5, { sync_status: 'rejected', xp_earned: 0 }),
      event('lesson_complete', 900),
      event('lesson_complete', 1),
      event('review_complete', 3, { metadata: { card_ids: ['a', 'b'] } }),
    ]);
    // Cards: every rating stored, however old (one in 2024, two this week).
    await db.flashcard_reviews.bulkPut([
      { id: newId(), card_id: 'a', rating: 'good', reviewed_at: '2024-01-05T10:00:00.000Z' },
      { id: newId(), card_id: 'a', rating: 'easy', reviewed_at: `${todayLocal()}T08:00:00.000Z` },
      { id: newId(), card_id: 'b', rating: 'hard', reviewed_at: `${todayLocal()}T08:01:00.000Z` },
    ]);
    const h = await loadHistory(db);
    expect(h.totals).toMatchObject({ workouts: 2, lessons: 2, cards: 3 });
    // The chart and heatmap: the past year only, without the rejected ones.
    const ids = h.events.map((e) => e.id);
    expect(ids).toContain(recent.id);
    expect(ids).not.toContain(old.id);
    expect(h.events.every((e) => e.sync_status !== 'rejected')).toBe(true);
    expect(h.events).toHaveLength(3);
    db.close();
  });

  it('pages the wins feed newest first through the whole history, refused ones included', async () => {
    const db = openIgnitionDb(`wins-${newId()}`);
    const events = Array.from({ length: 7 }, (_, i) => event('journal_entry', i * 200));
    events[2] = { ...events[2], sync_status: 'rejected', reject_code: 'DAILY_CAP' };
    await db.activity_events.bulkPut([...events].reverse());
    const first = await loadWins(3, db);
    expect(first.events.map((e) => e.id)).toEqual(events.slice(0, 3).map((e) => e.id));
    expect(first.events[2].sync_status).toBe('rejected');
    expect(first.more).toBe(true);
    // Far older than the chart's year, still in the feed.
    const all = await loadWins(7, db);
    expect(all.events.map((e) => e.id)).toEqual(events.map((e) => e.id));
    expect(all.more).toBe(false);
    db.close();
  });
});
