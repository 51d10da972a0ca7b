import { describe, expect, it } from 'vitest';
import type { ResultSet } from '@libsql/client';
import { journalEntry } from '../src/services/sync/rewarders/journal-entry.ts';
import { workoutComplete } from '../src/services/sync/rewarders/workout-complete.ts';
import { REWARDERS } from '../src/services/sync/rewarders/registry.ts';
import { CLIENT_EVENT_TYPES } from '@ignition/shared/rules/economy-limits.ts';
import type { PlacedEvent, Row, WrittenRows } from '../src/services/sync/rewarders/types.ts';
import { NeedsInteractivePush } from '../src/services/sync/write-sink.ts';

/** The pure middle of the push: rewarders' facts and rewards from given rows, no database. */
const rs = (rows: Row[]) => ({ rows }) as unknown as ResultSet;
const written = (tables: Record<string, Record<string, Row>>): WrittenRows => new Map(Object.entries(tables).map(([t, rows]) => [t, new Map(Object.entries(rows))]));
const ev = (over: Partial<PlacedEvent>): PlacedEvent => ({ id: 'e1', event_type: 'journal_entry', entity_id: 'j1', created_at: '2026-03-10T12:00:00.000Z', local_date: '2026-03-10', ...over });
const none = () => ({ count: 0, xp: 0 });

describe('journal_entry rewarder', () => {
  const q = (w: WrittenRows = new Map()) => ({ userId: 'u', events: [ev({})], written: w });
  it.each([
    ['its own stored date', [{ id: 'j1', date: '2026-03-08' }], new Map(), '2026-03-08', false],
    ['the date this push writes over the stored one', [{ id: 'j1', date: '2026-03-08' }], written({ journal_entries: { j1: { date: '2026-03-09' } } }), '2026-03-09', false],
    ['today there for a date ahead of it', [], written({ journal_entries: { j1: { date: '2026-04-01' } } }), '2026-03-11', false],
    ['nothing (too old) before the first paid day', [{ id: 'j1', date: '1999-01-01' }], new Map(), '2026-03-10', true],
  ] as const)('pays an entry on %s', (_what, stored, w, day, tooOld) => {
    const facts = journalEntry.facts([rs([...stored])], q(w));
    const e = ev({});
    journalEntry.place!(e, facts, { todayThere: '2026-03-11', earliestDay: '2000-01-01' });
    expect(e.local_date).toBe(day);
    expect(!!e.tooOld).toBe(tooOld);
  });
  it('pays the first entry of a day and refuses the second (daily cap)', () => {
    const facts = journalEntry.facts([rs([{ id: 'j1', date: '2026-03-10' }])], q());
    expect('xp' in journalEntry.reward(ev({}), facts.get('j1'), facts, { userId: 'u', today: none }).result).toBe(true);
    expect('rejected' in journalEntry.reward(ev({}), facts.get('j1'), facts, { userId: 'u', today: () => ({ count: 1, xp: 10 }) }).result).toBe(true);
  });
  it('reads the dates a push writes to its entries, for the daily caps', () => {
    expect(journalEntry.dates!(q(written({ journal_entries: { j1: { date: '2026-03-09' }, other: { date: '2026-01-01' } } })))).toEqual(['2026-03-09']);
  });
});

describe('workout_complete rewarder', () => {
  const e = ev({ event_type: 'workout_complete', entity_id: 's1' });
  const set = (id: string, n: number, weight: number, reps: number, extra: Row = {}): Row => ({ id, session_id: 's1', exercise_id: 'squat', set_number: n, weight, reps, is_warmup: 0, ...extra });
  it('counts the working sets of the session as stored with this push laid over, and finds its records against earlier sessions', () => {
    const q = { userId: 'u', events: [e], written: written({ workout_sessions: { s1: { completed_at: '2026-03-10T11:00:00.000Z' } }, workout_sets: { b: { reps: 6 }, c: { session_id: 's1', exercise_id: 'squat', set_number: 3, weight: 110, reps: 3, is_warmup: 0 } } }) };
    const facts = workoutComplete.facts(
      [
        rs([{ id: 's1', user_id: 'u', completed_at: null }]),
        rs([set('a', 1, 60, 10, { is_warmup: 1 }), set('b', 2, 100, 0)]),
        rs([{ id: 'old', session_id: 's0', exercise_id: 'squat', weight: 100, reps: 5, is_warmup: 0, session_completed_at: '2026-03-01T10:00:00.000Z' }]),
      ],
      q,
    );
    const row = workoutComplete.entity(facts, 's1');
    expect(row?.completed_at).toBe('2026-03-10T11:00:00.000Z');
    const out = workoutComplete.reward(e, row, facts, { userId: 'u', today: none });
    expect(out.meta).toEqual({ sets: 3 });
    expect('xp' in out.result).toBe(true);
    // 110 kg beats the 100 kg of the earlier session; 100 × 6 beats 100 × 5.
    expect(out.follow!.records.map((r) => `${r.record_type}:${r.set_id}`).sort()).toContain('weight:c');
    expect(out.follow!.events.every((x) => x.event_type === 'personal_record')).toBe(true);
  });
  it('leaves a push that also writes another session to the interactive push', () => {
    const q = { userId: 'u', events: [e], written: written({ workout_sessions: { s1: {}, s2: {} } }) };
    expect(() => workoutComplete.facts([rs([]), rs([]), rs([])], q)).toThrow(NeedsInteractivePush);
  });
});

describe('the registry', () => {
  it('names each rewarder under its own event type', () => {
    for (const [type, rw] of Object.entries(REWARDERS)) expect(rw.type).toBe(type);
  });

  it('has one rewarder for every event type a client may send (reconcileEvents has no code of its own for any)', () => {
    expect(Object.keys(REWARDERS).sort()).toEqual([...CLIENT_EVENT_TYPES].sort());
  });
});
