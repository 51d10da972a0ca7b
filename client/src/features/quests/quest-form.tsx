import { useState, type FormEvent } from 'react';
import type { Row } from '../../db/db.ts';
import { commit, newId } from '../../sync/outbox.ts';
import { SkillSelect } from '../../ui/skill-select.tsx';
import { notify } from '../../ui/notices.tsx';
import { enumValueOf, fieldProblem } from '@ignition/shared/contracts.ts';
import { ECONOMY_LIMITS } from '@ignition/shared/rules/economy-limits.ts';
import { FormFooter } from '../../ui/form-footer.tsx';

/** What a personal quest can count: the events the app records (GAME-RULES.md). */
export const COUNTABLE: Array<[string, string]> = [
  ['focus_complete', 'Focus sessions'],
  ['workout_complete', 'Workouts'],
  ['habit_complete', 'Habit check-ins'],
  ['planner_complete', 'Planned events done'],
  ['lesson_complete', 'Lessons'],
  ['review_complete', 'Flashcard reviews'],
  ['reading_session', 'Reading sessions'],
  ['journal_entry', 'Journal entries'],
  ['goal_milestone', 'Goal milestones'],
  ['active_day', 'Active days'],
];

/** Personal quest rewards are kept modest so a quest stays a nudge, not a coin printer (ECONOMY_LIMITS). */
const { xp_reward: MAX_XP, coin_reward: MAX_COINS } = ECONOMY_LIMITS.personalQuest;

export function QuestForm({ quest, onDone }: { quest?: Row; onDone: () => void }) {
  const [title, setTitle] = useState(String(quest?.title ?? ''));
  const [type, setType] = useState(enumValueOf('quests', 'type', quest?.type, 'daily'));
  const [eventType, setEventType] = useState(String(quest?.event_type ?? 'focus_complete'));
  const [target, setTarget] = useState(String(quest?.target ?? '1'));
  const [xp, setXp] = useState(String(quest?.xp_reward ?? '20'));
  const [coins, setCoins] = useState(String(quest?.coin_reward ?? '10'));
  const [skill, setSkill] = useState(String(quest?.skill_id ?? 'proficiency'));
  const [error, setError] = useState<string | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const n = Number(target);
    const x = Number(xp);
    const c = Number(coins);
    if (!title.trim()) return setError('Give the quest a title.');
    // The quests row contract's limits, the same the server holds a pushed quest to.
    const problem = fieldProblem('quests', 'target', n, 'The target') ?? fieldProblem('quests', 'xp_reward', x, 'XP') ?? fieldProblem('quests', 'coin_reward', c, 'Coins');
    if (problem) return setError(`${problem}.`);
    const now = new Date().toISOString();
    const id = quest?.id ?? newId();
    const created = quest ? {} : { is_universal: false, is_active: true, created_at: now };
    const label = COUNTABLE.find(([k]) => k === eventType)?.[1].toLowerCase() ?? eventType;
    await commit([
      {
        table: 'quests',
        id,
        fields: { ...created, title: title.trim(), description: `${n} × ${label} ${type === 'weekly' ? 'this week' : type === 'daily' ? 'today' : ''}`.trim(), type, event_type: eventType, target: n, xp_reward: x, coin_reward: c, skill_id: skill, updated_at: now },
      },
    ]);
    notify(quest ? 'Quest saved' : 'Quest added', 'success');
    onDone();
  };

  return (
    <form className="form card" onSubmit={submit} onKeyDown={(e) => e.key === 'Escape' && onDone()} aria-label={quest ? 'Edit quest' : 'New quest'}>
      <div className="form-row">
        <label htmlFor="quest-title">Title</label>
        <input id="quest-title" value={title} maxLength={80} onChange={(e) => setTitle(e.target.value)} autoFocus />
      </div>
      <div className="form-row">
        <label htmlFor="quest-event">Counts</label>
        <select id="quest-event" value={eventType} onChange={(e) => setEventType(e.target.value)}>
          {COUNTABLE.map(([k, v]) => (
            <option key={k} value={k}>
              {v}
            </option>
          ))}
        </select>
      </div>
      <div className="form-row">
        <label htmlFor="quest-target">Target</label>
        <input id="quest-target" type="number" min={1} max={100} value={target} onChange={(e) => setTarget(e.target.value)} />
      </div>
      <div className="form-row">
        <label htmlFor="quest-type">Resets</label>
        <select id="quest-type" value={type} onChange={(e) => setType(enumValueOf('quests', 'type', e.target.value, 'daily'))}>
          <option value="daily">Every day</option>
          <option value="weekly">Every week (Monday)</option>
          <option value="one_time">Never (one time)</option>
        </select>
      </div>
      <div className="row">
        <div className="form-row">
          <label htmlFor="quest-xp">XP</label>
          <input id="quest-xp" type="number" min={0} max={MAX_XP} value={xp} onChange={(e) => setXp(e.target.value)} />
        </div>
        <div className="form-row">
          <label htmlFor="quest-coins">Coins</label>
          <input id="quest-coins" type="number" min={0} max={MAX_COINS} value={coins} onChange={(e) => setCoins(e.target.value)} />
        </div>
        <div className="form-row">
          <label htmlFor="quest-skill">Skill</label>
          <SkillSelect id="quest-skill" value={skill} onChange={setSkill} />
        </div>
      </div>
      <FormFooter error={error} submitLabel={quest ? 'Save' : 'Add quest'} onCancel={onDone} />
    </form>
  );
}
