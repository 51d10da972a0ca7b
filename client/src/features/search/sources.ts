import type { Row } from '../../db/db.ts';

/**
 * What the palette finds, one line per table: which Dexie table, how a row becomes a title and a
 * body of text, and the route that opens it. A table missing from the device's Dexie schema
 * (`db.tables`) is skipped, so a source may name a table another branch adds (`infobase_entries`,
 * `recipes`, `tasks`): it lights up once that table exists.
 *
 * Routes ending in `#<element id>` open the screen and then scroll to (and focus) that element,
 * which the screen marks with that id (e.g. a habit card is `habit-<id>`).
 */
export interface SearchSource {
  /** the Dexie table */
  table: string;
  /** what a result of this kind is called, shown beside it ("Habit") */
  label: string;
  title: (row: Row) => string;
  /** the other searchable text (description, content, notes…), weighted below the title */
  body: (row: Row) => string;
  /** tags, categories, authors: weighted between title and body */
  tags?: (row: Row) => string;
  /** a short detail shown under the title (a date, an author) */
  hint?: (row: Row) => string;
  route: (row: Row) => string;
  /** rows to leave out (e.g. a blank journal day) */
  skip?: (row: Row) => boolean;
}

/** The text in a column whatever its shape: a string, a number, or JSON (tags as an array, steps as objects). */
export function textOf(value: unknown): string {
  if (value == null) return '';
  if (typeof value === 'string') {
    const s = value.trim();
    // JSON kept as text (tags '["a","b"]', steps '[{"text":…}]') reads as its words, not its brackets.
    if ((s.startsWith('[') && s.endsWith(']')) || (s.startsWith('{') && s.endsWith('}'))) {
      try {
        return textOf(JSON.parse(s) as unknown);
      } catch {
        return value;
      }
    }
    return value;
  }
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map(textOf).filter(Boolean).join(' ');
  if (typeof value === 'object') return Object.values(value as Record<string, unknown>).map(textOf).filter(Boolean).join(' ');
  return '';
}

const s = (v: unknown) => textOf(v);
const join = (...parts: unknown[]) => parts.map(s).filter(Boolean).join(' · ');
const enc = encodeURIComponent;

export const SOURCES: SearchSource[] = [
  {
    table: 'journal_entries',
    label: 'Journal',
    title: (r) => s(r.date),
    body: (r) => s(r.content),
    route: (r) => `/learn/journal?date=${enc(s(r.date))}`,
    skip: (r) => !s(r.content).trim(),
  },
  { table: 'habits', label: 'Habit', title: (r) => s(r.name), body: (r) => s(r.description), hint: (r) => (r.archived ? 'archived' : s(r.frequency)), route: (r) => `/habits${r.archived ? '?archived=1' : ''}#habit-${r.id}` },
  { table: 'goals', label: 'Goal', title: (r) => s(r.title), body: (r) => s(r.description), hint: (r) => join(r.status, r.target_date), route: (r) => `/goals${r.status && r.status !== 'active' ? `?status=${enc(s(r.status))}` : ''}#goal-${r.id}` },
  { table: 'books', label: 'Book', title: (r) => s(r.title), body: (r) => s(r.notes), tags: (r) => join(r.author, r.genre), hint: (r) => s(r.author), route: (r) => `/books#book-${r.id}` },
  {
    table: 'lessons',
    label: 'Lesson',
    title: (r) => s(r.title),
    body: (r) => s(r.content),
    route: (r) => `/learn/courses/${enc(s(r.course_id))}/lessons/${enc(r.id)}`,
  },
  { table: 'flashcard_decks', label: 'Deck', title: (r) => s(r.title), body: (r) => s(r.description), route: (r) => `/learn/decks/${enc(r.id)}` },
  { table: 'flashcards', label: 'Flashcard', title: (r) => s(r.front), body: (r) => s(r.back), route: (r) => `/learn/decks/${enc(s(r.deck_id))}#card-${r.id}` },
  {
    // The built-in library (shared rows, user_id null) and the person's own exercises.
    table: 'exercises',
    label: 'Exercise',
    title: (r) => s(r.name),
    body: (r) => s(r.instructions),
    tags: (r) => join(r.category, r.equipment, r.muscle_groups),
    hint: (r) => join(r.is_custom ? 'custom' : '', r.category, r.equipment),
    route: (r) => `/exercise/history/exercise/${enc(r.id)}`,
  },
  {
    table: 'calendar_events',
    label: 'Event',
    title: (r) => s(r.title),
    body: (r) => s(r.description),
    hint: (r) => s(r.start_time).slice(0, 10),
    route: (r) => `/planner?date=${enc(s(r.original_start ?? r.start_time).slice(0, 10))}`,
  },
  // Tables other branches add (issue 21 and the tasks work). Their routes are the screens those branches build.
  {
    table: 'infobase_entries',
    label: 'Note',
    title: (r) => s(r.title),
    body: (r) => s(r.content),
    tags: (r) => join(r.category, r.tags),
    hint: (r) => s(r.category),
    route: (r) => `/infobase/${enc(r.id)}`,
    skip: (r) => !!r.archived,
  },
  { table: 'recipes', label: 'Recipe', title: (r) => s(r.title), body: (r) => s(r.steps), tags: (r) => join(r.category, r.tags), hint: (r) => s(r.category), route: (r) => `/recipes/${enc(r.id)}` },
  { table: 'tasks', label: 'Task', title: (r) => s(r.title), body: (r) => s(r.notes), tags: (r) => s(r.tags), route: (r) => `/tasks#task-${r.id}` },
];

/** One indexed thing: a row of a source, a screen or an action. `id` is `<table>:<row id>` (or `screen:`/`action:`). */
export interface SearchDoc {
  id: string;
  kind: string;
  label: string;
  title: string;
  body: string;
  tags: string;
  hint: string;
  route: string;
}

export function docOf(source: SearchSource, row: Row): SearchDoc | null {
  if (source.skip?.(row)) return null;
  return {
    id: `${source.table}:${row.id}`,
    kind: source.table,
    label: source.label,
    title: source.title(row) || '(untitled)',
    body: source.body(row),
    tags: source.tags?.(row) ?? '',
    hint: source.hint?.(row) ?? '',
    route: source.route(row),
  };
}

/** Screens and actions: found by name (and a few words people type for them), opened by route. */
const PLACES: Array<[kind: 'screen' | 'action', title: string, route: string, words?: string]> = [
  ['screen', 'Today', '/', 'home dashboard daily plan'],
  ['screen', 'Focus', '/focus', 'timer pomodoro'],
  ['screen', 'Planner', '/planner', 'calendar events schedule'],
  ['screen', 'Quests', '/quests'],
  ['screen', 'Habits', '/habits'],
  ['screen', 'Goals', '/goals'],
  ['screen', 'Exercise', '/exercise', 'workout gym training'],
  ['screen', 'Exercise library', '/exercise/library'],
  ['screen', 'Workout history', '/exercise/history'],
  ['screen', 'Workout templates', '/exercise/templates'],
  ['screen', 'Learn', '/learn', 'courses lessons'],
  ['screen', 'Flashcards', '/learn/decks', 'decks cards'],
  ['screen', 'Journal', '/learn/journal', 'diary mood'],
  ['screen', 'Books', '/books', 'reading'],
  ['screen', 'Tracks', '/tracks', 'music audio'],
  ['screen', 'Market', '/market', 'rewards shop coins'],
  ['screen', 'Progress', '/progress', 'xp level skills stats'],
  ['screen', 'Settings', '/settings', 'account sign in preferences'],
  ['screen', 'Feedback', '/feedback'],
  ['screen', 'Help', '/help'],
  ['action', 'New habit', '/habits?new=1', 'add create habit'],
  ['action', 'New goal', '/goals?new=1', 'add create goal'],
  ['action', 'Add a book', '/books?new=1', 'new create book'],
  ['action', 'Start focus', '/focus', 'begin timer session pomodoro'],
  ['action', 'Write in the journal', '/learn/journal', 'journal entry today'],
  ['action', 'Review flashcards', '/learn/review', 'study due cards'],
  ['action', 'Log a workout', '/exercise', 'start workout session'],
  ['action', 'Open planner', '/planner', 'calendar'],
];

export const PLACE_DOCS: SearchDoc[] = PLACES.map(([kind, title, route, words]) => ({
  id: `${kind}:${title}`,
  kind,
  label: kind === 'screen' ? 'Screen' : 'Action',
  title,
  body: words ? `open go to ${words}` : 'open go to',
  tags: '',
  hint: '',
  route,
}));

/** The sources whose table this device's database has (`db.tables`' names). */
export function availableSources(tableNames: Iterable<string>, sources: SearchSource[] = SOURCES): SearchSource[] {
  const have = new Set(tableNames);
  return sources.filter((src) => have.has(src.table));
}
