import { Link } from 'wouter';
import { useEconomy } from '../sync/progress.ts';

/** Level, XP, coins and streak at a glance in the top bar; optimistic numbers settle to the server's. */
export function EconomyChip() {
  const e = useEconomy();
  if (!e) return null;
  return (
    <Link href="/progress" className="economy-chip" aria-label={`Level ${e.level}, ${e.totalXp} XP, ${e.coins} coins, ${e.streak.current} day streak`}>
      <span className="economy-chip__level" data-testid="level">
        Lv {e.level}
      </span>
      <span className="economy-chip__bar" aria-hidden>
        <span style={{ width: `${Math.round(e.fraction * 100)}%` }} />
      </span>
      <span data-testid="xp">{e.totalXp} XP</span>
      <span data-testid="coins">🪙 {e.coins}</span>
      <span data-testid="streak">🔥 {e.streak.current}</span>
    </Link>
  );
}
