import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Client, InStatement, ResultSet } from '@libsql/client';
import type { PushEvent, PushResponse, RowChange } from '@ignition/shared/sync/protocol.ts';
import { openDatabase } from '../src/db/client.ts';
import type { RoundTripClient } from '../src/db/round-trips.ts';
import { migrate } from '../src/db/migrate.ts';
import { seedSharedContent } from '../src/db/seed-content.ts';
import { fallbacks, plannable, plannedPush } from '../src/services/sync/planned-push.ts';
import { pushForUser } from '../src/services/sync-push-service.ts';
import { descendantReads } from '../src/services/sync/apply-changes.ts';
import { backupChunks } from '../src/services/backup-service.ts';
import { restoreBackup } from '../src/services/admin-restore-service.ts';
import { readingSession } from '../src/services/sync/rewarders/reading-session.ts';
import { plannerComplete } from '../src/services/sync/rewarders/planner-complete.ts';
import { goalMilestone } from '../src/services/sync/rewarders/goal-milestone.ts';
import type { PlacedEvent, Row, WrittenRows } from '../src/services/sync/rewarders/types.ts';
import { hlc, id, journal } from './sync-helpers.ts';

/**
 * The reading, planner and milestone rewarders, deletes on the planned push and the admin
 * restore's version step: pure rewarders without a database, then the same pushes made the
 * planned way (through @libsql/client, one read batch and one write batch) and the interactive
 * way on two databases with the same rows, which must end the same.
 */

const rs = (rows: Row[]) => ({ rows }) as unknown as ResultSet;
const written = (tables: Record<string, Record<string, Row>>): WrittenRows => new Map(Object.entries(tables).map(([t, rows]) => [t, new Map(Object.entries(rows))]));
const ev = (over: Partial<PlacedEvent>): PlacedEvent => ({ id: 'e1', event_type: 'reading_session', entity_id: 's1', created_at: '2026-03-10T12:00:00.000Z', local_date: '2026-03-10', ...over });
const none = () => ({ count: 0, xp: 0 });
const stmts = (list: InStatement[]) => list.map((s) => (typeof s === 'string' ? { sql: s, args: [] } : s));

describe('reading_session rewarder', () => {
  const e = ev({});
  const q = (w: WrittenRows = new Map()) => ({ userId: 'u', events: [e], written: w });
  it('reads the books of the sessions as stored and as this push writes them', () => {
    const [sessions, books] = stmts(readingSession.reads(q(written({ reading_sessions: { s1: { book_id: 'b2' } } }))));
    expect(sessions.args).toEqual(['u', 's1']);
    expect(books.args).toEqual(['u', 'u', 's1', '["b2"]']);
  });
  it('pays the pages of the session as this push writes it, against the book it writes', () => {
    const facts = readingSession.facts([rs([{ id: 's1', book_id: 'b1', pages_read: 5 }]), rs([{ id: 'b1', total_pages: 10, current_page: 0 }])], q(written({ reading_sessions: { s1: { pages_read: 50, end_page: 50 } }, books: { b1: { total_pages: 300 } } })));
    const row = readingSession.entity(facts, 's1');
    const out = readingSession.reward(e, row, facts, { userId: 'u', today: none });
    expect(out.result).toEqual({ xp: 10, coins: 5, skill: 'knowledge' });
    expect(out.meta).toEqual({ pages: 50 });
  });
  it('refuses more pages than the stored book has, and a session that is not the person’s', () => {
    const facts = readingSession.facts([rs([{ id: 's1', book_id: 'b1', pages_read: 40, end_page: 40 }]), rs([{ id: 'b1', total_pages: 30, current_page: 0 }])], q());
    expect(readingSession.reward(e, readingSession.entity(facts, 's1'), facts, { userId: 'u', today: none }).result).toMatchObject({ rejected: 'pages_exceed_book' });
    expect(readingSession.entity(facts, 'someone-elses')).toBeUndefined();
  });
});

describe('planner_complete rewarder', () => {
  const e = ev({ event_type: 'planner_complete', entity_id: 'o1', metadata: { occurrence_date: '2026-03-05' } });
  const q = (w: WrittenRows = new Map()) => ({ userId: 'u', events: [e], written: w });
  it('reads the rewards of the series of the rows, stored and written by this push', () => {
    const [, series] = stmts(plannerComplete.reads(q(written({ calendar_events: { o1: { recurrence_parent_id: 'series' } } }))));
    expect(series.sql).toMatch(/recurrence_parent_id FROM calendar_events/);
    expect(series.args).toEqual(['u', 'u', 'o1', '["series"]']);
  });
  it('knows the series’ rewards (a moved occurrence is paid once) and pays an occurrence its row marks done', () => {
    const facts = plannerComplete.facts(
      [rs([{ id: 'o1', recurrence_parent_id: 'series', completed_dates: null, completed: 0 }]), rs([{ event_type: 'planner_complete', entity_id: 'series', occ: '2026-03-05' }])],
      q(written({ calendar_events: { o1: { completed_dates: '["2026-03-05"]' } } })),
    );
    expect([...plannerComplete.rewardedKeys!(facts)]).toEqual(['planner_complete|series|2026-03-05']);
    const out = plannerComplete.reward(e, plannerComplete.entity(facts, 'o1'), facts, { userId: 'u', today: none, timezone: 'UTC' });
    expect(out.result).toEqual({ xp: 15, coins: 5, skill: 'proficiency' });
    expect(out.meta).toEqual({ occurrence_date: '2026-03-05' });
  });
  it('refuses an occurrence the row does not mark done, a date that is not one, and past the daily cap', () => {
    const facts = plannerComplete.facts([rs([{ id: 'o1', completed_dates: '["2026-03-04"]', completed: 0 }]), rs([])], q());
    const row = plannerComplete.entity(facts, 'o1');
    expect(plannerComplete.reward(e, row, facts, { userId: 'u', today: none }).result).toMatchObject({ rejected: 'not_completed' });
    expect(plannerComplete.reward({ ...e, metadata: { occurrence_date: 'soon' } }, row, facts, { userId: 'u', today: none }).result).toMatchObject({ rejected: 'not_completed' });
    const done = plannerComplete.facts([rs([{ id: 'o1', completed: 1 }]), rs([])], q());
    expect(plannerComplete.reward(e, plannerComplete.entity(done, 'o1'), done, { userId: 'u', today: () => ({ count: 10, xp: 150 }) }).result).toMatchObject({ rejected: 'daily_cap_reached' });
  });
  it('takes the occurrence from the row’s original start in the person’s zone when the event names none', () => {
    const facts = plannerComplete.facts([rs([{ id: 'o1', original_start: '2026-03-05T23:30:00.000Z', completed: 1 }]), rs([])], q());
    const out = plannerComplete.reward({ ...e, metadata: {} }, plannerComplete.entity(facts, 'o1'), facts, { userId: 'u', today: none, timezone: 'Asia/Tokyo' });
    expect(out.meta).toEqual({ occurrence_date: '2026-03-06' });
  });
});

describe('goal_milestone rewarder', () => {
  const e = ev({ event_type: 'goal_milestone', entity_id: 'm1' });
  const q = (w: WrittenRows = new Map()) => ({ userId: 'u', events: [e], written: w });
  it('pays a completed milestone of the person’s goal in the goal’s skill, as this push writes them', () => {
    const facts = goalMilestone.facts([rs([{ id: 'm1', goal_id: 'g1', completed: 0 }]), rs([{ id: 'g1', skill_id: 'vitality' }])], q(written({ goal_milestones: { m1: { completed: 1 } }, goals: { g1: { skill_id: 'knowledge' } } })));
    expect(goalMilestone.reward(e, undefined, facts, { userId: 'u', today: none }).result).toEqual({ xp: 40, coins: 20, skill: 'knowledge' });
  });
  it('pays a new milestone under a goal this push makes', () => {
    const facts = goalMilestone.facts([rs([]), rs([])], q(written({ goals: { g2: { title: 'G' } }, goal_milestones: { m1: { goal_id: 'g2', completed: 1 } } })));
    expect(goalMilestone.reward(e, undefined, facts, { userId: 'u', today: none }).result).toEqual({ xp: 40, coins: 20, skill: 'proficiency' });
  });
  it('refuses a milestone whose goal is not the person’s, and one not completed', () => {
    const theirs = goalMilestone.facts([rs([{ id: 'm1', goal_id: 'their_goal', completed: 1 }]), rs([])], q());
    expect(goalMilestone.reward(e, undefined, theirs, { userId: 'u', today: none }).result).toMatchObject({ rejected: 'unknown_entity' });
    const open = goalMilestone.facts([rs([{ id: 'm1', goal_id: 'g1', completed: 0 }]), rs([{ id: 'g1', skill_id: null }])], q());
    expect(goalMilestone.reward(e, undefined, open, { userId: 'u', today: none }).result).toMatchObject({ rejected: 'not_completed' });
  });
});

describe('descendantReads', () => {
  it('reads every level under the deleted rows in one statement per child relation, and nothing for a table without children or an unknown one', () => {
    const { stmts, take } = descendantReads([
      { table: 'workouts', id: 'w1' },
      { table: 'journal_entries', id: 'j1' },
      { table: '__proto__', id: 'x' },
      { table: 'toString', id: 'y' },
    ]);
    expect(stmts).toHaveLength(2); // sections, then exercises under them
    const map = take([rs([{ id: 's1', parent: 'w1' }, { id: 's2', parent: 'w1' }]), rs([{ id: 'x1', parent: 's1' }])]);
    expect(map.get('workouts:w1')).toEqual([
      { table: 'workout_sections', id: 's1' },
      { table: 'workout_sections', id: 's2' },
    ]);
    expect(map.get('workout_sections:s1')).toEqual([{ table: 'workout_exercises', id: 'x1' }]);
    // read, with no rows under it
    expect(map.get('workout_sections:s2')).toEqual([]);
    expect(map.get('workout_exercises:x1')).toEqual([]);
  });
});

/** Two databases with the same rows: one pushed to the planned way, one the interactive way. */
const NOW = new Date('2026-03-10T12:00:00.000Z');
const userId = 'u_small';
const otherId = 'u_small_other';
let dir: string;
const dbs: Record<'planned' | 'interactive', Client> = {} as never;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ignition-small-'));
  for (const name of ['planned', 'interactive'] as const) {
    const db = await openDatabase(`file:${join(dir, `${name}.db`)}`, undefined, { driver: 'client' });
    await migrate(db);
    await seedSharedContent(db);
    for (const [u, email] of [
      [userId, 's@example.com'],
      [otherId, 'o@example.com'],
    ])
      await db.execute({ sql: "INSERT INTO users (id, email, name, created_at) VALUES (?, ?, 'S', '2026-01-01T00:00:00.000Z')", args: [u, email] });
    dbs[name] = db;
  }
});
afterAll(() => {
  for (const db of Object.values(dbs)) db.close();
  rmSync(dir, { recursive: true, force: true });
});
afterEach(() => {
  vi.unstubAllEnvs();
});

type Body = { changes: RowChange[]; events: PushEvent[] };
const up = (table: string, rowId: string, fields: Record<string, unknown>): RowChange => ({ table, id: rowId, op: 'upsert', fields, hlc: hlc(NOW.getTime() - 3_600_000) }) as RowChange;
const del = (table: string, rowId: string): RowChange => ({ table, id: rowId, op: 'delete', hlc: hlc(NOW.getTime() - 3_600_000) }) as RowChange;
const event = (type: string, entity: string, over: Partial<PushEvent> = {}): PushEvent =>
  ({ id: id(), event_type: type, entity_id: entity, created_at: '2026-03-10T09:00:00.000Z', local_date: '2026-03-10', xp_earned: 999, coins_earned: 999, ...over }) as PushEvent;
const comparable = (r: PushResponse) => ({ accepted: r.accepted, rejected: r.rejected, changeErrors: r.changeErrors, progress: r.progress, streaks: r.streaks });

/** The push made both ways: the planned one must not fall back; both must answer alike. */
async function both(body: Body, user = userId): Promise<PushResponse> {
  vi.stubEnv('PUSH_PLAN_STRICT', '1');
  const seen = fallbacks.length;
  const planned = await plannedPush(dbs.planned, user, structuredClone(body), () => NOW);
  expect(fallbacks.slice(seen)).toEqual([]);
  expect(planned).not.toBeNull();
  vi.stubEnv('PUSH_PATH', 'interactive');
  const interactive = await pushForUser({ db: dbs.interactive, env: {} as never, now: () => NOW }, { id: user }, structuredClone(body));
  expect(comparable(planned!)).toEqual(comparable(interactive));
  return planned!;
}

/** What the two databases hold for the economy and the change log: the same on both. */
async function sameState() {
  const read = async (db: Client) => {
    const q = async (sql: string) => (await db.execute(sql)).rows.map((r) => ({ ...r }));
    return {
      events: await q('SELECT id, user_id, event_type, entity_id, xp_earned, coins_earned, skill_id, local_date, metadata FROM activity_events ORDER BY id'),
      progress: await q('SELECT user_id, total_xp, coins, level FROM user_progress ORDER BY user_id'),
      log: await q('SELECT table_name, row_id, user_id, clocks, deleted FROM sync_rows ORDER BY table_name, row_id'),
      milestones: await q('SELECT id, goal_id, completed FROM goal_milestones ORDER BY id'),
      sections: await q('SELECT id, workout_id FROM workout_sections ORDER BY id'),
      exercises: await q('SELECT id, section_id FROM workout_exercises ORDER BY id'),
      subtasks: await q('SELECT id, task_id FROM task_subtasks ORDER BY id'),
    };
  };
  const [a, b] = [await read(dbs.planned), await read(dbs.interactive)];
  expect(a).toEqual(b);
  return a;
}

describe('the planned push and the interactive push agree', () => {
  it('on reading sessions: the book and its session in one push, a second session past the book’s end, a replayed session', async () => {
    const book = id();
    const s1 = id();
    const s2 = id();
    const first = await both({
      changes: [up('books', book, { title: 'Dune', total_pages: 300, current_page: 0, status: 'reading' }), up('reading_sessions', s1, { book_id: book, pages_read: 25, end_page: 25, date: '2026-03-10' })],
      events: [event('reading_session', s1)],
    });
    expect(first.accepted).toHaveLength(1);
    const second = await both({ changes: [up('reading_sessions', s2, { book_id: book, pages_read: 20, end_page: 320, date: '2026-03-10' })], events: [event('reading_session', s2), event('reading_session', s1)] });
    expect(second.rejected.map((r) => r.code).sort()).toEqual(['already_rewarded', 'pages_exceed_book']);
    await sameState();
  });

  it('on planner events: an occurrence paid once, also when it is moved into an override row (in the push that makes it, and later)', async () => {
    const series = id();
    const override = id();
    const first = await both({
      changes: [up('calendar_events', series, { title: 'Run', start_time: '2026-03-01T07:00:00.000Z', recurrence: 'FREQ=DAILY', completed_dates: ['2026-03-05'] })],
      events: [event('planner_complete', series, { metadata: { occurrence_date: '2026-03-05' } })],
    });
    expect(first.accepted).toHaveLength(1);
    // The 5th moved to the 6th: an override of the series, done; its event is the series' occurrence, already paid.
    const moved = await both({
      changes: [up('calendar_events', override, { title: 'Run', start_time: '2026-03-06T08:00:00.000Z', recurrence_parent_id: series, original_start: '2026-03-05T07:00:00.000Z', completed: true })],
      events: [event('planner_complete', override, { metadata: { occurrence_date: '2026-03-05' } })],
    });
    expect(moved.rejected.map((r) => r.code)).toEqual(['already_rewarded']);
    // Again later, with the override stored: still once.
    const later = await both({ changes: [], events: [event('planner_complete', override, { metadata: { occurrence_date: '2026-03-05' } })] });
    expect(later.rejected.map((r) => r.code)).toEqual(['already_rewarded']);
    // Another day of the series, not marked done, then done.
    const notDone = await both({ changes: [], events: [event('planner_complete', series, { metadata: { occurrence_date: '2026-03-07' } })] });
    expect(notDone.rejected.map((r) => r.code)).toEqual(['not_completed']);
    await sameState();
  });

  it('on milestones: the person’s own (in the goal’s skill), another person’s, one not completed', async () => {
    const goal = id();
    const done = id();
    const open = id();
    const theirGoal = id();
    const theirs = id();
    await both({ changes: [up('goals', theirGoal, { title: 'Theirs', skill_id: 'vitality' }), up('goal_milestones', theirs, { goal_id: theirGoal, title: 'T', completed: true })], events: [] }, otherId);
    const out = await both({
      changes: [up('goals', goal, { title: 'Mine', skill_id: 'knowledge' }), up('goal_milestones', done, { goal_id: goal, title: 'A', completed: true }), up('goal_milestones', open, { goal_id: goal, title: 'B', completed: false })],
      events: [event('goal_milestone', done), event('goal_milestone', open), event('goal_milestone', theirs)],
    });
    expect(out.accepted).toHaveLength(1);
    expect(out.rejected.map((r) => r.code).sort()).toEqual(['not_completed', 'unknown_entity']);
    const state = await sameState();
    expect(state.events.find((e) => e.entity_id === done)?.skill_id).toBe('knowledge');
  });

  it('on deletes: every row under the deleted ones gets a tombstone (two levels down, and a row this push puts under it), another person’s row is refused, unknown tables too', async () => {
    const exercise = String((await dbs.planned.execute('SELECT id FROM exercises ORDER BY id LIMIT 1')).rows[0].id);
    const workout = id();
    const [secA, secB] = [id(), id()];
    const [exA, exB] = [id(), id()];
    const task = id();
    const subtask = id();
    const goal = id();
    const milestone = id();
    const theirGoal = id();
    await both({ changes: [up('goals', theirGoal, { title: 'Theirs' })], events: [] }, otherId);
    await both({
      changes: [
        up('workouts', workout, { name: 'Legs' }),
        up('workout_sections', secA, { workout_id: workout, name: 'Warm', section_type: 'warmup', order_index: 0 }),
        up('workout_sections', secB, { workout_id: workout, name: 'Main', section_type: 'main', order_index: 1 }),
        up('workout_exercises', exA, { section_id: secA, exercise_id: exercise, sets: 2 }),
        up('workout_exercises', exB, { section_id: secB, exercise_id: exercise, sets: 3 }),
        up('tasks', task, { title: 'Do it' }),
        up('task_subtasks', subtask, { task_id: task, title: 'Part' }),
        up('goals', goal, { title: 'G' }),
      ],
      events: [],
    });
    const late = id();
    const out = await both({
      changes: [
        // a milestone made in this push, then its goal deleted: it goes too
        up('goal_milestones', milestone, { goal_id: goal, title: 'M' }),
        up('task_subtasks', late, { task_id: task, title: 'Late' }),
        del('task_subtasks', subtask),
        del('workouts', workout),
        del('tasks', task),
        del('goals', goal),
        del('goals', theirGoal),
        del('toString', 'x'),
        del('__proto__', 'y'),
        del('journal_entries', id()),
      ],
      events: [],
    });
    expect(out.changeErrors.map((e) => `${e.table}:${e.code}`).sort()).toEqual(['__proto__:unknown_table', 'goals:forbidden', 'toString:unknown_table']);
    const state = await sameState();
    const dead = new Set(state.log.filter((r) => r.deleted === 1).map((r) => `${r.table_name}:${r.row_id}`));
    for (const k of [`workouts:${workout}`, `workout_sections:${secA}`, `workout_sections:${secB}`, `workout_exercises:${exA}`, `workout_exercises:${exB}`, `tasks:${task}`, `task_subtasks:${subtask}`, `task_subtasks:${late}`, `goals:${goal}`, `goal_milestones:${milestone}`]) expect(dead).toContain(k);
    expect(dead).not.toContain(`goals:${theirGoal}`);
    expect([...state.sections.filter((r) => r.workout_id === workout), ...state.subtasks.filter((r) => r.task_id === task), ...state.milestones.filter((r) => r.goal_id === goal)]).toEqual([]);
    expect(state.exercises.filter((r) => r.id === exA || r.id === exB)).toEqual([]);
    // the subtask deleted before its task was tombstoned once, by its own delete
    expect(JSON.parse(String(state.log.find((r) => r.row_id === subtask)!.clocks))).toEqual({ _deleted: expect.any(String) });
  });

  it('deletes a workout with three sections of two exercises each in two round trips on the planned push (one read batch, one write batch)', async () => {
    const exercise = String((await dbs.planned.execute('SELECT id FROM exercises ORDER BY id LIMIT 1')).rows[0].id);
    const workout = id();
    const rows: RowChange[] = [up('workouts', workout, { name: 'Full' })];
    for (let i = 0; i < 3; i++) {
      const sec = id();
      rows.push(up('workout_sections', sec, { workout_id: workout, name: `S${i}`, section_type: 'main', order_index: i }));
      for (let k = 0; k < 2; k++) rows.push(up('workout_exercises', id(), { section_id: sec, exercise_id: exercise, sets: 1 }));
    }
    await both({ changes: rows, events: [] });
    const calls = (db: Client) => (db as unknown as RoundTripClient).counter.calls;
    const p0 = calls(dbs.planned);
    await both({ changes: [del('workouts', workout)], events: [] });
    expect(calls(dbs.planned) - p0).toBe(2);
    const state = await sameState();
    expect(state.log.filter((r) => r.deleted === 1 && ['workouts', 'workout_sections', 'workout_exercises'].includes(String(r.table_name))).length).toBeGreaterThanOrEqual(10);
  });

  it('plans deletes with follow-ups (decks, cards, focus sessions, habits, logs and skips), and leaves a delete beside events whose rewarder does not drop deleted rows to the interactive push', async () => {
    for (const table of ['flashcards', 'flashcard_decks', 'focus_sessions', 'habits', 'habit_logs', 'habit_skips']) expect(plannable({ changes: [del(table, 'x')], events: [] })).toBe(true);
    expect(plannable({ changes: [del('tasks', 'x'), del('books', 'y'), del('calendar_events', 'z')], events: [] })).toBe(true);
    vi.stubEnv('PUSH_PLAN_STRICT', '0'); // a fallback is what this asks for
    const seen = fallbacks.length;
    const j = journal('2026-03-09', '2026-03-09T12:00:00.000Z');
    const focusEvent = { ...(j.event as PushEvent), id: id(), event_type: 'review_complete', entity_id: id() };
    expect(await plannedPush(dbs.planned, userId, { changes: [del('tasks', id()), j.change as never], events: [focusEvent] }, () => NOW)).toBeNull();
    expect(fallbacks.slice(seen)).toEqual(['needs the interactive push: a delete and events in one push']);
  });
});

describe('an admin restore', () => {
  it('moves the version of every user it restores, so a planned push that read before it reads again', async () => {
    const db = dbs.planned;
    const version = async () => Number((await db.execute({ sql: 'SELECT sync_version FROM users WHERE id = ?', args: [userId] })).rows[0].sync_version);
    let text = '';
    for await (const chunk of backupChunks(db, NOW)) text += chunk;
    const before = await version();
    const j = journal('2026-03-10', '2026-03-10T11:00:00.000Z');
    const attempts: number[] = [];
    let restoredVersion = 0;
    const out = await plannedPush(db, userId, { changes: [j.change as never], events: [j.event as never] }, () => NOW, {
      onAttempt: async (n) => {
        attempts.push(n);
        if (n === 1) {
          // Between this push's read and its write: the backup taken at the version it read comes back.
          await restoreBackup({ db, env: {} as never, now: () => NOW }, null, text, { dryRun: false });
          restoredVersion = await version();
        }
      },
    });
    expect(restoredVersion).toBe(before + 1);
    expect(attempts).toEqual([1, 2]);
    expect(out?.accepted).toEqual([j.event.id]);
    expect(await version()).toBe(before + 2);
    expect((await db.execute({ sql: 'SELECT COUNT(*) AS n FROM journal_entries WHERE id = ?', args: [j.change.id] })).rows[0].n).toBe(1);
  });
});
