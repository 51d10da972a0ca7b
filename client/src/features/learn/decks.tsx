import { useLiveQuery } from 'dexie-react-hooks';
import { useState, type FormEvent } from 'react';
import { Link, useLocation } from 'wouter';
import { db, type Row } from '../../db/db.ts';
import { EmptyState, PageHeader } from '../../ui/empty-state.tsx';
import { notify } from '../../ui/notices.tsx';
import { CardList } from './deck-cards.tsx';
import { CardTransfer } from './card-transfer.tsx';
import { createDeck, deleteDeck, formatWhen, isDue, updateDeck } from './learn-data.ts';
import { FormFooter } from '../../ui/form-footer.tsx';


function DeckForm({ deck, onDone }: { deck?: Row; onDone: (id?: string) => void }) {
  const [title, setTitle] = useState(String(deck?.title ?? ''));
  const [description, setDescription] = useState(String(deck?.description ?? ''));
  const [error, setError] = useState('');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!title.trim()) return setError('Give the deck a name.');
    if (deck) {
      await updateDeck(deck.id, { title: title.trim(), description: description.trim() || null });
      onDone(deck.id);
    } else onDone(await createDeck(title.trim(), description.trim() || null));
  };
  return (
    <form className="card form" onSubmit={submit} aria-label={deck ? 'Edit deck' : 'New deck'}>
      <label>
        Deck name
        <input value={title} onChange={(e) => setTitle(e.target.value)} maxLength={200} autoFocus placeholder="e.g. Spanish verbs" />
      </label>
      <label>
        Description (optional)
        <input value={description} onChange={(e) => setDescription(e.target.value)} maxLength={2000} />
      </label>
      <FormFooter error={error} submitLabel={deck ? 'Save' : 'Create deck'} onCancel={() => onDone()} />
    </form>
  );
}

export function DecksPage() {
  const decks = useLiveQuery(() => db.flashcard_decks.toArray(), []);
  const cards = useLiveQuery(() => db.flashcards.toArray(), []);
  const [creating, setCreating] = useState(false);
  const [, navigate] = useLocation();
  if (!decks || !cards) return null;
  const now = new Date();
  const due = cards.filter((c) => isDue(c, now)).length;
  const sorted = decks.slice().sort((a, b) => String(a.created_at ?? '').localeCompare(String(b.created_at ?? '')));
  return (
    <section className="stack" aria-label="Flashcards">
      <PageHeader
        title="Flashcards"
        subtitle="Spaced repetition: review what is due and each card comes back just before you would forget it."
        actions={
          <>
            {due > 0 && (
              <Link className="btn btn-primary" href="/review">
                Review all · {due} due
              </Link>
            )}
            <button className="btn" onClick={() => setCreating(true)}>
              New deck
            </button>
          </>
        }
      />
      {creating && <DeckForm onDone={(id) => (setCreating(false), id && navigate(`/decks/${id}`))} />}
      {sorted.length === 0 && !creating ? (
        <EmptyState icon="🗂️" title="No decks yet" action={<button className="btn btn-primary" onClick={() => setCreating(true)}>Create your first deck</button>}>
          A deck holds cards with a question on the front and the answer on the back. Type them in or import a CSV file.
        </EmptyState>
      ) : (
        <ul className="grid">
          {sorted.map((d) => {
            const mine = cards.filter((c) => c.deck_id === d.id);
            const dueHere = mine.filter((c) => isDue(c, now)).length;
            return (
              <li key={d.id} className="card stack" data-testid="deck-card">
                <h2 className="learn-course__title">
                  <Link href={`/decks/${d.id}`}>{String(d.title || 'Untitled deck')}</Link>
                </h2>
                {d.description ? <p className="muted small">{String(d.description)}</p> : null}
                <div className="spread">
                  <span className="small muted">
                    {mine.length} cards · {dueHere} due
                  </span>
                  {dueHere > 0 && (
                    <Link className="btn btn-small btn-primary" href={`/decks/${d.id}/review`}>
                      Review
                    </Link>
                  )}
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

export function DeckPage({ params }: { params: { deckId: string } }) {
  const deck = useLiveQuery(() => db.flashcard_decks.get(params.deckId), [params.deckId]);
  const cards = useLiveQuery(() => db.flashcards.where('deck_id').equals(params.deckId).toArray(), [params.deckId]);
  const [editing, setEditing] = useState(false);
  const [, navigate] = useLocation();
  if (deck === undefined && cards === undefined) return null;
  if (!deck)
    return (
      <EmptyState icon="🔍" title="Deck not found" action={<Link href="/decks">All decks</Link>}>
        It may have been deleted on another device.
      </EmptyState>
    );
  const now = new Date();
  const list = cards ?? [];
  const due = list.filter((c) => isDue(c, now));
  const upcoming = list.filter((c) => !isDue(c, now)).map((c) => String(c.next_review)).sort()[0];
  const remove = async () => {
    const undo = await deleteDeck(deck);
    navigate('/decks');
    notify(`Deleted “${String(deck.title)}” and its ${list.length} cards`, 'info', { label: 'Undo', run: () => void undo() });
  };
  return (
    <section className="stack">
      <Link href="/decks" className="small">
        ← All decks
      </Link>
      {editing ? (
        <DeckForm deck={deck} onDone={() => setEditing(false)} />
      ) : (
        <PageHeader
          title={String(deck.title || 'Untitled deck')}
          subtitle={deck.description ? String(deck.description) : undefined}
          actions={
            <>
              <button className="btn btn-small" onClick={() => setEditing(true)}>
                Edit
              </button>
              <button className="btn btn-small btn-danger" onClick={remove}>
                Delete deck
              </button>
            </>
          }
        />
      )}
      <div className="card spread learn-deck-summary">
        <div className="row">
          <div className="stat">
            <strong data-testid="deck-card-count">{list.length}</strong>
            <span className="muted small">cards</span>
          </div>
          <div className="stat">
            <strong data-testid="deck-due-count">{due.length}</strong>
            <span className="muted small">due now</span>
          </div>
        </div>
        {due.length > 0 ? (
          <Link className="btn btn-primary btn-big" href={`/decks/${deck.id}/review`}>
            Review {due.length} due
          </Link>
        ) : (
          list.length > 0 && <span className="muted">Nothing due — next review {formatWhen(upcoming)}</span>
        )}
      </div>
      <CardTransfer deck={deck} cards={list} />
      <CardList deck={deck} cards={list} />
    </section>
  );
}
