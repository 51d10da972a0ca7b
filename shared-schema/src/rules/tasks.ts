/**
 * To-dos (issue 23): the reward for completing a task, the shape checks of a task row, the
 * order of a list, which view a task belongs in, and the quick-add parser ("Buy chalk tomorrow
 * !high"). Pure: the client uses them for its optimistic guess and its screens, the server for
 * the answer that counts.
 */
import { addDays, dayNumber } from '../dates.ts';
import { tagListProblem } from './tag-list.ts';

export const TASK_PRIORITIES = ['high', 'medium', 'low'] as const;
export type TaskPriority = (typeof TASK_PRIORITIES)[number];

export const TASK_LIMITS = {
  title: 200,
  notes: 10_000,
  tags: 20,
  tag: 40,
  subtasks: 100,
  subtaskTitle: 200,
  /** sort orders live in ±1e12: room for a lifetime of moves between two neighbours */
  sortOrder: 1e12,
} as const;

/** What completing a task pays: small, once per task ever, and at most TASK_DAILY_CAP a local day. */
export const TASK_REWARD = { xp: 5, coins: 2, skill: 'proficiency' } as const;
export const TASK_DAILY_CAP = 10;

export type TaskRewardInput = {
  /** the server's row says the task is done (completed_at set) */
  completed: boolean;
  /** a task_complete for this task was already paid (ever) */
  alreadyRewarded: boolean;
  /** task_complete events already paid on the event's local date */
  rewardedToday: number;
};
export type TaskRewardResult = { xp: number; coins: number; skill: string } | { rejected: 'not_completed' | 'already_rewarded' | 'daily_cap_reached'; message: string };

export function taskReward(input: TaskRewardInput): TaskRewardResult {
  if (!input.completed) return { rejected: 'not_completed', message: 'The task is not completed' };
  if (input.alreadyRewarded) return { rejected: 'already_rewarded', message: 'This task was already rewarded' };
  if (input.rewardedToday >= TASK_DAILY_CAP) return { rejected: 'daily_cap_reached', message: `At most ${TASK_DAILY_CAP} tasks are rewarded per day` };
  return { ...TASK_REWARD };
}

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/** Why a value is not a valid tag list, or null. */
export function taskTagsProblem(v: unknown): string | null {
  return tagListProblem(v, 'a task', { tags: TASK_LIMITS.tags, tag: TASK_LIMITS.tag });
}

/** The row rule of `tasks`: a due time is HH:MM, and tags are a list of short texts. Null when fine. */
export function taskFieldError(fields: Record<string, unknown>): string | null {
  const t = fields.due_time;
  if (t !== null && t !== undefined && (typeof t !== 'string' || !TIME.test(t))) return 'due_time must be a time of day HH:MM (00:00 to 23:59)';
  if (fields.tags !== null && fields.tags !== undefined) return taskTagsProblem(fields.tags);
  return null;
}

export interface TaskLike {
  id: string;
  due_date?: string | null;
  due_time?: string | null;
  completed_at?: string | null;
  archived?: boolean | number | null;
  sort_order?: number | null;
  priority?: string | null;
  created_at?: string | null;
}

export type TaskView = 'inbox' | 'today' | 'upcoming';

/**
 * Where an open task shows: no due date → inbox; due today or earlier (overdue) → today; later →
 * upcoming. Done or archived tasks are in no view.
 */
export function taskViewOf(task: TaskLike, today: string): TaskView | null {
  if (task.completed_at || task.archived) return null;
  if (!task.due_date) return 'inbox';
  return task.due_date <= today ? 'today' : 'upcoming';
}

/** Overdue: open and due before today (a task due today with a past time is not overdue until tomorrow). */
export const isOverdue = (task: TaskLike, today: string) => !task.completed_at && !task.archived && !!task.due_date && task.due_date < today;

const PRIORITY_RANK: Record<string, number> = { high: 0, medium: 1, low: 2 };

/** A list in its hand-made order (sort_order), ties by creation and id, so every device shows one order. */
export function orderTasks<T extends TaskLike>(tasks: T[]): T[] {
  return [...tasks].sort(
    (a, b) => Number(a.sort_order ?? 0) - Number(b.sort_order ?? 0) || String(a.created_at ?? '').localeCompare(String(b.created_at ?? '')) || a.id.localeCompare(b.id),
  );
}

/** Upcoming: by due date (then time), then hand-made order. */
export function orderByDue<T extends TaskLike>(tasks: T[]): T[] {
  const byOrder = new Map(orderTasks(tasks).map((t, i) => [t.id, i]));
  return [...tasks].sort(
    (a, b) =>
      String(a.due_date ?? '').localeCompare(String(b.due_date ?? '')) ||
      String(a.due_time ?? '99:99').localeCompare(String(b.due_time ?? '99:99')) ||
      byOrder.get(a.id)! - byOrder.get(b.id)!,
  );
}

export const priorityRank = (p: string | null | undefined) => PRIORITY_RANK[p ?? ''] ?? 3;

/**
 * The sort order that puts a task at `to` in `ordered` (the list as shown, the task itself
 * included at `from`): the midpoint of its new neighbours, so a move writes one field of one row.
 * Null when the move goes nowhere.
 */
export function sortOrderForMove(ordered: Array<{ sort_order?: number | null }>, from: number, to: number): number | null {
  if (from === to || from < 0 || from >= ordered.length || to < 0 || to >= ordered.length) return null;
  const rest = ordered.filter((_, i) => i !== from).map((t) => Number(t.sort_order ?? 0));
  const before = to > 0 ? rest[to - 1] : undefined;
  const after = to < rest.length ? rest[to] : undefined;
  if (before === undefined) return (after ?? 0) - 1;
  if (after === undefined) return before + 1;
  return (before + after) / 2;
}

/** The order of a new task: after every other one in its list. */
export const nextSortOrder = (tasks: Array<{ sort_order?: number | null }>) => tasks.reduce((m, t) => Math.max(m, Number(t.sort_order ?? 0)), 0) + 1;

export interface QuickAdd {
  title: string;
  due_date: string | null;
  due_time: string | null;
  priority: TaskPriority | null;
  tags: string[];
}

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const WEEKDAY_SHORT: Record<string, number> = { sun: 0, mon: 1, tue: 2, tues: 2, wed: 3, thu: 4, thur: 4, thurs: 4, fri: 5, sat: 6 };
/** "sun" and "sat" are words too ("sun cream"): alone they are a day only after on/by/due/next. */
const AMBIGUOUS_SHORT = new Set(['sun', 'sat']);
const weekdayOf = (word: string, led: boolean) => {
  const full = WEEKDAYS.indexOf(word);
  if (full >= 0) return full;
  if (!Object.hasOwn(WEEKDAY_SHORT, word) || (AMBIGUOUS_SHORT.has(word) && !led)) return -1;
  return WEEKDAY_SHORT[word];
};
/** 1970-01-01 was a Thursday (4). */
const dowOf = (date: string) => (((dayNumber(date) + 4) % 7) + 7) % 7;
const PRIORITY_WORDS: Record<string, TaskPriority> = { high: 'high', h: 'high', '1': 'high', p1: 'high', med: 'medium', medium: 'medium', m: 'medium', '2': 'medium', p2: 'medium', low: 'low', l: 'low', '3': 'low', p3: 'low' };
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
const realDay = (s: string) => {
  if (!ISO_DAY.test(s)) return false;
  const ms = Date.parse(`${s}T00:00:00Z`);
  return Number.isFinite(ms) && new Date(ms).toISOString().slice(0, 10) === s;
};

function clockTime(word: string): string | null {
  const m = /^(\d{1,2})(?::(\d{2}))?(am|pm)?$/.exec(word);
  if (!m) return null;
  let h = Number(m[1]);
  const min = Number(m[2] ?? 0);
  if (!m[2] && !m[3]) return null; // a bare number is not a time
  if (m[3]) {
    if (h < 1 || h > 12) return null;
    h = (h % 12) + (m[3] === 'pm' ? 12 : 0);
  }
  if (h > 23 || min > 59) return null;
  return `${String(h).padStart(2, '0')}:${String(min).padStart(2, '0')}`;
}

/**
 * Reads a quick-add line the way people type it: "Buy chalk tomorrow !high #gym". `today` is the
 * person's local date (in their time zone). Understood: today, tonight, tomorrow (tmrw), weekday
 * names (mon…sun: the next one, today included; "next fri": the one after today), an ISO date,
 * "in 3 days" / "in 2 weeks", "at 17:00" / "at 5pm", !high/!med/!low or !1..!3, and #tags. Words
 * it takes are removed from the title; if nothing is left, the whole line is the title.
 */
export function parseQuickAdd(line: string, today: string): QuickAdd {
  const words = line.trim().split(/\s+/).filter(Boolean);
  const keep = new Array<boolean>(words.length).fill(true);
  let due: string | null = null;
  let time: string | null = null;
  let priority: TaskPriority | null = null;
  const tags: string[] = [];
  const low = words.map((w) => w.toLowerCase().replace(/[.,;]$/, ''));
  const take = (...idx: number[]) => idx.forEach((i) => (keep[i] = false));
  // "on" / "by" / "due" before a date is part of the date phrase.
  const takeLead = (i: number) => {
    if (i > 0 && keep[i - 1] && ['on', 'by', 'due'].includes(low[i - 1])) take(i - 1);
  };
  for (let i = 0; i < words.length; i++) {
    const w = low[i];
    if (w.startsWith('!') && PRIORITY_WORDS[w.slice(1)]) {
      priority = PRIORITY_WORDS[w.slice(1)];
      take(i);
      continue;
    }
    if (/^#[\p{L}\p{N}_-]{1,40}$/u.test(words[i])) {
      const tag = words[i].slice(1);
      if (!tags.includes(tag) && tags.length < TASK_LIMITS.tags) tags.push(tag);
      take(i);
      continue;
    }
    if (w === 'today' || w === 'tonight' || w === 'tod') {
      due = today;
      take(i);
      takeLead(i);
      continue;
    }
    if (w === 'tomorrow' || w === 'tmrw' || w === 'tmr') {
      due = addDays(today, 1);
      take(i);
      takeLead(i);
      continue;
    }
    if (realDay(w)) {
      due = w;
      take(i);
      takeLead(i);
      continue;
    }
    if (w === 'in' && i + 2 < words.length) {
      const n = low[i + 1] === 'a' || low[i + 1] === 'one' ? 1 : Number(low[i + 1]);
      const unit = low[i + 2];
      if (Number.isInteger(n) && n >= 0 && n <= 3650 && unit && /^(days?|weeks?)$/.test(unit)) {
        due = addDays(today, unit.startsWith('week') ? n * 7 : n);
        take(i, i + 1, i + 2);
        i += 2;
        continue;
      }
    }
    if (w === 'at' && i + 1 < words.length) {
      const t = clockTime(low[i + 1]);
      if (t) {
        time = t;
        take(i, i + 1);
        i += 1;
        continue;
      }
    }
    const next = w === 'next' && i + 1 < words.length ? weekdayOf(low[i + 1], true) : -1;
    const dow = next >= 0 ? next : weekdayOf(w, i > 0 && ['on', 'by', 'due'].includes(low[i - 1]));
    if (dow >= 0) {
      const ahead = (dow - dowOf(today) + 7) % 7;
      due = addDays(today, next >= 0 ? ahead || 7 : ahead);
      take(i);
      if (next >= 0) {
        take(i + 1);
        i += 1;
      }
      takeLead(i - (next >= 0 ? 1 : 0));
      continue;
    }
  }
  const title = words.filter((_, i) => keep[i]).join(' ').trim();
  // A time with no day is today's.
  if (time && !due) due = today;
  return { title: (title || line.trim()).slice(0, TASK_LIMITS.title), due_date: due, due_time: time, priority, tags };
}
