import { computeReward } from '@ignition/shared/rules/rewards.ts';
import { entityIdsOf, overlay, placeholders, rowsOf, type Rewarder, type Row } from './types.ts';

/** A finished lesson (shared content, so no entity table of the user's): paid once per lesson, its own XP. */
export const lessonComplete: Rewarder<Map<string, Row>> = {
  type: 'lesson_complete',
  entityTable: null,
  tables: ['lessons'],
  oncePerEntity: true,
  reads(q) {
    const ids = entityIdsOf(q.events);
    return ids.length ? [{ sql: `SELECT * FROM lessons WHERE id IN (${placeholders(ids.length)})`, args: ids }] : [];
  },
  // Lessons are shared content: no push deletes one (dropped all the same, as a read after it would).
  facts: (results, q) => overlay(rowsOf(results[0]), undefined, undefined, q.deleted?.get('lessons')),
  entity: (lessons, id) => lessons.get(id),
  reward(e, _row, lessons) {
    const lesson = e.entity_id ? lessons.get(e.entity_id) : undefined;
    if (!lesson) return { result: { rejected: 'unknown_entity', message: `Lesson ${e.entity_id ?? '(none)'} does not exist` } };
    return { result: computeReward({ type: 'lesson_complete', xp_reward: lesson.xp_reward as number, alreadyCompleted: false }) };
  },
};
