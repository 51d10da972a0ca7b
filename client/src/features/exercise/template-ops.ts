import { db as defaultDb, type IgnitionDb, type Row } from '../../db/db.ts';
import { commit, newId, type WriteOp } from '../../sync/outbox.ts';

export const SECTION_TYPES = ['warmup', 'main', 'cooldown', 'superset', 'circuit'] as const;
export type SectionType = (typeof SECTION_TYPES)[number];

export interface TemplateItem {
  id: string;
  exercise_id: string;
  sets: number | null;
  reps: string | null;
  /** kilograms */
  weight: number | null;
  rest_seconds: number | null;
  notes: string | null;
}
export interface TemplateSection {
  id: string;
  name: string;
  section_type: SectionType;
  items: TemplateItem[];
}
export interface Template {
  id: string;
  name: string;
  description: string | null;
  estimated_duration: number | null;
  sections: TemplateSection[];
}

/** A template with its sections and exercises, in order. */
export async function loadTemplate(id: string, database: IgnitionDb = defaultDb): Promise<Template | null> {
  const w = await database.workouts.get(id);
  if (!w) return null;
  const sections = (await database.workout_sections.where('workout_id').equals(id).toArray()).sort((a, b) => Number(a.order_index) - Number(b.order_index));
  const out: TemplateSection[] = [];
  for (const s of sections) {
    const items = (await database.workout_exercises.where('section_id').equals(s.id).toArray()).sort((a, b) => Number(a.order_index) - Number(b.order_index));
    out.push({
      id: s.id,
      name: String(s.name ?? ''),
      section_type: (SECTION_TYPES as readonly string[]).includes(String(s.section_type)) ? (s.section_type as SectionType) : 'main',
      items: items.map((i) => ({
        id: i.id,
        exercise_id: String(i.exercise_id),
        sets: i.sets == null ? null : Number(i.sets),
        reps: i.reps == null ? null : String(i.reps),
        weight: i.weight == null ? null : Number(i.weight),
        rest_seconds: i.rest_seconds == null ? null : Number(i.rest_seconds),
        notes: i.notes == null ? null : String(i.notes),
      })),
    });
  }
  return { id, name: String(w.name ?? ''), description: (w.description as string | null) ?? null, estimated_duration: w.estimated_duration == null ? null : Number(w.estimated_duration), sections: out };
}

/** The writes that make the stored template equal `next` (removed sections and exercises are deleted). */
export function templateOps(next: Template, before: Template | null): WriteOp[] {
  const now = new Date().toISOString();
  const ops: WriteOp[] = [
    { table: 'workouts', id: next.id, fields: { name: next.name.trim(), description: next.description?.trim() || null, estimated_duration: next.estimated_duration, updated_at: now, ...(before ? {} : { created_at: now }) } },
  ];
  const keptSections = new Set(next.sections.map((s) => s.id));
  const keptItems = new Set(next.sections.flatMap((s) => s.items.map((i) => i.id)));
  for (const s of before?.sections ?? []) {
    if (!keptSections.has(s.id)) ops.push({ table: 'workout_sections', id: s.id, delete: true });
    else for (const i of s.items) if (!keptItems.has(i.id)) ops.push({ table: 'workout_exercises', id: i.id, delete: true });
  }
  next.sections.forEach((s, si) => {
    ops.push({ table: 'workout_sections', id: s.id, fields: { workout_id: next.id, name: s.name.trim() || s.section_type, section_type: s.section_type, order_index: si } });
    s.items.forEach((i, ii) =>
      ops.push({ table: 'workout_exercises', id: i.id, fields: { section_id: s.id, exercise_id: i.exercise_id, sets: i.sets, reps: i.reps, weight: i.weight, rest_seconds: i.rest_seconds, notes: i.notes, order_index: ii } }),
    );
  });
  return ops;
}

export function saveTemplate(next: Template, before: Template | null, database: IgnitionDb = defaultDb) {
  return commit(templateOps(next, before), [], database);
}

/** A copy with fresh ids, so editing it never touches the original. */
export function copyTemplate(t: Template, name = `${t.name} (copy)`): Template {
  return { ...t, id: newId(), name, sections: t.sections.map((s) => ({ ...s, id: newId(), items: s.items.map((i) => ({ ...i, id: newId() })) })) };
}

export async function deleteTemplate(t: Template, database: IgnitionDb = defaultDb) {
  await commit([{ table: 'workouts', id: t.id, delete: true }], [], database);
}

export function emptyTemplate(): Template {
  return { id: newId(), name: '', description: null, estimated_duration: 60, sections: [{ id: newId(), name: 'Main', section_type: 'main', items: [] }] };
}

export function templateSummary(t: Template, names: Map<string, Row>): string {
  const items = t.sections.flatMap((s) => s.items);
  const first = items.slice(0, 3).map((i) => String(names.get(i.exercise_id)?.name ?? 'Exercise'));
  return `${items.length} exercise${items.length === 1 ? '' : 's'}${first.length ? `: ${first.join(', ')}${items.length > 3 ? '…' : ''}` : ''}`;
}
