import { useEffect, useRef, useState } from 'react';
import { Link } from 'wouter';
import { useEconomy, type Economy } from '../sync/progress.ts';
import './economy-chip.css';

/** Level, XP, coins and streak at a glance in the top bar; optimistic numbers settle to the server's. */
export function EconomyChip() {
  const e = useEconomy();
  if (!e) return null;
  return (
    <>
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
      <Celebrations economy={e} />
    </>
  );
}

/**
 * A level-up or a finished quest gets a moment: a card that pops in (still, under reduced
 * motion) and leaves by itself. Only changes seen while the app is open count, so opening the
 * app never replays old moments.
 */
function Celebrations({ economy }: { economy: Economy }) {
  const seen = useRef<{ level: number; quests: Set<string> } | null>(null);
  const [moment, setMoment] = useState<{ title: string; detail: string } | null>(null);
  useEffect(() => {
    const done = new Set(economy.quests.filter((q) => q.completed).map((q) => `${q.quest.id}|${q.periodKey}`));
    const prev = seen.current;
    seen.current = { level: economy.level, quests: done };
    if (!prev) return;
    const fresh = economy.quests.find((q) => q.completed && !prev.quests.has(`${q.quest.id}|${q.periodKey}`));
    if (economy.level > prev.level) setMoment({ title: `Level ${economy.level}!`, detail: `You reached level ${economy.level}. Keep it up.` });
    else if (fresh) setMoment({ title: 'Quest complete!', detail: `${fresh.title}: +${fresh.xp} XP, +${fresh.coins} coins` });
  }, [economy]);
  useEffect(() => {
    if (!moment) return;
    const t = setTimeout(() => setMoment(null), 3500);
    return () => clearTimeout(t);
  }, [moment]);
  if (!moment) return null;
  return (
    <div className="celebration" role="status" aria-live="polite" data-testid="celebration">
      <div onClick={() => setMoment(null)}>
        <span aria-hidden style={{ fontSize: '2rem' }}>
          🎉
        </span>
        <strong>{moment.title}</strong>
        <span>{moment.detail}</span>
      </div>
    </div>
  );
}
