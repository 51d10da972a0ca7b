import { bool, day, dayOrTime, enumValues, int, isoTime, json, longText, oneOf, real, ref, text, type ColumnType, type RowField, type ValueOf } from './row-field.ts';
import { ECONOMY_LIMITS, QUEST_EVENT_TYPES } from './rules/economy-limits.ts';
import { SKILLS } from './rules/levels.ts';
import { EVENT_TYPES as PLANNER_EVENT_TYPES } from './rules/recurrence-rule.ts';
import { fitnessFieldError, MAX_REPS, MAX_REST_SECONDS, MAX_WEIGHT_KG, SECTION_TYPES } from './rules/fitness.ts';
import { FEEDBACK_TYPES, NEW_FEEDBACK_PRIORITY, NEW_FEEDBACK_STATUS, feedbackFieldError } from './rules/feedback.ts';
import { RATINGS } from './rules/srs.ts';
import { parseRecurrence } from './rules/recurrence-rule.ts';
import { TRACK_LIMITS, trackFieldError } from './rules/tracks.ts';
import { INFOBASE_LIMITS, infobaseFieldError } from './rules/infobase.ts';

export type { ColumnType } from './row-field.ts';

/**
 * One row contract per client-writable table (ARCHITECTURE.md rule 9): every field's type,
 * range, closed list or length, and whether a device may write it. The sync push checks every
 * pushed change against it (whatever route it came by: REST writes are pushes too, and admin
 * writes and restores are checked by the same `contractError`), forms take their limits from it,
 * and the row types are inferred from it (zod schemas for REST come from `contract-zod.ts`). Fields marked `pays` are read by the economy; the
 * rules cap what they pay at payout time as well, so rows stored before a limit existed cannot
 * keep paying.
 *
 * Every field may be null (unset) unless it is `fixed`: the database's NOT NULL columns refuse a
 * new row without them, with a clear `invalid_row`.
 */
type Fields = Record<string, RowField>;

export interface RowContract<F extends Fields = Fields> {
  readonly fields: F;
  /** a rule across fields (a rep target that reads as a range, feedback triage), or null */
  readonly rule?: (values: Record<string, unknown>) => string | null;
}

function contract<F extends Fields>(fields: F, rule?: (values: Record<string, unknown>) => string | null): RowContract<F> {
  return { fields, rule };
}

const T = { short: text(200), name: text(300), note: longText(10_000), long: longText() };
const created = { created_at: isoTime(), updated_at: isoTime() };
const skill = () => oneOf(SKILLS as unknown as readonly [string, ...string[]]);
const L = ECONOMY_LIMITS;

export const CONTRACTS = {
  user_settings: contract({
    timezone: text(64),
    weight_unit: oneOf(['kg', 'lb']),
    focus_minutes: int(1, 120),
    short_break_minutes: int(1, 60),
    long_break_minutes: int(1, 60),
    sound_enabled: bool(),
    yearly_book_goal: int(0, 1000),
    theme: text(32),
    ...created,
  }),
  focus_sessions: contract({
    mode: oneOf(['focus', 'short_break', 'long_break']).pays('focus: breaks earn nothing'),
    /** planned seconds (focus 1–120 minutes, breaks 1–60) */
    duration: int(0, 120 * 60).pays('focus: focused time may not pass planned + 5 minutes'),
    status: oneOf(['active', 'completed', 'abandoned']).pays('focus: only completed sessions pay'),
    started_at: isoTime(),
    completed_at: isoTime(),
    expires_at: isoTime(),
    paused_at: isoTime(),
    pause_remaining: int(0, 120 * 60 * 3),
    paused_total: int(0, 7 * 86_400),
    created_at: isoTime(),
  }),
  calendar_events: contract({
    title: T.short,
    description: text(5000),
    event_type: oneOf(PLANNER_EVENT_TYPES),
    start_time: dayOrTime(),
    end_time: dayOrTime(),
    all_day: bool(),
    color: text(32),
    recurrence: text(200),
    recurrence_parent_id: ref(),
    original_start: dayOrTime(),
    exdates: json(50_000),
    completed_dates: json(50_000).pays('planner: the occurrence must be marked done'),
    linked_workout_id: ref(),
    completed: bool().pays('planner: the event must be marked done'),
    ...created,
  }, (v) => (typeof v.recurrence === 'string' && v.recurrence !== '' && parseRecurrence(v.recurrence) === null ? 'recurrence must be an RRULE such as FREQ=WEEKLY;BYDAY=MO (daily, weekly or monthly)' : null)),
  quests: contract({
    title: text(80),
    description: text(200),
    type: oneOf(['daily', 'weekly', 'one_time']),
    event_type: oneOf(QUEST_EVENT_TYPES),
    target: int(1, L.personalQuest.target),
    xp_reward: int(0, L.personalQuest.xp_reward).pays(`quest payout: a personal quest pays at most ${L.personalQuest.xp_reward} XP`),
    coin_reward: int(0, L.personalQuest.coin_reward).pays(`quest payout: a personal quest pays at most ${L.personalQuest.coin_reward} coins`),
    skill_id: skill(),
    is_universal: bool().fixed(false),
    is_active: bool(),
    created_by: text(64),
    ...created,
  }),
  exercises: contract({
    name: text(120),
    category: text(40),
    muscle_groups: json(2000),
    secondary_muscles: json(2000),
    equipment: text(60),
    level: text(20),
    force: text(20),
    mechanic: text(20),
    instructions: text(10_000),
    is_custom: bool(),
    created_by: text(64),
  }),
  workouts: contract({ name: T.short, description: text(2000), estimated_duration: int(0, 24 * 60), ...created }),
  workout_sections: contract({ workout_id: ref(), name: T.short, section_type: oneOf(SECTION_TYPES), order_index: int(0, 10_000) }, (v) => fitnessFieldError('workout_sections', v)),
  workout_exercises: contract(
    {
      section_id: ref(),
      exercise_id: ref(),
      sets: int(1, 100),
      reps: text(20),
      weight: real(0, MAX_WEIGHT_KG),
      rest_seconds: int(0, MAX_REST_SECONDS),
      order_index: int(0, 10_000),
      notes: text(2000),
    },
    (v) => fitnessFieldError('workout_exercises', v),
  ),
  workout_sessions: contract({ workout_id: ref(), name: T.short, started_at: isoTime(), completed_at: isoTime().pays('workout: only a finished session pays'), notes: text(5000) }),
  workout_sets: contract(
    {
      session_id: ref(),
      exercise_id: ref(),
      set_number: int(1, MAX_REPS),
      weight: real(0, MAX_WEIGHT_KG),
      reps: int(0, MAX_REPS).pays('workout: working sets with reps count'),
      rpe: real(1, 10),
      is_warmup: bool().pays('workout: warm-up sets do not count'),
      notes: text(2000),
      created_at: isoTime(),
    },
    (v) => fitnessFieldError('workout_sets', v),
  ),
  user_lesson_progress: contract({ lesson_id: ref(), completed: bool(), completed_at: isoTime() }),
  flashcard_decks: contract({ title: T.short, description: text(2000), card_count: int(0, 1_000_000), ...created }),
  flashcards: contract({
    deck_id: ref(),
    front: text(20_000),
    back: text(20_000),
    next_review: isoTime(),
    interval: int(0, 36_500),
    ease_factor: real(1, 10),
    review_count: int(0, 1_000_000),
    last_review: isoTime(),
    created_at: isoTime(),
  }),
  flashcard_reviews: contract({ card_id: ref(), rating: oneOf(RATINGS as unknown as readonly [string, ...string[]]), reviewed_at: isoTime(), interval: int(0, 36_500), ease_factor: real(1, 10), next_review: isoTime() }),
  journal_entries: contract({ date: day().pays('journal: paid once per entry, on this date'), content: text(50_000), mood: int(1, 5), ...created }),
  habits: contract({
    name: text(100),
    description: text(500),
    frequency: oneOf(['daily', 'weekly']),
    target_count: int(1, L.habit.target_count).pays('habit: up to target_count rewards per period'),
    skill_id: skill(),
    xp_reward: int(0, L.habit.xp_reward).pays(`habit: at most ${L.habit.xp_reward} XP per completion`),
    coin_reward: int(0, L.habit.coin_reward).pays(`habit: at most ${L.habit.coin_reward} coins per completion`),
    streak_current: int(0, 1_000_000),
    streak_best: int(0, 1_000_000),
    archived: bool(),
    ...created,
  }),
  habit_logs: contract({ habit_id: ref(), date: day().pays('habit: placed in its own period'), count: int(0, L.habit.target_count).pays('habit: counts toward the target'), notes: text(500), created_at: isoTime() }),
  goals: contract({
    title: T.short,
    description: text(2000),
    target_date: day(),
    skill_id: skill(),
    status: oneOf(['active', 'completed', 'abandoned']).pays('goal: completed pays once'),
    progress: int(0, 100),
    progress_manual: bool(),
    ...created,
  }),
  goal_milestones: contract({ goal_id: ref(), title: T.short, target_date: day(), completed: bool().pays('goal milestone: completed pays once'), completed_at: isoTime(), order_index: int(0, 1000) }),
  books: contract({
    title: text(300),
    author: text(200),
    total_pages: int(1, 100_000).pays('reading: pages must fit the book'),
    current_page: int(0, 100_000),
    status: oneOf(['want-to-read', 'reading', 'completed', 'dnf']),
    rating: int(1, 5),
    started_at: dayOrTime(),
    finished_at: dayOrTime(),
    notes: text(10_000),
    cover_url: text(2000),
    genre: text(100),
    ...created,
  }),
  reading_sessions: contract({
    book_id: ref(),
    pages_read: int(0, 100_000).pays('reading: floor(pages / 5) XP, 1..50'),
    start_page: int(0, 100_000),
    end_page: int(0, 100_000),
    duration: int(0, 24 * 60),
    notes: text(2000),
    date: day(),
  }),
  rewards: contract({
    name: text(120),
    description: text(500),
    cost: int(L.rewardCost.min, L.rewardCost.max).pays(`market: a reward costs a whole number of coins from ${L.rewardCost.min}`),
    kind: oneOf(['reward', 'streak_shield']).fixed('reward').pays('market: only a global reward can be a streak shield'),
    is_global: bool().fixed(false),
    is_active: bool(),
    created_at: isoTime(),
  }),
  reward_purchases: contract({ reward_id: ref(), cost: int(0, L.rewardCost.max), redeemed: bool(), redeemed_at: isoTime(), purchased_at: isoTime() }),
  daily_plans: contract({ plan_date: day(), items: json(50_000), ...created }),
  user_feedback: contract(
    {
      type: oneOf(FEEDBACK_TYPES),
      title: T.short,
      description: text(10_000),
      status: oneOf(['open', 'in_progress', 'resolved', 'closed']).fixed(NEW_FEEDBACK_STATUS, `is set by an admin; a device sends only "${NEW_FEEDBACK_STATUS}"`),
      priority: oneOf(['low', 'medium', 'high', 'critical']).fixed(NEW_FEEDBACK_PRIORITY, `is set by an admin; a device sends only "${NEW_FEEDBACK_PRIORITY}"`),
      ...created,
    },
    (v) => feedbackFieldError('user_feedback', v),
  ),
  /** reference tracks: the analysis, markers and notes sync; the audio stays on the device */
  tracks: contract(
    {
      title: text(TRACK_LIMITS.title),
      artist: text(TRACK_LIMITS.artist),
      tags: json(TRACK_LIMITS.tags * (TRACK_LIMITS.tag + 3) + 2),
      content_sha256: text(64),
      analyzer_version: text(TRACK_LIMITS.analyzerVersion),
      analysis: json(TRACK_LIMITS.analysisChars),
      markers: json(TRACK_LIMITS.markers * (TRACK_LIMITS.markerLabel + 120)),
      notes: text(TRACK_LIMITS.notes),
      duration_s: real(0, TRACK_LIMITS.durationS),
      file_name: text(TRACK_LIMITS.fileName),
      file_size: int(0, TRACK_LIMITS.fileSize),
      ...created,
    },
    trackFieldError,
  ),
  /** the infobase: personal markdown notes with [[links]]; no economy (notes are not a chore to farm) */
  infobase_entries: contract(
    {
      title: text(INFOBASE_LIMITS.title),
      content: longText(INFOBASE_LIMITS.content),
      category: text(INFOBASE_LIMITS.category),
      tags: json(INFOBASE_LIMITS.tags * (INFOBASE_LIMITS.tag + 3) + 2),
      pinned: bool(),
      archived: bool(),
      ...created,
    },
    infobaseFieldError,
  ),
} as const;

export type ContractTable = keyof typeof CONTRACTS;

/** A row of a client-writable table as the API and the device hold it (`id` and every field, each possibly null). */
export type RowOf<T extends ContractTable> = { id: string } & { [K in keyof (typeof CONTRACTS)[T]['fields']]?: ((typeof CONTRACTS)[T]['fields'][K] extends RowField<infer D> ? ValueOf<D> : never) | null };

/** The storage type of each field, for the table registry and the Dexie schema. */
export function columnsOf(c: RowContract): Record<string, ColumnType> {
  return Object.fromEntries(Object.entries(c.fields).map(([k, f]) => [k, f.type]));
}

export function contractOf(table: string): RowContract | undefined {
  return Object.hasOwn(CONTRACTS, table) ? (CONTRACTS as Record<string, RowContract>)[table] : undefined;
}

export interface ContractViolation {
  field: string;
  reason: string;
}

/**
 * The first way `values` (a change's fields, or a whole row) breaks the table's contract, or
 * null. Only the fields present are checked, so a partial edit is checked as it is. `id` and
 * `user_id` are the server's to set and are skipped. Allocation-free on a valid change.
 */
export function contractError(table: string, values: Record<string, unknown>): ContractViolation | null {
  const c = contractOf(table);
  if (!c) return { field: '', reason: `${table} cannot be written by clients` };
  // The table's own rule first: its words name the value the way a person typed it (RPE, a rep range).
  const ruleError = c.rule?.(values);
  if (ruleError) return { field: '', reason: ruleError };
  for (const key in values) {
    if (!Object.hasOwn(values, key) || key === 'id' || key === 'user_id') continue;
    const f = Object.hasOwn(c.fields, key) ? c.fields[key] : undefined;
    if (!f) return { field: key, reason: 'is not a column' };
    const v = values[key];
    if (v === null || v === undefined) {
      if (f.writer.kind === 'fixed') return { field: key, reason: f.writer.reason };
      continue;
    }
    const bad = f.check(v);
    if (bad) return { field: key, reason: bad };
  }
  return null;
}

/** The fields the economy reads, with the rule that bounds each: for the docs and the restore report. */
export function economyFields(): Array<{ table: string; field: string; rule: string }> {
  return Object.entries(CONTRACTS as Record<string, RowContract>).flatMap(([table, c]) => Object.entries(c.fields).flatMap(([field, f]) => (f.economy ? [{ table, field, rule: f.economy }] : [])));
}

/**
 * A form's inline error for one value, in the same limits the server holds the row to, or null:
 * `label` names the field as the form shows it ("XP must be a whole number from 0 to 100").
 */
export function fieldProblem<T extends ContractTable>(table: T, field: keyof (typeof CONTRACTS)[T]['fields'] & string, value: unknown, label: string): string | null {
  const f = (CONTRACTS[table].fields as Record<string, RowField>)[field];
  const reason = value === null || value === undefined ? null : f.check(value);
  return reason ? `${label} ${reason}` : null;
}

/** The non-null value type of one field of a client-writable table (an enum field: its closed list). */
export type FieldValue<T extends ContractTable, K extends keyof RowOf<T>> = NonNullable<RowOf<T>[K]>;

/**
 * A value read from a form control (a `<select>`, a stored row) as one of an enum field's values,
 * or `fallback` when it is not one: the form's state then has the field's type, not `string`.
 */
export function enumValueOf<T extends ContractTable, K extends keyof RowOf<T> & keyof (typeof CONTRACTS)[T]['fields'] & string>(
  table: T,
  field: K,
  value: unknown,
  fallback: FieldValue<T, K>,
): FieldValue<T, K> {
  const values = enumValues((CONTRACTS[table].fields as Record<string, RowField>)[field]);
  return values?.includes(value as string) ? (value as FieldValue<T, K>) : fallback;
}
