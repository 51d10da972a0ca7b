import { useState } from 'react';
import { SKILLS } from '@ignition/shared/rules/levels.ts';
import { notify } from '../../ui/notices.tsx';
import { useAdminQuery, type Page } from './admin-api.ts';
import { ContentManager, type KindDef, type Row } from './content-editor.tsx';

/** Event types a quest can count (GAME-RULES.md), plus the server-made ones. */
const EVENT_TYPES = ['focus_complete', 'workout_complete', 'habit_complete', 'lesson_complete', 'review_complete', 'reading_session', 'journal_entry', 'goal_milestone', 'goal_complete', 'planner_complete', 'recipe_complete', 'task_complete', 'personal_record', 'active_day'];
const skills = [...SKILLS];
const active = (r: Row) => (r.is_active === 0 ? ' · inactive' : '');

export const QUESTS: KindDef = {
  kind: 'quests',
  singular: 'Quest',
  title: (r) => String(r.title),
  details: (r) => `${r.type} · ${r.target} × ${r.event_type ?? '—'} · ${r.xp_reward} XP / ${r.coin_reward} coins${r.skill_id ? ` · ${r.skill_id}` : ''}${active(r)}`,
  fields: [
    { name: 'title', label: 'Title', type: 'text', required: true },
    { name: 'type', label: 'Period', type: 'select', options: ['daily', 'weekly', 'one_time'], required: true, initial: 'daily' },
    { name: 'event_type', label: 'Counts', type: 'select', options: EVENT_TYPES, required: true, initial: 'focus_complete' },
    { name: 'target', label: 'Target', type: 'number', min: 1, max: 10000, required: true, initial: 1 },
    { name: 'xp_reward', label: 'XP', type: 'number', min: 0, required: true, initial: 20 },
    { name: 'coin_reward', label: 'Coins', type: 'number', min: 0, required: true, initial: 10 },
    { name: 'skill_id', label: 'Skill', type: 'select', options: skills, initial: 'proficiency' },
    { name: 'is_active', label: 'Active', type: 'bool' },
    { name: 'description', label: 'Description', type: 'textarea' },
  ],
};

export const SKILL_DEFS: KindDef = {
  kind: 'skills',
  singular: 'Skill',
  askId: true,
  title: (r) => String(r.name),
  details: (r) => `step cost ${r.xp_scaling_base} × ${r.xp_scaling_multiplier}ⁿ⁻¹ · max level ${r.max_level}${active(r)}`,
  onSaved: (reply) => {
    const lc = reply.levelChanges as { usersAffected: number; levelsUp: number; levelsDown: number } | undefined;
    if (lc && lc.usersAffected > 0) notify(`New curve: ${lc.usersAffected} user(s) change level (${lc.levelsUp} up, ${lc.levelsDown} down)`, 'info');
  },
  fields: [
    { name: 'name', label: 'Name', type: 'text', required: true },
    { name: 'color', label: 'Colour', type: 'text', initial: '#3b82f6', help: 'like #3b82f6' },
    { name: 'xp_scaling_base', label: 'XP for level 2', type: 'number', min: 1, required: true, initial: 100 },
    { name: 'xp_scaling_multiplier', label: 'Growth per level', type: 'decimal', min: 1, max: 10, required: true, initial: 1.5 },
    { name: 'max_level', label: 'Max level', type: 'number', min: 1, max: 1000, required: true, initial: 10 },
    { name: 'display_order', label: 'Order', type: 'number', min: 0, initial: 10 },
    { name: 'is_active', label: 'Active', type: 'bool' },
    { name: 'description', label: 'Description', type: 'textarea' },
  ],
};

export const REWARDS: KindDef = {
  kind: 'rewards',
  singular: 'Reward',
  title: (r) => String(r.name),
  details: (r) => `${r.cost} coins${r.kind === 'streak_shield' ? ' · streak shield' : ''}${active(r)}`,
  fields: [
    { name: 'name', label: 'Name', type: 'text', required: true },
    { name: 'cost', label: 'Cost (coins)', type: 'number', min: 1, required: true, initial: 50 },
    { name: 'kind', label: 'Kind', type: 'select', options: ['reward', 'streak_shield'], required: true, initial: 'reward' },
    { name: 'is_active', label: 'In the market', type: 'bool' },
    { name: 'description', label: 'Description', type: 'textarea' },
  ],
};

export const EXERCISES: KindDef = {
  kind: 'exercises',
  singular: 'Exercise',
  title: (r) => String(r.name),
  details: (r) => [r.category, r.equipment, r.level].filter(Boolean).join(' · '),
  fields: [
    { name: 'name', label: 'Name', type: 'text', required: true },
    { name: 'category', label: 'Category', type: 'text', required: true, initial: 'strength' },
    { name: 'muscle_groups', label: 'Muscles (comma separated)', type: 'list' },
    { name: 'secondary_muscles', label: 'Secondary muscles', type: 'list' },
    { name: 'equipment', label: 'Equipment', type: 'text' },
    { name: 'level', label: 'Level', type: 'select', options: ['beginner', 'intermediate', 'expert'] },
    { name: 'instructions', label: 'Instructions', type: 'textarea' },
  ],
};

export const RECIPES: KindDef = {
  kind: 'recipes',
  singular: 'Recipe',
  title: (r) => String(r.title),
  details: (r) => {
    let steps = 0;
    try {
      steps = (JSON.parse(String(r.steps ?? '[]')) as unknown[]).length;
    } catch {
      /* a seed-era row */
    }
    return [r.category, `${steps} steps`, r.duration_minutes ? `${r.duration_minutes} min` : null].filter(Boolean).join(' · ');
  },
  fields: [
    { name: 'title', label: 'Name', type: 'text', required: true },
    { name: 'category', label: 'Category', type: 'text', initial: 'routine' },
    { name: 'tags', label: 'Tags (comma separated)', type: 'list' },
    { name: 'servings', label: 'Servings', type: 'number', min: 1, max: 1000 },
    { name: 'duration_minutes', label: 'Minutes', type: 'number', min: 0 },
    { name: 'description', label: 'Description', type: 'textarea' },
    { name: 'ingredients', label: 'Ingredients (one per line)', type: 'textarea' },
    { name: 'steps', label: 'Steps (markdown; a line of --- between steps; a last line "timer: 5:00" adds a timer)', type: 'steps', required: true },
  ],
};

export const COURSES: KindDef = {
  kind: 'courses',
  singular: 'Course',
  title: (r) => String(r.title),
  details: (r) => [r.category, r.difficulty, r.estimated_hours ? `${r.estimated_hours} h` : null, r.is_published ? 'published' : 'draft'].filter(Boolean).join(' · '),
  fields: [
    { name: 'title', label: 'Title', type: 'text', required: true },
    { name: 'category', label: 'Category', type: 'text' },
    { name: 'difficulty', label: 'Difficulty', type: 'select', options: ['beginner', 'intermediate', 'advanced'] },
    { name: 'estimated_hours', label: 'Hours', type: 'number', min: 0 },
    { name: 'is_published', label: 'Published', type: 'bool' },
    { name: 'description', label: 'Description', type: 'textarea' },
  ],
};

const lessonsOf = (courseId: string): KindDef => ({
  kind: 'lessons',
  singular: 'Lesson',
  query: { courseId },
  fixed: { course_id: courseId },
  title: (r) => `${r.order_index}. ${r.title}`,
  details: (r) => `${r.duration_minutes ?? '?'} min · ${r.xp_reward ?? 30} XP`,
  fields: [
    { name: 'title', label: 'Title', type: 'text', required: true },
    { name: 'order_index', label: 'Position', type: 'number', min: 0, required: true, initial: 1 },
    { name: 'duration_minutes', label: 'Minutes', type: 'number', min: 0, initial: 10 },
    { name: 'xp_reward', label: 'XP', type: 'number', min: 0, max: 1000, initial: 30 },
    { name: 'content', label: 'Content (Markdown)', type: 'textarea' },
  ],
});

/** Courses, and the lessons of the course picked below them. */
export function LearnContent() {
  const courses = useAdminQuery<Page<Row>>('/courses?limit=200');
  const [courseId, setCourseId] = useState('');
  return (
    <div className="stack">
      <h2>Courses</h2>
      <ContentManager def={COURSES} />
      <h2>Lessons</h2>
      <label>
        Course
        <select value={courseId} onChange={(e) => setCourseId(e.target.value)} aria-label="Course for lessons">
          <option value="">Pick a course…</option>
          {courses.data?.items.map((c) => (
            <option key={c.id} value={c.id}>
              {String(c.title)}
            </option>
          ))}
        </select>
      </label>
      {courseId && <ContentManager key={courseId} def={lessonsOf(courseId)} />}
    </div>
  );
}
