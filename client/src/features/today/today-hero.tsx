import { Link } from 'wouter';
import { Flame } from 'lucide-react';
import { focusMinutesLeft, type TodayData, type TodayKind } from './today-state.ts';
import { planItems } from './daily-plan.ts';
import { todayLocal } from '../../sync/outbox.ts';

/** The one thing to do next, for whichever state applies. Always ends in a clear action. */
export function TodayHero({ kind, data, streak, onMakePlan }: { kind: TodayKind; data: TodayData; streak: { current: number; shields: number; lastActiveDate?: string | null }; onMakePlan: () => void }) {
  const cta = (href: string, label: string) => (
    <Link href={href} className="btn btn-primary btn-big">
      {label}
    </Link>
  );
  switch (kind) {
    case 'focus': {
      const f = focusMinutesLeft(data.focus!, data.now);
      return (
        <div className="hero" data-state="focus">
          <h2>{f.paused ? 'Your focus session is paused' : `Focusing — ${f.minutes} min left`}</h2>
          <p className="muted">Stay with it; the reward lands when the timer ends.</p>
          {cta('/focus', f.paused ? 'Resume focus' : 'Back to the timer')}
        </div>
      );
    }
    case 'first_day':
      return (
        <div className="hero" data-state="first_day">
          <h2>Welcome to Ignition 👋</h2>
          <p>
            Everything you do here — focusing, training, keeping habits, planning — earns <strong>XP</strong> that levels you up and <strong>coins</strong> you spend on rewards you
            choose. It all works offline. Pick a first step:
          </p>
          <div className="row">
            {cta('/focus', '⏱️ Start a 25-minute focus')}
            <Link href="/habits" className="btn btn-big">
              🔁 Build a habit
            </Link>
            <button className="btn btn-big" onClick={onMakePlan}>
              📝 Plan today
            </button>
          </div>
        </div>
      );
    case 'returning':
      return (
        <div className="hero" data-state="returning">
          <h2>Welcome back — start small</h2>
          <p className="muted">No catching up needed. One short focus session is a great restart.</p>
          {cta('/focus', 'Start a 10-minute focus')}
        </div>
      );
    case 'plan': {
      const next = planItems(data.plan).find((i) => !i.done)!;
      const left = planItems(data.plan).filter((i) => !i.done).length;
      return (
        <div className="hero" data-state="plan">
          <h2>Next: {next.title}</h2>
          <p className="muted">
            {left} thing{left > 1 ? 's' : ''} left on today’s plan.
          </p>
          {cta(next.href, 'Do it now')}
        </div>
      );
    }
    case 'streak': {
      const shields = streak.shields ? ` (🛡️ ${streak.shields} shield${streak.shields > 1 ? 's' : ''} held)` : '';
      // Once something today has earned XP, today already counts.
      const counted = streak.lastActiveDate === todayLocal(new Date(data.now));
      return (
        <div className="hero" data-state="streak" data-counted={counted ? 'yes' : 'no'}>
          <h2>
            <Flame aria-hidden size="1em" className="inline-icon" /> {streak.current}-day streak
          </h2>
          <p className="muted">
            {counted ? `Today counts — come back tomorrow for day ${streak.current + 1}` : 'Do one thing today to keep it going'}
            {shields}.
          </p>
          {counted ? cta('/quests', 'See today’s quests') : cta('/focus', 'Start a focus session')}
        </div>
      );
    }
    default:
      return (
        <div className="hero" data-state="default">
          <h2>What’s next today?</h2>
          <p className="muted">A plan turns today’s quests and events into a short list.</p>
          <button className="btn btn-primary btn-big" onClick={onMakePlan}>
            Make today’s plan
          </button>
        </div>
      );
  }
}
