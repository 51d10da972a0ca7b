import { levelForXp, skillLevelForXp, SKILLS } from '@ignition/shared/rules/levels.ts';
import { computeDailyStreak, continueDailyStreak, type DailyStreak } from '@ignition/shared/rules/streaks.ts';
import { questPeriodKey } from '@ignition/shared/rules/quests.ts';
import { computeReward } from '@ignition/shared/rules/rewards.ts';
import { localDate } from '@ignition/shared/dates.ts';
import type { ProgressSnapshot, StreakSnapshot } from '@ignition/shared/sync/protocol.ts';
import { recordChanges, type ChangeLogEntry } from './change-log.ts';
import { deleteWithDescendants } from './apply-changes.ts';
import { multiInsert, runAll, selectIn, type Db, type SqlValue } from './sql.ts';
import { serverHlc } from '../server-clock.ts';
import { loadOwned } from './facts.ts';
import { HabitStreakBook, noHabitLogWrites, type HabitLogWrites } from './habit-streaks.ts';
import { NeedsInteractivePush } from './write-sink.ts';
import type { RecordRow } from './rewarders/types.ts';

/** A row as read: column name to value. */
type R = Record<string, unknown>;

export interface AcceptedEvent {
  id: string;
  event_type: string;
  entity_id: string | null;
  xp: number;
  coins: number;
  skill: string | null;
  metadata: R;
  created_at: string;
  local_date: string;
}

/**
 * What the ledger reads, fetched up front by the planned push (planned-push.ts) in its one read
 * batch instead of one query at a time under the write lock. Reads that depend on what the push
 * does are fetched for a superset (every local date the push's events can land on: `dates`);
 * a case outside what was fetched throws NeedsInteractivePush.
 */
export interface LedgerFacts {
  /** the local dates the read covered */
  dates: Set<string>;
  /** active quests (universal and the user's own) */
  quests: R[];
  /** days among `dates` with a rewarded event before this push */
  activeDays: Set<string>;
  /** the user's quest progress rows for the active quests in the periods of `dates`, by id */
  questProgress: Map<string, R>;
  /** the stored daily streak row (STORED_STREAK_SQL), if any */
  storedDaily: R | undefined;
  /** rewarded events dated after the stored streak's last day, before this push */
  activeAfterStored: number;
  /** the latest shield purchase's day (LATEST_SHIELD_SQL) */
  latestShield: string | null;
  /** every rewarded day and shield grant: fetched only when there is no stored streak to carry on */
  walk?: { dates: string[]; grants: Array<{ date: string; count: number }> };
  /** daily streak rows under another id (see dropStrayDailyRows) */
  strays: string[];
  /** the user's daily streak row, for the reply when the push does not change it */
  dailyRow: R | undefined;
}

/** A row of user_quest_progress. */
interface QuestProgressRow {
  id: string;
  user_id: string;
  quest_id: string;
  current_count: number;
  completed: number;
  completed_at: string | null;
  last_reset: string;
  period_key: string;
}

const questProgressRow = (r: R): QuestProgressRow => ({
  id: String(r.id),
  user_id: String(r.user_id),
  quest_id: String(r.quest_id),
  current_count: Number(r.current_count ?? 0),
  completed: Number(r.completed ?? 0),
  completed_at: r.completed_at == null ? null : String(r.completed_at),
  last_reset: String(r.last_reset ?? ''),
  period_key: String(r.period_key ?? ''),
});

const SKILL_COLUMN: Record<string, string> = Object.fromEntries(SKILLS.map((s) => [s, `${s}_xp`]));

/**
 * The reads behind the daily streak, run on every push that changes the economy, over the whole
 * history: each must stay on an index (economy.test.ts checks the plans). The days come from
 * the (user, date, xp) index alone. `+local_date` groups without that index, so SQLite finds
 * the shield purchases by the (user, type) index instead of walking every event.
 */
export const STREAK_DAYS_SQL = 'SELECT DISTINCT local_date FROM activity_events WHERE user_id = ? AND xp_earned > 0';
export const SHIELD_GRANTS_SQL =
  "SELECT local_date AS date, COUNT(*) AS count FROM activity_events WHERE user_id = ? AND event_type = 'reward_purchase' AND json_extract(metadata, '$.kind') = 'streak_shield' GROUP BY +local_date";
/**
 * The reads that carry the stored streak on instead (see `carriedDailyStreak`): the stored row by
 * its key, the latest shield purchase, and the rewarded events after the stored last day, which
 * must be this push's own. Each reads a few rows however long the history. (For MAX(local_date)
 * SQLite would walk the (user, date) index backwards through every event of a person who never
 * bought a shield; the purchases are found by type instead.)
 */
export const STORED_STREAK_SQL = 'SELECT shields, last_active_date, history FROM user_streaks WHERE id = ?';
export const LATEST_SHIELD_SQL =
  "SELECT MAX(local_date) AS d FROM activity_events INDEXED BY idx_activity_events_user_type WHERE user_id = ? AND event_type = 'reward_purchase' AND json_extract(metadata, '$.kind') = 'streak_shield'";
export const ACTIVE_AFTER_SQL = 'SELECT COUNT(*) AS n FROM activity_events INDEXED BY idx_activity_events_user_date WHERE user_id = ? AND local_date > ? AND xp_earned > 0';

/**
 * The economy of one user during one push: the authoritative balance that purchases are
 * checked against, the events accepted so far, and everything they change (quests, streaks,
 * progress). Nothing is written until `finish`, which writes it all with multi-row statements
 * inside the push's transaction.
 */
export class EconomyLedger {
  readonly accepted: AcceptedEvent[] = [];
  readonly rejectedRows: SqlValue[][] = [];
  readonly personalRecords: RecordRow[] = [];
  private readonly undo: string[] = [];
  private changed = false;
  /** quest progress is advanced in steps (before each purchase, and at the end): how far it got */
  private questCursor = 0;
  private readonly questDays = new Set<string>();
  private readonly questLog: ChangeLogEntry[] = [];

  /** the per-habit streaks this push moves */
  readonly habits: HabitStreakBook;

  private constructor(
    readonly userId: string,
    readonly timezone: string,
    readonly now: Date,
    private progress: R,
    private readonly skillDefs: R[],
    habitWrites: HabitLogWrites,
    /** when the account was made: events long before it are not paid */
    readonly accountCreated: string | null = null,
    /** the planned push's up-front reads; absent, the ledger reads through the transaction */
    private readonly facts?: LedgerFacts,
  ) {
    this.habits = new HabitStreakBook(userId, localDate(now, timezone), habitWrites);
  }

  static async load(tx: Db, userId: string, now: Date, habitWrites: HabitLogWrites = noHabitLogWrites()): Promise<EconomyLedger> {
    // One round trip for the three (a network round trip each on a libSQL server, under the write lock).
    const [users, progressRows, skillRows] = await tx.batch([
      { sql: 'SELECT timezone, created_at FROM users WHERE id = ?', args: [userId] },
      { sql: 'SELECT * FROM user_progress WHERE user_id = ?', args: [userId] },
      { sql: 'SELECT * FROM skill_definitions', args: [] },
    ]);
    const user = users.rows[0];
    const progress = progressRows.rows[0];
    const skills = skillRows.rows.map((r) => ({ ...r }));
    const base: R = progress
      ? { ...progress }
      : { id: `up_${userId}`, user_id: userId, total_xp: 0, level: 1, coins: 0, knowledge_xp: 0, guts_xp: 0, proficiency_xp: 0, kindness_xp: 0, charm_xp: 0 };
    return new EconomyLedger(userId, String(user?.timezone ?? 'UTC'), now, base, skills, habitWrites, user?.created_at == null ? null : String(user.created_at));
  }

  /** A ledger over facts read up front (the planned push): it reads nothing itself. */
  static fromFacts(userId: string, now: Date, user: Record<string, unknown> | undefined, progress: R | undefined, skillDefs: R[], facts: LedgerFacts, habitWrites = noHabitLogWrites()): EconomyLedger {
    const base: R = progress
      ? { ...progress }
      : { id: `up_${userId}`, user_id: userId, total_xp: 0, level: 1, coins: 0, knowledge_xp: 0, guts_xp: 0, proficiency_xp: 0, kindness_xp: 0, charm_xp: 0 };
    return new EconomyLedger(userId, String(user?.timezone ?? 'UTC'), now, base, skillDefs, habitWrites, user?.created_at == null ? null : String(user.created_at), facts);
  }

  /** Whether this ledger's facts cover a local date (always, when it reads for itself). */
  covers(date: string): boolean {
    return !this.facts || this.facts.dates.has(date);
  }

  get coins(): number {
    return Number(this.progress.coins ?? 0);
  }

  acceptEvent(ev: AcceptedEvent) {
    this.accepted.push(ev);
    this.changed = true;
    this.progress.total_xp = Number(this.progress.total_xp ?? 0) + ev.xp;
    // Coins never go negative: purchases were checked against this same balance.
    this.progress.coins = Math.max(0, this.coins + ev.coins);
    const col = ev.skill ? SKILL_COLUMN[ev.skill] : undefined;
    if (col && ev.xp > 0) this.progress[col] = Number(this.progress[col] ?? 0) + ev.xp;
  }

  rejectEvent(id: string, code: string, message: string) {
    this.rejectedRows.push([id, this.userId, code, message, this.now.toISOString()]);
  }

  /** A purchase the server refused is removed everywhere, so every device rolls it back. */
  undoPurchase(purchaseId: string) {
    this.undo.push(purchaseId);
  }

  /** The rewarded days and shield grants before this push, read once if a shield is bought. */
  private streakFacts?: { dates: string[]; grants: Array<{ date: string; count: number }> };

  /**
   * Streak shields held on `date`, counting this push's accepted events: the walk of every
   * rewarded day and grant up to that day. Read only when a push buys a shield (rare), so the
   * whole-history read stays off the ordinary push.
   */
  async shieldsHeldOn(tx: Db, date: string): Promise<number> {
    if (this.facts) throw new NeedsInteractivePush('a streak shield purchase');
    this.streakFacts ??= {
      dates: (await tx.execute({ sql: STREAK_DAYS_SQL, args: [this.userId] })).rows.map((r) => String(r.local_date)),
      grants: (await tx.execute({ sql: SHIELD_GRANTS_SQL, args: [this.userId] })).rows.map((r) => ({ date: String(r.date), count: Number(r.count) })),
    };
    const dates = [...this.streakFacts.dates, ...this.accepted.filter((e) => e.xp > 0).map((e) => e.local_date)].filter((d) => d <= date);
    const grants = [...this.streakFacts.grants, ...this.accepted.filter((e) => e.metadata?.kind === 'streak_shield').map((e) => ({ date: e.local_date, count: 1 }))].filter((g) => g.date <= date);
    return computeDailyStreak([...new Set(dates)], grants, date).shields;
  }

  /**
   * Grants the quests completed by the events accepted so far, so a purchase later in the same
   * push is checked against a balance that includes them (an offline day: earn, then buy).
   */
  async settleQuests(tx: Db) {
    if (this.changed) await this.advanceQuests(tx, this.questLog);
  }

  /** Quest progress for the events accepted in this push; completions become quest_complete events. */
  private async advanceQuests(tx: Db, log: ChangeLogEntry[]) {
    const batch = this.accepted.slice(this.questCursor);
    this.questCursor = this.accepted.length;
    const countable = batch.filter((e) => e.event_type !== 'quest_complete' && e.event_type !== 'personal_record' && e.event_type !== 'reward_purchase' && e.event_type !== 'reward_redeem');
    if (countable.length === 0) return;
    const f = this.facts;
    const quests = f
      ? f.quests
      : (
          await tx.execute({
            sql: 'SELECT * FROM quests WHERE is_active = 1 AND (user_id IS NULL OR user_id = ?)',
            args: [this.userId],
          })
        ).rows.map((r) => ({ ...r }) as R);
    if (quests.length === 0) return;
    // Days already active before this push, for "active on N days" quests.
    const dates = [...new Set(countable.map((e) => e.local_date))];
    if (f && dates.some((d) => !f.dates.has(d))) throw new NeedsInteractivePush('an event on a day the read did not cover');
    const activeBefore = f
      ? new Set(dates.filter((d) => f.activeDays.has(d)))
      : new Set(
          (
            await selectIn<{ local_date: string }>(
              tx,
              'SELECT DISTINCT local_date FROM activity_events WHERE user_id = ? AND xp_earned > 0 AND local_date IN',
              dates,
              [this.userId],
            )
          ).map((r) => r.local_date),
        );
    const idFor = (q: R, period: string) => `qp_${this.userId}_${q.id}_${period}`;
    // One period key per quest type and date (a push of a month holds ~30 dates, not 500).
    const periods = new Map<string, string>();
    const periodOf = (type: unknown, date: string) => {
      const k = `${String(type)}|${date}`;
      let p = periods.get(k);
      if (p === undefined) periods.set(k, (p = questPeriodKey(String(type), date)));
      return p;
    };
    // Only the progress rows an event can move: its own type's quests, and "active day" quests
    // for an event that earned XP.
    const wanted = new Set<string>();
    for (const e of countable)
      for (const q of quests) if (q.event_type === e.event_type || (q.event_type === 'active_day' && e.xp > 0)) wanted.add(idFor(q, periodOf(q.type, e.local_date)));
    const stored: Map<string, R> = f ? f.questProgress : await loadOwned<R & { id: string }>(tx, 'user_quest_progress', [...wanted], this.userId);
    const progressRows = new Map([...wanted].flatMap((id) => (stored.has(id) ? [[id, questProgressRow(stored.get(id)!)] as [string, QuestProgressRow]] : [])));
    const touched = new Set<string>();
    const newDays = this.questDays;
    for (const e of countable) {
      const firstActiveToday = e.xp > 0 && !activeBefore.has(e.local_date) && !newDays.has(e.local_date);
      if (e.xp > 0) newDays.add(e.local_date);
      for (const q of quests) {
        const counts = q.event_type === 'active_day' ? firstActiveToday : q.event_type === e.event_type;
        if (!counts) continue;
        const period = periodOf(q.type, e.local_date);
        const id = idFor(q, period);
        const row: QuestProgressRow = progressRows.get(id) ?? { id, user_id: this.userId, quest_id: String(q.id), current_count: 0, completed: 0, completed_at: null, last_reset: period, period_key: period };
        if (row.completed) continue;
        row.current_count = Number(row.current_count) + 1;
        if (row.current_count >= Number(q.target ?? 1)) {
          row.completed = 1;
          row.completed_at = e.created_at;
          // A personal quest pays at most what POST /api/quests allows, whatever its row says.
          const pay = computeReward({ type: 'quest_complete', xp_reward: Number(q.xp_reward ?? 0), coin_reward: Number(q.coin_reward ?? 0), skill_id: q.skill_id ? String(q.skill_id) : null, personal: q.user_id != null });
          if ('rejected' in pay) continue;
          this.acceptEvent({
            id: `qc_${id.slice(3)}`,
            event_type: 'quest_complete',
            entity_id: String(q.id),
            xp: pay.xp,
            coins: pay.coins,
            skill: pay.skill,
            metadata: { quest_title: q.title, period },
            created_at: e.created_at,
            local_date: e.local_date,
          });
        }
        progressRows.set(id, row);
        touched.add(id);
      }
    }
    const rows = [...touched].map((id) => progressRows.get(id)!);
    // A second step in the same push (before a purchase, then at the end) starts from these.
    if (f) for (const r of rows) f.questProgress.set(r.id, { ...r });
    await runAll(
      tx,
      multiInsert(
        'INSERT INTO user_quest_progress (id, user_id, quest_id, current_count, completed, completed_at, last_reset, period_key)',
        8,
        rows.map((r) => [r.id, this.userId, r.quest_id, r.current_count, r.completed, r.completed_at, r.last_reset, r.period_key]),
        'ON CONFLICT(id) DO UPDATE SET current_count = excluded.current_count, completed = excluded.completed, completed_at = excluded.completed_at',
      ),
    );
    for (const r of rows) log.push({ table: 'user_quest_progress', id: r.id, userId: this.userId });
  }

  /** Streaks are recomputed from the dates of rewarded events, so arrival order never matters (rule 5). */
  private async updateStreaks(tx: Db, log: ChangeLogEntry[]) {
    const rows: SqlValue[][] = [];
    const today = localDate(this.now, this.timezone);
    const nowIso = this.now.toISOString();
    const dailyChanged = this.accepted.some((e) => e.xp > 0 || e.metadata?.kind === 'streak_shield');
    if (dailyChanged) {
      let snap = await this.carriedDailyStreak(tx, today);
      if (!snap) {
        snap = await this.dailyStreak(tx, today);
        await this.dropStrayDailyRows(tx, log);
      }
      this.dailyWritten = snap;
      rows.push([`st_${this.userId}_daily`, this.userId, 'daily', snap.current, snap.best, snap.shields, snap.lastActiveDate, JSON.stringify(snap.history ?? []), nowIso]);
    }
    rows.push(...(await this.habits.rows(tx, nowIso)));
    await runAll(
      tx,
      multiInsert(
        'INSERT INTO user_streaks (id, user_id, streak_type, current_streak, best_streak, shields, last_active_date, history, updated_at)',
        9,
        rows,
        'ON CONFLICT(id) DO UPDATE SET current_streak = excluded.current_streak, best_streak = excluded.best_streak, shields = excluded.shields, last_active_date = excluded.last_active_date, history = excluded.history, updated_at = excluded.updated_at',
      ),
    );
    for (const r of rows) log.push({ table: 'user_streaks', id: String(r[0]), userId: this.userId });
  }

  /**
   * The stored daily streak carried on to this push's active days, without reading the history
   * (O(history) on every push otherwise: 3.6 ms at 33,000 events). Null, and the caller walks
   * every day, when the push bought a shield, brought a day before the stored last day (an
   * offline device's late week), or the stored row does not account for every rewarded event
   * before this push. More events on the stored last day (a day's later pushes) change no day.
   */
  private async carriedDailyStreak(tx: Db, today: string): Promise<DailyStreak | null> {
    const fresh = this.accepted.filter((e) => e.xp > 0);
    if (fresh.length === 0 || this.accepted.some((e) => e.metadata?.kind === 'streak_shield')) return null;
    const f = this.facts;
    const stored = f ? f.storedDaily : (await tx.execute({ sql: STORED_STREAK_SQL, args: [`st_${this.userId}_daily`] })).rows[0];
    const lastDay = stored?.last_active_date == null ? null : String(stored.last_active_date);
    let history: DailyStreak['history'];
    try {
      history = JSON.parse(String(stored?.history ?? 'null'));
    } catch {
      return null;
    }
    const isDate = (d: unknown) => typeof d === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(d);
    const isRun = (r: unknown) => !!r && isDate((r as R).start) && isDate((r as R).end) && Number.isInteger((r as R).length) && Number((r as R).length) > 0;
    if (!lastDay || !Array.isArray(history) || !history.every(isRun)) return null;
    const dates = fresh.map((e) => e.local_date);
    if (dates.some((d) => d < lastDay)) return null; // (continueDailyStreak declines it too; this saves the reads)
    // This push's events are already written: after the stored last day there must be only them.
    // (The planned push read the count before writing its events: its own are added here.)
    const after = f ? f.activeAfterStored + dates.filter((d) => d > lastDay).length : Number((await tx.execute({ sql: ACTIVE_AFTER_SQL, args: [this.userId, lastDay] })).rows[0]?.n ?? -1);
    if (after !== dates.filter((d) => d > lastDay).length) return null;
    const latestShield = f ? f.latestShield : (await tx.execute({ sql: LATEST_SHIELD_SQL, args: [this.userId] })).rows[0]?.d;
    const earlier: DailyStreak = { current: 0, best: 0, shields: Number(stored!.shields ?? 0), lastActiveDate: lastDay, history };
    return continueDailyStreak(earlier, dates, latestShield == null ? null : String(latestShield), today);
  }

  /**
   * One daily streak row per person, under the id this ledger writes. A restored backup of an
   * older app may hold its own (another id): it goes, with a tombstone devices pull, so no reader
   * finds two. Checked when the streak is walked from scratch (the first time, and rarely after).
   */
  private async dropStrayDailyRows(tx: Db, log: ChangeLogEntry[]) {
    const own = `st_${this.userId}_daily`;
    const strays = this.facts
      ? this.facts.strays
      : (await tx.execute({ sql: "SELECT id FROM user_streaks WHERE user_id = ? AND streak_type = 'daily' AND id <> ?", args: [this.userId, own] })).rows.map((r) => String(r.id));
    if (strays.length === 0) return;
    await tx.execute({ sql: "DELETE FROM user_streaks WHERE user_id = ? AND streak_type = 'daily' AND id <> ?", args: [this.userId, own] });
    for (const id of strays) log.push({ table: 'user_streaks', id, userId: this.userId, deleted: true, clocks: { _deleted: serverHlc() } });
  }


  async dailyStreak(tx: Db, today = localDate(this.now, this.timezone)) {
    if (this.facts) {
      // Read before this push's events were written: they are added here.
      const walk = this.facts.walk;
      if (!walk) throw new NeedsInteractivePush('the daily streak walked from scratch');
      const dates = [...new Set([...walk.dates, ...this.accepted.filter((e) => e.xp > 0).map((e) => e.local_date)])];
      const grants = new Map(walk.grants.map((g) => [g.date, g.count]));
      for (const e of this.accepted) if (e.event_type === 'reward_purchase' && e.metadata?.kind === 'streak_shield') grants.set(e.local_date, (grants.get(e.local_date) ?? 0) + 1);
      return computeDailyStreak(dates, [...grants].map(([date, count]) => ({ date, count })), today);
    }
    const dates = (await tx.execute({ sql: STREAK_DAYS_SQL, args: [this.userId] })).rows.map((r) => String(r.local_date));
    const grants = (await tx.execute({ sql: SHIELD_GRANTS_SQL, args: [this.userId] })).rows.map((r) => ({ date: String(r.date), count: Number(r.count) }));
    return computeDailyStreak(dates, grants, today);
  }

  /** Writes the push's economic effects and returns the authoritative figures for the reply. */
  async finish(tx: Db): Promise<{ progress: ProgressSnapshot; streaks: { daily: StreakSnapshot } }> {
    const log: ChangeLogEntry[] = [];
    if (this.undo.length) {
      if (this.facts) throw new NeedsInteractivePush('a refused purchase to remove');
      for (const id of this.undo) {
        for (const r of await deleteWithDescendants(tx, 'reward_purchases', id)) log.push({ table: r.table, id: r.id, userId: this.userId, deleted: true, clocks: { _deleted: serverHlc() } });
      }
    }
    if (this.changed) await this.advanceQuests(tx, log);
    this.questCursor = this.accepted.length;
    log.push(...this.questLog);
    if (this.accepted.length) {
      await runAll(
        tx,
        multiInsert(
          'INSERT INTO activity_events (id, user_id, event_type, entity_id, xp_earned, coins_earned, skill_id, metadata, created_at, local_date)',
          10,
          this.accepted.map((e) => [e.id, this.userId, e.event_type, e.entity_id, e.xp, e.coins, e.skill, JSON.stringify(e.metadata), e.created_at, e.local_date]),
          'ON CONFLICT(id) DO NOTHING',
        ),
      );
      for (const e of this.accepted) log.push({ table: 'activity_events', id: e.id, userId: this.userId });
    }
    if (this.personalRecords.length) {
      await runAll(
        tx,
        multiInsert(
          'INSERT INTO personal_records (id, user_id, exercise_id, record_type, value, weight, reps, achieved_at, set_id, session_id)',
          10,
          this.personalRecords.map((p) => [p.id, this.userId, p.exercise_id, p.record_type, p.value, p.weight, p.reps, p.achieved_at, p.set_id, p.session_id]),
          'ON CONFLICT(id) DO NOTHING',
        ),
      );
      for (const p of this.personalRecords) log.push({ table: 'personal_records', id: p.id, userId: this.userId });
    }
    if (this.rejectedRows.length) {
      await runAll(tx, multiInsert('INSERT OR IGNORE INTO rejected_events (id, user_id, code, message, created_at)', 5, this.rejectedRows));
    }
    if (this.changed || this.habits.pending) await this.updateStreaks(tx, log);
    if (this.changed) {
      const p = this.progress;
      p.level = levelForXp(Number(p.total_xp));
      const nowIso = this.now.toISOString();
      await tx.execute({
        sql: `INSERT INTO user_progress (id, user_id, total_xp, level, coins, knowledge_xp, guts_xp, proficiency_xp, kindness_xp, charm_xp, created_at, updated_at)
              VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
              ON CONFLICT(id) DO UPDATE SET total_xp = excluded.total_xp, level = excluded.level, coins = excluded.coins,
                knowledge_xp = excluded.knowledge_xp, guts_xp = excluded.guts_xp, proficiency_xp = excluded.proficiency_xp,
                kindness_xp = excluded.kindness_xp, charm_xp = excluded.charm_xp, updated_at = excluded.updated_at`,
        args: [String(p.id), this.userId, Number(p.total_xp), Number(p.level), this.coins, ...SKILLS.map((k) => Number(p[SKILL_COLUMN[k]] ?? 0)), nowIso, nowIso],
      });
      log.push({ table: 'user_progress', id: String(p.id), userId: this.userId });
    }
    await recordChanges(tx, log);
    return { progress: this.snapshot(), streaks: { daily: await this.streakSnapshot(tx) } };
  }

  snapshot(): ProgressSnapshot {
    const p = this.progress;
    const skills: ProgressSnapshot['skills'] = {};
    for (const s of SKILLS) {
      const def = this.skillDefs.find((d) => d.id === s) ?? { xp_scaling_base: 100, xp_scaling_multiplier: 1.5, max_level: 10 };
      const xp = Number(p[SKILL_COLUMN[s]] ?? 0);
      skills[s] = { xp, level: skillLevelForXp(xp, { xp_scaling_base: Number(def.xp_scaling_base), xp_scaling_multiplier: Number(def.xp_scaling_multiplier), max_level: Number(def.max_level) }) };
    }
    return { total_xp: Number(p.total_xp ?? 0), level: levelForXp(Number(p.total_xp ?? 0)), coins: this.coins, skills };
  }

  /** The daily streak this push wrote, if it changed it: the reply needs no read back. */
  private dailyWritten?: DailyStreak;

  private async streakSnapshot(tx: Db): Promise<StreakSnapshot> {
    const w = this.dailyWritten;
    if (w) return { current: w.current, best: w.best, shields: w.shields, lastActiveDate: w.lastActiveDate };
    const r = this.facts ? this.facts.dailyRow : (await tx.execute({ sql: "SELECT * FROM user_streaks WHERE user_id = ? AND streak_type = 'daily'", args: [this.userId] })).rows[0];
    return { current: Number(r?.current_streak ?? 0), best: Number(r?.best_streak ?? 0), shields: Number(r?.shields ?? 0), lastActiveDate: (r?.last_active_date as string) ?? null };
  }
}
