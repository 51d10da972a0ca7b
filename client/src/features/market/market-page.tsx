import { useEffect, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { db, type Row } from '../../db/db.ts';
import { EmptyState, PageHeader } from '../../ui/empty-state.tsx';
import { notify } from '../../ui/notices.tsx';
import { useEconomy } from '../../sync/progress.ts';
import { useSession } from '../../sync/session.ts';
import { truthy } from '../../sync/quest-state.ts';
import { buyReward, cannotBuy, isPersonalReward, isShield, purchaseEvents, redeemPurchase, setRewardActive } from './market-actions.ts';
import { RewardForm } from './reward-form.tsx';
import { NotCountedList } from '../../sync/not-counted.tsx';
import '../progress/economy.css';

const REFUSABLE_HERE = ['reward_purchase', 'reward_redeem'] as const;

export default function MarketPage() {
  const economy = useEconomy();
  const rewards = useLiveQuery(() => db.rewards.toArray(), []);
  const purchases = useLiveQuery(() => db.reward_purchases.toArray(), []);
  const events = useLiveQuery(purchaseEvents, []);
  const [editing, setEditing] = useState<Row | 'new' | null>(null);
  // Buying takes two taps: the first arms the button ("Confirm"), the second spends the coins.
  const [armed, setArmed] = useState<string | null>(null);
  useEffect(() => {
    if (!armed) return;
    const t = setTimeout(() => setArmed(null), 5000);
    return () => clearTimeout(t);
  }, [armed]);
  const session = useSession();
  if (!rewards || !purchases || !events || !economy) return <section className="page" aria-busy="true" />;

  const byId = new Map(rewards.map((r) => [r.id, r]));
  const active = rewards.filter((r) => truthy(r.is_active ?? true)).sort((a, b) => Number(a.cost) - Number(b.cost));
  const global = active.filter((r) => !isPersonalReward(r));
  const mine = active.filter(isPersonalReward);
  const retired = rewards.filter((r) => isPersonalReward(r) && !truthy(r.is_active ?? true));
  const eventFor = new Map(events.filter((e) => e.event_type === 'reward_purchase').map((e) => [e.entity_id, e]));
  const history = [...purchases].sort((a, b) => String(b.purchased_at).localeCompare(String(a.purchased_at)));

  const buy = async (reward: Row) => {
    const why = cannotBuy(reward, economy.coins, economy.streak.shields);
    if (why) return notify(why, 'error');
    if (armed !== reward.id) return setArmed(reward.id);
    setArmed(null);
    await buyReward(reward);
    notify(isShield(reward) ? 'Streak shield added — a missed day won’t break your streak' : `Bought ${reward.name}. Enjoy it!`, 'success');
  };
  const deactivate = async (reward: Row) => {
    await setRewardActive(reward.id, false);
    notify(`${reward.name} removed from your market`, 'info', { label: 'Undo', run: () => void setRewardActive(reward.id, true) });
  };

  const card = (r: Row) => {
    const why = cannotBuy(r, economy.coins, economy.streak.shields);
    return (
      <li key={r.id} className="reward-card" data-testid={`reward-${r.id}`}>
        <div className="spread">
          <strong>
            {isShield(r) ? '🛡️ ' : ''}
            {String(r.name)}
          </strong>
          <span className="badge">🪙 {Number(r.cost)}</span>
        </div>
        {r.description ? <p className="small muted">{String(r.description)}</p> : null}
        <div className="row">
          {armed === r.id ? (
            <>
              <button className="btn btn-primary" onClick={() => void buy(r)} onKeyDown={(e) => e.key === 'Escape' && setArmed(null)} aria-label={`Confirm: spend ${r.cost} coins on ${r.name}`} autoFocus>
                Spend 🪙 {Number(r.cost)}?
              </button>
              <button className="btn btn-small" onClick={() => setArmed(null)}>
                Cancel
              </button>
            </>
          ) : (
            <button className="btn btn-primary" onClick={() => void buy(r)} disabled={!!why} aria-label={`Buy ${r.name} for ${r.cost} coins`}>
              Buy
            </button>
          )}
          {why && <span className="small muted">{why}</span>}
          {isPersonalReward(r) && (
            <>
              <button className="btn btn-small" onClick={() => setEditing(r)}>
                Edit
              </button>
              <button className="btn btn-small" onClick={() => void deactivate(r)}>
                Remove
              </button>
            </>
          )}
        </div>
      </li>
    );
  };

  return (
    <section className="page economy-page">
      <PageHeader
        title="Market"
        subtitle={`You have ${economy.coins} coins${economy.streak.shields ? ` and ${economy.streak.shields} streak shield${economy.streak.shields > 1 ? 's' : ''}` : ''}.`}
        actions={
          <button className="btn" onClick={() => setEditing('new')}>
            + Your own reward
          </button>
        }
      />
      <p className="balance" data-testid="market-coins" aria-live="polite">
        🪙 <strong>{economy.coins}</strong> coins
      </p>
      {editing && <RewardForm reward={editing === 'new' ? undefined : editing} onDone={() => setEditing(null)} />}
      <h2>Your rewards</h2>
      {mine.length ? (
        <ul className="reward-grid">{mine.map(card)}</ul>
      ) : (
        <p className="muted">Add treats that matter to you — a book, a day trip — and price them in coins.</p>
      )}
      <h2>Everyone’s rewards</h2>
      {global.length ? <ul className="reward-grid">{global.map(card)}</ul> : <EmptyState icon="🛒" title="The market is empty">Rewards appear here once they sync.</EmptyState>}
      {retired.length > 0 && (
        <details>
          <summary>Removed rewards ({retired.length})</summary>
          <ul className="list">
            {retired.map((r) => (
              <li key={r.id} className="spread">
                <span>{String(r.name)}</span>
                <button className="btn btn-small" onClick={() => void setRewardActive(r.id, true)}>
                  Restore
                </button>
              </li>
            ))}
          </ul>
        </details>
      )}
      {/* A refused purchase's row is gone (the server removed it); its refusal stays listed until dismissed. */}
      <NotCountedList types={REFUSABLE_HERE} title="Purchases not counted" testId="purchases-not-counted" />
      <h2>Purchases</h2>
      {history.length === 0 ? (
        <p className="muted">Nothing bought yet. Earn coins with focus, workouts, habits and quests.</p>
      ) : (
        <ul className="list" data-testid="purchases">
          {history.map((p) => {
            const reward = byId.get(String(p.reward_id));
            const name = String(reward?.name ?? eventFor.get(p.id)?.metadata?.reward_name ?? 'Reward');
            const ev = eventFor.get(p.id);
            return (
              <li key={p.id} className="spread" data-testid="purchase">
                <span>
                  <strong>{name}</strong> <span className="small muted">· {Number(p.cost)} coins · {String(p.purchased_at ?? '').slice(0, 10)}</span>
                  {ev?.sync_status === 'pending' && <span className="badge"> {session?.user ? 'waiting to sync' : 'saved on this device'}</span>}
                  {ev?.sync_status === 'rejected' && <span className="badge badge-danger"> refused: {ev.reject_message}</span>}
                </span>
                {isShield(reward) ? (
                  <span className="small muted">Shield added</span>
                ) : truthy(p.redeemed) ? (
                  <span className="small muted">Redeemed {String(p.redeemed_at ?? '').slice(0, 10)}</span>
                ) : ev?.sync_status !== 'rejected' ? (
                  <button className="btn btn-small" onClick={() => void redeemPurchase(p, name).then(() => notify(`Enjoy your ${name}!`, 'success'))}>
                    Redeem
                  </button>
                ) : null}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
