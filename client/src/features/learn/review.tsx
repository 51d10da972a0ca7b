import { useLiveQuery } from 'dexie-react-hooks';
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { Link } from 'wouter';
import { previewIntervals, RATINGS, type Rating } from '@ignition/shared/rules/srs.ts';
import { db } from '../../db/db.ts';
import { EmptyState } from '../../ui/empty-state.tsx';
import { Markdown } from '../../ui/markdown.tsx';
import { notify } from '../../ui/notices.tsx';
import { finishReviewSession, formatWhen, isDue, reviewCard, srsState } from './learn-data.ts';

const LABEL: Record<Rating, string> = { again: 'Again', hard: 'Hard', good: 'Good', easy: 'Easy' };

/** A review session over the cards due when it starts (one deck or all). "Again" sends a card to the back of the queue. */
export function ReviewPage({ params }: { params: { deckId?: string } }) {
  const deckId = params.deckId;
  const deck = useLiveQuery(async () => (deckId ? ((await db.flashcard_decks.get(deckId)) ?? null) : null), [deckId]);
  const cards = useLiveQuery(() => (deckId ? db.flashcards.where('deck_id').equals(deckId).toArray() : db.flashcards.toArray()), [deckId]);
  const [queue, setQueue] = useState<string[] | null>(null);
  const [pos, setPos] = useState(0);
  const [flipped, setFlipped] = useState(false);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ cards: number; xp: number } | null>(null);
  const reviewed = useRef<string[]>([]);
  const finished = useRef(false);

  // The queue is fixed when the session starts; edits and syncs during it update the card shown, not the order.
  useEffect(() => {
    if (!cards || queue) return;
    const now = new Date();
    setQueue(
      cards
        .filter((c) => isDue(c, now))
        .sort((a, b) => (a.next_review ? 1 : 0) - (b.next_review ? 1 : 0) || String(a.next_review ?? a.created_at ?? '').localeCompare(String(b.next_review ?? b.created_at ?? '')))
        .map((c) => c.id),
    );
  }, [cards, queue]);

  const finish = useCallback(async () => {
    if (finished.current) return;
    finished.current = true;
    const ids = reviewed.current;
    const reward = await finishReviewSession(ids);
    setResult({ cards: new Set(ids).size, xp: reward?.xp ?? 0 });
  }, []);

  // Leaving mid-session still counts what was reviewed (one event for the session).
  useEffect(() => {
    finished.current = false; // a remount (React's strict-mode check) resumes the same session
    return () => {
      if (!finished.current && reviewed.current.length) void finishReviewSession(reviewed.current).catch(() => undefined);
      finished.current = true;
    };
  }, []);

  const byId = new Map((cards ?? []).map((c) => [c.id, c]));
  const currentId = queue?.[pos];
  const current = currentId ? byId.get(currentId) : undefined;
  const done = queue !== null && pos >= queue.length;

  useEffect(() => {
    if (done && reviewed.current.length && !finished.current) void finish();
  }, [done, finish]);

  // A card deleted elsewhere during the session is skipped (checked after every render; it stops
  // once the current card exists).
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useEffect(() => {
    if (queue && currentId && cards && !byId.has(currentId)) setPos((p) => p + 1);
  });

  const rate = useCallback(
    async (rating: Rating) => {
      if (!current || busy) return;
      setBusy(true);
      try {
        await reviewCard(current, rating);
        reviewed.current.push(current.id);
        if (rating === 'again') setQueue((q) => [...(q ?? []), current.id]);
        setFlipped(false);
        setPos((p) => p + 1);
      } catch (e) {
        notify(`Could not save the review: ${(e as Error).message}`, 'error');
      } finally {
        setBusy(false);
      }
    },
    [current, busy],
  );

  // A layout effect, so the listener matches what is on screen from the moment it is drawn: a
  // passive effect can run a frame later (Preact's always do), and a key pressed in between (Space
  // then 3 in quick succession) met the previous card's listener and was lost.
  useLayoutEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement | null;
      if (t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.isContentEditable) || e.ctrlKey || e.metaKey || e.altKey) return;
      if (!current) return;
      if ((e.key === ' ' || e.key === 'Enter') && !flipped) {
        e.preventDefault();
        setFlipped(true);
      } else if (flipped && ['1', '2', '3', '4'].includes(e.key)) {
        e.preventDefault();
        void rate(RATINGS[Number(e.key) - 1]);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [current, flipped, rate]);

  const restart = () => {
    finished.current = false;
    reviewed.current = [];
    setResult(null);
    setPos(0);
    setQueue(null);
  };

  const back = deckId ? `/decks/${deckId}` : '/decks';
  if (!cards || queue === null || (deckId && deck === undefined)) return null;
  if (deckId && !deck)
    return (
      <EmptyState icon="🔍" title="Deck not found" action={<Link href="/decks">All decks</Link>}>
        It may have been deleted on another device.
      </EmptyState>
    );

  if (done || !current) {
    const now = new Date();
    const next = cards.filter((c) => !isDue(c, now) && c.next_review).map((c) => String(c.next_review)).sort()[0];
    const stillDue = cards.filter((c) => isDue(c, now)).length;
    return (
      <section className="stack learn-review" aria-live="polite">
        <Link href={back} className="small">
          ← {deck ? String(deck.title) : 'All decks'}
        </Link>
        <div className="card stack learn-review__done" data-testid="review-done">
          {result && result.cards > 0 && (
            <p className="celebrate">
              <strong>Session done: {result.cards} cards reviewed</strong>
              {result.xp > 0 ? ` · +${result.xp} XP` : ''}
            </p>
          )}
          {stillDue > 0 ? (
            <p>
              {stillDue} more {stillDue === 1 ? 'card is' : 'cards are'} due.{' '}
              <button className="btn btn-small" onClick={restart}>
                Review them
              </button>
            </p>
          ) : (
            <p data-testid="next-review">{next ? `Nothing due — next review ${formatWhen(next)}.` : 'Nothing due — add some cards to start reviewing.'}</p>
          )}
          <Link className="btn" href={back}>
            Back to {deck ? 'the deck' : 'decks'}
          </Link>
        </div>
      </section>
    );
  }

  const intervals = previewIntervals(srsState(current), new Date());
  return (
    <section className="stack learn-review" aria-label="Review session">
      <div className="spread">
        <Link href={back} className="small">
          ← End session
        </Link>
        <span className="muted small" data-testid="review-remaining">
          {queue.length - pos} left · {reviewed.current.length} reviewed
        </span>
      </div>
      <div className="progress-bar" aria-hidden>
        <span style={{ width: `${Math.round((100 * pos) / Math.max(1, queue.length))}%` }} />
      </div>
      <div className="card learn-flashcard" data-testid="review-card">
        <Markdown text={String(current.front)} className="learn-flashcard__front" />
        {flipped && (
          <>
            <hr />
            <Markdown text={String(current.back)} className="learn-flashcard__back" />
          </>
        )}
      </div>
      {!flipped ? (
        <button className="btn btn-primary btn-big learn-review__show" onClick={() => setFlipped(true)} autoFocus>
          Show answer <kbd className="learn-kbd">Space</kbd>
        </button>
      ) : (
        <div className="learn-ratings" role="group" aria-label="How well did you remember?">
          {RATINGS.map((r, i) => (
            <button key={r} className={`btn btn-big learn-rating learn-rating--${r}`} onClick={() => void rate(r)} disabled={busy} data-rating={r}>
              <span>{LABEL[r]}</span>
              <span className="small learn-rating__interval">{intervals[r]}</span>
              <kbd className="learn-kbd">{i + 1}</kbd>
            </button>
          ))}
        </div>
      )}
    </section>
  );
}

