import type { Client } from '@libsql/client';
import type { AppDeps, SessionUser } from '../context.ts';
import { ApiError, refusalCode } from '../errors.ts';
import { pushForUser } from './sync-push-service.ts';
import { serverHlc } from './server-clock.ts';

export interface ExerciseQuery {
  q?: string;
  muscle?: string;
  equipment?: string;
  category?: string;
  custom?: boolean;
  limit: number;
  offset: number;
}

export interface NewExercise {
  id?: string;
  name: string;
  category: string;
  muscle_groups: string[];
  equipment?: string | null;
  instructions?: string | null;
}

const parseList = (v: unknown): string[] => {
  try {
    const xs = JSON.parse(String(v ?? '[]'));
    return Array.isArray(xs) ? xs.map(String) : [];
  } catch {
    return [];
  }
};

function toExercise(r: Record<string, unknown>) {
  return {
    id: String(r.id),
    name: String(r.name),
    category: r.category ?? null,
    muscle_groups: parseList(r.muscle_groups),
    secondary_muscles: parseList(r.secondary_muscles),
    equipment: r.equipment ?? null,
    level: r.level ?? null,
    instructions: r.instructions ?? null,
    is_custom: !!r.is_custom,
  };
}

/** The library a person sees: the built-in exercises plus their own, filtered like the app's search. */
export async function listExercises(db: Client, userId: string, q: ExerciseQuery) {
  const where = ['(user_id IS NULL OR user_id = ?)'];
  const args: (string | number)[] = [userId];
  if (q.q) {
    // Every word must appear in the name, so "bench press" finds "Dumbbell Bench Press".
    for (const word of q.q.toLowerCase().split(/\s+/).filter(Boolean).slice(0, 8)) {
      where.push("lower(name) LIKE ? ESCAPE '\\'");
      args.push(`%${word.replace(/[\\%_]/g, (m) => `\\${m}`)}%`);
    }
  }
  if (q.muscle) {
    where.push('(EXISTS (SELECT 1 FROM json_each(exercises.muscle_groups) WHERE lower(value) = ?))');
    args.push(q.muscle.toLowerCase());
  }
  if (q.equipment) {
    where.push('lower(equipment) = ?');
    args.push(q.equipment.toLowerCase());
  }
  if (q.category) {
    where.push('lower(category) = ?');
    args.push(q.category.toLowerCase());
  }
  if (q.custom !== undefined) where.push(q.custom ? 'user_id = ?' : 'user_id IS NULL');
  if (q.custom) args.push(userId);
  const sqlWhere = where.join(' AND ');
  const total = Number((await db.execute({ sql: `SELECT COUNT(*) AS n FROM exercises WHERE ${sqlWhere}`, args })).rows[0].n);
  const rows = (
    await db.execute({ sql: `SELECT * FROM exercises WHERE ${sqlWhere} ORDER BY name COLLATE NOCASE, id LIMIT ? OFFSET ?`, args: [...args, q.limit, q.offset] })
  ).rows;
  return { exercises: rows.map((r) => toExercise(r as Record<string, unknown>)), total, limit: q.limit, offset: q.offset };
}

/** A custom exercise goes through the sync push, so ownership checks and the pull log are the app's own. */
export async function createCustomExercise(deps: AppDeps, user: Pick<SessionUser, 'id'>, input: NewExercise) {
  const id = input.id ?? `exu_${crypto.randomUUID()}`;
  const existing = (await deps.db.execute({ sql: 'SELECT user_id FROM exercises WHERE id = ?', args: [id] })).rows[0];
  if (existing) throw new ApiError(409, 'conflict', 'An exercise with this id already exists');
  const fields = {
    name: input.name.trim(),
    category: input.category,
    muscle_groups: input.muscle_groups,
    secondary_muscles: [],
    equipment: input.equipment ?? null,
    instructions: input.instructions?.trim() || null,
    is_custom: true,
    created_by: user.id,
  };
  const res = await pushForUser(deps, user, { changes: [{ table: 'exercises', id, op: 'upsert', fields, hlc: serverHlc() }], events: [] });
  const err = res.changeErrors[0];
  if (err) throw new ApiError(err.code === 'forbidden' || err.code === 'not_found' ? 404 : 422, refusalCode(err.code), err.message);
  const row = (await deps.db.execute({ sql: 'SELECT * FROM exercises WHERE id = ? AND user_id = ?', args: [id, user.id] })).rows[0];
  return toExercise(row as Record<string, unknown>);
}
