import type { Client } from '@libsql/client';
import type { AppDeps, SessionUser } from '../context.ts';
import { ApiError, refusalCode } from '../errors.ts';
import { pushForUser } from './sync-push-service.ts';
import { serverHlc } from './server-clock.ts';
import { and, count, eq, isNull, or, sql } from 'drizzle-orm';
import { exercises } from '@ignition/shared/server/tables.ts';
import { orm } from '../db/orm.ts';

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

function toExercise(r: typeof exercises.$inferSelect) {
  return {
    id: r.id,
    name: r.name,
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
  const x = exercises;
  const words = (q.q ?? '').toLowerCase().split(/\s+/).filter(Boolean).slice(0, 8);
  const where = and(
    or(isNull(x.user_id), eq(x.user_id, userId)),
    // Every word must appear in the name, so "bench press" finds "Dumbbell Bench Press".
    ...words.map((word) => sql`lower(${x.name}) LIKE ${`%${word.replace(/[\\%_]/g, (m) => `\\${m}`)}%`} ESCAPE '\\'`),
    q.muscle ? sql`(EXISTS (SELECT 1 FROM json_each(exercises.muscle_groups) WHERE lower(value) = ${q.muscle.toLowerCase()}))` : undefined,
    q.equipment ? sql`lower(${x.equipment}) = ${q.equipment.toLowerCase()}` : undefined,
    q.category ? sql`lower(${x.category}) = ${q.category.toLowerCase()}` : undefined,
    q.custom === undefined ? undefined : q.custom ? eq(x.user_id, userId) : isNull(x.user_id),
  );
  const [{ total }] = await orm(db).select({ total: count() }).from(x).where(where);
  const rows = await orm(db).select().from(x).where(where).orderBy(sql`${x.name} COLLATE NOCASE`, x.id).limit(q.limit).offset(q.offset);
  return { exercises: rows.map(toExercise), total, limit: q.limit, offset: q.offset };
}

/** A custom exercise goes through the sync push, so ownership checks and the pull log are the app's own. */
export async function createCustomExercise(deps: AppDeps, user: Pick<SessionUser, 'id'>, input: NewExercise) {
  const id = input.id ?? `exu_${crypto.randomUUID()}`;
  const [existing] = await orm(deps.db).select({ id: exercises.id }).from(exercises).where(eq(exercises.id, id));
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
  const [row] = await orm(deps.db).select().from(exercises).where(and(eq(exercises.id, id), eq(exercises.user_id, user.id)));
  return toExercise(row);
}
