import type { Client } from '@libsql/client';
import { starterCourseRows } from '@ignition/shared/starter-courses.ts';
import { recordChanges } from './sync/change-log.ts';
import { and, eq, inArray } from 'drizzle-orm';
import { courses as coursesTable, lessons as lessonsTable, syncRows } from '@ignition/shared/server/tables.ts';
import { orm, readInSlices } from '../db/orm.ts';
import { withWriteTransaction } from '../db/write-transaction.ts';

/**
 * Seeds the starter courses and their lessons (fixed ids) when missing. Idempotent, and it never
 * overwrites: an admin may edit or unpublish a starter course and a restart must not undo that.
 */
export async function seedStarterCourses(db: Client): Promise<void> {
  const { courses, lessons } = starterCourseRows();
  const o = orm(db);
  const courseIds = courses.map((c) => c.id);
  const lessonIds = lessons.map((l) => l.id);
  const haveCourses = new Set((await readInSlices(courseIds, (ids) => o.select({ id: coursesTable.id }).from(coursesTable).where(inArray(coursesTable.id, ids)))).map((r) => r.id));
  const haveLessons = new Set((await readInSlices(lessonIds, (ids) => o.select({ id: lessonsTable.id }).from(lessonsTable).where(inArray(lessonsTable.id, ids)))).map((r) => r.id));
  // A starter course or lesson an admin deleted (tombstoned in the change log) stays deleted.
  const gone = new Set(
    (
      await readInSlices([...courseIds, ...lessonIds], (ids) =>
        o
          .select({ id: syncRows.row_id })
          .from(syncRows)
          .where(and(inArray(syncRows.table_name, ['courses', 'lessons']), eq(syncRows.deleted, 1), inArray(syncRows.row_id, ids))),
      )
    ).map((r) => r.id),
  );
  const newCourses = courses.filter((c) => !haveCourses.has(c.id) && !gone.has(c.id));
  // A lesson is only added to a course that still exists (an admin may have deleted the course).
  const keptCourses = new Set([...haveCourses, ...newCourses.map((c) => c.id)]);
  const newLessons = lessons.filter((l) => !haveLessons.has(l.id) && !gone.has(l.id) && keptCourses.has(l.course_id));
  if (!newCourses.length && !newLessons.length) return;
  await withWriteTransaction(db, async (tx) => {
    const t = orm(tx);
    // Slices keep each insert under SQLite's bound-parameter cap.
    for (let i = 0; i < newCourses.length; i += 50) await t.insert(coursesTable).values(newCourses.slice(i, i + 50)).onConflictDoNothing();
    for (let i = 0; i < newLessons.length; i += 50) await t.insert(lessonsTable).values(newLessons.slice(i, i + 50)).onConflictDoNothing();
    await recordChanges(tx, [
      ...newCourses.map((c) => ({ table: 'courses', id: c.id, userId: null })),
      ...newLessons.map((l) => ({ table: 'lessons', id: l.id, userId: null })),
    ]);
  });
}
