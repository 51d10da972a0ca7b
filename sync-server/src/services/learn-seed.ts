import type { Client } from '@libsql/client';
import { starterCourseRows } from '@ignition/shared/starter-courses.ts';
import { recordChanges } from './sync/change-log.ts';
import { multiInsert, selectIn, type SqlValue } from './sync/sql.ts';
import { withWriteTransaction } from '../db/write-transaction.ts';

/**
 * Seeds the starter courses and their lessons (fixed ids) when missing. Idempotent, and it never
 * overwrites: an admin may edit or unpublish a starter course and a restart must not undo that.
 */
export async function seedStarterCourses(db: Client): Promise<void> {
  const { courses, lessons } = starterCourseRows();
  const haveCourses = new Set((await selectIn<{ id: string }>(db, 'SELECT id FROM courses WHERE id IN', courses.map((c) => c.id))).map((r) => String(r.id)));
  const haveLessons = new Set((await selectIn<{ id: string }>(db, 'SELECT id FROM lessons WHERE id IN', lessons.map((l) => l.id))).map((r) => String(r.id)));
  // A starter course or lesson an admin deleted (tombstoned in the change log) stays deleted.
  const gone = new Set(
    (await selectIn<{ row_id: string }>(db, "SELECT row_id FROM sync_rows WHERE table_name IN ('courses', 'lessons') AND deleted = 1 AND row_id IN", [...courses.map((c) => c.id), ...lessons.map((l) => l.id)])).map(
      (r) => String(r.row_id),
    ),
  );
  const newCourses = courses.filter((c) => !haveCourses.has(c.id) && !gone.has(c.id));
  // A lesson is only added to a course that still exists (an admin may have deleted the course).
  const courseIds = new Set([...haveCourses, ...newCourses.map((c) => c.id)]);
  const newLessons = lessons.filter((l) => !haveLessons.has(l.id) && !gone.has(l.id) && courseIds.has(l.course_id));
  if (!newCourses.length && !newLessons.length) return;
  const stmts = [
    ...multiInsert(
      'INSERT OR IGNORE INTO courses (id, title, description, category, difficulty, estimated_hours, image_url, is_published, created_at)',
      9,
      newCourses.map((c): SqlValue[] => [c.id, c.title, c.description, c.category, c.difficulty, c.estimated_hours, c.image_url, c.is_published, c.created_at]),
    ),
    ...multiInsert(
      'INSERT OR IGNORE INTO lessons (id, course_id, title, content, order_index, duration_minutes, xp_reward)',
      7,
      newLessons.map((l): SqlValue[] => [l.id, l.course_id, l.title, l.content, l.order_index, l.duration_minutes, l.xp_reward]),
    ),
  ];
  await withWriteTransaction(db, async (tx) => {
    for (const s of stmts) await tx.execute(s);
    await recordChanges(tx, [
      ...newCourses.map((c) => ({ table: 'courses', id: c.id, userId: null })),
      ...newLessons.map((l) => ({ table: 'lessons', id: l.id, userId: null })),
    ]);
  });
}
