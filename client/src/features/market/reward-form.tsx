import { useState, type FormEvent } from 'react';
import type { Row } from '../../db/db.ts';
import { saveReward } from './market-actions.ts';
import { notify } from '../../ui/notices.tsx';
import { fieldProblem } from '@ignition/shared/contracts.ts';
import { ECONOMY_LIMITS } from '@ignition/shared/rules/economy-limits.ts';
import { FormFooter } from '../../ui/form-footer.tsx';

/** Create or edit a personal reward: a name and a price in coins that feel right to you. */
export function RewardForm({ reward, onDone }: { reward?: Row; onDone: () => void }) {
  const [name, setName] = useState(String(reward?.name ?? ''));
  const [cost, setCost] = useState(String(reward?.cost ?? '50'));
  const [description, setDescription] = useState(String(reward?.description ?? ''));
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const n = Number(cost);
    if (!name.trim()) return setError('Give the reward a name.');
    const problem = fieldProblem('rewards', 'cost', n, 'The price');
    if (problem) return setError(`${problem} coins.`);
    await saveReward({ id: reward?.id, name, cost: n, description });
    notify(reward ? `Saved ${name.trim()}` : `Added ${name.trim()} to your market`, 'success');
    onDone();
  };
  return (
    <form className="form card" onSubmit={submit} onKeyDown={(e) => e.key === 'Escape' && onDone()} aria-label={reward ? 'Edit reward' : 'New reward'}>
      <div className="form-row">
        <label htmlFor="reward-name">Name</label>
        <input id="reward-name" value={name} maxLength={80} onChange={(e) => setName(e.target.value)} autoFocus />
      </div>
      <div className="form-row">
        <label htmlFor="reward-cost">Price (coins)</label>
        <input id="reward-cost" type="number" inputMode="numeric" min={1} max={ECONOMY_LIMITS.rewardCost.max} value={cost} onChange={(e) => setCost(e.target.value)} />
      </div>
      <div className="form-row">
        <label htmlFor="reward-description">Description (optional)</label>
        <input id="reward-description" value={description} maxLength={200} onChange={(e) => setDescription(e.target.value)} />
      </div>
      <FormFooter error={error} submitLabel={reward ? 'Save' : 'Add reward'} onCancel={onDone} />
    </form>
  );
}
