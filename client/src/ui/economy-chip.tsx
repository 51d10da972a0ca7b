import { useEffect, useRef, useState } from 'react';
import { Link } from 'wouter';
import { Coins, Flame, PartyPopper } from 'lucide-react';
import { useEconomy, type Economy } from '../sync/progress.ts';
import './economy-chip.css';

/** Level, XP, coins and streak at a glance in the top bar; optimistic numbers settle to the server's. */
export function EconomyChip() {
  const e = useEconomy();
  if (!e) return null;
  return (
    <>
      {/* Named by its own text (the icons' words are hidden text), so the name a screen reader or
          voice control uses contains what is seen. */}
      <Link href="/progress" className="economy-chip">
        <span className="economy-chip__level" data-testid="level">
          Lv {e.level}
        </span>
        <span className="economy-chip__bar" aria-hidden>
          <span style={{ width: `${Math.round(e.fraction * 100)}%` }} />
        </span>
        <span data-testid="xp">{e.totalXp} XP</span>
        <span data-testid="coins" className="economy-chip__figure">
          <Coins aria-hidden size={15} /> {e.coins}
          <span className="visually-hidden"> coins</span>
        </span>
        <span data-testid="streak" className="economy-chip__figure">
          <Flame aria-hidden size={15} /> {e.streak.current}
          <span className="visually-hidden"> day streak</span>
        </span>
      </Link>
      <Celebrations economy={e} />
    </>
  );
}

/**
 * A level-up or a finished quest gets a moment: a card that pops in (still, under reduced
 * motion) and leaves by itself. Only changes seen while the app is open and made on this device
 * count, so opening the app or syncing another device's progress never replays old moments.
 */
function Celebrations({ economy }: { economy: Economy }) {
  const seen = useRef<{ level: number; quests: Set<string> } | null>(null);
  const [moment, setMoment] = useState<{ title: string; detail: string } | null>(null);
  useEffect(() => {
    const done = new Set(economy.quests.filter((q) => q.completed).map((q) => `${q.quest.id}|${q.periodKey}`));
    const prev = seen.current;
    seen.current = { level: economy.level, quests: done };
    if (!prev) return;
    // Only what this device just did: a completion or level that arrives by sync (another device's,
    // e.g. on a new device's first pull) is news already celebrated there, not a moment to replay.
    const fresh = economy.quests.find((q) => q.completed && q.optimistic && !prev.quests.has(`${q.quest.id}|${q.periodKey}`));
    if (economy.level > prev.level && economy.optimistic) setMoment({ title: `Level ${economy.level}!`, detail: `You reached level ${economy.level}. Keep it up.` });
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
        <PartyPopper aria-hidden size={32} className="celebration__icon" />
        <strong>{moment.title}</strong>
        <span>{moment.detail}</span>
      </div>
    </div>
  );
}
