/**
 * Tag lists and JSON fields as the row rules read them: a stored value may be a JSON text (SQLite)
 * or already a list (a form, IndexedDB). One reading for infobase entries, recipes, tasks and tracks.
 */

/** A JSON field's value: parsed when it is text, as it is otherwise; undefined when the text is not JSON. */
export function parsedJson(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  try {
    return JSON.parse(v);
  } catch {
    return undefined;
  }
}

/** Why a value is not a valid tag list for a `noun` ("an entry", "a task"), or null. */
export function tagListProblem(v: unknown, noun: string, limits: { tags: number; tag: number }): string | null {
  const list = parsedJson(v);
  if (!Array.isArray(list)) return 'tags must be a list of text';
  if (list.length > limits.tags) return `${noun} has at most ${limits.tags} tags`;
  for (const t of list) if (typeof t !== 'string' || t.trim().length === 0 || t.length > limits.tag) return `a tag must be text of 1 to ${limits.tag} characters`;
  return null;
}

/** A stored tags value (a JSON list, its text, or null) as a list of text. */
export function tagsOf(v: unknown): string[] {
  const list = parsedJson(v);
  return Array.isArray(list) ? list.filter((t): t is string => typeof t === 'string') : [];
}
