import { levelForXp, skillLevelForXp, SKILLS } from '@ignition/shared/rules/levels.ts';
import type { DailyStreak } from '@ignition/shared/rules/streaks.ts';
import { childTablesOf } from '@ignition/shared/tables.ts';
import { localDate } from '@ignition/shared/dates.ts';
import type { ProgressSnapshot, StreakSnapshot } from '@ignition/shared/sync/protocol.ts';
import { recordChanges, type ChangeLogEntry } from './change-log.ts';
import { deleteWithDescendants } from './apply-changes.ts';
import { multiInsert, runAll, type Db, type SqlValue } from './sql.ts';
import { serverHlc } from '../server-clock.ts';
import { advanceQuestProgress, countsForQuests, questFactsFrom, questProgressWrites, questReads, type QuestFacts } from './quest-progress.ts';
import {
  carryDailyStreak,
  dailyRowId,
  dailyStreakRow,
  shieldsHeldOn,
  streakFactsFrom,
  streakReads,
  walkDailyStreak,
  walkFrom,
  walkReads,
  type StreakFacts,
  type StreakWalk,
} from './daily-streak.ts';
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
 * a case outside what was fetched throws NeedsInteractivePush. The interactive push reads the
 * same facts (quest-progress.ts, daily-streak.ts) through its transaction.
 */
export interface LedgerFacts extends QuestFacts, StreakFacts {
  /** the local dates the read covered */
  dates: Set<string>;
  /** the event types whose quest progress the read covered */
  questTypes: Set<string>;
  /** the user's daily streak row, for the reply when the push does not change it */
  dailyRow: R | undefined;
}

const SKILL_COLUMN: Record<string, string> = Object.fromEntries(SKILLS.map((s) => [s, `${s}_xp`]));

export { ACTIVE_AFTER_SQL, LATEST_SHIELD_SQL, SHIELD_GRANTS_SQL, STORED_STREAK_SQL, STREAK_DAYS_SQL } from './daily-streak.ts';

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

  /** The daily streak's facts, read before this push's events are written (planned: up front). */
  private streak?: StreakFacts;

  private async streakFacts(tx: Db): Promise<StreakFacts> {
    this.streak ??= this.facts ?? streakFactsFrom(await tx.batch(streakReads(this.userId)));
    return this.streak;
  }

  /** Every rewarded day and shield grant before this push: read up front by the planned push when it may be needed (WALK_NEEDED_SQL). */
  private async walk(tx: Db, why: string): Promise<StreakWalk> {
    const f = await this.streakFacts(tx);
    if (f.walk) return f.walk;
    if (this.facts) throw new NeedsInteractivePush(why);
    f.walk = walkFrom(await tx.batch(walkReads(this.userId)));
    return f.walk;
  }

  /**
   * Makes what a purchase is checked against ready: the quests completed by the events accepted
   * so far are granted (an offline day: earn, then buy), and the rewarded days and shield grants
   * are read (the walk behind `heldShieldsOn`; rare, so the whole-history read stays off the
   * ordinary push).
   */
  async readyForPurchase(tx: Db) {
    await this.settleQuests(tx);
    await this.walk(tx, 'a streak shield purchase');
  }

  /** Streak shields held on `date`, counting this push's accepted events (after `readyForPurchase`). */
  heldShieldsOn(date: string): number {
    const walk = this.streak?.walk;
    if (!walk) throw new Error('heldShieldsOn before readyForPurchase');
    return shieldsHeldOn(walk, this.accepted, date);
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
    const countable = batch.filter(countsForQuests);
    if (countable.length === 0) return;
    const dates = [...new Set(countable.map((e) => e.local_date))];
    const f = this.facts;
    if (f && dates.some((d) => !f.dates.has(d))) throw new NeedsInteractivePush('an event on a day the read did not cover');
    // The interactive push reads the same facts for this step's days (its earlier steps' rows are written by then).
    // (The planned push read the progress of its events' types: one of another type was not read.)
    if (f && countable.some((e) => !f.questTypes.has(e.event_type))) throw new NeedsInteractivePush('a quest event of a type the read did not cover');
    const facts = f ?? questFactsFrom(await tx.batch(questReads(this.userId, dates, countable.map((e) => e.event_type))));
    const { rows, completions } = advanceQuestProgress(this.userId, facts, countable, this.questDays);
    for (const e of completions) this.acceptEvent(e);
    // A second step in the same push (before a purchase, then at the end) starts from these.
    if (f) for (const r of rows) f.questProgress.set(r.id, { ...r });
    await runAll(tx, questProgressWrites(this.userId, rows));
    for (const r of rows) log.push({ table: 'user_quest_progress', id: r.id, userId: this.userId });
  }

  /** Streaks are recomputed from the dates of rewarded events, so arrival order never matters (rule 5). */
  private async updateStreaks(tx: Db, log: ChangeLogEntry[]) {
    const rows: SqlValue[][] = [];
    const today = localDate(this.now, this.timezone);
    const nowIso = this.now.toISOString();
    const dailyChanged = this.accepted.some((e) => e.xp > 0 || e.metadata?.kind === 'streak_shield');
    if (dailyChanged) {
      const facts = await this.streakFacts(tx);
      let snap = carryDailyStreak(facts, this.accepted, today);
      if (!snap) {
        snap = walkDailyStreak(await this.walk(tx, 'the daily streak walked from scratch'), this.accepted, today);
        await this.dropStrayDailyRows(tx, log, facts.strays);
      }
      this.dailyWritten = snap;
      rows.push(dailyStreakRow(this.userId, snap, nowIso));
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
   * One daily streak row per person, under the id this ledger writes. A restored backup of an
   * older app may hold its own (another id): it goes, with a tombstone devices pull, so no reader
   * finds two. Checked when the streak is walked from scratch (the first time, and rarely after).
   */
  private async dropStrayDailyRows(tx: Db, log: ChangeLogEntry[], strays: string[]) {
    if (strays.length === 0) return;
    await tx.execute({ sql: "DELETE FROM user_streaks WHERE user_id = ? AND streak_type = 'daily' AND id <> ?", args: [this.userId, dailyRowId(this.userId)] });
    for (const id of strays) log.push({ table: 'user_streaks', id, userId: this.userId, deleted: true, clocks: { _deleted: serverHlc() } });
  }

  /** Writes the push's economic effects and returns the authoritative figures for the reply. */
  async finish(tx: Db): Promise<{ progress: ProgressSnapshot; streaks: { daily: StreakSnapshot } }> {
    const log: ChangeLogEntry[] = [];
    if (this.undo.length) {
      // reward_purchases has no child tables (shared/tables.ts): the rows go without a read.
      const leaf = childTablesOf('reward_purchases').length === 0;
      if (this.facts && !leaf) throw new NeedsInteractivePush('a refused purchase to remove');
      for (const id of this.undo) {
        const removed = leaf ? [{ table: 'reward_purchases', id }] : await deleteWithDescendants(tx, 'reward_purchases', id);
        if (leaf) await tx.execute({ sql: 'DELETE FROM "reward_purchases" WHERE id = ?', args: [id] });
        for (const r of removed) log.push({ table: r.table, id: r.id, userId: this.userId, deleted: true, clocks: { _deleted: serverHlc() } });
      }
    }
    if (this.changed) await this.advanceQuests(tx, log);
    this.questCursor = this.accepted.length;
    log.push(...this.questLog);
    // The daily streak's facts are read before this push's events are written (as the planned push read them).
    if (this.accepted.some((e) => e.xp > 0 || e.metadata?.kind === 'streak_shield')) await this.streakFacts(tx);
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
