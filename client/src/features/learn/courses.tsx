import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { Link } from 'wouter';
import { db, type Row } from '../../db/db.ts';
import { EmptyState, PageHeader } from '../../ui/empty-state.tsx';
import { Markdown } from '../../ui/markdown.tsx';
import { notify } from '../../ui/notices.tsx';
import { completeLesson, isPublished } from './learn-data.ts';

const byOrder = (a: Row, b: Row) => Number(a.order_index ?? 0) - Number(b.order_index ?? 0) || a.id.localeCompare(b.id);

function useCompleted(): Set<string> | undefined {
  return useLiveQuery(async () => new Set((await db.user_lesson_progress.toArray()).filter((p) => !!p.completed).map((p) => String(p.lesson_id))), []);
}

function pct(done: number, total: number) {
  return total ? Math.round((100 * done) / total) : 0;
}

function Progress({ value, label }: { value: number; label: string }) {
  return (
    <div className="progress-bar" role="progressbar" aria-valuenow={value} aria-valuemin={0} aria-valuemax={100} aria-label={label}>
      <span style={{ width: `${value}%` }} />
    </div>
  );
}

export function CoursesPage() {
  const courses = useLiveQuery(() => db.courses.toArray(), []);
  const lessons = useLiveQuery(() => db.lessons.toArray(), []);
  const completed = useCompleted();
  if (!courses || !lessons || !completed) return null;
  const published = courses.filter(isPublished).sort((a, b) => String(a.created_at ?? '').localeCompare(String(b.created_at ?? '')) || String(a.title).localeCompare(String(b.title)));
  if (!published.length)
    return (
      <EmptyState icon="🎓" title="No courses yet">
        Courses appear here when they are published. Your flashcards and journal are in the tabs above.
      </EmptyState>
    );
  return (
    <section className="stack" aria-label="Courses">
      <PageHeader title="Courses" subtitle="Short lessons you can read anywhere — each completed lesson earns Knowledge XP once." />
      <ul className="grid learn-courses">
        {published.map((c) => {
          const ls = lessons.filter((l) => l.course_id === c.id).sort(byOrder);
          const done = ls.filter((l) => completed.has(l.id)).length;
          const p = pct(done, ls.length);
          const next = ls.find((l) => !completed.has(l.id));
          return (
            <li key={c.id} className="card stack learn-course" data-testid="course-card">
              <div className="spread">
                <span className="badge">{String(c.category ?? 'Course')}</span>
                {p === 100 ? <span className="badge badge-ok">Completed</span> : <span className="muted small">{ls.length} lessons</span>}
              </div>
              <h2 className="learn-course__title">
                <Link href={`/courses/${c.id}`}>{String(c.title)}</Link>
              </h2>
              {c.description ? <p className="muted">{String(c.description)}</p> : null}
              <Progress value={p} label={`${String(c.title)} progress`} />
              <div className="spread">
                <span className="small muted" data-testid="course-progress">
                  {done}/{ls.length} · {p}%
                </span>
                {next && (
                  <Link className="btn btn-small btn-primary" href={`/courses/${c.id}/lessons/${next.id}`}>
                    {done ? 'Continue' : 'Start'}
                  </Link>
                )}
              </div>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

export function CoursePage({ params }: { params: { courseId: string } }) {
  const course = useLiveQuery(() => db.courses.get(params.courseId), [params.courseId]);
  const lessons = useLiveQuery(() => db.lessons.where('course_id').equals(params.courseId).toArray(), [params.courseId]);
  const completed = useCompleted();
  if (course === undefined && lessons === undefined) return null;
  if (!course || !isPublished(course))
    return (
      <EmptyState icon="🔍" title="Course not found" action={<Link href="/">All courses</Link>}>
        It may have been unpublished, or it has not synced to this device yet.
      </EmptyState>
    );
  const ls = (lessons ?? []).slice().sort(byOrder);
  const done = ls.filter((l) => completed?.has(l.id)).length;
  const p = pct(done, ls.length);
  return (
    <section className="stack">
      <Link href="/" className="small">
        ← All courses
      </Link>
      <PageHeader title={String(course.title)} subtitle={course.description ? String(course.description) : undefined} />
      <div className="card stack">
        <div className="spread">
          <strong data-testid="course-percent">{p}% complete</strong>
          <span className="muted small">
            {done} of {ls.length} lessons
          </span>
        </div>
        <Progress value={p} label="Course progress" />
      </div>
      <ol className="list learn-lessons">
        {ls.map((l, i) => {
          const isDone = completed?.has(l.id);
          return (
            <li key={l.id} className="spread">
              <Link href={`/courses/${course.id}/lessons/${l.id}`} className="learn-lesson-link">
                <span className={isDone ? 'learn-check done' : 'learn-check'} aria-hidden>
                  {isDone ? '✓' : i + 1}
                </span>
                <span>{String(l.title)}</span>
              </Link>
              <span className="muted small">
                {isDone ? 'Done' : ''} {l.duration_minutes ? `${String(l.duration_minutes)} min` : ''}
              </span>
            </li>
          );
        })}
      </ol>
    </section>
  );
}

export function LessonPage({ params }: { params: { courseId: string; lessonId: string } }) {
  const lesson = useLiveQuery(() => db.lessons.get(params.lessonId), [params.lessonId]);
  const siblings = useLiveQuery(() => db.lessons.where('course_id').equals(params.courseId).toArray(), [params.courseId]);
  const progress = useLiveQuery(() => db.user_lesson_progress.where('lesson_id').equals(params.lessonId).toArray(), [params.lessonId]);
  const completed = useCompleted();
  const [busy, setBusy] = useState(false);
  if (lesson === undefined && siblings === undefined) return null;
  if (!lesson)
    return (
      <EmptyState icon="🔍" title="Lesson not found" action={<Link href={`/courses/${params.courseId}`}>Back to the course</Link>}>
        It may have been removed, or it has not synced to this device yet.
      </EmptyState>
    );
  const ls = (siblings ?? []).slice().sort(byOrder);
  const idx = ls.findIndex((l) => l.id === lesson.id);
  const next = idx >= 0 ? ls[idx + 1] : undefined;
  const doneRow = (progress ?? []).find((p) => !!p.completed);
  const completedIds = completed ?? new Set<string>();
  const complete = async () => {
    setBusy(true);
    try {
      const reward = await completeLesson(lesson);
      const remaining = ls.filter((l) => l.id !== lesson.id && !completedIds.has(l.id)).length;
      if (reward) notify(`${remaining ? 'Lesson complete' : 'Course complete 🎉'} · +${reward.xp} XP, +${reward.coins} coins`, 'success');
    } catch (e) {
      notify(`Could not save: ${(e as Error).message}`, 'error');
    } finally {
      setBusy(false);
    }
  };
  return (
    <article className="stack learn-lesson">
      <Link href={`/courses/${params.courseId}`} className="small">
        ← Back to the course
      </Link>
      <p className="muted small">
        Lesson {idx + 1} of {ls.length}
        {lesson.duration_minutes ? ` · ${String(lesson.duration_minutes)} min read` : ''}
      </p>
      <div className="card">
        <Markdown text={String(lesson.content ?? '')} className="learn-lesson__content" />
      </div>
      <div className="card spread learn-lesson__footer">
        {doneRow ? (
          <span className="badge badge-ok" data-testid="lesson-done">
            ✓ Completed {doneRow.completed_at ? new Date(String(doneRow.completed_at)).toLocaleDateString() : ''}
          </span>
        ) : (
          <button className="btn btn-primary btn-big" onClick={complete} disabled={busy}>
            Mark complete · +{Number(lesson.xp_reward ?? 30)} XP
          </button>
        )}
        {next ? (
          <Link className="btn" href={`/courses/${params.courseId}/lessons/${next.id}`}>
            Next: {String(next.title)} →
          </Link>
        ) : (
          <Link className="btn" href={`/courses/${params.courseId}`}>
            Course overview
          </Link>
        )}
      </div>
    </article>
  );
}
