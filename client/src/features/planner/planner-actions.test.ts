import { beforeEach, describe, expect, it, vi } from 'vitest';
import { db } from '../../db/db.ts';
import { expandEvents, zonedToUtc } from '@ignition/shared/rules/recurrence.ts';
import type { Occ } from './planner-actions.ts';

const notices: Array<{ text: string; action?: { label: string; run: () => void } }> = [];
vi.mock('../../ui/notices.tsx', () => ({ notify: (text: string, _kind?: string, action?: { label: string; run: () => void }) => void notices.push({ text, action }) }));
const { createEvent, deleteOccurrence, editOccurrence, setCompleted } = await import('./planner-actions.ts');

const TZ = 'Europe/Berlin';
const occurrences = async () => expandEvents(await db.calendar_events.toArray(), '2026-03-01', '2026-04-06', TZ) as Occ[];
const undoLast = async () => {
  notices.at(-1)!.action!.run();
  await vi.waitFor(async () => expect(notices.at(-1)!.text).toBe('Undone'));
};

beforeEach(async () => {
  notices.length = 0;
  await Promise.all(db.tables.map((t) => t.clear()));
});

async function weeklyStandup() {
  return createEvent({
    title: 'Standup',
    description: null,
    event_type: 'meeting',
    start_time: zonedToUtc('2026-03-02', '09:00', TZ),
    end_time: zonedToUtc('2026-03-02', '09:30', TZ),
    all_day: false,
    color: null,
    recurrence: 'FREQ=WEEKLY;BYDAY=MO',
    linked_workout_id: null,
  });
}

describe('planner actions on the device', () => {
  it('moves one occurrence into an override, and undo puts the series back', async () => {
    const id = await weeklyStandup();
    const second = (await occurrences())[1];
    await editOccurrence(second, 'one', { start_time: zonedToUtc('2026-03-10', '14:00', TZ), end_time: zonedToUtc('2026-03-10', '14:30', TZ) }, TZ);
    expect((await db.calendar_events.get(id))!.exdates).toEqual(['2026-03-09']);
    const after = await occurrences();
    expect(after.map((o) => [o.occurrenceDate, o.override])).toEqual([
      ['2026-03-02', false],
      ['2026-03-09', true],
      ['2026-03-16', false],
      ['2026-03-23', false],
      ['2026-03-30', false],
    ]);
    // 09:00 in winter and in summer time alike (Berlin changes clocks on 29 March).
    expect(after.filter((o) => !o.override).map((o) => new Date(o.start).toLocaleTimeString('en-GB', { timeZone: TZ, hour: '2-digit', minute: '2-digit' }))).toEqual(['09:00', '09:00', '09:00', '09:00']);
    expect(await db.outbox_changes.count()).toBe(3);
    await undoLast();
    expect(await db.calendar_events.count()).toBe(1);
    expect((await db.calendar_events.get(id))!.exdates).toEqual([]);
  });

  it('records a completion once per occurrence, with its date, and guesses 15 XP', async () => {
    const id = await weeklyStandup();
    const [first] = await occurrences();
    await setCompleted(first, true);
    await setCompleted((await occurrences())[0], false);
    await setCompleted((await occurrences())[0], true);
    const events = await db.activity_events.toArray();
    expect(events.map((e) => [e.event_type, e.entity_id, e.metadata.occurrence_date, e.xp_earned, e.coins_earned])).toEqual([['planner_complete', id, '2026-03-02', 15, 5]]);
    expect((await db.calendar_events.get(id))!.completed_dates).toEqual(['2026-03-02']);
    expect((await occurrences())[0].completed).toBe(true);
  });

  it('deletes a whole series with its overrides, and undo brings both back under new ids', async () => {
    await weeklyStandup();
    await editOccurrence((await occurrences())[2], 'one', { title: 'Standup (moved)' }, TZ);
    await deleteOccurrence((await occurrences())[0], 'all');
    expect(await db.calendar_events.count()).toBe(0);
    await undoLast();
    const rows = await db.calendar_events.toArray();
    const parent = rows.find((r) => !r.recurrence_parent_id)!;
    expect(rows.find((r) => r.recurrence_parent_id)!.recurrence_parent_id).toBe(parent.id);
    expect((await occurrences()).map((o) => String(o.row.title))).toEqual(['Standup', 'Standup', 'Standup (moved)', 'Standup', 'Standup']);
  });
});
