import { useLiveQuery } from 'dexie-react-hooks';
import { db, type Row } from '../../db/db.ts';
import { THING_TABLES, type ThingKind } from '@ignition/shared/rules/infobase.ts';
import { THING_ICON } from './infobase-logic.ts';

const GROUPS: Array<{ kind: ThingKind; label: string }> = [
  { kind: 'habit', label: 'Habits' },
  { kind: 'goal', label: 'Goals' },
  { kind: 'book', label: 'Books' },
  { kind: 'deck', label: 'Flashcard decks' },
  { kind: 'lesson', label: 'Lessons' },
];
const str = (v: unknown) => (typeof v === 'string' ? v : '');
/** A title that would break the link's brackets is named by id instead (links resolve ids first). */
const refOf = (r: Row, field: string) => (/[[\]|\n]/.test(str(r[field])) || !str(r[field]).trim() ? r.id : str(r[field]).trim());

/** "Insert a link": the person's other entries and own things, each as the `[[…]]` text that links it. */
export function LinkPicker({ selfId, onPick }: { selfId?: string; onPick: (text: string) => void }) {
  const options = useLiveQuery(async () => {
    const entries = (await db.infobase_entries.toArray()).filter((e) => e.id !== selfId && str(e.title).trim());
    const groups = await Promise.all(
      GROUPS.map(async (g) => {
        const spec = THING_TABLES[g.kind];
        const rows = ((await db.table(spec.table).limit(500).toArray()) as Row[]).filter((r) => !r.archived && str(r[spec.titleField]).trim());
        return { ...g, items: rows.map((r) => ({ text: `[[${g.kind}:${refOf(r, spec.titleField)}]]`, label: `${THING_ICON[g.kind]} ${str(r[spec.titleField])}` })).sort((a, b) => a.label.localeCompare(b.label)) };
      }),
    );
    return { entries: entries.map((e) => ({ text: `[[${str(e.title).trim()}]]`, label: str(e.title) })).sort((a, b) => a.label.localeCompare(b.label)), groups: groups.filter((g) => g.items.length) };
  }, [selfId]);
  if (!options || (options.entries.length === 0 && options.groups.length === 0)) return null;
  return (
    <label className="infobase-link-picker">
      Insert a link
      <select
        value=""
        onChange={(e) => {
          if (e.target.value) onPick(e.target.value);
        }}
      >
        <option value="">Link to an entry or one of your things…</option>
        {options.entries.length > 0 && (
          <optgroup label="Entries">
            {options.entries.map((o) => (
              <option key={o.text} value={o.text}>
                {o.label}
              </option>
            ))}
          </optgroup>
        )}
        {options.groups.map((g) => (
          <optgroup key={g.kind} label={g.label}>
            {g.items.map((o) => (
              <option key={o.text} value={o.text}>
                {o.label}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
    </label>
  );
}
